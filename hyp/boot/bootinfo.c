/*
 * The boot device-tree reader: turns the tree U-Boot hands Tarn into a
 * struct bootinfo (see bootinfo.h), checking as it goes. This file is its
 * entry, bootinfo_parse(), with the tree's header and the checks on what was
 * read; the reading itself is split by job: dt-read.c (cells, reg,
 * interrupts, bus address translation), bootinfo-machine.c (the hardware)
 * and bootinfo-modules.c (what U-Boot loaded: modules and dom0less domains).
 *
 * Runs at boot only, before any guest, and in host unit tests against
 * malformed trees.
 */
#include "hyp/boot/bootinfo.h"

#include <stdarg.h>

#include "hyp/boot/bootinfo-internal.h"
#include "lib/format.h"
#include "tarn/errno.h"

/* The description Tarn runs on (bootinfo_host()). */
static const struct bootinfo *host_bootinfo;

int parse_fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return -TARN_EINVAL;
}

static int parse_header(struct ctx *c, uint64_t fdt_pa, size_t avail)
{
	const void *fdt = c->fdt;
	int rc;

	if (avail < sizeof(struct fdt_header))
		return parse_fail(c, "device tree at 0x%llx: truncated (%zu bytes)",
			    (unsigned long long)fdt_pa, avail);
	if (fdt_magic(fdt) != FDT_MAGIC)
		return parse_fail(c,
			    "device tree at 0x%llx: bad magic 0x%08x, not a flattened device tree",
			    (unsigned long long)fdt_pa, fdt_magic(fdt));
	if (fdt_totalsize(fdt) > avail)
		return parse_fail(c,
			    "device tree at 0x%llx: truncated: header says %u bytes, %zu present",
			    (unsigned long long)fdt_pa, fdt_totalsize(fdt), avail);
	rc = fdt_check_full(fdt, fdt_totalsize(fdt));
	if (rc)
		return parse_fail(c, "device tree at 0x%llx: corrupt: %s", (unsigned long long)fdt_pa,
			    fdt_strerror(rc));
	c->bi->fdt_base = fdt_pa;
	c->bi->fdt_size = fdt_totalsize(fdt);
	return reserved_add(c, fdt_pa, fdt_totalsize(fdt), "device tree");
}

int bootinfo_parse(const void *fdt, uint64_t fdt_pa, size_t avail, struct bootinfo *bi, char *err,
		   size_t errlen)
{
	struct ctx c = {fdt, bi, err, errlen};
	int rc;

	*bi = (struct bootinfo){0};
	if (errlen)
		err[0] = '\0';
	rc = parse_header(&c, fdt_pa, avail);
	if (!rc)
		rc = parse_memory(&c);
	if (!rc)
		rc = parse_reserved(&c);
	if (!rc)
		rc = parse_cpus(&c);
	if (!rc)
		rc = parse_gic(&c);
	if (!rc)
		rc = parse_timer(&c);
	if (!rc)
		rc = parse_uart(&c);
	if (!rc)
		rc = parse_modules(&c);
	if (!rc) {
		parse_psci(&c);
		parse_rtc(&c);
		parse_virtio(&c);
		host_bootinfo = bi;
	}
	return rc;
}

int bootinfo_check_image(const struct bootinfo *bi, uint64_t base, uint64_t size, char *err,
			 size_t errlen)
{
	if (!bootinfo_in_ram(bi, base, size)) {
		fmt_snprintf(err, errlen, "Tarn's image [0x%llx, 0x%llx) is not in RAM",
			     (unsigned long long)base, (unsigned long long)(base + size));
		return -TARN_EINVAL;
	}
	for (unsigned int i = 0; i < bi->nmodules; i++) {
		const struct boot_module *m = &bi->modules[i];

		if (range_overlaps(base, size, m->base, m->size)) {
			fmt_snprintf(err, errlen, "Tarn's image overlaps module %s", m->node);
			return -TARN_EINVAL;
		}
	}
	for (unsigned int i = 0; i < bi->nreserved; i++) {
		const struct reserved_range *r = &bi->reserved[i];

		if (range_overlaps(base, size, r->base, r->size)) {
			fmt_snprintf(err, errlen, "Tarn's image overlaps reserved memory (%s)",
				     r->what);
			return -TARN_EINVAL;
		}
	}
	return 0;
}

const struct bootinfo *bootinfo_host(void)
{
	return host_bootinfo;
}

uint64_t bootinfo_ram_total(const struct bootinfo *bi)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < bi->nbanks; i++)
		total += bi->banks[i].size;
	return total;
}

const char *bootinfo_module_kind_name(enum boot_module_kind kind)
{
	switch (kind) {
	case MODULE_KERNEL:
		return "kernel";
	case MODULE_RAMDISK:
		return "ramdisk";
	case MODULE_DTB:
		return "device-tree";
	default:
		return "module";
	}
}
