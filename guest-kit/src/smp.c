/*
 * vCPUs: the list from /cpus, the boot vCPU's index, and starting secondaries
 * through PSCI CPU_ON at gk_secondary_entry (secondary.S), which arrives in
 * gk_secondary_main() with the MMU on and its own stack.
 */
#include <errno.h>
#include <malloc.h>
#include <string.h>

#include "internal.h"
#include "sysreg.h"
#include <guestkit/crash.h>
#include <guestkit/fdt.h>
#include <guestkit/gic.h>
#include <guestkit/irq.h>
#include <guestkit/psci.h>
#include <guestkit/smp.h>

struct gk_percpu gk_percpu[GK_MAX_CPUS];

static unsigned int ncpus;
static bool online[GK_MAX_CPUS];
static struct gk_cpu_boot boots[GK_MAX_CPUS];
static void *stacks[GK_MAX_CPUS];

static void add_cpu(int node)
{
	const char *type = fdt_getprop(gk_fdt(), node, "device_type", NULL);
	uint64_t mpidr, unused;

	if (!type || strcmp(type, "cpu") || ncpus == GK_MAX_CPUS)
		return;
	if (gk_fdt_reg(node, 0, &mpidr, &unused))
		return;
	gk_percpu[ncpus++].mpidr = mpidr & MPIDR_AFF_MASK;
}

void gk_smp_init(void)
{
	uint64_t self = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	int cpus = fdt_path_offset(gk_fdt(), "/cpus");
	unsigned int boot = 0;
	int node;

	for (node = cpus < 0 ? cpus : fdt_first_subnode(gk_fdt(), cpus); node >= 0;
	     node = fdt_next_subnode(gk_fdt(), node))
		add_cpu(node);
	if (!ncpus)
		gk_percpu[ncpus++].mpidr = self;
	for (unsigned int i = 0; i < ncpus; i++)
		if (gk_percpu[i].mpidr == self)
			boot = i;
	write_sysreg(tpidr_el1, boot);
	online[boot] = true;
}

unsigned int gk_cpu_count(void)
{
	return ncpus;
}

uint64_t gk_cpu_mpidr(unsigned int cpu)
{
	return cpu < ncpus ? gk_percpu[cpu].mpidr : ~0ULL;
}

unsigned int gk_cpu_self(void)
{
	return (unsigned int)read_sysreg(tpidr_el1);
}

bool gk_cpu_online(unsigned int cpu)
{
	return cpu < ncpus && __atomic_load_n(&online[cpu], __ATOMIC_ACQUIRE);
}

int gk_cpu_start(unsigned int cpu, gk_cpu_fn fn, void *arg)
{
	struct gk_cpu_boot *b;

	if (cpu >= ncpus || !fn)
		return -EINVAL;
	b = &boots[cpu];
	if (gk_cpu_online(cpu))
		return -EBUSY;
	/* Kept for the next start: the vCPU may still be on it as it stops. */
	if (!stacks[cpu])
		stacks[cpu] = memalign(16, GK_CPU_STACK_SIZE);
	if (!stacks[cpu])
		return -ENOMEM;
	b->stack_top = (uintptr_t)stacks[cpu] + GK_CPU_STACK_SIZE;
	b->cpu = cpu;
	b->fn = fn;
	b->arg = arg;
	/* The new vCPU reads this with its MMU (and caches) off. */
	gk_dcache_clean_poc((uintptr_t)b, (uintptr_t)(b + 1));
	return gk_psci_cpu_on(gk_percpu[cpu].mpidr, (uintptr_t)gk_secondary_entry, (uintptr_t)b);
}

void gk_secondary_main(struct gk_cpu_boot *b)
{
	unsigned int cpu = (unsigned int)b->cpu;

	write_sysreg(tpidr_el1, cpu);
	gk_gic_cpu_init();
	gk_timer_cpu_init();
	__atomic_store_n(&online[cpu], true, __ATOMIC_RELEASE);
	gk_irq_local_enable();
	b->fn(b->arg);
	gk_irq_local_disable();
	__atomic_store_n(&online[cpu], false, __ATOMIC_RELEASE);
	gk_psci_cpu_off();
	gk_panic("vCPU %u: PSCI CPU_OFF failed", cpu);
}
