/*
 * What the boot device-tree reader's files share (bootinfo.c: the entry and
 * the checks; dt-read.c: reading cells, reg, interrupts and paths;
 * bootinfo-machine.c: memory, CPUs, GIC, timer, console and devices;
 * bootinfo-modules.c: the boot modules and dom0less domains). Private to
 * hyp/boot/.
 */
#ifndef HYP_BOOT_BOOTINFO_INTERNAL_H
#define HYP_BOOT_BOOTINFO_INTERNAL_H

#include <libfdt.h>

#include "hyp/boot/bootinfo.h"

/* One parse: the tree, what it fills in, where a refusal's message goes. */
struct ctx {
	const void *fdt;
	struct bootinfo *bi;
	char *err;
	size_t errlen;
};

/* Write a refusal's message into c->err; returns -TARN_EINVAL. */
int parse_fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* dt-read.c: generic device-tree reading, no state. */
uint64_t dt_read_cells(const fdt32_t *p, int cells);
int dt_cells(const void *fdt, int node, const char *name, int dflt);
bool dt_node_enabled(const void *fdt, int node);
void dt_node_path(const void *fdt, int node, char *buf, size_t len);
int dt_reg_read(const void *fdt, int node, int index, struct mem_range *out, bool translate);
int dt_reg_get(const void *fdt, int node, int index, struct mem_range *out);
int dt_reg_count(const void *fdt, int node);
unsigned int dt_irq_get(const void *fdt, int node, int index);
uint64_t dt_prop_u64(const void *fdt, int node, const char *name);
uint32_t dt_irq_flags(const void *fdt, int node, int index);

/* bootinfo-machine.c: the machine, in bootinfo_parse()'s order. */
int reserved_add(struct ctx *c, uint64_t base, uint64_t size, const char *what);
int parse_memory(struct ctx *c);
int parse_reserved(struct ctx *c);
int parse_cpus(struct ctx *c);
int parse_gic(struct ctx *c);
int parse_timer(struct ctx *c);
void parse_psci(struct ctx *c);
int parse_uart(struct ctx *c);
void parse_rtc(struct ctx *c);
void parse_virtio(struct ctx *c);

/* bootinfo-modules.c */
bool bootinfo_in_ram(const struct bootinfo *bi, uint64_t base, uint64_t size);
int parse_modules(struct ctx *c);

#endif /* HYP_BOOT_BOOTINFO_INTERNAL_H */
