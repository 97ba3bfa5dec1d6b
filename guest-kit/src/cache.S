/*
 * Data-cache maintenance by address range to the point of coherency, for
 * memory shared with code that runs with the MMU off (crt0, a starting
 * secondary vCPU). Leaf functions: no stack, usable with the MMU off.
 */
	.text

/* x2 = the smallest data-cache line in bytes; x3 clobbered. */
.macro dcache_line_size
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4		/* DminLine: log2(words) */
	mov	x2, #4
	lsl	x2, x2, x3
.endm

/* gk_dcache_inval_poc(start, end): discard lines; memory is the truth. */
	.globl gk_dcache_inval_poc
gk_dcache_inval_poc:
	dcache_line_size
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	ivac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret

/* gk_dcache_clean_poc(start, end): write dirty lines back to memory. */
	.globl gk_dcache_clean_poc
gk_dcache_clean_poc:
	dcache_line_size
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	cmp	x0, x1
	b.hs	2f
	dc	cvac, x0
	add	x0, x0, x2
	b	1b
2:	dsb	sy
	ret
