/*
 * EL1 exception vectors. An IRQ taken at EL1h (the only kind guest-kit
 * expects) saves every general and FP/SIMD register, runs gk_irq_dispatch()
 * and returns. Everything else (synchronous exceptions, FIQ, SError, and any
 * exception from SP0 or a lower EL) saves the registers and goes to
 * gk_crash_exception(regs, vector), which reports and ends the domain.
 */
#include "regs.h"

#define FP_SIZE (32 * 16 + 16) /* q0..q31, fpsr, fpcr */

/* Saves x0..x30, the interrupted SP, ELR, SPSR, ESR and FAR at sp. */
.macro save_regs
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	add	x0, sp, #REGS_SIZE
	stp	x30, x0, [sp, #240]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x0, x1, [sp, #REGS_ELR]
	mrs	x0, esr_el1
	mrs	x1, far_el1
	stp	x0, x1, [sp, #REGS_ESR]
.endm

.macro restore_regs
	ldp	x0, x1, [sp, #REGS_ELR]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #REGS_SIZE
.endm

.macro save_fp
	sub	sp, sp, #FP_SIZE
	stp	q0, q1, [sp, #0]
	stp	q2, q3, [sp, #32]
	stp	q4, q5, [sp, #64]
	stp	q6, q7, [sp, #96]
	stp	q8, q9, [sp, #128]
	stp	q10, q11, [sp, #160]
	stp	q12, q13, [sp, #192]
	stp	q14, q15, [sp, #224]
	stp	q16, q17, [sp, #256]
	stp	q18, q19, [sp, #288]
	stp	q20, q21, [sp, #320]
	stp	q22, q23, [sp, #352]
	stp	q24, q25, [sp, #384]
	stp	q26, q27, [sp, #416]
	stp	q28, q29, [sp, #448]
	stp	q30, q31, [sp, #480]
	mrs	x0, fpsr
	mrs	x1, fpcr
	str	x0, [sp, #512]		/* stp cannot reach 512 */
	str	x1, [sp, #520]
.endm

.macro restore_fp
	ldr	x0, [sp, #512]
	ldr	x1, [sp, #520]
	msr	fpsr, x0
	msr	fpcr, x1
	ldp	q0, q1, [sp, #0]
	ldp	q2, q3, [sp, #32]
	ldp	q4, q5, [sp, #64]
	ldp	q6, q7, [sp, #96]
	ldp	q8, q9, [sp, #128]
	ldp	q10, q11, [sp, #160]
	ldp	q12, q13, [sp, #192]
	ldp	q14, q15, [sp, #224]
	ldp	q16, q17, [sp, #256]
	ldp	q18, q19, [sp, #288]
	ldp	q20, q21, [sp, #320]
	ldp	q22, q23, [sp, #352]
	ldp	q24, q25, [sp, #384]
	ldp	q26, q27, [sp, #416]
	ldp	q28, q29, [sp, #448]
	ldp	q30, q31, [sp, #480]
	add	sp, sp, #FP_SIZE
.endm

/* A fatal vector: its number (offset / 0x80) goes to gk_crash_exception. */
.macro fatal_vector num
	.balign	0x80
	save_regs
	mov	x0, sp
	mov	x1, #\num
	b	fatal
.endm

	.text
	.balign	0x800
	.globl gk_vectors
gk_vectors:
	fatal_vector 0		/* current EL, SP0: sync */
	fatal_vector 1		/* IRQ */
	fatal_vector 2		/* FIQ */
	fatal_vector 3		/* SError */
	fatal_vector 4		/* current EL, SPx: sync */
	.balign	0x80		/* current EL, SPx: IRQ */
	b	irq
	fatal_vector 6		/* FIQ */
	fatal_vector 7		/* SError */
	fatal_vector 8		/* lower EL, AArch64 */
	fatal_vector 9
	fatal_vector 10
	fatal_vector 11
	fatal_vector 12		/* lower EL, AArch32 */
	fatal_vector 13
	fatal_vector 14
	fatal_vector 15

irq:
	save_regs
	save_fp
	bl	gk_irq_dispatch
	restore_fp
	restore_regs
	eret

fatal:
	bl	gk_crash_exception
1:	wfi
	b	1b
