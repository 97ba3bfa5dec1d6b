/*
 * The GICv3 per-vCPU side: the emulated redistributors (one RD_base +
 * SGI_base frame pair per vCPU from VGIC_V3_REDIST_BASE, no LPIs) and the
 * SGIs a vCPU sends by writing ICC_SGI1R_EL1 (trapped by the arch).
 *
 * A vCPU's virtual MPIDR has Aff0 = its index and Aff1-3 = 0; GICR_TYPER and
 * SGI targeting follow that.
 *
 * May touch: the domain's vGIC state, through arch/arm64/vdev/vgic/vgic.c and arch/arm64/vdev/vgic/vgic-dist.c.
 */
#include "arch/arm64/vdev/vgic/vgic-internal.h"

#define GICR_CTLR      0x0000
#define GICR_IIDR      0x0004
#define GICR_TYPER     0x0008
#define GICR_TYPER_HI  0x000c
#define GICR_WAKER     0x0014
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICR_PIDR2     0xffe8
#define GICR_SGI_FRAME 0x10000

#define GICR_TYPER_LAST	    (1ULL << 4)
#define GICR_WAKER_SLEEP    (1u << 1)
#define GICR_WAKER_CHILDREN (1u << 2)
#define GICV3_PIDR2	    0x3b

#define SGI1R_TARGETS(r) ((r)&0xffff)
#define SGI1R_AFF1(r)	 (((r) >> 16) & 0xff)
#define SGI1R_INTID(r)	 ((unsigned int)((r) >> 24) & 0xf)
#define SGI1R_AFF2(r)	 (((r) >> 32) & 0xff)
#define SGI1R_IRM	 (1ULL << 40)
#define SGI1R_RS(r)	 ((unsigned int)((r) >> 44) & 0xf)
#define SGI1R_AFF3(r)	 (((r) >> 48) & 0xff)

/* The vCPU whose frames hold off (made frame-relative), NULL past the last one. */
static struct vcpu *redist_vcpu(struct domain *d, uint64_t *off)
{
	uint64_t idx = *off / VGIC_V3_REDIST_STRIDE;

	*off %= VGIC_V3_REDIST_STRIDE;
	return idx < d->nvcpus ? d->vcpus[idx] : NULL;
}

static uint64_t redist_typer(const struct domain *d, const struct vcpu *v)
{
	uint64_t last = v->id + 1 == d->nvcpus ? GICR_TYPER_LAST : 0;

	return ((uint64_t)v->id << 32) | ((uint64_t)v->id << 8) | last;
}

static uint32_t redist_waker(const struct vcpu *v)
{
	return v->vgic.redist_awake ? 0 : GICR_WAKER_SLEEP | GICR_WAKER_CHILDREN;
}

static bool rd_read(struct domain *d, struct vcpu *v, uint64_t off, struct mmio_access *a)
{
	bool wide = off == GICR_TYPER || off == GICR_PROPBASER || off == GICR_PENDBASER;

	if (!vgic_size_ok(a, false, wide))
		return false;
	switch (off) {
	case GICR_IIDR:
		a->data = VGIC_IIDR;
		break;
	case GICR_TYPER:
		a->data = redist_typer(d, v);
		if (a->size == 4)
			a->data &= 0xffffffffu;
		break;
	case GICR_TYPER_HI:
		a->data = redist_typer(d, v) >> 32;
		break;
	case GICR_WAKER:
		a->data = redist_waker(v);
		break;
	case GICR_PIDR2:
		a->data = GICV3_PIDR2;
		break;
	default:
		a->data = 0; /* CTLR (no LPIs), STATUSR, PROPBASER, PENDBASER, reserved */
		break;
	}
	return true;
}

static bool rd_write(struct domain *d, struct vcpu *v, uint64_t off, const struct mmio_access *a)
{
	bool wide = off == GICR_PROPBASER || off == GICR_PENDBASER;
	uint64_t flags;

	if (!vgic_size_ok(a, false, wide))
		return false;
	if (off != GICR_WAKER)
		return true;
	flags = spin_lock_irqsave(&d->vgic.lock);
	v->vgic.redist_awake = !(a->data & GICR_WAKER_SLEEP);
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	return true;
}

static bool redist_read(struct vcpu *cur, struct mmio_access *a, void *priv)
{
	struct domain *d = priv;
	uint64_t off = a->off;
	struct vcpu *v = redist_vcpu(d, &off);
	struct vgic_bank b = {d, v, 0, VGIC_NR_PRIVATE};

	if (!v)
		return false; /* no redistributor there: GICR_TYPER.Last said so */
	if (off < GICR_SGI_FRAME)
		return rd_read(d, v, off, a);
	off -= GICR_SGI_FRAME;
	if (vgic_bank_has(off))
		return vgic_bank_read(&b, off, a->size, &a->data);
	a->data = 0; /* IGRPMODR0, NSACR, reserved */
	return a->size == VGIC_RAZ_WI_ACCESS && IS_ALIGNED(off, 4);
}

static bool redist_write(struct vcpu *cur, const struct mmio_access *a, void *priv)
{
	struct domain *d = priv;
	uint64_t off = a->off;
	struct vcpu *v = redist_vcpu(d, &off);
	struct vgic_bank b = {d, v, 0, VGIC_NR_PRIVATE};

	if (!v)
		return false;
	if (off < GICR_SGI_FRAME)
		return rd_write(d, v, off, a);
	off -= GICR_SGI_FRAME;
	if (vgic_bank_has(off))
		return vgic_bank_write(&b, off, a->size, a->data);
	return a->size == VGIC_RAZ_WI_ACCESS && IS_ALIGNED(off, 4);
}

const struct mmio_ops vgic_v3_redist_ops = {
	.read = redist_read,
	.write = redist_write,
};

/* The vCPUs an ICC_SGI1R_EL1 value names, as a mask. */
static uint32_t sgi1r_targets(const struct domain *d, const struct vcpu *v, uint64_t sgi1r)
{
	uint32_t mask;

	if (sgi1r & SGI1R_IRM)
		return vgic_vcpu_mask(d) & ~(1u << v->id);
	if (SGI1R_AFF1(sgi1r) || SGI1R_AFF2(sgi1r) || SGI1R_AFF3(sgi1r) || SGI1R_RS(sgi1r))
		return 0; /* Tarn's vCPUs all have Aff0 < 16 and Aff1-3 = 0 */
	mask = (uint32_t)SGI1R_TARGETS(sgi1r);
	return mask & vgic_vcpu_mask(d);
}

void vgic_v3_send_sgi(struct vcpu *v, uint64_t sgi1r)
{
	struct domain *d = v->domain;
	uint32_t targets = sgi1r_targets(d, v, sgi1r);
	unsigned int intid = SGI1R_INTID(sgi1r);
	uint32_t kick = 0;
	uint64_t flags;

	flags = spin_lock_irqsave(&d->vgic.lock);
	for (unsigned int i = 0; i < d->nvcpus; i++)
		if (targets & (1u << i))
			kick |= virq_set_pending(d, vgic_irq(d, d->vcpus[i], intid), true);
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	vgic_kick(d, kick);
}
