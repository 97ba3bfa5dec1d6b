/*
 * Where a secondary vCPU starts after PSCI CPU_ON: EL1h, MMU off, x0 = its
 * struct gk_cpu_boot (cleaned to memory by gk_cpu_start). Same steps as crt0
 * minus BSS: vectors, FP/SIMD, the boot vCPU's page tables, then its own stack
 * and gk_secondary_main(boot).
 */
#define CPACR_FPEN (3 << 20)

	.text
	.globl gk_secondary_entry
gk_secondary_entry:
	mov	x19, x0
	ldr	x1, =gk_vectors
	msr	vbar_el1, x1
	mrs	x1, cpacr_el1
	orr	x1, x1, #CPACR_FPEN
	msr	cpacr_el1, x1
	isb
	ldr	x0, =gk_mmu_regs
	bl	gk_mmu_enable
	ldr	x1, [x19]		/* boot->stack_top */
	mov	sp, x1
	mov	x0, x19
	bl	gk_secondary_main
1:	wfi
	b	1b
