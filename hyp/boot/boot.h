/*
 * The boot sequence and Tarn-wide facts (hyp/boot/boot.c), and what the arch
 * provides to it (arch/arm64/setup.c, arch/arm64/smp.c).
 */
#ifndef HYP_HYP_H
#define HYP_HYP_H

#include "hyp/boot/bootinfo.h"

#define TARN_VERSION "0.1.0"

/* Boot CPU entry from head.S, MMU on; entry_count is the physical counter
 * read at Tarn's first instruction. */
_Noreturn void hyp_start(uint64_t fdt_pa, uint64_t entry_count);
/* Secondary CPU entry from head.S, MMU on. */
struct percpu;
_Noreturn void secondary_start(struct percpu *pc);

void hyp_print_summary(void);
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void hyp_idle(void);

/* Arch: per-CPU EL2 set-up (trap routing, FP access). */
void arch_cpu_init(void);
/* Arch: this CPU's affinity (MPIDR without the flag bits). */
uint64_t arch_cpu_mpidr(void);
void arch_irq_enable(void);
void arch_irq_disable(void);
void arch_wait_for_interrupt(void);
/* Arch: wake CPUs waiting for an event (SEV). */
void arch_send_event(void);
/* Arch: start every CPU the tree lists; returns how many came online. */
unsigned int smp_start_cpus(const struct bootinfo *bi);
/* Arch: zero bytes (a multiple of 64) at p, fast (DC ZVA where allowed). */
void arch_zero_pages(void *p, uint64_t bytes);
/* Arch: take a data abort at EL2 (debug key 'C'). */
_Noreturn void hyp_crash_on_purpose(void);

#endif /* HYP_HYP_H */
