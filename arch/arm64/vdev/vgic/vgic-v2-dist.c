/*
 * The emulated GICv2 distributor a domain sees at VGIC_DIST_BASE (4 KiB; the
 * CPU interface after it is the host's GICV, mapped by the arch). No
 * Security Extensions. Private interrupts are banked per accessing vCPU;
 * SPIs go to the lowest vCPU their ITARGETSR names; SGIs carry their source.
 *
 * May touch: the domain's vGIC state, through arch/arm64/vdev/vgic/vgic.c and arch/arm64/vdev/vgic/vgic-dist.c.
 */
#include "arch/arm64/vdev/vgic/vgic-internal.h"

#define GICD_CTLR	   0x000
#define GICD_TYPER	   0x004
#define GICD_IIDR	   0x008
#define GICD_ITARGETSR	   0x800
#define GICD_ITARGETSR_END 0xc00
#define GICD_SGIR	   0xf00
#define GICD_CPENDSGIR	   0xf10
#define GICD_SPENDSGIR	   0xf20
#define GICD_SGI_END	   0xf30
#define GICD_PIDR2	   0xfe8
#define GICV2_DIST_SIZE	   0x1000
#define GICV2_PIDR2	   0x2b /* ArchRev 2 */

#define SGIR_INTID(r)	((unsigned int)(r)&0xf)
#define SGIR_TARGETS(r) (((r) >> 16) & 0xff)
#define SGIR_FILTER(r)	(((r) >> 24) & 0x3)
#define SGIR_LIST	0
#define SGIR_OTHERS	1
#define SGIR_SELF	2

static uint32_t v2_typer(const struct domain *d)
{
	uint32_t cpus = d->nvcpus ? d->nvcpus - 1 : 0;

	return (VGIC_NR_IRQS / 32 - 1) | (cpus << 5);
}

/* One ITARGETSR byte; SGIs and PPIs read as the reading vCPU's own bit. */
static uint8_t itargets_byte(struct domain *d, struct vcpu *v, unsigned int intid)
{
	struct virq *q;

	if (intid < VGIC_NR_PRIVATE)
		return (uint8_t)(1u << v->id);
	q = vgic_irq(d, v, intid);
	return q ? q->v2_targets : 0;
}

static bool itargets_access(struct domain *d, struct vcpu *v, struct mmio_access *a, bool write)
{
	unsigned int base = (unsigned int)(a->off - GICD_ITARGETSR);
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);
	uint32_t kick = 0;

	if (!write)
		a->data = 0;
	for (unsigned int i = 0; i < a->size; i++) {
		unsigned int intid = base + i;
		struct virq *q = vgic_irq(d, v, intid);

		if (!write)
			a->data |= (uint64_t)itargets_byte(d, v, intid) << (8 * i);
		else if (q && intid >= VGIC_NR_PRIVATE)
			kick |= virq_set_v2_targets(d, q, (uint8_t)(a->data >> (8 * i)));
	}
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	vgic_kick(d, kick);
	return true;
}

/* GICD_[CS]PENDSGIR: a byte per SGI, a bit per source vCPU. */
static bool sgi_pend_access(struct domain *d, struct vcpu *v, struct mmio_access *a, bool write)
{
	bool set = a->off >= GICD_SPENDSGIR;
	unsigned int base = (unsigned int)(a->off % 0x10);
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);
	uint32_t kick = 0;

	if (!write)
		a->data = 0;
	for (unsigned int i = 0; i < a->size; i++) {
		struct virq *q = vgic_irq(d, v, base + i);
		uint8_t bits = (uint8_t)(a->data >> (8 * i)) & vgic_vcpu_mask(d);

		if (!write) {
			a->data |= (uint64_t)virq_sgi_sources(d, q) << (8 * i);
			continue;
		}
		if (!set) {
			kick |= virq_clear_sgi(d, q, bits);
			continue;
		}
		for (unsigned int s = 0; s < d->nvcpus; s++)
			if (bits & (1u << s))
				kick |= virq_send_sgi(d, q, s);
	}
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	vgic_kick(d, kick);
	return true;
}

