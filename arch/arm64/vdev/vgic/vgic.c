/*
 * The vGIC's arch-neutral state: each virtual interrupt (struct virq), the
 * per-vCPU list of interrupts waiting for a list register, injection from
 * Tarn's devices, and set-up of a domain's and a vCPU's vGIC.
 *
 * An interrupt is on its target vCPU's pending list exactly when it is
 * enabled, pending (latched, or its level-sensitive line is high), routed to
 * an existing vCPU and not in a list register; the list is kept in priority
 * order (lower value first, arrival order among equals). Interrupts in list
 * registers are arch/arm64/vdev/vgic/vgic-lr.c's business.
 *
 * May touch: the domain's and its vCPUs' vGIC state, under d->vgic.lock. It
 * wakes vCPUs through vcpu_kick(), always after dropping that lock.
 */
#include "arch/arm64/vdev/vgic/vgic.h"

#include "lib/assert.h"
#include "hyp/schedule/schedule.h"
#include "arch/arm64/vdev/vgic/vgic-internal.h"
#include "tarn/errno.h"

struct virq *vgic_irq(struct domain *d, struct vcpu *v, unsigned int intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return v ? &v->vgic.private_irqs[intid] : NULL;
	if (intid < VGIC_NR_IRQS)
		return &d->vgic.spis[intid - VGIC_NR_PRIVATE];
	return NULL;
}

/* The vCPU whose list q joins: a private interrupt's owner, an SPI's route. */
struct vcpu *virq_vcpu(struct domain *d, const struct virq *q)
{
	return q->target < d->nvcpus ? d->vcpus[q->target] : NULL;
}

static bool virq_is_spi(const struct virq *q)
{
	return q->intid >= VGIC_NR_PRIVATE;
}

static bool virq_is_v2_sgi(const struct domain *d, const struct virq *q)
{
	return d->vgic.version == 2 && q->intid < VGIC_NR_SGIS;
}

bool virq_group_enabled(const struct domain *d, const struct virq *q)
{
	return q->group1 ? d->vgic.enabled_grp1 : d->vgic.enabled_grp0;
}

static bool virq_line_high(const struct virq *q)
{
	return q->level_sensitive && q->level;
}

/* A GICv2 SPI whose ITARGETSR names no CPU goes nowhere. */
static bool virq_routed(const struct domain *d, const struct virq *q)
{
	return !(d->vgic.version == 2 && virq_is_spi(q) && !q->v2_targets);
}

static bool virq_wants_list(struct domain *d, const struct virq *q)
{
	return q->enabled && (q->pending || virq_line_high(q)) && !q->in_lr && virq_routed(d, q) &&
	       virq_vcpu(d, q);
}

static void list_insert(struct vcpu *v, struct virq *q)
{
	struct virq **pp = &v->vgic.pending_head;

	ASSERT(!q->queued);
	while (*pp && (*pp)->priority <= q->priority)
		pp = &(*pp)->next_pending;
	q->next_pending = *pp;
	*pp = q;
	q->queued = true;
}

static void list_remove(struct vcpu *v, struct virq *q)
{
	struct virq **pp = &v->vgic.pending_head;

	while (*pp != q) {
		ASSERT(*pp); /* a queued interrupt is on its target's list */
		pp = &(*pp)->next_pending;
	}
	*pp = q->next_pending;
	q->next_pending = NULL;
	q->queued = false;
}

/* Take q off its list while something that decides its place changes. */
static void virq_unqueue(struct domain *d, struct virq *q)
{
	if (q->queued)
		list_remove(virq_vcpu(d, q), q);
}

uint32_t virq_update(struct domain *d, struct virq *q)
{
	bool want = virq_wants_list(d, q);
	struct vcpu *t = virq_vcpu(d, q);

	if (q->queued && !want)
		list_remove(t, q);
	if (q->queued || !want)
		return 0;
	list_insert(t, q);
	return virq_group_enabled(d, q) ? 1u << t->id : 0;
}

/* Something new for q: list it, or have the vCPU holding it merge it into its LR. */
static uint32_t virq_changed(struct domain *d, struct virq *q)
{
	if (q->in_lr)
		return q->enabled ? vgic_lr_owner_mask(d, q) : 0;
	return virq_update(d, q);
}

bool virq_is_pending(struct domain *d, const struct virq *q)
{
	struct vgic_lr lr;

	if (q->pending || virq_line_high(q))
		return true;
	return vgic_lr_state(d, q, &lr) && lr.pending;
}

bool virq_is_active(struct domain *d, const struct virq *q)
{
	struct vgic_lr lr;

	if (vgic_lr_state(d, q, &lr))
		return lr.active;
	return q->active;
}

