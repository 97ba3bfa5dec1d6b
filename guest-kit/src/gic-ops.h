/*
 * What the GIC front end (gic.c) asks of a GICv2 or GICv3 driver. INTIDs are
 * range-checked by the front end; cpu is an index into gk_percpu.
 */
#ifndef GK_GIC_OPS_H
#define GK_GIC_OPS_H

#include <stdbool.h>
#include <stdint.h>

struct gk_gic_ops {
	int version;
	unsigned int lines; /* INTIDs 0..lines-1 exist */
	void (*cpu_init)(unsigned int cpu);
	void (*set_enable)(unsigned int intid, bool on);
	void (*set_priority)(unsigned int intid, uint8_t priority);
	void (*route_spi)(unsigned int intid, unsigned int cpu);
	void (*send_sgi)(unsigned int cpu, unsigned int intid);
	uint32_t (*ack)(void);
	unsigned int (*intid)(uint32_t iar);
	void (*eoi)(uint32_t iar);
};

/* Each finds its GIC in the device tree, sets up the distributor, or NULL. */
struct gk_gic_ops *gk_gicv3_probe(void);
struct gk_gic_ops *gk_gicv2_probe(void);

#define GIC_PRIORITY_MASK 0xF0 /* PMR: everything more urgent than this */
#define GIC_SPURIOUS	  1023

#endif /* GK_GIC_OPS_H */
