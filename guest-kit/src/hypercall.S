/*
 * The one hypercall trap (calling convention in <tarn/xen.h>):
 * long gk_hypercall(a0, a1, a2, a3, a4, nr). The arguments are already in
 * x0..x4; the number goes to x16. The registers the hypervisor may clobber
 * (x1..x4, x16) are caller-saved in AAPCS64, so a plain call covers them.
 */
	.text
	.globl gk_hypercall
gk_hypercall:
	mov	x16, x5
	hvc	#0xEA1
	ret
