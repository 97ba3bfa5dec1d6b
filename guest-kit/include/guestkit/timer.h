/*
 * Time from the generic timer: the virtual counter (CNTVCT_EL0) at CNTFRQ_EL0
 * ticks per second, and the virtual timer (PPI 27 unless the tree says
 * otherwise) as a one-shot alarm per vCPU.
 */
#ifndef GUESTKIT_TIMER_H
#define GUESTKIT_TIMER_H

#include <stdint.h>

uint64_t gk_counter(void);
uint64_t gk_counter_freq(void);
uint64_t gk_ticks_to_ns(uint64_t ticks);
uint64_t gk_ns_to_ticks(uint64_t ns);
/* Nanoseconds of the virtual counter: since the domain started, on Xen. */
uint64_t gk_ns_now(void);
/* Busy-waits (no interrupts needed). */
void gk_udelay(uint64_t us);

typedef void (*gk_timer_fn)(void *arg);
/*
 * Calls fn(arg) from the timer interrupt once gk_ns_now() >= deadline_ns, on
 * the calling vCPU (IRQs must be unmasked for it to run). Replaces a pending
 * alarm of this vCPU. 0, or -ENODEV without a GIC.
 */
int gk_timer_set(uint64_t deadline_ns, gk_timer_fn fn, void *arg);
void gk_timer_cancel(void);
/* The virtual timer's INTID. */
unsigned int gk_timer_intid(void);

#endif /* GUESTKIT_TIMER_H */
