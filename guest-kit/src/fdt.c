/*
 * The device tree: checked once at start, then read with libfdt by the rest
 * of guest-kit and by guests (gk_fdt()). Only `reg`s are decoded here, in the
 * parent's cells; guest trees are flat, so no `ranges` translation is done.
 */
#include <errno.h>
#include <string.h>

#include "internal.h"
#include <guestkit/fdt.h>

static const void *fdt;

int gk_fdt_init(const void *dt)
{
	if (!dt || fdt_check_header(dt) != 0)
		return -EINVAL;
	fdt = dt;
	return 0;
}

const void *gk_fdt(void)
{
	return fdt;
}

uint64_t gk_fdt_addr(void)
{
	return (uintptr_t)fdt;
}

uint32_t gk_fdt_size(void)
{
	return fdt ? fdt_totalsize(fdt) : 0;
}

static uint64_t read_cells(const fdt32_t *cells, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 32 | fdt32_ld(&cells[i]);
	return v;
}

int gk_fdt_reg(int node, int idx, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac, sc, len;
	const fdt32_t *reg;

	if (parent < 0)
		return parent;
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -FDT_ERR_BADNCELLS;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return len;
	if (idx < 0 || (idx + 1) * (ac + sc) * 4 > len)
		return -FDT_ERR_NOTFOUND;
	reg += idx * (ac + sc);
	*addr = read_cells(reg, ac);
	*size = read_cells(reg + ac, sc);
	return 0;
}

bool gk_fdt_enabled(int node)
{
	const char *status = fdt_getprop(fdt, node, "status", NULL);

	return !status || !strcmp(status, "okay") || !strcmp(status, "ok");
}

int gk_fdt_find_compatible(const char *const *compats)
{
	for (; *compats; compats++) {
		int node = fdt_node_offset_by_compatible(fdt, -1, *compats);

		for (; node >= 0; node = fdt_node_offset_by_compatible(fdt, node, *compats))
			if (gk_fdt_enabled(node))
				return node;
	}
	return -FDT_ERR_NOTFOUND;
}

int gk_fdt_next_memory(int prev)
{
	return fdt_node_offset_by_prop_value(fdt, prev, "device_type", "memory", sizeof("memory"));
}

int gk_fdt_ram_bank(uint64_t addr, uint64_t *base, uint64_t *size)
{
	for (int node = gk_fdt_next_memory(-1); node >= 0; node = gk_fdt_next_memory(node)) {
		for (int i = 0; gk_fdt_reg(node, i, base, size) == 0; i++)
			if (addr >= *base && addr - *base < *size)
				return 0;
	}
	return -ENOENT;
}
