/*
 * Physical interrupts taken by Tarn: registration and dispatch. The interrupt
 * controller behind it is the arch's (GICv2 or GICv3).
 */
#ifndef HYP_IRQ_H
#define HYP_IRQ_H

#include <stdint.h>

#define IRQ_MAX	    1020
#define SGI_PING    0 /* answered by counting it: proves a CPU takes IPIs */
#define SGI_RESCHED 1 /* "call the scheduler before you return to a guest" */

typedef void (*irq_handler_t)(unsigned int intid, void *arg);

/* Install handler for intid and enable it: SPIs go to the boot CPU, PPIs
 * are enabled on the calling CPU only. */
int irq_request(unsigned int intid, irq_handler_t handler, void *arg);
/* Mask or unmask intid at the interrupt controller, its handler kept
 * (an SPI at the distributor; SGIs and PPIs on the calling CPU). */
void irq_mask(unsigned int intid);
void irq_unmask(unsigned int intid);
/* Mask intid and remove its handler: the reverse of irq_request(). */
void irq_release(unsigned int intid);
/* Enable an already-registered SGI or PPI on the calling CPU (they are banked
 * per CPU, so every CPU enables its own). */
void irq_enable_private(unsigned int intid);
/* Send software-generated interrupt sgi (0..15) to logical CPU cpu. */
void irq_send_sgi(unsigned int cpu, unsigned int sgi);
/* Called from the exception vector with an interrupt pending. */
void irq_dispatch(void);

#endif /* HYP_IRQ_H */
