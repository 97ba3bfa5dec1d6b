/*
 * The hardware time base: the generic timer's physical counter, and the EL2
 * physical timer (CNTHP_*) as each CPU's one event source. The arch only
 * keeps the compare value; what is due when it fires is the core's
 * business, reported through one hook, timer_expired(). Guests keep the
 * virtual timer to themselves (arch/arm64/vdev/vtimer.c).
 */
#ifndef ARCH_ARM64_TIMER_H
#define ARCH_ARM64_TIMER_H

#include <stdint.h>

/* Once, on the boot CPU: record the frequency (CNTFRQ_EL0, else the device
 * tree's) and take the EL2 timer's interrupt. 0 or -errno. */
int timer_init(unsigned int hyp_irq, uint32_t dt_freq);
/* On every CPU: enable its EL2 timer, with no event set yet. */
void timer_cpu_start(void);
uint64_t timer_freq(void);
/* Counter value (physical count, in timer_freq() ticks per second). */
uint64_t timer_now(void);
uint64_t timer_ns(uint64_t count);
uint64_t timer_ns_to_count(uint64_t ns);
/* Make this CPU's EL2 timer fire no later than counter value when. */
void timer_program_event(uint64_t when);

/*
 * The core's hook (hyp/schedule/tick.c), called from the EL2 timer's
 * interrupt with the counter's value: do whatever is due at now and return
 * the counter value of the next event this CPU needs (UINT64_MAX: none).
 * The arch sets exactly that as the next compare value.
 */
uint64_t timer_expired(uint64_t now);

#endif /* ARCH_ARM64_TIMER_H */
