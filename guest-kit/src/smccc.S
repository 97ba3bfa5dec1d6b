/*
 * SMCCC calls over both conduits: uint64_t gk_smccc_hvc(fid, a1, a2, a3) and
 * gk_smccc_smc(). SMCCC 1.0 lets the callee clobber x0..x17, all of which are
 * caller-saved in AAPCS64, so a plain call covers them.
 */
	.text
	.globl gk_smccc_hvc
gk_smccc_hvc:
	hvc	#0
	ret

	.globl gk_smccc_smc
gk_smccc_smc:
	smc	#0
	ret
