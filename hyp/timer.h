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

#endif /* HYP_TIMER_H */
