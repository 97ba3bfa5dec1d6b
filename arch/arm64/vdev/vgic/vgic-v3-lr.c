/*
 * The GICv3 virtual CPU interface as the vGIC drives it: ICH_LR<n>_EL2,
 * ICH_HCR_EL2, ICH_VMCR_EL2, ICH_AP1R<n>_EL2 and the guest's ICC_SRE_EL1.
 *
 * Every interrupt goes in as Group 1 without the HW bit: Tarn forwards the
 * virtual timer by masking it, so no virtual interrupt is tied to a physical
 * one.
 *
 * May touch: this CPU's ICH_* registers and ICC_SRE_EL1.
 */
#include "arch/arm64/sysreg.h"
#include "arch/arm64/vdev/vgic/vgic-internal.h"

/* The register names are macros for their encodings: expand before mrs/msr see them. */
#define ich_read(r)	read_sysreg(r)
#define ich_write(r, v) write_sysreg(r, v)

#define ICH_LR_VINTID	  0xffffffffULL
#define ICH_LR_EOI	  (1ULL << 41) /* with HW = 0: maintenance interrupt on EOI */
#define ICH_LR_PRIO_SHIFT 48
#define ICH_LR_GROUP1	  (1ULL << 60)
#define ICH_LR_PENDING	  (1ULL << 62)
#define ICH_LR_ACTIVE	  (1ULL << 63)

#define ICH_HCR_EN  (1ULL << 0)
#define ICH_HCR_UIE (1ULL << 1)

#define ICH_VTR_LISTREGS(v) (((v)&0x1f) + 1)
#define ICH_VTR_PREBITS(v)  ((((v) >> 26) & 0x7) + 1)

#define ICC_SRE_INIT 0x7 /* SRE, DFB, DIB: the guest uses system registers */

static unsigned int nr_lrs, nr_aprs;

