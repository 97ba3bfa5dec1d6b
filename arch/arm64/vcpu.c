/*
 * vCPU state on arm64 (see vcpu.h). Tarn switches everything eagerly: EL1
 * system registers, FP/SIMD, the virtual timer, the vGIC interface and stage
 * 2 are moved on every switch between vCPUs, so a vCPU always finds its own
 * state and never another's.
 *
 * The virtual timer of a vCPU that is not on a CPU is disabled in hardware
 * (it would otherwise fire for whoever runs next); its deadline is kept in
 * the vCPU and watched by the scheduler while the vCPU is blocked.
 */
#include "arch/arm64/vcpu.h"

#include "arch/arm64/p2m.h"
#include "arch/arm64/sysreg.h"
#include "hyp/console/console.h"
#include "hyp/domain/domain.h"
#include "hyp/percpu.h"
#include "lib/string.h"

/* Guest trap configuration: stage 2 on, every physical interrupt to EL2,
 * WFI/WFE, SMC and set/way cache maintenance trapped, EL1 is AArch64. */
#define HCR_GUEST                                                                           \
	((1UL << 0) | (1UL << 1) | HCR_FMO | HCR_IMO | HCR_AMO | (1UL << 9) | (1UL << 10) | \
	 (1UL << 13) | (1UL << 14) | (1UL << 19) | (1UL << 22) | HCR_RW)
/* MDCR_EL2: trap the PMU (TPM, TPMCR) and debug registers (TDA, TDOSA, TDRA). */
#define MDCR_GUEST ((1UL << 6) | (1UL << 5) | (1UL << 9) | (1UL << 10) | (1UL << 11))

void arch_guest_cpu_init(void)
{
	write_sysreg(hcr_el2, HCR_GUEST);
	write_sysreg(mdcr_el2, MDCR_GUEST);
	/* EL1 may read the physical counter; the physical timer stays Tarn's. */
	write_sysreg(cnthctl_el2, 1UL);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	isb();
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg)
{
	struct arch_vcpu *a = &v->arch;

	memset(&a->regs, 0, sizeof(a->regs));
	memset(&a->sys, 0, sizeof(a->sys));
	memset(&a->fp, 0, sizeof(a->fp));
	a->regs.elr = entry;
	a->regs.spsr = VCPU_PSTATE_INIT;
	a->regs.x[0] = arg;
	a->sys.sctlr = VCPU_SCTLR_INIT;
	a->cntv_ctl = 0;
	a->cntv_cval = 0;
	/* MPIDR: bit 31 RES1, Aff0 = vCPU number (as PSCI CPU_ON targets it). */
	a->vmpidr = (1ULL << 31) | v->id;
}

static void sysregs_save(struct el1_sysregs *s)
{
	s->sctlr = read_sysreg(sctlr_el1);
	s->actlr = read_sysreg(actlr_el1);
	s->cpacr = read_sysreg(cpacr_el1);
	s->ttbr0 = read_sysreg(ttbr0_el1);
	s->ttbr1 = read_sysreg(ttbr1_el1);
	s->tcr = read_sysreg(tcr_el1);
	s->mair = read_sysreg(mair_el1);
	s->amair = read_sysreg(amair_el1);
	s->vbar = read_sysreg(vbar_el1);
	s->contextidr = read_sysreg(contextidr_el1);
	s->tpidr_el0 = read_sysreg(tpidr_el0);
	s->tpidrro_el0 = read_sysreg(tpidrro_el0);
	s->tpidr_el1 = read_sysreg(tpidr_el1);
	s->sp_el0 = read_sysreg(sp_el0);
	s->sp_el1 = read_sysreg(sp_el1);
	s->elr_el1 = read_sysreg(elr_el1);
	s->spsr_el1 = read_sysreg(spsr_el1);
	s->esr = read_sysreg(esr_el1);
	s->far = read_sysreg(far_el1);
	s->afsr0 = read_sysreg(afsr0_el1);
	s->afsr1 = read_sysreg(afsr1_el1);
	s->par = read_sysreg(par_el1);
	s->cntkctl = read_sysreg(cntkctl_el1);
	s->csselr = read_sysreg(csselr_el1);
	s->mdscr = read_sysreg(mdscr_el1);
}

static void sysregs_restore(const struct el1_sysregs *s)
{
	write_sysreg(sctlr_el1, s->sctlr);
	write_sysreg(actlr_el1, s->actlr);
	write_sysreg(cpacr_el1, s->cpacr);
	write_sysreg(ttbr0_el1, s->ttbr0);
	write_sysreg(ttbr1_el1, s->ttbr1);
	write_sysreg(tcr_el1, s->tcr);
	write_sysreg(mair_el1, s->mair);
	write_sysreg(amair_el1, s->amair);
	write_sysreg(vbar_el1, s->vbar);
	write_sysreg(contextidr_el1, s->contextidr);
	write_sysreg(tpidr_el0, s->tpidr_el0);
	write_sysreg(tpidrro_el0, s->tpidrro_el0);
	write_sysreg(tpidr_el1, s->tpidr_el1);
	write_sysreg(sp_el0, s->sp_el0);
	write_sysreg(sp_el1, s->sp_el1);
	write_sysreg(elr_el1, s->elr_el1);
	write_sysreg(spsr_el1, s->spsr_el1);
	write_sysreg(esr_el1, s->esr);
	write_sysreg(far_el1, s->far);
	write_sysreg(afsr0_el1, s->afsr0);
	write_sysreg(afsr1_el1, s->afsr1);
	write_sysreg(par_el1, s->par);
	write_sysreg(cntkctl_el1, s->cntkctl);
	write_sysreg(csselr_el1, s->csselr);
	write_sysreg(mdscr_el1, s->mdscr);
}

