/*
 * The hostile guest's exception vectors and its probing instructions.
 *
 * probe_vectors replaces guest-kit's table while the guest probes. Only the
 * synchronous exception from EL1 with SP_EL1 (offset 0x200) is its own: when
 * a probe is armed (probe_state.armed != 0) it records ESR, FAR and ELR, steps
 * over the faulting instruction, disarms and returns; unarmed, it is guest-kit's
 * crash report as before, so a fault nobody expected still ends the run loudly.
 * Every other entry (IRQs above all: the console and the timer keep working)
 * goes straight to the same entry of guest-kit's gk_vectors.
 *
 * Each probe_* routine starts with the one instruction that should fault, so
 * the C side knows which ELR to expect: the routine's own address.
 */

/* struct probe_state in hostile.h */
#define PS_ARMED 0
#define PS_COUNT 8
#define PS_ESR	 16
#define PS_FAR	 24
#define PS_ELR	 32

#define EC_IABT_CUR 0x21

/* An entry that is guest-kit's: same offset in gk_vectors. */
.macro pass_on off
	.balign	0x80
	b	gk_vectors + \off
.endm

	.text
	.balign	0x800
	.globl	probe_vectors
probe_vectors:
	pass_on	0x000
	pass_on	0x080
	pass_on	0x100
	pass_on	0x180
	.balign	0x80
	b	probe_sync		/* 0x200: current EL, SPx, synchronous */
	pass_on	0x280
	pass_on	0x300
	pass_on	0x380
	pass_on	0x400
	pass_on	0x480
	pass_on	0x500
	pass_on	0x580
	pass_on	0x600
	pass_on	0x680
	pass_on	0x700
	pass_on	0x780
	.balign	0x80		/* the last entry's slot is part of the table too */

/*
 * Outside the table on purpose: Tarn crashes a domain that faults inside its
 * own vectors, so nothing that may fault lives there (nothing here does).
 */
probe_sync:
	stp	x0, x1, [sp, #-32]!
	str	x2, [sp, #16]
	adrp	x0, probe_state
	add	x0, x0, :lo12:probe_state
	ldr	x1, [x0, #PS_ARMED]
	cbz	x1, 3f
	str	xzr, [x0, #PS_ARMED]	/* a second fault is nobody's: crash report */
	ldr	x1, [x0, #PS_COUNT]
	add	x1, x1, #1
	str	x1, [x0, #PS_COUNT]
	mrs	x1, far_el1
	str	x1, [x0, #PS_FAR]
	mrs	x1, elr_el1
	str	x1, [x0, #PS_ELR]
	mrs	x2, esr_el1
	str	x2, [x0, #PS_ESR]
	/* An instruction abort's ELR is the unreachable target: return to the caller. */
	ubfx	x2, x2, #26, #6
	cmp	x2, #EC_IABT_CUR
	b.ne	1f
	msr	elr_el1, x30
	b	2f
1:	add	x1, x1, #4
	msr	elr_el1, x1
2:	ldr	x2, [sp, #16]
	ldp	x0, x1, [sp], #32
	eret
3:	ldr	x2, [sp, #16]
	ldp	x0, x1, [sp], #32
	b	gk_vectors + 0x200

/* uint64_t probe_xxx(uint64_t addr, uint64_t value) */
.macro probe name, insn:vararg
	.globl	\name
	.type	\name, %function
	.balign	8
\name:
	\insn
	ret
	.size	\name, . - \name
.endm

	probe	probe_ldr, ldr x0, [x0]
	probe	probe_str, str x1, [x0]
	probe	probe_ldrb, ldrb w0, [x0]
	probe	probe_strb, strb w1, [x0]
	probe	probe_ldrw, ldr w0, [x0]
	probe	probe_strw, str w1, [x0]
	/* Load/store pairs give no syndrome (ISV = 0): nothing to emulate. */
	probe	probe_ldp, ldp x0, x1, [x0]
	probe	probe_stp, stp x1, x1, [x0]

/* Branches to addr; an instruction abort there returns here through x30. */
	.globl	probe_exec
	.type	probe_exec, %function
	.balign	8
probe_exec:
	stp	x29, x30, [sp, #-16]!
	blr	x0
	ldp	x29, x30, [sp], #16
	ret
	.size	probe_exec, . - probe_exec

/*
 * EL2 system registers read and written from EL1: UNDEFINED there, whatever
 * the hypervisor does. Encodings: op0 3, op1 4 (EL2), CRn, CRm, op2.
 */
	probe	probe_mrs_ich_hcr, mrs x0, S3_4_C12_C11_0	/* ICH_HCR_EL2 */
	probe	probe_msr_ich_hcr, msr S3_4_C12_C11_0, x1
	probe	probe_mrs_ich_vtr, mrs x0, S3_4_C12_C11_1	/* ICH_VTR_EL2 */
	probe	probe_mrs_ich_vmcr, mrs x0, S3_4_C12_C11_7	/* ICH_VMCR_EL2 */
	probe	probe_mrs_ich_lr0, mrs x0, S3_4_C12_C12_0	/* ICH_LR0_EL2 */
	probe	probe_msr_ich_lr0, msr S3_4_C12_C12_0, x1
	probe	probe_mrs_ich_ap1r0, mrs x0, S3_4_C12_C9_0	/* ICH_AP1R0_EL2 */
	probe	probe_mrs_icc_sre_el2, mrs x0, S3_4_C12_C9_5	/* ICC_SRE_EL2 */
	probe	probe_mrs_hcr, mrs x0, S3_4_C1_C1_0		/* HCR_EL2 */
	probe	probe_mrs_vttbr, mrs x0, S3_4_C2_C1_0		/* VTTBR_EL2 */
	probe	probe_msr_vttbr, msr S3_4_C2_C1_0, x1
	/* An HVC that is not Xen's tag (#0xEA1) or PSCI's (#0). */
	probe	probe_hvc_bad, hvc #1

/* SMC to a SiP service id: the hypervisor refuses it (x0 = -1, no fault). */
	.globl	trap_smc
	.type	trap_smc, %function
	.balign	8
trap_smc:
	movz	x0, #0xc200, lsl #16
	smc	#0
	ret
	.size	trap_smc, . - trap_smc

/* Set/way cache maintenance: trapped and done for the guest, no fault. */
	.globl	trap_setway
	.type	trap_setway, %function
	.balign	8
trap_setway:
	mov	x0, #0
	dc	isw, x0
	dc	csw, x0
	dc	cisw, x0
	ret
	.size	trap_setway, . - trap_setway

/*
 * For crash=vector-abort: a vector table whose every entry faults on a
 * guest-physical address outside the guest's RAM (the host PCIe window), so
 * the guest has no working handler at all.
 */
.macro faulting_entry
	.balign	0x80
	movz	x0, #0x1000, lsl #16
	ldr	x0, [x0]
	b	.
.endm

	.balign	0x800
	.globl	faulting_vectors
faulting_vectors:
	.rept	16
	faulting_entry
	.endr
