/*
 * The physical GIC as Tarn drives it, with one front for both versions:
 * gic-v2.c and gic-v3.c each fill a struct gic_ops.
 */
#ifndef ARCH_ARM64_GIC_H
#define ARCH_ARM64_GIC_H

#include "hyp/boot/bootinfo.h"

#define GIC_SPURIOUS	 1023
#define GIC_PRIO_DEFAULT 0xa0

struct gic_ops {
	int (*init)(const struct boot_gic *g); /* distributor; boot CPU only */
	int (*cpu_init)(void);		       /* this CPU's interface */
	uint32_t (*ack)(void);
	void (*eoi)(uint32_t intid);
	void (*enable)(uint32_t intid);	 /* SPI: route to boot CPU; PPI: this CPU */
	void (*disable)(uint32_t intid); /* done once it returns */
	void (*send_sgi)(unsigned int cpu, unsigned int sgi);
	unsigned int (*nr_lines)(void);
};

extern const struct gic_ops gic_v2_ops;
extern const struct gic_ops gic_v3_ops;

int gic_init(const struct boot_gic *g);
/* What the device tree said about the host GIC (GICH, GICV, maintenance IRQ). */
const struct boot_gic *gic_hw(void);
int gic_cpu_init(void);
unsigned int gic_version(void);
unsigned int gic_nr_lines(void);
void gic_send_sgi(unsigned int cpu, unsigned int sgi);

#endif /* ARCH_ARM64_GIC_H */