void arch_vcpu_save(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	a->regs = *guest_frame();
	sysregs_save(&a->sys);
	fpsimd_save(&a->fp);
	a->cntv_ctl = read_sysreg(cntv_ctl_el0);
	a->cntv_cval = read_sysreg(cntv_cval_el0);
	write_sysreg(cntv_ctl_el0, 0);
	vgic_save(v);
	isb();
}

void arch_vcpu_restore(struct vcpu *v)
{
	struct arch_vcpu *a = &v->arch;

	p2m_load(v->domain);
	write_sysreg(vmpidr_el2, a->vmpidr);
	sysregs_restore(&a->sys);
	fpsimd_restore(&a->fp);
	write_sysreg(cntv_cval_el0, a->cntv_cval);
	write_sysreg(cntv_ctl_el0, a->cntv_ctl);
	vgic_restore(v);
	isb();
	*guest_frame() = a->regs;
}

/*
 * Enter the guest's own exception vector as the CPU would: EL1h, DAIF
 * masked, ELR/SPSR_EL1 holding where it was.
 */
static void inject_sync(struct regs *r, uint64_t esr, uint64_t far, bool set_far)
{
	uint64_t mode = r->spsr & 0xf;
	uint64_t offset = mode == 0x5 ? 0x200 : mode == 0x4 ? 0x0 : 0x400;

	write_sysreg(esr_el1, esr);
	if (set_far)
		write_sysreg(far_el1, far);
	write_sysreg(elr_el1, r->elr);
	write_sysreg(spsr_el1, r->spsr);
	r->elr = read_sysreg(vbar_el1) + offset;
	r->spsr = VCPU_PSTATE_INIT;
}

static uint64_t ec_same_or_lower(struct regs *r, uint64_t same, uint64_t lower)
{
	return ((r->spsr & 0xc) == 0x4) ? same : lower; /* taken from EL1, or from EL0 */
}

void inject_undef(struct regs *r)
{
	inject_sync(r, 1ULL << 25, 0, false); /* EC 0 (unknown), IL */
}

void inject_dabt(struct regs *r, uint64_t far, bool write)
{
	uint64_t ec = ec_same_or_lower(r, 0x25, 0x24);

	/* Synchronous external abort (DFSC 0x10), not on a translation walk. */
	inject_sync(r, (ec << 26) | (1ULL << 25) | (write ? 1ULL << 6 : 0) | 0x10, far, true);
}

void inject_iabt(struct regs *r, uint64_t far)
{
	uint64_t ec = ec_same_or_lower(r, 0x21, 0x20);

	inject_sync(r, (ec << 26) | (1ULL << 25) | 0x10, far, true);
}

struct regs *guest_frame(void)
{
	return (struct regs *)(this_cpu()->arch.stack_top - sizeof(struct regs));
}

/*
 * A loaded vCPU's registers are in its CPU's trap frame, not in v->arch.regs
 * (saved only when it is unloaded): exact when it trapped to this CPU, as of
 * its last trap when it runs on another.
 */
uint64_t arch_vcpu_pc(const struct vcpu *v)
{
	const struct regs *frame;

	if (!v->loaded)
		return v->arch.regs.elr;
	frame = (const struct regs *)(percpu_data[v->unit.cpu].arch.stack_top - sizeof(struct regs));
	return frame->elr;
}

void arch_vcpu_dump(struct vcpu *v)
{
	const struct regs *r = v->loaded ? guest_frame() : &v->arch.regs;

	printk("  PC %016llx  PSTATE %08llx  ESR_EL2 %08llx  FAR %016llx\n",
	       (unsigned long long)r->elr, (unsigned long long)r->spsr, (unsigned long long)r->esr,
	       (unsigned long long)r->far);
	for (unsigned int i = 0; i < 30; i += 2)
		printk("  x%-2u %016llx  x%-2u %016llx\n", i, (unsigned long long)r->x[i], i + 1,
		       (unsigned long long)r->x[i + 1]);
	printk("  x30 %016llx  SP_EL1 %016llx  VBAR %016llx\n", (unsigned long long)r->x[30],
	       (unsigned long long)(v->loaded ? read_sysreg(sp_el1) : v->arch.sys.sp_el1),
	       (unsigned long long)(v->loaded ? read_sysreg(vbar_el1) : v->arch.sys.vbar));
}
