/*
 * Reading a flattened device tree with libfdt: cells, "reg" entries (with
 * addresses translated through the parent buses' "ranges", as the Raspberry
 * Pi 4's /soc needs), interrupt specifiers and node paths. No state: every
 * function reads the tree it is given.
 */
#include "hyp/boot/bootinfo-internal.h"

#include "lib/format.h"
#include "tarn/errno.h"

uint64_t dt_read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

int dt_cells(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len != 4)
		return dflt;
	return (int)fdt32_to_cpu(*p);
}

bool dt_node_enabled(const void *fdt, int node)
{
	const char *s = fdt_getprop(fdt, node, "status", NULL);

	return !s || strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
}

void dt_node_path(const void *fdt, int node, char *buf, size_t len)
{
	if (fdt_get_path(fdt, node, buf, (int)len) < 0)
		fmt_snprintf(buf, len, "(node at offset %d)", node);
}

/*
 * Translate a bus address of node's parent bus up to a CPU physical
 * address, through every ancestor's "ranges". Returns false when a bus on
 * the way has no ranges covering addr.
 */
static bool dt_translate(const void *fdt, int node, uint64_t *addr)
{
	int bus = fdt_parent_offset(fdt, node);

	while (bus > 0) {
		int parent = fdt_parent_offset(fdt, bus);
		int ca = dt_cells(fdt, bus, "#address-cells", 2);
		int cs = dt_cells(fdt, bus, "#size-cells", 1);
		int pa = dt_cells(fdt, parent, "#address-cells", 2);
		int len, entry = ca + pa + cs;
		const fdt32_t *r = fdt_getprop(fdt, bus, "ranges", &len);
		bool found = false;

		if (parent < 0)
			return false;
		if (!r)
			return false; /* not memory-mapped from the CPU's view */
		for (int i = 0; len > 0 && i + entry <= len / 4; i += entry) {
			uint64_t child = dt_read_cells(r + i, ca);
			uint64_t up = dt_read_cells(r + i + ca, pa);
			uint64_t size = dt_read_cells(r + i + ca + pa, cs);

			if (*addr >= child && *addr - child < size) {
				*addr = *addr - child + up;
				found = true;
				break;
			}
		}
		if (len > 0 && !found)
			return false;
		bus = parent;
	}
	return true;
}

/*
 * The index-th (base, size) pair of node's reg. Device addresses are
 * translated to CPU addresses through the buses above (translate = true);
 * /chosen modules and /memory already hold physical addresses.
 */
int dt_reg_read(const void *fdt, int node, int index, struct mem_range *out, bool translate)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = dt_cells(fdt, parent, "#address-cells", 2);
	int sc = dt_cells(fdt, parent, "#size-cells", 1);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -TARN_ENOENT;
	if ((index + 1) * (ac + sc) * 4 > len)
		return -TARN_ENOENT;
	reg += index * (ac + sc);
	out->base = dt_read_cells(reg, ac);
	out->size = dt_read_cells(reg + ac, sc);
	if (translate && !dt_translate(fdt, node, &out->base))
		return -TARN_ENXIO;
	return 0;
}

int dt_reg_get(const void *fdt, int node, int index, struct mem_range *out)
{
	return dt_reg_read(fdt, node, index, out, true);
}

int dt_reg_count(const void *fdt, int node)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = dt_cells(fdt, parent, "#address-cells", 2);
	int sc = dt_cells(fdt, parent, "#size-cells", 1);
	int len;

	if (!fdt_getprop(fdt, node, "reg", &len) || ac + sc == 0)
		return 0;
	return len / (4 * (ac + sc));
}

/* INTID of the index-th GIC interrupt specifier of node (3 cells). */
unsigned int dt_irq_get(const void *fdt, int node, int index)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);
	uint32_t type, num;

	if (!p || (index + 1) * 12 > len)
		return 0;
	type = fdt32_to_cpu(p[index * 3]);
	num = fdt32_to_cpu(p[index * 3 + 1]);
	if (type == 1 && num < 16)
		return 16 + num; /* PPI */
	if (type == 0 && num < 988)
		return 32 + num; /* SPI */
	return 0;
}

/* The index-th interrupt specifier's flags cell (trigger type), 0 if none. */
uint32_t dt_irq_flags(const void *fdt, int node, int index)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);

	if (!p || (index + 1) * 12 > len)
		return 0;
	return fdt32_to_cpu(p[index * 3 + 2]);
}

uint64_t dt_prop_u64(const void *fdt, int node, const char *name)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || (len != 4 && len != 8))
		return 0;
	return dt_read_cells(p, len / 4);
}
