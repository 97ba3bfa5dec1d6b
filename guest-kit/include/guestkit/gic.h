/*
 * The guest's interrupt controller: GICv2 (GICD and GICC MMIO) or GICv3
 * (GICD and GICR MMIO, ICC_* system registers), found in the device tree.
 * INTIDs: 0..15 SGIs, 16..31 PPIs (per vCPU), 32.. SPIs. Every call acts on
 * the calling vCPU's banked state for SGIs and PPIs. Priorities: 0 is the
 * most urgent; guest-kit unmasks everything below 0xF0 and uses 0xA0.
 */
#ifndef GUESTKIT_GIC_H
#define GUESTKIT_GIC_H

#include <stdint.h>

#define GK_GIC_DEFAULT_PRIORITY 0xA0

/* 2, 3, or 0 if the tree has no GIC guest-kit knows. */
int gk_gic_version(void);
int gk_gic_enable(unsigned int intid);
int gk_gic_disable(unsigned int intid);
int gk_gic_set_priority(unsigned int intid, uint8_t priority);
/* Routes an SPI to a vCPU (an index into <guestkit/smp.h>'s CPU list). */
int gk_gic_route_spi(unsigned int intid, unsigned int cpu);
/* Sends SGI intid (0..15) to one vCPU. */
int gk_gic_send_sgi(unsigned int cpu, unsigned int intid);
/*
 * Acknowledges the highest pending interrupt and returns the raw IAR value
 * (GICv2 adds the sending CPU of an SGI); gk_gic_intid() extracts the INTID,
 * >= 1020 when nothing was pending. gk_irq_dispatch() does this for guests.
 */
uint32_t gk_gic_ack(void);
unsigned int gk_gic_intid(uint32_t iar);
/* Ends (and deactivates) an acknowledged interrupt: pass gk_gic_ack()'s value. */
void gk_gic_eoi(uint32_t iar);

#endif /* GUESTKIT_GIC_H */
