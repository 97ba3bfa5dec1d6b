/*
 * Domain life cycle, the parts that own memory: create, give RAM, release
 * and free (see domain.h; states are domain-state.c's).
 *
 * Memory is given as the largest naturally aligned blocks the allocator has,
 * mapped with stage-2 blocks where they fit, and recorded as extents so it
 * can all be found again. Every page is zeroed when it is given to a domain
 * and again when it leaves one (DESIGN §4: a page leaves a domain only
 * scrubbed), so nothing ever passes between domains or from Tarn.
 */
#include "hyp/domain/domain.h"

#include "arch/arm64/p2m.h"
#include "arch/arm64/vcpu.h"
#include "hyp/console/console.h"
#include "lib/format.h"
#include "arch/arm64/cpu.h"
#include "hyp/domain/passthrough.h"
#include "hyp/schedule/schedule.h"
#include "lib/string.h"
#include "arch/arm64/vdev/vpl011.h"
#include "hyp/domain/wallclock.h"
#include "mm/page-alloc.h"
#include "mm/zalloc.h"
#include "tarn/ctl.h"
#include "tarn/errno.h"

struct domain *domains[DOMAIN_MAX];
struct spinlock domain_list_lock = SPINLOCK_INIT;

/* The id given last: the next domain gets the next free one after it. */
static unsigned int domid_last;

/*
 * The control domain is 0, as Xen's dom0; others count from 1 and, as on
 * Xen, a new domain takes the next free id after the last one given, not
 * the lowest: a rebooted domain comes back under a new id, and a stale id
 * in a user's hands names nothing rather than someone else.
 */
static int domid_pick(bool privileged)
{
	if (privileged)
		return domains[0] ? -TARN_ENOSPC : 0;
	for (unsigned int n = 0; n < DOMAIN_MAX - 1; n++) {
		unsigned int id = 1 + (domid_last + n) % (DOMAIN_MAX - 1);

		if (!domains[id])
			return (int)id;
	}
	return -TARN_ENOSPC;
}

static int domid_alloc(bool privileged, struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&domain_list_lock);
	int rc;

	for (unsigned int i = 0; i < DOMAIN_MAX; i++) {
		const struct domain *o = domains[i];

		/* Names are how a user says which domain (DYING ones are gone). */
		if (o && o->state != DOMAIN_DYING && !strcmp(o->name, d->name)) {
			spin_unlock_irqrestore(&domain_list_lock, flags);
			return -TARN_EEXIST;
		}
	}
	rc = domid_pick(privileged);
	if (rc >= 0) {
		domains[rc] = d;
		d->id = (uint16_t)rc;
		if (!privileged)
			domid_last = (unsigned int)rc;
		rc = 0;
	}
	spin_unlock_irqrestore(&domain_list_lock, flags);
	return rc;
}

struct domain *domain_get(unsigned int id)
{
	return id < DOMAIN_MAX ? domains[id] : NULL;
}

static int vcpus_create(struct domain *d, unsigned int nvcpus)
{
	for (unsigned int i = 0; i < nvcpus; i++) {
		struct vcpu *v = zalloc(sizeof(*v));
		int rc;

		if (!v)
			return -TARN_ENOMEM;
		v->domain = d;
		v->id = i;
		v->state = VCPU_OFFLINE;
		v->unit.owner = v;
		d->vcpus[i] = v;
		d->nvcpus = i + 1;
		rc = vgic_vcpu_init(v);
		if (rc)
			return rc;
		sched_vcpu_insert(v);
	}
	return 0;
}

static int domain_alloc_parts(struct domain *d, unsigned int nvcpus)
{
	paddr_t si;
	int rc;

	d->extents = zalloc(sizeof(*d->extents) * DOMAIN_MAX_EXTENTS);
	d->extents_cap = DOMAIN_MAX_EXTENTS;
	d->console_ring = zalloc(TARN_CONSOLE_RING);
	if (!d->extents || !d->console_ring || page_alloc(0, &si))
		return -TARN_ENOMEM;
	memset(pa_to_ptr(si), 0, PAGE_SIZE);
	wallclock_fill(pa_to_ptr(si));
	d->shared_info = si;
	sched_dom_insert(d);
	rc = p2m_domain_init(d);
	if (!rc)
		rc = vgic_domain_init(d);
	if (!rc)
		rc = vcpus_create(d, nvcpus);
	return rc;
}

int domain_create(const char *name, bool privileged, unsigned int nvcpus, uint64_t max_pages,
		  struct domain **out)
{
	struct domain *d;
	int rc;