#define LR_READ(n) \
	case n:    \
		return ich_read(ICH_LR##n##_EL2)
#define LR_WRITE(n)                              \
	case n:                                  \
		ich_write(ICH_LR##n##_EL2, val); \
		break

static uint64_t v3_lr_read(unsigned int i)
{
	switch (i) {
		LR_READ(0);
		LR_READ(1);
		LR_READ(2);
		LR_READ(3);
		LR_READ(4);
		LR_READ(5);
		LR_READ(6);
		LR_READ(7);
		LR_READ(8);
		LR_READ(9);
		LR_READ(10);
		LR_READ(11);
		LR_READ(12);
		LR_READ(13);
		LR_READ(14);
		LR_READ(15);
	default:
		return 0;
	}
}

static void v3_lr_write(unsigned int i, uint64_t val)
{
	switch (i) {
		LR_WRITE(0);
		LR_WRITE(1);
		LR_WRITE(2);
		LR_WRITE(3);
		LR_WRITE(4);
		LR_WRITE(5);
		LR_WRITE(6);
		LR_WRITE(7);
		LR_WRITE(8);
		LR_WRITE(9);
		LR_WRITE(10);
		LR_WRITE(11);
		LR_WRITE(12);
		LR_WRITE(13);
		LR_WRITE(14);
		LR_WRITE(15);
	default:
		break;
	}
}

static uint64_t v3_lr_encode(const struct vgic_lr *lr)
{
	return (lr->intid & ICH_LR_VINTID) | ((uint64_t)lr->priority << ICH_LR_PRIO_SHIFT) |
	       ICH_LR_GROUP1 | (lr->eoi_notify ? ICH_LR_EOI : 0) |
	       (lr->pending ? ICH_LR_PENDING : 0) | (lr->active ? ICH_LR_ACTIVE : 0);
}

static void v3_lr_decode(uint64_t val, struct vgic_lr *lr)
{
	*lr = (struct vgic_lr){
		.intid = (uint32_t)(val & ICH_LR_VINTID),
		.priority = (uint8_t)(val >> ICH_LR_PRIO_SHIFT),
		.group1 = (val & ICH_LR_GROUP1) != 0,
		.eoi_notify = (val & ICH_LR_EOI) != 0,
		.pending = (val & ICH_LR_PENDING) != 0,
		.active = (val & ICH_LR_ACTIVE) != 0,
	};
}

static unsigned int v3_nr_lrs(void)
{
	return nr_lrs;
}

static void v3_set_underflow(bool on)
{
	ich_write(ICH_HCR_EL2, ICH_HCR_EN | (on ? ICH_HCR_UIE : 0));
}

static uint32_t apr_read(unsigned int n)
{
	switch (n) {
	case 0:
		return (uint32_t)ich_read(ICH_AP1R0_EL2);
	case 1:
		return (uint32_t)ich_read(ICH_AP1R1_EL2);
	case 2:
		return (uint32_t)ich_read(ICH_AP1R2_EL2);
	default:
		return (uint32_t)ich_read(ICH_AP1R3_EL2);
	}
}

static void apr_write(unsigned int n, uint32_t val)
{
	switch (n) {
	case 0:
		ich_write(ICH_AP1R0_EL2, val);
		break;
	case 1:
		ich_write(ICH_AP1R1_EL2, val);
		break;
	case 2:
		ich_write(ICH_AP1R2_EL2, val);
		break;
	default:
		ich_write(ICH_AP1R3_EL2, val);
		break;
	}
}

static void v3_save(struct vgic_cpu_hw *hw)
{
	hw->vmcr = ich_read(ICH_VMCR_EL2);
	for (unsigned int n = 0; n < nr_aprs; n++)
		hw->apr[n] = apr_read(n);
	hw->sre = ich_read(ICC_SRE_EL1);
	/* Idle or another domain next: no maintenance interrupts meanwhile. */
	ich_write(ICH_HCR_EL2, 0);
	isb();
}

static void v3_restore(const struct vgic_cpu_hw *hw)
{
	ich_write(ICC_SRE_EL1, hw->sre);
	isb();
	ich_write(ICH_VMCR_EL2, hw->vmcr);
	for (unsigned int n = 0; n < nr_aprs; n++)
		apr_write(n, hw->apr[n]);
	ich_write(ICH_HCR_EL2, hw->hcr);
}

static void v3_vcpu_init(struct vgic_cpu_hw *hw)
{
	*hw = (struct vgic_cpu_hw){
		.hcr = ICH_HCR_EN,
		.sre = ICC_SRE_INIT,
	};
}

static int v3_cpu_init(void)
{
	uint64_t vtr = ich_read(ICH_VTR_EL2);
	unsigned int prebits = ICH_VTR_PREBITS(vtr);

	nr_lrs = MIN(ICH_VTR_LISTREGS(vtr), VGIC_MAX_LRS);
	/* One AP1R per 32 preemption levels: 5 bits → 1, 6 → 2, 7 → 4. */
	nr_aprs = prebits > 5 ? 1u << (prebits - 5) : 1;
	for (unsigned int i = 0; i < nr_lrs; i++)
		v3_lr_write(i, 0);
	for (unsigned int n = 0; n < nr_aprs; n++)
		apr_write(n, 0);
	ich_write(ICH_VMCR_EL2, 0);
	ich_write(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
	return 0;
}

static void v3_quiesce(void)
{
	ich_write(ICH_HCR_EL2, 0);
	isb();
}

const struct vgic_lr_ops vgic_v3_lr_ops = {
	.version = 3,
	.nr_lrs = v3_nr_lrs,
	.lr_read = v3_lr_read,
	.lr_write = v3_lr_write,
	.lr_encode = v3_lr_encode,
	.lr_decode = v3_lr_decode,
	.set_underflow = v3_set_underflow,
	.save = v3_save,
	.restore = v3_restore,
	.vcpu_init = v3_vcpu_init,
	.cpu_init = v3_cpu_init,
	.quiesce = v3_quiesce,
};
