/*
 * What the arch does for the core on the CPU it runs on: EL2 set-up,
 * interrupt masking, waiting, waking the other CPUs, starting them, and fast
 * page zeroing (arch/arm64/setup.c, smp.c, fpsimd.S).
 */
#ifndef ARCH_ARM64_CPU_H
#define ARCH_ARM64_CPU_H

#include <stdint.h>

struct bootinfo;

/* Per-CPU EL2 set-up (trap routing, FP access). */
void arch_cpu_init(void);
void arch_irq_enable(void);
void arch_irq_disable(void);
void arch_wait_for_interrupt(void);
/* Wake CPUs waiting for an event (SEV). */
void arch_send_event(void);
/* Start every CPU the tree lists; returns how many came online. */
unsigned int smp_start_cpus(const struct bootinfo *bi);
/* Zero bytes (a multiple of 64) at p, fast (DC ZVA where allowed). */
void arch_zero_pages(void *p, uint64_t bytes);
/* Take a data abort at EL2 (debug key 'C'), to show the crash report. */
_Noreturn void arch_crash_on_purpose(void);

#endif /* ARCH_ARM64_CPU_H */
