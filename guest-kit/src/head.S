/*
 * The arm64 Image header and crt0: the boot vCPU's first instructions.
 *
 * Entered at EL1h with the MMU off, DAIF masked and x0 = the device tree's IPA
 * (the arm64 boot protocol, which Xen and Tarn both follow). crt0 checks it
 * runs where it was linked, installs the vectors, enables FP/SIMD (newlib and
 * libfdt use those registers), zeroes BSS, builds the identity map, turns the
 * MMU on and calls gk_main(dt), which never returns.
 */
#include "regs.h"

#define CPACR_FPEN (3 << 20) /* no FP/SIMD traps at EL1 and EL0 */
/* Image flags: little-endian, 4 KiB pages, 2 MiB-aligned base near RAM start. */
#define IMAGE_FLAGS 0x2

	.section .head.text, "ax"
	.globl gk_head
gk_head:
	b	_start			/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset: loaded at RAM base */
	.quad	gk_image_size		/* image_size, BSS included */
	.quad	IMAGE_FLAGS
	.quad	0, 0, 0			/* res2..res4 */
	.byte	'A', 'R', 'M', 0x64	/* magic */
	.long	0			/* res5 */

	.section .text.boot, "ax"
	.globl _start
_start:
	mov	x19, x0
	/* Linked at a fixed address: refuse to run anywhere else. */
	adr	x1, gk_head
	ldr	x2, =gk_head
	cmp	x1, x2
	b.ne	wrong_place

	ldr	x1, =gk_vectors
	msr	vbar_el1, x1
	mrs	x1, cpacr_el1
	orr	x1, x1, #CPACR_FPEN
	msr	cpacr_el1, x1
	isb

	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	ldr	x1, =gk_boot_stack_top
	mov	sp, x1

	mov	x0, x19
	bl	gk_mmu_early_init
	mov	x20, x0
	/*
	 * Everything above was written with the MMU off, straight to memory:
	 * drop any stale cache lines over the image before reading it cached.
	 */
	ldr	x0, =gk_head
	ldr	x1, =_end
	bl	gk_dcache_inval_poc
	mov	x0, x20
	bl	gk_mmu_enable

	mov	x0, x19
	bl	gk_main
3:	wfi
	b	3b

/* Say why on the hypervisor console (MMU off: VA == IPA), then crash. */
wrong_place:
	mov	x0, #0			/* CONSOLEIO_write */
	mov	x1, #(wrong_msg_end - wrong_msg)
	adr	x2, wrong_msg
	mov	x16, #18		/* console_io */
	hvc	#0xEA1
	mov	x0, #2			/* SCHEDOP_shutdown */
	adr	x1, crash_reason
	mov	x16, #29		/* sched_op */
	hvc	#0xEA1
4:	wfi
	b	4b

	.balign 4
crash_reason:
	.long	3			/* SHUTDOWN_crash */
wrong_msg:
	.ascii	"guest-kit: image not loaded at its link address 0x40000000\n"
	.ascii	"not ok - guest crashed\n"
wrong_msg_end:

	.section .bss.stack, "aw", %nobits
	.balign 16
gk_boot_stack:
	.skip	65536
	.globl gk_boot_stack_top
gk_boot_stack_top:
