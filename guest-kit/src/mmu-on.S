/*
 * gk_mmu_enable(regs): turn the stage-1 MMU and caches on with the values
 * gk_mmu_early_init() computed. Used by the boot vCPU and by every secondary,
 * with the MMU off, so it touches no stack and reads regs straight from
 * memory (written there with the MMU off too).
 */
	.text
	.globl gk_mmu_enable
gk_mmu_enable:
	ldr	x1, [x0, #0]
	msr	mair_el1, x1
	ldr	x1, [x0, #8]
	msr	tcr_el1, x1
	ldr	x1, [x0, #16]
	msr	ttbr0_el1, x1
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x1, [x0, #24]
	msr	sctlr_el1, x1
	isb
	ic	iallu
	dsb	nsh
	isb
	ret
