/*
 * The timed loops of the benchmark guest, in assembly so that the loop with
 * the operation and the loop without it differ by exactly that operation.
 *
 * bench_<name>(n, arg) runs the operation n times (n >= 1) between two reads
 * of CNTVCT_EL0 and returns the counter ticks elapsed; bench_<name>_base(n,
 * arg) is the identical loop without the operation. Loop state lives in
 * x9..x11, which neither Xen nor Tarn touches across a trap (a hypercall
 * returns in x0 and may clobber only its argument registers x1..x4).
 *
 * Also here: bench_pad(n), which runs n & 15 nops (to vary a loop's phase
 * against the counter's ticks), and bench_probe_pmccntr(), which tells
 * whether reading PMCCNTR_EL0 is UNDEFINED without letting guest-kit's
 * vectors take that for a crash.
 */

/* Numbers from <tarn/xen.h>, <tarn/version.h>, <tarn/sched.h>. */
	.equ	HC_XEN_VERSION, 17
	.equ	HC_SCHED_OP, 29
	.equ	UART_FR, 0x18

/* Counter read, ordered after everything before it. */
.macro counter reg
	isb
	mrs	\reg, cntvct_el0
.endm

.macro timed_loop name, setup, op
	.text
	.balign	64
	.globl	bench_\name
bench_\name:
	mov	x9, x0
	mov	x10, x1
	counter	x11
1:	\setup
	\op
	subs	x9, x9, #1
	b.ne	1b
	counter	x0
	sub	x0, x0, x11
	ret
.endm

/* Both loops of one figure: with the operation, and without it. */
.macro figure name, setup, op
	timed_loop \name, "\setup", "\op"
	timed_loop \name\()_base, "\setup", ""
.endm

/* xen_version(XENVER_version = 0, NULL) and sched_op(SCHEDOP_yield = 0, NULL). */
figure null_hypercall, "mov x0, #0; mov x1, #0; mov x16, #HC_XEN_VERSION", "hvc #0xea1"
figure yield, "mov x0, #0; mov x1, #0; mov x16, #HC_SCHED_OP", "hvc #0xea1"
/* arg: the vpl011's base address; a plain 32-bit load (the abort has a valid ISV). */
figure mmio_read, "", "ldr w12, [x10, #UART_FR]"
figure sysreg_read, "", "mrs x12, pmccntr_el0"

/* void bench_pad(unsigned int n): a jump into a run of 15 nops. */
	.text
	.globl	bench_pad
bench_pad:
	and	x0, x0, #15
	adr	x1, 2f
	sub	x1, x1, x0, lsl #2
	br	x1
	.rept	15
	nop
	.endr
2:	ret

/*
 * int bench_probe_pmccntr(uint64_t *value): 0 if PMCCNTR_EL0 reads (the
 * value goes to *value), 1 if the read is UNDEFINED. IRQs are masked and
 * VBAR_EL1 points at probe_vectors for the one instruction, whose
 * synchronous exception entry notes the UNDEF and steps over it.
 */
	.text
	.globl	bench_probe_pmccntr
bench_probe_pmccntr:
	mov	x6, x0
	mrs	x3, daif
	msr	daifset, #0xf
	mrs	x1, vbar_el1
	adr	x2, probe_vectors
	msr	vbar_el1, x2
	isb
	mov	x0, #0
	mov	x4, #0
	mrs	x4, pmccntr_el0
	msr	vbar_el1, x1
	isb
	msr	daif, x3
	str	x4, [x6]
	ret

/* Only "current EL, SPx, synchronous" can be taken while the probe runs. */
	.balign	0x800
probe_vectors:
	.org	probe_vectors + 0x200
	mov	x0, #1
	mrs	x5, elr_el1
	add	x5, x5, #4
	msr	elr_el1, x5
	eret
	.org	probe_vectors + 0x800
