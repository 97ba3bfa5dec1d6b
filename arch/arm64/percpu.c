/*
 * Per-CPU data and how a CPU finds its own: TPIDR_EL2 holds the pointer.
 */
#include "hyp/percpu.h"

#include "arch/arm64/sysreg.h"

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
