/*
 * Per-CPU EL2 configuration: physical interrupts are routed to EL2 (with
 * HCR_EL2.IMO clear they would target EL1 and stay masked while Tarn runs),
 * FP/SIMD stays usable at EL2 (libfdt is built with it), and EL1 is AArch64.
 */
#include "arch/arm64/sysreg.h"
#include "arch/arm64/cpu.h"

void arch_cpu_init(void)
{
	write_sysreg(hcr_el2, HCR_RW | HCR_IMO | HCR_FMO | HCR_AMO);
	write_sysreg(cptr_el2, CPTR_EL2_RES1);
	write_sysreg(cntvoff_el2, 0);
	isb();
}

_Noreturn void arch_crash_on_purpose(void)
{
	/* Above every RAM and device mapping but inside the 48-bit VA space. */
	volatile uint64_t *p = (volatile uint64_t *)(1ULL << 47);

	(void)*p;
	for (;;)
		wfi();
}

void arch_irq_enable(void)
{
	irq_enable();
}

void arch_irq_disable(void)
{
	irq_disable();
}

void arch_wait_for_interrupt(void)
{
	wfi();
}

void arch_send_event(void)
{
	dsb_sy();
	__asm__ volatile("sev" ::: "memory");
}
