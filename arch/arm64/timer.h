/*
 * Tarn's own time base: the EL2 physical timer, one periodic tick per CPU.
 * Guests keep the virtual timer to themselves.
 */
#ifndef HYP_TIMER_H
#define HYP_TIMER_H

#include <stdint.h>

#define TIMER_TICK_HZ 100

/* Once, on the boot CPU: record the frequency and the interrupt. */
int timer_init(unsigned int hyp_irq, uint32_t dt_freq);
/* On every CPU: start its tick. */
void timer_cpu_start(void);
uint64_t timer_freq(void);
/* Counter value (physical count, in timer_freq() ticks per second). */
uint64_t timer_now(void);
uint64_t timer_ns(uint64_t count);
uint64_t timer_ns_to_count(uint64_t ns);
/* Make this CPU's EL2 timer fire no later than counter value when. */
void timer_program_event(uint64_t when);
/* The scheduler's part of every timer interrupt (hyp/schedule/schedule.c): wake due
 * vCPUs; returns the next deadline it needs, UINT64_MAX for none. */
uint64_t sched_timer_check(uint64_t now);
/* Forward each CPU's virtual-timer interrupt to the vCPU it belongs to. */
int vtimer_init(unsigned int virt_irq);
void vtimer_cpu_start(void);

#endif /* HYP_TIMER_H */