static uint32_t sgir_targets(const struct domain *d, const struct vcpu *v, uint32_t sgir)
{
	switch (SGIR_FILTER(sgir)) {
	case SGIR_LIST:
		return SGIR_TARGETS(sgir) & vgic_vcpu_mask(d);
	case SGIR_OTHERS:
		return vgic_vcpu_mask(d) & ~(1u << v->id);
	case SGIR_SELF:
		return 1u << v->id;
	default:
		return 0;
	}
}

static void sgir_write(struct domain *d, struct vcpu *v, uint32_t sgir)
{
	uint32_t targets = sgir_targets(d, v, sgir);
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);
	uint32_t kick = 0;

	for (unsigned int i = 0; i < d->nvcpus; i++)
		if (targets & (1u << i))
			kick |= virq_send_sgi(d, vgic_irq(d, d->vcpus[i], SGIR_INTID(sgir)), v->id);
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	vgic_kick(d, kick);
}

static void v2_ctlr_write(struct domain *d, uint32_t val)
{
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);
	uint32_t kick = vgic_set_ctlr(d, val & VGIC_CTLR_GRP0, val & VGIC_CTLR_GRP1);

	spin_unlock_irqrestore(&d->vgic.lock, flags);
	vgic_kick(d, kick);
}

static bool v2_word_read(struct domain *d, struct mmio_access *a)
{
	switch (a->off) {
	case GICD_CTLR:
		a->data = (d->vgic.enabled_grp0 ? VGIC_CTLR_GRP0 : 0) |
			  (d->vgic.enabled_grp1 ? VGIC_CTLR_GRP1 : 0);
		break;
	case GICD_TYPER:
		a->data = v2_typer(d);
		break;
	case GICD_IIDR:
		a->data = VGIC_IIDR;
		break;
	case GICD_PIDR2:
		a->data = GICV2_PIDR2;
		break;
	default:
		a->data = 0; /* SGIR is write-only; the rest reserved or left out */
		break;
	}
	return true;
}

static bool v2_word_write(struct domain *d, struct vcpu *v, const struct mmio_access *a)
{
	if (a->off == GICD_CTLR)
		v2_ctlr_write(d, (uint32_t)a->data);
	else if (a->off == GICD_SGIR)
		sgir_write(d, v, (uint32_t)a->data);
	return true;
}

static bool v2_dist_access(struct vcpu *v, struct mmio_access *a, void *priv, bool write)
{
	struct domain *d = priv;
	struct vgic_bank b = {d, v, 0, VGIC_NR_IRQS};
	bool bytes = (a->off >= GICD_ITARGETSR && a->off < GICD_ITARGETSR_END) ||
		     (a->off >= GICD_CPENDSGIR && a->off < GICD_SGI_END);

	if (vgic_bank_has(a->off))
		return write ? vgic_bank_write(&b, a->off, a->size, a->data)
			     : vgic_bank_read(&b, a->off, a->size, &a->data);
	if (!vgic_size_ok(a, bytes, false))
		return false;
	if (a->off >= GICD_ITARGETSR && a->off < GICD_ITARGETSR_END)
		return itargets_access(d, v, a, write);
	if (a->off >= GICD_CPENDSGIR && a->off < GICD_SGI_END)
		return sgi_pend_access(d, v, a, write);
	return write ? v2_word_write(d, v, a) : v2_word_read(d, a);
}

static bool v2_dist_read(struct vcpu *v, struct mmio_access *a, void *priv)
{
	return v2_dist_access(v, a, priv, false);
}

/* The access is only read from: the shared helper also serves reads. */
static bool v2_dist_write(struct vcpu *v, const struct mmio_access *a, void *priv)
{
	struct mmio_access copy = *a;

	return v2_dist_access(v, &copy, priv, true);
}

static const struct mmio_ops v2_dist_ops = {
	.read = v2_dist_read,
	.write = v2_dist_write,
};

int vgic_v2_mmio_register(struct domain *d)
{
	return mmio_register(&d->mmio, VGIC_DIST_BASE, GICV2_DIST_SIZE, &v2_dist_ops, d);
}