uint8_t virq_sgi_sources(struct domain *d, const struct virq *q)
{
	struct vgic_lr lr;
	uint8_t s = q->sgi_sources;

	if (vgic_lr_state(d, q, &lr) && lr.pending)
		s |= 1u << lr.source;
	return s;
}

uint32_t virq_set_enabled(struct domain *d, struct virq *q, bool on)
{
	q->enabled = on;
	/* A disabled interrupt still in an LR is taken back by the next flush. */
	return on ? virq_changed(d, q) : virq_update(d, q);
}

uint32_t virq_set_pending(struct domain *d, struct virq *q, bool on)
{
	if (on && virq_is_v2_sgi(d, q))
		return 0; /* GICv2 pends SGIs per source, through GICD_SPENDSGIR */
	if (on) {
		q->pending = true;
		return virq_changed(d, q);
	}
	q->pending = false;
	q->sgi_sources = 0;
	if (q->in_lr)
		vgic_lr_edit(d, q, true, false);
	return virq_update(d, q);
}

uint32_t virq_set_active(struct domain *d, struct virq *q, bool on)
{
	if (q->in_lr) {
		if (!on)
			vgic_lr_edit(d, q, false, true);
		return 0;
	}
	q->active = on;
	return 0;
}

uint32_t virq_set_group(struct domain *d, struct virq *q, bool group1)
{
	uint32_t kick;

	q->group1 = group1;
	kick = virq_update(d, q);
	if (q->queued && virq_group_enabled(d, q))
		kick |= 1u << virq_vcpu(d, q)->id;
	return kick;
}

uint32_t virq_set_priority(struct domain *d, struct virq *q, uint8_t prio)
{
	virq_unqueue(d, q);
	q->priority = prio & VGIC_PRIO_MASK;
	return virq_update(d, q);
}

uint32_t virq_set_edge(struct domain *d, struct virq *q, bool edge)
{
	if (q->intid < VGIC_NR_SGIS)
		return 0; /* SGIs are always edge-triggered */
	q->level_sensitive = !edge;
	return virq_update(d, q);
}

uint32_t virq_set_target(struct domain *d, struct virq *q, unsigned int vcpu_id)
{
	ASSERT(virq_is_spi(q));
	virq_unqueue(d, q);
	q->target = vcpu_id;
	return virq_update(d, q);
}

/* GICv2 ITARGETSR: the lowest named vCPU receives it (no 1-of-N delivery). */
uint32_t virq_set_v2_targets(struct domain *d, struct virq *q, uint8_t mask)
{
	ASSERT(virq_is_spi(q));
	virq_unqueue(d, q);
	q->v2_targets = mask & vgic_vcpu_mask(d);
	q->target = q->v2_targets ? (uint8_t)__builtin_ctz(q->v2_targets) : 0;
	return virq_update(d, q);
}

/* One copy of a GICv2 SGI per source vCPU; each goes to the guest with its source. */
uint32_t virq_send_sgi(struct domain *d, struct virq *q, unsigned int source)
{
	if (!virq_is_v2_sgi(d, q))
		return virq_set_pending(d, q, true);
	q->sgi_sources |= 1u << source;
	q->pending = true;
	return virq_changed(d, q);
}

uint32_t virq_clear_sgi(struct domain *d, struct virq *q, uint8_t sources)
{
	struct vgic_lr lr;

	q->sgi_sources &= ~sources;
	q->pending = q->sgi_sources != 0;
	if (vgic_lr_state(d, q, &lr) && (sources & (1u << lr.source)))
		vgic_lr_edit(d, q, true, false);
	return virq_update(d, q);
}

uint32_t vgic_vcpu_mask(const struct domain *d)
{
	return (1u << d->nvcpus) - 1;
}

/* GICD_CTLR's group enables: turning one on may make queued interrupts deliverable. */
uint32_t vgic_set_ctlr(struct domain *d, bool grp0, bool grp1)
{
	bool more = (grp0 && !d->vgic.enabled_grp0) || (grp1 && !d->vgic.enabled_grp1);

	d->vgic.enabled_grp0 = grp0;
	d->vgic.enabled_grp1 = grp1;
	return more ? vgic_vcpu_mask(d) : 0;
}

void vgic_kick(struct domain *d, uint32_t mask)
{
	if (!mask)
		return;
	for (unsigned int i = 0; i < d->nvcpus; i++)
		if (mask & (1u << i))
			vcpu_kick(d->vcpus[i]);
}

static void vgic_raise(struct domain *d, struct virq *q, unsigned int source)
{
	uint64_t flags;
	uint32_t kick;

	flags = spin_lock_irqsave(&d->vgic.lock);
	kick = virq_send_sgi(d, q, source);
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	vgic_kick(d, kick);
}

/* Tarn's own injections of an SGI count as sent by the receiving vCPU. */
void vgic_inject(struct vcpu *v, unsigned int intid)
{
	struct virq *q = vgic_irq(v->domain, v, intid);

	if (q)
		vgic_raise(v->domain, q, v->id);
}

void vgic_inject_spi(struct domain *d, unsigned int intid)
{
	if (intid >= VGIC_NR_PRIVATE && intid < VGIC_NR_IRQS)
		vgic_raise(d, vgic_irq(d, NULL, intid), 0);
}

/*
 * A line configured level-sensitive is pending while high; one the guest
 * configured edge-triggered latches on the rising edge. While the interrupt
 * is in an LR the owner must look again: after an EOI it is pending anew if
 * the line is still high.
 */
void vgic_set_level(struct domain *d, struct vcpu *v, unsigned int intid, bool level)
{
	struct virq *q = vgic_irq(d, v, intid);
	uint32_t kick = 0;
	uint64_t flags;
	bool rising;

	if (!q)
		return;
	flags = spin_lock_irqsave(&d->vgic.lock);
	rising = level && !q->level;
	q->level = level;
	if (rising && !q->level_sensitive)
		q->pending = true;
	if (!q->in_lr)
		kick = virq_update(d, q);
	else if (rising)
		kick = virq_changed(d, q);
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	vgic_kick(d, kick);
}

int vgic_forward_spi(struct domain *d, unsigned int intid, vgic_eoi_fn eoi)
{
	uint64_t flags;

	if (intid < VGIC_NR_PRIVATE || intid >= VGIC_NR_IRQS || !eoi)
		return -TARN_EINVAL;
	flags = spin_lock_irqsave(&d->vgic.lock);
	d->vgic.forward_eoi = eoi;
	vgic_irq(d, NULL, intid)->forwarded = true;
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	return 0;
}

void vgic_unforward_spi(struct domain *d, unsigned int intid)
{
	uint64_t flags;

	if (intid < VGIC_NR_PRIVATE || intid >= VGIC_NR_IRQS)
		return;
	flags = spin_lock_irqsave(&d->vgic.lock);
	vgic_irq(d, NULL, intid)->forwarded = false;
	spin_unlock_irqrestore(&d->vgic.lock, flags);
}

static void virq_init(struct virq *q, unsigned int intid, unsigned int version, uint8_t target)
{
	*q = (struct virq){
		.intid = (uint16_t)intid,
		.target = target,
		.v2_targets = 1,
		/* GICv3 guests see Group 1 only (IGROUPR is RAO/WI); GICv2 starts in Group 0. */
		.group1 = version == 3,
		.level_sensitive = intid >= VGIC_NR_SGIS,
	};
}

int vgic_domain_init(struct domain *d)
{
	const struct vgic_lr_ops *ops = vgic_lr_ops_get();
	struct vgic_domain *g = &d->vgic;
	int rc;

	g->version = ops->version;
	g->lock = (struct spinlock)SPINLOCK_INIT;
	g->enabled_grp0 = g->enabled_grp1 = false;
	for (unsigned int i = 0; i < VGIC_NR_SPIS; i++)
		virq_init(&g->spis[i], VGIC_NR_PRIVATE + i, g->version, 0);
	rc = g->version == 3 ? vgic_v3_mmio_register(d) : vgic_v2_mmio_register(d);
	if (!rc && ops->domain_init)
		rc = ops->domain_init(d);
	return rc;
}

/* Nothing to release: the state lives in d and its vCPUs, the MMIO regions in
 * d->mmio and the GICv2 GICV mapping in d's stage 2, which go with d. */
void vgic_domain_destroy(struct domain *d)
{
	(void)d;
}

int vgic_vcpu_init(struct vcpu *v)
{
	struct vgic_vcpu *g = &v->vgic;

	if (v->id >= DOMAIN_MAX_VCPUS)
		return -TARN_EINVAL;
	for (unsigned int i = 0; i < VGIC_NR_PRIVATE; i++)
		virq_init(&g->private_irqs[i], i, v->domain->vgic.version, (uint8_t)v->id);
	g->pending_head = NULL;
	g->lr_used = 0;
	g->redist_base = VGIC_V3_REDIST_BASE + v->id * VGIC_V3_REDIST_STRIDE;
	g->redist_awake = false;
	vgic_lr_ops_get()->vcpu_init(&v->arch.gic);
	return 0;
}
