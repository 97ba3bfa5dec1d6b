/*
 * The emulated GICv3 distributor a domain sees at VGIC_DIST_BASE: one
 * security state (DS=1), affinity routing always on (ARE RAO/WI), SPIs routed
 * by GICD_IROUTER to the vCPU whose Aff0 they name. Registration of the
 * GICv3 MMIO regions (this and the redistributors) lives here too.
 *
 * May touch: the domain's vGIC state, through arch/arm64/vdev/vgic/vgic.c and arch/arm64/vdev/vgic/vgic-dist.c.
 */
#include "arch/arm64/vdev/vgic/vgic-internal.h"

#define GICD_CTLR	   0x0000
#define GICD_TYPER	   0x0004
#define GICD_IIDR	   0x0008
#define GICD_ITARGETSR	   0x0800
#define GICD_ITARGETSR_END 0x0c00
#define GICD_IROUTER	   0x6000
#define GICD_IROUTER_END   0x7fe0
#define GICD_PIDR2	   0xffe8

#define GICD_CTLR_ARE	  (1u << 4)
#define GICD_CTLR_DS	  (1u << 6)
#define GICV3_PIDR2	  0x3b /* ArchRev 3 */
#define GICV3_IDBITS	  9    /* INTIDs of 10 bits */
#define IROUTER_IRM	  (1ULL << 31)
#define IROUTER_AFF0	  0xffULL
#define IROUTER_AFF_UPPER 0xff00ffff00ULL /* Aff3, Aff2, Aff1 */

static uint32_t v3_typer(const struct domain *d)
{
	uint32_t cpus = d->nvcpus ? d->nvcpus - 1 : 0;

	return (VGIC_NR_IRQS / 32 - 1) | (cpus << 5) | (GICV3_IDBITS << 19);
}

static uint32_t v3_ctlr(const struct domain *d)
{
	return GICD_CTLR_ARE | GICD_CTLR_DS | (d->vgic.enabled_grp0 ? VGIC_CTLR_GRP0 : 0) |
	       (d->vgic.enabled_grp1 ? VGIC_CTLR_GRP1 : 0);
}

static void v3_ctlr_write(struct domain *d, uint32_t val)
{
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);
	uint32_t kick = vgic_set_ctlr(d, val & VGIC_CTLR_GRP0, val & VGIC_CTLR_GRP1);

	spin_unlock_irqrestore(&d->vgic.lock, flags);
	vgic_kick(d, kick);
}

/* The SPI an IROUTER offset names, NULL for the RAZ/WI ones. */
static struct virq *irouter_irq(struct domain *d, uint64_t off)
{
	unsigned int intid = (unsigned int)((off - GICD_IROUTER) / 8);

	if (intid < VGIC_NR_PRIVATE)
		return NULL;
	return vgic_irq(d, NULL, intid);
}

static bool irouter_read(struct domain *d, struct mmio_access *a)
{
	struct virq *q;
	uint64_t val;

	if (!vgic_size_ok(a, false, true))
		return false;
	q = irouter_irq(d, a->off);
	val = q ? q->target : 0; /* Aff0 = vCPU index */
	a->data = a->off % 8 ? val >> 32 : val;
	if (a->size == 4)
		a->data &= 0xffffffffu;
	return true;
}

/* A route to a vCPU that does not exist, or 1-of-N (IRM), goes to vCPU 0. */
static unsigned int irouter_target(const struct domain *d, uint64_t val)
{
	uint64_t aff0 = val & IROUTER_AFF0;

	if ((val & (IROUTER_IRM | IROUTER_AFF_UPPER)) || aff0 >= d->nvcpus)
		return 0;
	return (unsigned int)aff0;
}

static bool irouter_write(struct domain *d, const struct mmio_access *a)
{
	struct virq *q;
	uint64_t flags, val;
	uint32_t kick;

	if (!vgic_size_ok(a, false, true))
		return false;
	q = irouter_irq(d, a->off);
	if (!q)
		return true;
	flags = spin_lock_irqsave(&d->vgic.lock);
	/* A write of the upper half alone keeps Aff0 as it is. */
	val = a->off % 8 ? (a->data << 32) | q->target : a->data;
	kick = virq_set_target(d, q, irouter_target(d, val));
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	vgic_kick(d, kick);
	return true;
}

static bool v3_dist_word_read(struct domain *d, struct mmio_access *a)
{
	if (!vgic_size_ok(a, false, false))
		return false;
	switch (a->off) {
	case GICD_CTLR:
		a->data = v3_ctlr(d);
		break;
	case GICD_TYPER:
		a->data = v3_typer(d);
		break;
	case GICD_IIDR:
		a->data = VGIC_IIDR;
		break;
	case GICD_PIDR2:
		a->data = GICV3_PIDR2;
		break;
	default:
		a->data = 0; /* the rest: reserved, or features Tarn leaves out */
		break;
	}
	return true;
}

static bool v3_dist_read(struct vcpu *v, struct mmio_access *a, void *priv)
{
	struct domain *d = priv;
	struct vgic_bank b = {d, NULL, VGIC_NR_PRIVATE, VGIC_NR_IRQS};

	if (vgic_bank_has(a->off))
		return vgic_bank_read(&b, a->off, a->size, &a->data);
	if (a->off >= GICD_IROUTER && a->off < GICD_IROUTER_END)
		return irouter_read(d, a);
	if (a->off >= GICD_ITARGETSR && a->off < GICD_ITARGETSR_END &&
	    vgic_size_ok(a, true, false)) {
		a->data = 0; /* ignored with affinity routing */
		return true;
	}
	return v3_dist_word_read(d, a);
}

static bool v3_dist_write(struct vcpu *v, const struct mmio_access *a, void *priv)
{
	struct domain *d = priv;
	struct vgic_bank b = {d, NULL, VGIC_NR_PRIVATE, VGIC_NR_IRQS};

	if (vgic_bank_has(a->off))
		return vgic_bank_write(&b, a->off, a->size, a->data);
	if (a->off >= GICD_IROUTER && a->off < GICD_IROUTER_END)
		return irouter_write(d, a);
	if (a->off >= GICD_ITARGETSR && a->off < GICD_ITARGETSR_END)
		return vgic_size_ok(a, true, false);
	if (!vgic_size_ok(a, false, false))
		return false;
	if (a->off == GICD_CTLR)
		v3_ctlr_write(d, (uint32_t)a->data);
	return true;
}

static const struct mmio_ops v3_dist_ops = {
	.read = v3_dist_read,
	.write = v3_dist_write,
};

int vgic_v3_mmio_register(struct domain *d)
{
	int rc = mmio_register(&d->mmio, VGIC_DIST_BASE, VGIC_DIST_SIZE, &v3_dist_ops, d);

	/* The whole redistributor window: the vCPUs may not exist yet. */
	if (!rc)
		rc = mmio_register(&d->mmio, VGIC_V3_REDIST_BASE, VGIC_V3_REDIST_SIZE,
				   &vgic_v3_redist_ops, d);
	return rc;
}
