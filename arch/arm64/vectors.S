/*
 * EL2 exception vectors. Every exception saves the whole register frame
 * (struct regs in traps.h) on the current stack and calls C. From a guest:
 * synchronous exceptions, IRQs and SErrors go to arch/arm64/guest-traps.c,
 * which returns with the frame holding the vCPU to resume. At EL2: IRQs go to
 * the interrupt dispatcher; anything else is a Tarn bug, reported by
 * trap_unexpected(), which stops the CPU.
 *
 * The vector's number (0..15, in table order) is passed as the "kind" so the
 * report can say which vector was taken.
 */
#include "arch/arm64/asm.h"

#define REGS_SIZE 288

.macro save_frame
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x0, sp, #REGS_SIZE
	stp	x30, x0, [sp, #16 * 15]		/* x30, sp before the exception */
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [sp, #16 * 16]
	mrs	x0, esr_el2
	mrs	x1, far_el2
	stp	x0, x1, [sp, #16 * 17]
.endm

.macro restore_frame
	ldp	x0, x1, [sp, #16 * 16]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #16 * 15]
	add	sp, sp, #REGS_SIZE
.endm

/* .org fails the build if the previous entry outgrew its 0x80 bytes. */
.macro vector_unexpected kind
	.org	el2_vectors + 0x80 * \kind
	save_frame
	mov	x0, sp
	mov	x1, #\kind
	bl	trap_unexpected
.endm

/* An exception from a guest: save its frame, let C handle it, resume a guest. */
.macro vector_guest kind, handler
	.org	el2_vectors + 0x80 * \kind
	save_frame
	mov	x0, sp
	bl	\handler
	b	guest_exit
.endm

.macro vector_irq kind
	.org	el2_vectors + 0x80 * \kind
	b	el2_irq
.endm

	.text
	.balign	0x800
	.global	el2_vectors
el2_vectors:
	vector_unexpected 0	/* current EL, SP0: sync */
	vector_unexpected 1	/* irq */
	vector_unexpected 2	/* fiq */
	vector_unexpected 3	/* serror */
	vector_unexpected 4	/* current EL, SPx: sync */
	vector_irq 5		/* irq */
	vector_unexpected 6	/* fiq */
	vector_unexpected 7	/* serror */
	vector_guest 8, trap_guest_sync	/* lower EL, AArch64: sync */
	vector_guest 9, trap_guest_irq	/* irq */
	vector_unexpected 10	/* fiq */
	vector_guest 11, trap_guest_serror	/* serror */
	vector_unexpected 12	/* lower EL, AArch32: sync */
	vector_unexpected 13	/* irq */
	vector_unexpected 14	/* fiq */
	vector_unexpected 15	/* serror */
	.org	el2_vectors + 0x800

el2_irq:
	save_frame
	mov	x0, sp
	bl	trap_irq
	restore_frame
	eret

/*
 * Back into a guest: the frame at sp (the top of this CPU's stack) holds the
 * registers of the vCPU the scheduler chose.
 */
guest_exit:
	restore_frame
	eret

/* x0 = the frame at the top of this CPU's stack. */
FUNC(guest_enter)
	mov	sp, x0
	b	guest_exit
ENDFUNC(guest_enter)
