/*
 * Interrupt handlers per GIC INTID, and masking on the calling vCPU.
 * Handlers run with IRQs masked, on the vCPU that took the interrupt; the
 * FP/SIMD registers are saved around them, so they may use floating point.
 * The GIC itself (enable, priority, SGIs) is <guestkit/gic.h>.
 */
#ifndef GUESTKIT_IRQ_H
#define GUESTKIT_IRQ_H

#include <stdint.h>

#define GK_IRQ_MAX 1020 /* INTIDs 0..1019: SGIs, PPIs, SPIs */

typedef void (*gk_irq_handler_t)(unsigned int intid, void *arg);

/* Installs fn for intid (replacing any); NULL removes it. 0 or -EINVAL. */
int gk_irq_register(unsigned int intid, gk_irq_handler_t fn, void *arg);
/* Interrupts taken with no handler (each one is disabled at the GIC). */
unsigned long gk_irq_unhandled(void);

static inline void gk_irq_local_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static inline void gk_irq_local_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

static inline uint64_t gk_irq_save(void)
{
	uint64_t flags;

	__asm__ volatile("mrs %0, daif\n\tmsr daifset, #2" : "=r"(flags) : : "memory");
	return flags;
}

static inline void gk_irq_restore(uint64_t flags)
{
	__asm__ volatile("msr daif, %0" : : "r"(flags) : "memory");
}

/* Sleeps until an interrupt is pending (taken if unmasked). */
static inline void gk_wait_for_interrupt(void)
{
	__asm__ volatile("dsb sy\n\twfi" : : : "memory");
}

#endif /* GUESTKIT_IRQ_H */
