/*
 * The GICv2 virtual CPU interface as the vGIC drives it: the GICH registers
 * (each CPU sees its own at the same address) and, for each domain, the
 * host's GICV mapped in stage 2 where the guest expects its GICC.
 *
 * Without the HW bit an LR's PhysicalID field holds the SGI source CPU (bits
 * 12:10) and the EOI maintenance request (bit 19). LR priorities keep five
 * bits.
 *
 * May touch: GICH (mapped at EL2 here), a domain's stage 2 at
 * VGIC_V2_CPU_BASE.
 */
#include "arch/arm64/gic.h"
#include "lib/io.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/p2m.h"
#include "hyp/percpu.h"
#include "arch/arm64/vdev/vgic/vgic-internal.h"
#include "tarn/errno.h"

#define GICH_HCR   0x000
#define GICH_VTR   0x004
#define GICH_VMCR  0x008
#define GICH_APR   0x0f0
#define GICH_LR(n) (0x100 + 4 * (n))
#define GICH_SIZE  0x1000

#define GICH_HCR_EN  (1u << 0)
#define GICH_HCR_UIE (1u << 1)

#define GICH_LR_VID	     0x3ffu
#define GICH_LR_SRC_SHIFT    10
#define GICH_LR_SRC	     0x7u
#define GICH_LR_EOI	     (1u << 19)
#define GICH_LR_PRIO_SHIFT   23
#define GICH_LR_PRIO	     0x1fu
#define GICH_LR_PENDING	     (1u << 28)
#define GICH_LR_ACTIVE	     (1u << 29)
#define GICH_LR_GROUP1	     (1u << 30)
#define GICH_VTR_LISTREGS(v) (((v)&0x3f) + 1)

static uint64_t gich;
static unsigned int nr_lrs;

static uint64_t v2_lr_read(unsigned int i)
{
	return mmio_read32(gich + GICH_LR(i));
}

static void v2_lr_write(unsigned int i, uint64_t val)
{
	mmio_write32(gich + GICH_LR(i), (uint32_t)val);
}

static uint64_t v2_lr_encode(const struct vgic_lr *lr)
{
	uint32_t prio = ((uint32_t)lr->priority >> 3) & GICH_LR_PRIO;

	return (lr->intid & GICH_LR_VID) | ((lr->source & GICH_LR_SRC) << GICH_LR_SRC_SHIFT) |
	       (lr->eoi_notify ? GICH_LR_EOI : 0) | (prio << GICH_LR_PRIO_SHIFT) |
	       (lr->pending ? GICH_LR_PENDING : 0) | (lr->active ? GICH_LR_ACTIVE : 0) |
	       (lr->group1 ? GICH_LR_GROUP1 : 0);
}

static void v2_lr_decode(uint64_t val, struct vgic_lr *lr)
{
	*lr = (struct vgic_lr){
		.intid = (uint32_t)(val & GICH_LR_VID),
		.source = (uint8_t)((val >> GICH_LR_SRC_SHIFT) & GICH_LR_SRC),
		.eoi_notify = (val & GICH_LR_EOI) != 0,
		.priority = (uint8_t)(((val >> GICH_LR_PRIO_SHIFT) & GICH_LR_PRIO) << 3),
		.pending = (val & GICH_LR_PENDING) != 0,
		.active = (val & GICH_LR_ACTIVE) != 0,
		.group1 = (val & GICH_LR_GROUP1) != 0,
	};
}

static unsigned int v2_nr_lrs(void)
{
	return nr_lrs;
}

static void v2_set_underflow(bool on)
{
	mmio_write32(gich + GICH_HCR, GICH_HCR_EN | (on ? GICH_HCR_UIE : 0));
}

static void v2_save(struct vgic_cpu_hw *hw)
{
	hw->vmcr = mmio_read32(gich + GICH_VMCR);
	hw->apr[0] = mmio_read32(gich + GICH_APR);
	/* Idle or another domain next: no maintenance interrupts meanwhile. */
	mmio_write32(gich + GICH_HCR, 0);
}

static void v2_restore(const struct vgic_cpu_hw *hw)
{
	mmio_write32(gich + GICH_VMCR, (uint32_t)hw->vmcr);
	mmio_write32(gich + GICH_APR, hw->apr[0]);
	mmio_write32(gich + GICH_HCR, (uint32_t)hw->hcr);
}

static void v2_vcpu_init(struct vgic_cpu_hw *hw)
{
	*hw = (struct vgic_cpu_hw){.hcr = GICH_HCR_EN};
}

/* The guest's GICC is the host's GICV: the guest talks to the hardware directly. */
static int v2_domain_init(struct domain *d)
{
	const struct boot_gic *g = gic_hw();

	if (!g->vcpu.base)
		return -TARN_ENODEV;
	return p2m_map(d, VGIC_V2_CPU_BASE, pa_init(g->vcpu.base), VGIC_V2_CPU_SIZE, P2M_DEVICE_RW);
}

/* The boot CPU maps GICH for everyone; the others only set up their own. */
static int gich_map(void)
{
	const struct boot_gic *g = gic_hw();

	if (this_cpu()->id != 0)
		return gich ? 0 : -TARN_ENODEV;
	if (!g->hyp.base)
		return -TARN_ENODEV;
	if (mmu_map_device(pa_init(g->hyp.base), MAX(g->hyp.size, GICH_SIZE)))
		return -TARN_ENOMEM;
	gich = g->hyp.base;
	return 0;
}

static int v2_cpu_init(void)
{
	int rc = gich_map();

	if (rc)
		return rc;
	nr_lrs = MIN(GICH_VTR_LISTREGS(mmio_read32(gich + GICH_VTR)), VGIC_MAX_LRS);
	for (unsigned int i = 0; i < nr_lrs; i++)
		v2_lr_write(i, 0);
	mmio_write32(gich + GICH_APR, 0);
	mmio_write32(gich + GICH_VMCR, 0);
	mmio_write32(gich + GICH_HCR, GICH_HCR_EN);
	return 0;
}

static void v2_quiesce(void)
{
	mmio_write32(gich + GICH_HCR, 0);
}

const struct vgic_lr_ops vgic_v2_lr_ops = {
	.version = 2,
	.nr_lrs = v2_nr_lrs,
	.lr_read = v2_lr_read,
	.lr_write = v2_lr_write,
	.lr_encode = v2_lr_encode,
	.lr_decode = v2_lr_decode,
	.set_underflow = v2_set_underflow,
	.save = v2_save,
	.restore = v2_restore,
	.vcpu_init = v2_vcpu_init,
	.domain_init = v2_domain_init,
	.cpu_init = v2_cpu_init,
	.quiesce = v2_quiesce,
};
