/*
 * System-register access and the bit values Tarn programs at EL2.
 *
 * Only code under arch/arm64/ includes this file: nothing outside the arch
 * writes a system register (DESIGN §2).
 */
#ifndef ARCH_ARM64_SYSREG_H
#define ARCH_ARM64_SYSREG_H

#include <stdint.h>

#define read_sysreg(r)                                        \
	({                                                    \
		uint64_t __rv;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(__rv)); \
		__rv;                                         \
	})

#define write_sysreg(r, v)                                                   \
	do {                                                                 \
		uint64_t __wv = (uint64_t)(v);                               \
		__asm__ volatile("msr " #r ", %0" : : "r"(__wv) : "memory"); \
	} while (0)

/* Registers the assembler knows only by their encoding. */
#define ICC_SRE_EL2	S3_4_C12_C9_5
#define ICC_SRE_EL1	S3_0_C12_C12_5
#define ICC_PMR_EL1	S3_0_C4_C6_0
#define ICC_IAR1_EL1	S3_0_C12_C12_0
#define ICC_EOIR1_EL1	S3_0_C12_C12_1
#define ICC_DIR_EL1	S3_0_C12_C11_1
#define ICC_CTLR_EL1	S3_0_C12_C12_4
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_BPR1_EL1	S3_0_C12_C12_3
#define ICC_SGI1R_EL1	S3_0_C12_C11_5

/* GICv3 virtual CPU interface control (the vGIC's list registers). */
#define ICH_AP1R0_EL2 S3_4_C12_C9_0
#define ICH_AP1R1_EL2 S3_4_C12_C9_1
#define ICH_AP1R2_EL2 S3_4_C12_C9_2
#define ICH_AP1R3_EL2 S3_4_C12_C9_3
#define ICH_HCR_EL2   S3_4_C12_C11_0
#define ICH_VTR_EL2   S3_4_C12_C11_1
#define ICH_MISR_EL2  S3_4_C12_C11_2
#define ICH_EISR_EL2  S3_4_C12_C11_3
#define ICH_ELRSR_EL2 S3_4_C12_C11_5
#define ICH_VMCR_EL2  S3_4_C12_C11_7
#define ICH_LR0_EL2   S3_4_C12_C12_0
#define ICH_LR1_EL2   S3_4_C12_C12_1
#define ICH_LR2_EL2   S3_4_C12_C12_2
#define ICH_LR3_EL2   S3_4_C12_C12_3
#define ICH_LR4_EL2   S3_4_C12_C12_4
#define ICH_LR5_EL2   S3_4_C12_C12_5
#define ICH_LR6_EL2   S3_4_C12_C12_6
#define ICH_LR7_EL2   S3_4_C12_C12_7
#define ICH_LR8_EL2   S3_4_C12_C13_0
#define ICH_LR9_EL2   S3_4_C12_C13_1
#define ICH_LR10_EL2  S3_4_C12_C13_2
#define ICH_LR11_EL2  S3_4_C12_C13_3
#define ICH_LR12_EL2  S3_4_C12_C13_4
#define ICH_LR13_EL2  S3_4_C12_C13_5
#define ICH_LR14_EL2  S3_4_C12_C13_6
#define ICH_LR15_EL2  S3_4_C12_C13_7

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" ::: "memory");
}

static inline void dsb_ishst(void)
{
	__asm__ volatile("dsb ishst" ::: "memory");
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

static inline void irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

/* Save DAIF and mask IRQs; restore with irq_restore(). */
static inline uint64_t irq_save(void)
{
	uint64_t daif = read_sysreg(daif);

	irq_disable();
	return daif;
}

static inline void irq_restore(uint64_t daif)
{
	write_sysreg(daif, daif);
}

/* SCTLR_EL2 (non-VHE layout). */
#define SCTLR_EL2_RES1 \
	((3UL << 28) | (3UL << 22) | (1UL << 18) | (1UL << 16) | (1UL << 11) | (3UL << 4))
#define SCTLR_M	  (1UL << 0)
#define SCTLR_A	  (1UL << 1)
#define SCTLR_C	  (1UL << 2)
#define SCTLR_SA  (1UL << 3)
#define SCTLR_I	  (1UL << 12)
#define SCTLR_WXN (1UL << 19)

/* HCR_EL2: route physical IRQ/FIQ/SError to EL2; EL1 is AArch64. */
#define HCR_FMO (1UL << 3)
#define HCR_IMO (1UL << 4)
#define HCR_AMO (1UL << 5)
#define HCR_RW	(1UL << 31)

/* CPTR_EL2 (non-VHE): RES1 bits; TFP (bit 10) left clear so FP is usable. */
#define CPTR_EL2_RES1 ((1UL << 13) | (1UL << 12) | 0xffUL | (1UL << 9))

/* ESR_EL2 fields. */
#define ESR_EC_SHIFT 26
#define ESR_EC(esr)  (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_ISS(esr) ((esr)&0x1ffffff)

#define MPIDR_AFF_MASK 0xff00ffffffUL

#endif /* ARCH_ARM64_SYSREG_H */