	if (nvcpus == 0 || nvcpus > DOMAIN_MAX_VCPUS)
		return -TARN_EINVAL;
	d = zalloc(sizeof(*d));
	if (!d)
		return -TARN_ENOMEM;
	fmt_snprintf(d->name, sizeof(d->name), "%s", name);
	d->privileged = privileged;
	d->state = DOMAIN_BUILDING;
	d->max_pages = max_pages;
	d->lock = (struct spinlock)SPINLOCK_INIT;
	d->vgic.lock = (struct spinlock)SPINLOCK_INIT;
	rc = domid_alloc(privileged, d);
	if (rc) {
		zfree(d, sizeof(*d));
		return rc;
	}
	rc = domain_alloc_parts(d, nvcpus);
	if (rc) {
		domain_destroy(d);
		return rc;
	}
	*out = d;
	return 0;
}

/* Largest order that fits at ipa (alignment) and in the bytes left. */
static unsigned int extent_order(uint64_t ipa, uint64_t left)
{
	unsigned int order = 0;

	while (order + 1 < BUDDY_ORDERS && IS_ALIGNED(ipa, PAGE_SIZE << (order + 1)) &&
	       (PAGE_SIZE << (order + 1)) <= left)
		order++;
	return order;
}

static int populate_one(struct domain *d, uint64_t ipa, unsigned int order, unsigned int *got)
{
	paddr_t pa;
	int rc;

	/* Settle for smaller blocks when the big ones are gone. */
	while (page_alloc(order, &pa)) {
		if (order == 0)
			return -TARN_ENOMEM;
		order--;
	}
	arch_zero_pages(pa_to_ptr(pa), PAGE_SIZE << order);
	rc = p2m_map(d, ipa, pa, PAGE_SIZE << order, P2M_RAM_RW);
	if (rc) {
		page_free(pa, order);
		return rc;
	}
	d->extents[d->nextents++] = (struct mem_extent){pa, ipa, order};
	d->tot_pages += 1ULL << order;
	*got = order;
	return 0;
}

int domain_populate(struct domain *d, uint64_t ipa, uint64_t nbytes)
{
	uint64_t end = ipa + nbytes;

	if (!IS_ALIGNED(ipa, PAGE_SIZE) || !IS_ALIGNED(nbytes, PAGE_SIZE))
		return -TARN_EINVAL;
	if (d->tot_pages + (nbytes >> PAGE_SHIFT) > d->max_pages)
		return -TARN_ENOMEM;
	if ((nbytes >> PAGE_SHIFT) > page_alloc_free_pages())
		return -TARN_ENOMEM;
	while (ipa < end) {
		unsigned int order;
		int rc;

		if (d->nextents == d->extents_cap)
			return -TARN_ENOSPC;
		rc = populate_one(d, ipa, extent_order(ipa, end - ipa), &order);
		if (rc)
			return rc;
		ipa += PAGE_SIZE << order;
	}
	return 0;
}

bool domain_ipa_to_pa(struct domain *d, uint64_t ipa, paddr_t *pa)
{
	return p2m_lookup_ram(d, ipa, pa);
}

void domain_release_memory(struct domain *d)
{
	/* Devices it drove must stop writing (DMA) before its pages go. */
	passthrough_release(d);
	for (unsigned int i = 0; i < d->nextents; i++) {
		struct mem_extent *e = &d->extents[i];

		arch_zero_pages(pa_to_ptr(e->pa), PAGE_SIZE << e->order);
		page_free(e->pa, e->order);
	}
	d->nextents = 0;
	d->tot_pages = 0;
}

void domain_destroy(struct domain *d)
{
	uint64_t flags;

	for (unsigned int i = 0; i < d->nvcpus; i++) {
		if (!d->vcpus[i])
			continue;
		sched_vcpu_remove(d->vcpus[i]);
		zfree(d->vcpus[i], sizeof(*d->vcpus[i]));
		d->vcpus[i] = NULL;
	}
	sched_dom_remove(d);
	passthrough_release(d);
	if (d->extents)
		domain_release_memory(d);
	vgic_domain_destroy(d);
	vpl011_destroy(d);
	p2m_domain_destroy(d);
	if (pa_val(d->shared_info)) {
		arch_zero_pages(pa_to_ptr(d->shared_info), PAGE_SIZE);
		page_free(d->shared_info, 0);
	}
	zfree(d->extents, sizeof(*d->extents) * d->extents_cap);
	zfree(d->console_ring, TARN_CONSOLE_RING);
	flags = spin_lock_irqsave(&domain_list_lock);
	if (domains[d->id] == d)
		domains[d->id] = NULL;
	spin_unlock_irqrestore(&domain_list_lock, flags);
	zfree(d, sizeof(*d));
}
