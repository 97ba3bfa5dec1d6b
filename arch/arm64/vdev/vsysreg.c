/*
 * Trapped system registers and instructions (EC 0x18). What is trapped and
 * why:
 *  - ICC_SGI1R_EL1 (HCR_EL2.IMO): a GICv3 guest sends an SGI; the vGIC
 *    delivers it to the target vCPUs.
 *  - DC ISW/CSW/CISW (HCR_EL2.TSW): set/way maintenance names a physical
 *    cache line, not a guest's memory, so Tarn performs it itself as clean and
 *    invalidate (never a bare invalidate, which could drop another domain's
 *    dirty data).
 *  - PMU and debug registers (MDCR_EL2): read as zero, writes ignored, as Xen
 *    does for the PMU; guests get no view of other domains' events.
 * Anything else is UNDEFINED in the guest.
 */
#include "arch/arm64/sysreg.h"
#include "arch/arm64/traps.h"
#include "arch/arm64/vcpu.h"
#include "hyp/domain/domain.h"
#include "arch/arm64/guest-traps.h"
#include "arch/arm64/vdev/vgic/vgic.h"

struct sysreg_id {
	unsigned int op0, op1, crn, crm, op2;
};

static struct sysreg_id sysreg_decode(uint64_t iss)
{
	return (struct sysreg_id){
		.op0 = (iss >> 20) & 3,
		.op2 = (iss >> 17) & 7,
		.op1 = (iss >> 14) & 7,
		.crn = (iss >> 10) & 0xf,
		.crm = (iss >> 1) & 0xf,
	};
}

static bool is_sgi1r(struct sysreg_id s)
{
	return s.op0 == 3 && s.op1 == 0 && s.crn == 12 && s.crm == 11 && s.op2 == 5;
}

static bool is_setway(struct sysreg_id s)
{
	return s.op0 == 1 && s.op1 == 0 && s.crn == 7 && s.op2 == 2 &&
	       (s.crm == 6 || s.crm == 10 || s.crm == 14);
}

/* PMU (CRn 9 and PMEV* at CRn 14, op1 3) and external/self-hosted debug (op0 2). */
static bool is_raz_wi(struct sysreg_id s)
{
	if (s.op0 == 2)
		return true;
	return s.op0 == 3 && s.op1 == 3 && (s.crn == 9 || s.crn == 14);
}

void vsysreg_handle(struct vcpu *v, struct regs *r, uint64_t esr)
{
	uint64_t iss = ESR_ISS(esr);
	struct sysreg_id s = sysreg_decode(iss);
	unsigned int rt = (iss >> 5) & 0x1f;
	bool read = iss & 1;

	if (is_sgi1r(s) && !read) {
		vgic_v3_send_sgi(v, guest_reg_get(r, rt));
	} else if (is_setway(s) && !read) {
		uint64_t sw = guest_reg_get(r, rt);

		__asm__ volatile("dc cisw, %0" : : "r"(sw) : "memory");
	} else if (is_raz_wi(s)) {
		if (read)
			guest_reg_set(r, rt, 0);
	} else {
		inject_undef(r);
		return;
	}
	guest_skip_insn(r);
}
