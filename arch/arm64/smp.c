/*
 * Secondary CPU bring-up. Each CPU the device tree lists gets a percpu slot
 * and a stack, then is started through PSCI CPU_ON (or released from the
 * firmware's spin table) at secondary_entry with its percpu pointer. The boot
 * CPU waits, bounded by the timer, for each one to report itself online.
 */
#include "arch/arm64/cache.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/psci.h"
#include "arch/arm64/sysreg.h"
#include "hyp/console/console.h"
#include "arch/arm64/cpu.h"
#include "hyp/boot/bootinfo.h"
#include "hyp/percpu.h"
#include "arch/arm64/timer.h"
#include "mm/page-alloc.h"

extern char secondary_entry[];

#define CPU_START_TIMEOUT_MS 1000

static bool wait_online(struct percpu *pc)
{
	uint64_t start = timer_now();
	uint64_t limit = timer_freq() / 1000 * CPU_START_TIMEOUT_MS;

	while (!pc->online) {
		if (timer_now() - start > limit)
			return false;
		__asm__ volatile("yield");
	}
	return true;
}

static int64_t spin_table_release(uint64_t release_addr, uint64_t entry)
{
	volatile uint64_t *slot = pa_to_ptr(pa_init(release_addr));

	if (mmu_map_ram(pa_init(ALIGN_DOWN(release_addr, PAGE_SIZE)), PAGE_SIZE))
		return PSCI_DENIED;
	*slot = entry;
	dcache_clean_inval_range((const void *)slot, sizeof(*slot));
	__asm__ volatile("sev" ::: "memory");
	return PSCI_SUCCESS;
}

static bool cpu_start(struct percpu *pc, const struct boot_cpu *cpu)
{
	uint64_t entry = (uint64_t)(uintptr_t)secondary_entry;
	paddr_t stack;
	int64_t rc;

	if (page_alloc(HYP_STACK_ORDER, &stack)) {
		printk("CPU %u: no memory for its stack\n", pc->id);
		return false;
	}
	pc->arch.stack_top = pa_val(stack) + (PAGE_SIZE << HYP_STACK_ORDER);
	/* The new CPU reads its percpu slot with its MMU and caches off. */
	dcache_clean_range(pc, sizeof(*pc));
	if (cpu->enable == CPU_ENABLE_SPIN_TABLE)
		rc = spin_table_release(cpu->release_addr, entry);
	else
		rc = psci_cpu_on(cpu->mpidr, entry, (uint64_t)(uintptr_t)pc);
	if (rc != PSCI_SUCCESS) {
		printk("CPU %u (MPIDR 0x%llx): start failed: %s\n", pc->id,
		       (unsigned long long)cpu->mpidr, psci_error_name(rc));
	} else if (!wait_online(pc)) {
		printk("CPU %u (MPIDR 0x%llx): did not come online within %d ms\n", pc->id,
		       (unsigned long long)cpu->mpidr, CPU_START_TIMEOUT_MS);
	} else {
		return true;
	}
	page_free(stack, HYP_STACK_ORDER);
	return false;
}

unsigned int smp_start_cpus(const struct bootinfo *bi)
{
	uint64_t boot = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	unsigned int online = 1;

	psci_init(bi);
	mmu_publish_for_secondaries();
	for (unsigned int i = 0; i < bi->ncpus && cpus_possible < TARN_MAX_CPUS; i++) {
		const struct boot_cpu *cpu = &bi->cpus[i];
		struct percpu *pc;

		if ((cpu->mpidr & MPIDR_AFF_MASK) == boot)
			continue;
		if (cpu->enable == CPU_ENABLE_NONE) {
			printk("CPU MPIDR 0x%llx: no enable-method, left off\n",
			       (unsigned long long)cpu->mpidr);
			continue;
		}
		pc = &percpu_data[cpus_possible];
		pc->id = cpus_possible++;
		pc->arch.mpidr = cpu->mpidr;
		online += cpu_start(pc, cpu);
	}
	return online;
}
