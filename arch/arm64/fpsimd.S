/*
 * FP/SIMD register file save and restore (struct fpsimd_state: v0..v31, then
 * FPSR and FPCR). Written in assembly because Tarn's C is built with
 * -mgeneral-regs-only.
 */
#include "arch/arm64/asm.h"

	.text
/* x0 = struct fpsimd_state * */
FUNC(fpsimd_save)
	stp	q0, q1, [x0, #32 * 0]
	stp	q2, q3, [x0, #32 * 1]
	stp	q4, q5, [x0, #32 * 2]
	stp	q6, q7, [x0, #32 * 3]
	stp	q8, q9, [x0, #32 * 4]
	stp	q10, q11, [x0, #32 * 5]
	stp	q12, q13, [x0, #32 * 6]
	stp	q14, q15, [x0, #32 * 7]
	stp	q16, q17, [x0, #32 * 8]
	stp	q18, q19, [x0, #32 * 9]
	stp	q20, q21, [x0, #32 * 10]
	stp	q22, q23, [x0, #32 * 11]
	stp	q24, q25, [x0, #32 * 12]
	stp	q26, q27, [x0, #32 * 13]
	stp	q28, q29, [x0, #32 * 14]
	stp	q30, q31, [x0, #32 * 15]
	mrs	x1, fpsr
	mrs	x2, fpcr
	str	w1, [x0, #512]
	str	w2, [x0, #516]
	ret
ENDFUNC(fpsimd_save)

FUNC(fpsimd_restore)
	ldp	q0, q1, [x0, #32 * 0]
	ldp	q2, q3, [x0, #32 * 1]
	ldp	q4, q5, [x0, #32 * 2]
	ldp	q6, q7, [x0, #32 * 3]
	ldp	q8, q9, [x0, #32 * 4]
	ldp	q10, q11, [x0, #32 * 5]
	ldp	q12, q13, [x0, #32 * 6]
	ldp	q14, q15, [x0, #32 * 7]
	ldp	q16, q17, [x0, #32 * 8]
	ldp	q18, q19, [x0, #32 * 9]
	ldp	q20, q21, [x0, #32 * 10]
	ldp	q22, q23, [x0, #32 * 11]
	ldp	q24, q25, [x0, #32 * 12]
	ldp	q26, q27, [x0, #32 * 13]
	ldp	q28, q29, [x0, #32 * 14]
	ldp	q30, q31, [x0, #32 * 15]
	ldr	w1, [x0, #512]
	ldr	w2, [x0, #516]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
ENDFUNC(fpsimd_restore)

/* Zero pages fast: x0 = start, x1 = bytes, both multiples of 64. */
FUNC(arch_zero_pages)
	cbz	x1, 2f
	mrs	x2, dczid_el0
	tbnz	x2, #4, 3f		/* DC ZVA prohibited: plain stores */
	and	x2, x2, #0xf
	mov	x3, #4
	lsl	x3, x3, x2		/* block size in bytes */
1:	dc	zva, x0
	add	x0, x0, x3
	subs	x1, x1, x3
	b.hi	1b
2:	ret
3:	stp	xzr, xzr, [x0], #16
	stp	xzr, xzr, [x0], #16
	stp	xzr, xzr, [x0], #16
	stp	xzr, xzr, [x0], #16
	subs	x1, x1, #64
	b.hi	3b
	ret
ENDFUNC(arch_zero_pages)
