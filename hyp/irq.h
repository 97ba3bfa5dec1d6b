/*
 * Physical interrupts taken by Tarn: registration and dispatch. The interrupt
 * controller behind it is the arch's (GICv2 or GICv3).
 */
#ifndef HYP_IRQ_H
#define HYP_IRQ_H

#include <stdint.h>

#define IRQ_MAX 1020

typedef void (*irq_handler_t)(unsigned int intid, void *arg);

/* Install handler for intid and enable it: SPIs go to the boot CPU, PPIs
 * are enabled on the calling CPU only. */
int irq_request(unsigned int intid, irq_handler_t handler, void *arg);
/* Enable an already-registered PPI on the calling CPU. */
void irq_enable_ppi(unsigned int intid);
/* Called from the exception vector with an interrupt pending. */
void irq_dispatch(void);

#endif /* HYP_IRQ_H */
