/*
 * Tarn's entry points: the arm64 Image header, the boot CPU's path from
 * U-Boot's booti to C, and the path secondary CPUs take after PSCI CPU_ON.
 *
 * booti enters at the start of the image with the MMU and D-cache off, at
 * EL2, x0 = physical address of the device tree. Tarn is linked at address 0
 * as a static PIE and runs wherever it is put: before any C that uses an
 * absolute address runs, _start applies the R_AARCH64_RELATIVE relocations
 * for the actual load address. Tarn then identity-maps itself (early_mmu_init
 * builds the tables with the MMU still off) and turns the MMU and caches on.
 */
#include "arch/arm64/asm.h"

#define R_AARCH64_RELATIVE 1027
#define CURRENT_EL_EL2 (2 << 2)
/* SCTLR_EL2 RES1 bits, MMU and caches off, little-endian. */
#define SCTLR_EL2_BOOT 0x30c50830
#define BOOT_STACK_SIZE 16384

	.section .text.head, "ax"
	.global _head
_head:
	b	_start			/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset: right at the 2 MiB boundary */
	.quad	_image_size		/* image_size, BSS included */
	.quad	0xa			/* flags: LE, 4 KiB pages, anywhere in RAM */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */

	.text
FUNC(_start)
	mov	x19, x0			/* device tree */
	mrs	x21, cntpct_el0		/* when Tarn started, for the boot summary */
	mrs	x1, CurrentEL
	cmp	x1, #CURRENT_EL_EL2
	b.ne	not_el2

	ldr	x1, =SCTLR_EL2_BOOT
	msr	sctlr_el2, x1
	isb
	adr_l	x1, el2_vectors
	msr	vbar_el2, x1
	adr_l	x1, boot_stack
	add	x1, x1, #BOOT_STACK_SIZE
	mov	sp, x1

	/* Zero BSS (8-byte aligned by the linker script). */
	adr_l	x1, _bss_start
	adr_l	x2, _bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:
	/* Apply relocations: each slot holds addend + load base. */
	adr_l	x20, _head		/* load base (linked at 0) */
	adr_l	x1, __rela_start
	adr_l	x2, __rela_end
3:	cmp	x1, x2
	b.hs	5f
	ldp	x3, x4, [x1], #16	/* r_offset, r_info */
	ldr	x5, [x1], #8		/* r_addend */
	cbz	w4, 3b			/* R_AARCH64_NONE: left by section GC */
	cmp	w4, #R_AARCH64_RELATIVE
	b.ne	bad_reloc
	add	x5, x5, x20
	str	x5, [x3, x20]
	b	3b
5:
	/* Build the identity map (MMU off), then turn the MMU on. */
	mov	x0, x19
	bl	early_mmu_init
	bl	mmu_enable_boot

	mov	x0, x19
	mov	x1, x21
	bl	hyp_start
	b	cpu_halt
ENDFUNC(_start)

/*
 * Secondary CPUs arrive here from PSCI CPU_ON (or a spin-table release) with
 * the MMU off, x0 = the CPU's struct percpu (its physical address, which is
 * also its address once the identity map is on).
 */
FUNC(secondary_entry)
	ldr	x1, =SCTLR_EL2_BOOT
	msr	sctlr_el2, x1
	isb
	adr_l	x1, el2_vectors
	msr	vbar_el2, x1
	mov	x19, x0
	ldr	x1, [x0]		/* percpu.stack_top is the first member */
	mov	sp, x1
	bl	mmu_enable_secondary
	mov	x0, x19
	bl	secondary_start
	b	cpu_halt
ENDFUNC(secondary_entry)

/* Not at EL2, or a relocation this loader does not know: nothing sane to do. */
not_el2:
bad_reloc:
FUNC(cpu_halt)
	msr	daifset, #0xf
1:	wfi
	b	1b
ENDFUNC(cpu_halt)

/* Switch to stack x0 and jump to x1(x2); for code that never returns. */
FUNC(call_on_stack)
	mov	sp, x0
	mov	x0, x2
	br	x1
ENDFUNC(call_on_stack)

	.ltorg

	.bss
	.balign	16
boot_stack:
	.space	BOOT_STACK_SIZE
	.global	boot_stack_top
boot_stack_top:
