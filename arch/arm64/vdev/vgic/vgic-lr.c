/*
 * The vGIC's list registers, arch-neutral: which interrupt each of a vCPU's
 * LRs holds, filling them before entry, reading them back after exit, and
 * moving them on and off the CPU with the vCPU. The register format is the
 * backend's (struct vgic_lr_ops).
 *
 * v->arch.gic.lr[] shadows the LRs: what they held when the vCPU last left
 * the guest (vgic_sync_lrs) or what Tarn will put in them (vgic_flush_lrs,
 * vgic_restore). While the guest runs, the hardware is ahead of the shadow;
 * otherwise they agree. Only the vCPU's own CPU, with the vCPU loaded,
 * allocates or frees an LR (lr_used); other CPUs at most edit a shadow's
 * state, which the owner writes out at its next flush.
 *
 * An interrupt that gets a new pending while it is in an LR keeps it in
 * virq->pending, and the owner's next flush merges it into the LR: the guest
 * may have acknowledged the LR meanwhile, so only the owner, after reading
 * the LR back, knows what the new state is.
 *
 * May touch: vCPUs' vGIC state under d->vgic.lock; the hardware LRs of the
 * vCPU loaded on this CPU, through the backend.
 */
#include "lib/assert.h"
#include "arch/arm64/vdev/vgic/vgic-internal.h"

static const struct vgic_lr_ops *lr_ops(void)
{
	return vgic_lr_ops_get();
}

static unsigned int lowest_bit(uint64_t mask)
{
	return (unsigned int)__builtin_ctzll(mask);
}

static void lr_decode(struct vcpu *v, unsigned int i, struct vgic_lr *lr)
{
	lr_ops()->lr_decode(v->arch.gic.lr[i], lr);
}

/* The interrupt LR i of v holds, per its shadow. */
static struct virq *lr_virq(struct vcpu *v, unsigned int i, struct vgic_lr *lr)
{
	struct virq *q;

	lr_decode(v, i, lr);
	q = vgic_irq(v->domain, v, lr->intid);
	ASSERT(q && q->in_lr && q->lr == i);
	return q;
}

static bool lr_holds(struct vcpu *v, const struct virq *q)
{
	struct vgic_lr lr;

	if (!v || !(v->vgic.lr_used & (1ULL << q->lr)))
		return false;
	lr_decode(v, q->lr, &lr);
	return lr.intid == q->intid;
}

/* The vCPU whose LR holds q: an SPI stays where it was sent when it is re-routed. */
static struct vcpu *lr_owner(struct domain *d, const struct virq *q)
{
	struct vcpu *t = virq_vcpu(d, q);

	if (lr_holds(t, q))
		return t;
	for (unsigned int i = 0; i < d->nvcpus; i++)
		if (lr_holds(d->vcpus[i], q))
			return d->vcpus[i];
	ASSERT(!"an interrupt in an LR has an owner");
	return NULL;
}

uint32_t vgic_lr_owner_mask(struct domain *d, const struct virq *q)
{
	return 1u << lr_owner(d, q)->id;
}

bool vgic_lr_state(struct domain *d, const struct virq *q, struct vgic_lr *out)
{
	if (!q->in_lr)
		return false;
	lr_decode(lr_owner(d, q), q->lr, out);
	return true;
}

void vgic_lr_edit(struct domain *d, const struct virq *q, bool clear_pending, bool clear_active)
{
	struct vcpu *v = lr_owner(d, q);
	struct vgic_lr lr;

	lr_decode(v, q->lr, &lr);
	lr.pending &= !clear_pending;
	lr.active &= !clear_active;
	v->arch.gic.lr[q->lr] = lr_ops()->lr_encode(&lr);
}

static void lr_write(struct vcpu *v, unsigned int i, const struct vgic_lr *lr)
{
	v->arch.gic.lr[i] = lr_ops()->lr_encode(lr);
	lr_ops()->lr_write(i, v->arch.gic.lr[i]);
}

/*
 * The guest has deactivated q: a forwarded SPI's line drops here, and its
 * owner unmasks the physical one (which pends it again if still high).
 */
static void lr_deactivated(struct domain *d, struct virq *q)
{
	if (!q->forwarded)
		return;
	q->level = false;
	if (d->vgic.forward_eoi)
		d->vgic.forward_eoi(d, q->intid);
}

/* The guest is done with LR i: empty it and let q be listed again. */
static uint32_t lr_free(struct vcpu *v, unsigned int i, struct virq *q)
{
	v->vgic.lr_used &= ~(1ULL << i);
	v->arch.gic.lr[i] = 0;
	lr_ops()->lr_write(i, 0); /* also drops a finished EOI maintenance request */
	q->in_lr = false;
	q->active = false;
	return virq_update(v->domain, q);
}

/* A GICv2 SGI carries one source per LR; the others wait in q->sgi_sources. */
static void lr_take_pending(struct domain *d, struct virq *q, struct vgic_lr *lr)
{
	if (d->vgic.version == 2 && q->intid < VGIC_NR_SGIS) {
		ASSERT(q->sgi_sources);
		lr->source = (uint8_t)lowest_bit(q->sgi_sources);
		q->sgi_sources &= (uint8_t)(q->sgi_sources - 1);
		q->pending = q->sgi_sources != 0;
	} else {
		q->pending = false;
	}
	lr->pending = true;
}

static void lr_place(struct vcpu *v, struct virq *q, unsigned int i)
{
	struct vgic_lr lr = {
		.intid = q->intid,
		.priority = q->priority,
		.active = q->active,
		.group1 = q->group1,
		/* A forwarded line must come back whatever the guest's trigger mode. */
		.eoi_notify = (q->level_sensitive && q->level) || q->forwarded,
	};

	if (q->pending)
		lr_take_pending(v->domain, q, &lr);
	else
		lr.pending = true; /* a level-sensitive line that is high */
	q->in_lr = true;
	q->lr = (uint8_t)i;
	v->vgic.lr_used |= 1ULL << i;
	lr_write(v, i, &lr);
}

/* Merge what happened to q since the LR was written; false if the LR is now empty. */
static bool lr_refresh_one(struct domain *d, struct virq *q, struct vgic_lr *lr)
{
	bool v2_sgi = d->vgic.version == 2 && q->intid < VGIC_NR_SGIS;

	if (lr->pending && !lr->active && (!q->enabled || !virq_group_enabled(d, q))) {
		/*
		 * Disabled before the guest took it: back to the distributor,
		 * latched unless a high line keeps it pending anyway.
		 */
		if (v2_sgi)
			q->sgi_sources |= 1u << lr->source;
		q->pending = q->pending || v2_sgi || !(q->level_sensitive && q->level);
		return false;
	}
	if (q->pending && (!v2_sgi || (q->sgi_sources & (1u << lr->source)))) {
		if (v2_sgi) {
			q->sgi_sources &= ~(1u << lr->source);
			q->pending = q->sgi_sources != 0;
		} else {
			q->pending = false;
		}
		lr->pending = true;
	}
	/* A high line wants to know when the guest is done, to pend it again. */
	lr->eoi_notify |= (q->level_sensitive && q->level) || q->forwarded;
	return lr->pending || lr->active;
}

static uint32_t lrs_refresh(struct vcpu *v)
{
	uint64_t used = v->vgic.lr_used;
	uint32_t kick = 0;

	while (used) {
		unsigned int i = lowest_bit(used);
		struct vgic_lr lr;
		struct virq *q = lr_virq(v, i, &lr);

		used &= used - 1;
		if (lr_refresh_one(v->domain, q, &lr)) {
			lr_write(v, i, &lr);
			continue;
		}
		if (!lr.pending) /* deactivated, not taken back by a disable */
			lr_deactivated(v->domain, q);
		kick |= lr_free(v, i, q);
	}
	return kick;
}

/* Fill free LRs from the head of the list; true if deliverable ones are left over. */
static bool lrs_fill(struct vcpu *v)
{
	uint64_t free = ~v->vgic.lr_used & ((1ULL << lr_ops()->nr_lrs()) - 1);
	struct virq **pp = &v->vgic.pending_head;

	while (*pp) {
		struct virq *q = *pp;

		if (!virq_group_enabled(v->domain, q)) {
			pp = &q->next_pending;
			continue;
		}
		if (!free)
			return true;
		*pp = q->next_pending;
		q->next_pending = NULL;
		q->queued = false;
		lr_place(v, q, lowest_bit(free));
		free &= free - 1;
	}
	return false;
}

void vgic_flush_lrs(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint64_t flags;
	uint32_t kick;

	/* Nothing listed, nothing waiting: the LRs are already right. */
	if (!v->vgic.lr_used && !__atomic_load_n(&v->vgic.pending_head, __ATOMIC_ACQUIRE))
		return;
	flags = spin_lock_irqsave(&d->vgic.lock);
	kick = lrs_refresh(v);

	/* More pending than LRs: the underflow interrupt brings Tarn back to refill. */
	lr_ops()->set_underflow(lrs_fill(v));
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	vgic_kick(d, kick & ~(1u << v->id));
}

void vgic_sync_lrs(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint64_t flags;
	uint64_t used = v->vgic.lr_used;
	uint32_t kick = 0;

	if (!used)
		return; /* only this CPU changes lr_used while v is loaded */
	flags = spin_lock_irqsave(&d->vgic.lock);

	while (used) {
		unsigned int i = lowest_bit(used);
		struct vgic_lr lr;
		struct virq *q;

		used &= used - 1;
		v->arch.gic.lr[i] = lr_ops()->lr_read(i);
		q = lr_virq(v, i, &lr);
		if (lr.pending || lr.active) {
			q->active = lr.active;
		} else {
			lr_deactivated(d, q);
			kick |= lr_free(v, i, q); /* EOIed: a high line pends it again */
		}
	}
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	vgic_kick(d, kick & ~(1u << v->id));
}

bool vgic_vcpu_has_pending(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);
	bool found = false;

	for (struct virq *q = v->vgic.pending_head; q && !found; q = q->next_pending)
		found = virq_group_enabled(d, q);
	for (uint64_t used = v->vgic.lr_used; used && !found; used &= used - 1) {
		struct vgic_lr lr;
		struct virq *q = lr_virq(v, lowest_bit(used), &lr);

		found = lr.pending || (q->pending && q->enabled);
	}
	spin_unlock_irqrestore(&d->vgic.lock, flags);
	return found;
}

/* Expects vgic_sync_lrs(v) since v last ran: the shadow is then current. */
void vgic_save(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);

	for (uint64_t used = v->vgic.lr_used; used; used &= used - 1)
		lr_ops()->lr_write(lowest_bit(used), 0);
	lr_ops()->save(&v->arch.gic);
	spin_unlock_irqrestore(&d->vgic.lock, flags);
}

void vgic_restore(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint64_t flags = spin_lock_irqsave(&d->vgic.lock);

	lr_ops()->restore(&v->arch.gic);
	for (uint64_t used = v->vgic.lr_used; used; used &= used - 1) {
		unsigned int i = lowest_bit(used);

		lr_ops()->lr_write(i, v->arch.gic.lr[i]);
	}
	spin_unlock_irqrestore(&d->vgic.lock, flags);
}
