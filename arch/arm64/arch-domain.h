/*
 * The arm64 part of a domain and of a vCPU: stage-2 translation, the saved
 * EL1 state, FP/SIMD, the virtual timer and the virtual GIC's CPU interface.
 */
#ifndef ARCH_ARM64_ARCH_DOMAIN_H
#define ARCH_ARM64_ARCH_DOMAIN_H

#include "arch/arm64/pgtable.h"
#include "arch/arm64/traps.h"

#define VGIC_MAX_LRS 16

struct arch_domain {
	struct pgtable p2m; /* stage-2 tables */
	uint16_t vmid;
	uint64_t vttbr;
};

/* EL1 system registers a vCPU owns; saved and restored on every switch. */
struct el1_sysregs {
	uint64_t sctlr, actlr, cpacr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
	uint64_t tpidr_el0, tpidrro_el0, tpidr_el1, sp_el0, sp_el1, elr_el1, spsr_el1;
	uint64_t esr, far, afsr0, afsr1, par, cntkctl, csselr, mdscr;
};

struct fpsimd_state {
	__uint128_t v[32];
	uint32_t fpsr, fpcr;
};

/* The vGIC CPU interface as the hardware holds it (GICv3 ICH_* or GICv2 GICH_*). */
struct vgic_cpu_hw {
	uint64_t lr[VGIC_MAX_LRS];
	uint64_t vmcr;
	uint64_t hcr;
	uint32_t apr[4];
	uint64_t sre; /* GICv3: the guest's ICC_SRE_EL1 */
};

struct arch_vcpu {
	struct regs regs; /* x0..x30, pc (elr), pstate (spsr) */
	struct el1_sysregs sys;
	struct fpsimd_state fp;
	uint64_t cntv_ctl, cntv_cval;
	uint64_t vmpidr;
	struct vgic_cpu_hw gic;
};

#endif /* ARCH_ARM64_ARCH_DOMAIN_H */
