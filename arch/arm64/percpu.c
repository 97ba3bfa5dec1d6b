/*
 * Per-CPU data and how a CPU finds its own: TPIDR_EL2 holds the pointer.
 */
#include "hyp/percpu.h"

#include "arch/arm64/sysreg.h"

extern char boot_stack_top[]; /* head.S */

struct percpu percpu_data[TARN_MAX_CPUS];
unsigned int cpus_possible;

struct percpu *this_cpu(void)
{
	return (struct percpu *)read_sysreg(tpidr_el2);
}

void percpu_set(struct percpu *pc)
{
	write_sysreg(tpidr_el2, pc);
}

void percpu_boot_init(struct percpu *pc)
{
	pc->arch.stack_top = (uint64_t)(uintptr_t)boot_stack_top;
	pc->arch.mpidr = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	percpu_set(pc);
}
