/*
 * Domain life cycle: create, give memory, start, shut down or crash, release
 * (see domain.h).
 *
 * Memory is given as the largest naturally aligned blocks the allocator has,
 * mapped with stage-2 blocks where they fit, and recorded as extents so it
 * can all be found again. Every page is zeroed when it is given to a domain
 * and again when it leaves one (DESIGN §4: a page leaves a domain only
 * scrubbed), so nothing ever passes between domains or from Tarn.
 */
#include "hyp/domain.h"

#include "arch/arm64/p2m.h"
#include "arch/arm64/vcpu.h"
#include "hyp/console.h"
#include "hyp/format.h"
#include "hyp/hyp.h"
#include "hyp/schedule.h"
#include "hyp/string.h"
#include "hyp/vpl011.h"
#include "hyp/wallclock.h"
#include "mm/page-alloc.h"
#include "mm/zalloc.h"
#include "tarn/errno.h"

struct domain *domains[DOMAIN_MAX];
struct spinlock domain_list_lock = SPINLOCK_INIT;

static int domid_alloc(bool privileged, struct domain *d)
{
	/* The control domain is 0, as Xen's dom0; others count from 1. */
	unsigned int first = privileged ? 0 : 1;
	uint64_t flags = spin_lock_irqsave(&domain_list_lock);
	int rc = -TARN_ENOSPC;

	for (unsigned int i = first; i < DOMAIN_MAX; i++) {
		if (!domains[i]) {
			domains[i] = d;
			d->id = (uint16_t)i;
			rc = 0;
			break;
		}
		if (privileged)
			break; /* 0 is taken: a second control domain is refused */
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
	if (!d->extents || page_alloc(0, &si))
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

		if (d->nextents == DOMAIN_MAX_EXTENTS)
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

/* Give back every page d owns, zeroed. Its vCPUs must be off every CPU. */
static void domain_release_memory(struct domain *d)
{
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
	if (d->extents)
		domain_release_memory(d);
	vgic_domain_destroy(d);
	vpl011_destroy(d);
	p2m_domain_destroy(d);
	if (pa_val(d->shared_info)) {
		arch_zero_pages(pa_to_ptr(d->shared_info), PAGE_SIZE);
		page_free(d->shared_info, 0);
	}
	zfree(d->extents, sizeof(*d->extents) * DOMAIN_MAX_EXTENTS);
	flags = spin_lock_irqsave(&domain_list_lock);
	if (domains[d->id] == d)
		domains[d->id] = NULL;
	spin_unlock_irqrestore(&domain_list_lock, flags);
	zfree(d, sizeof(*d));
}

static void domain_stop_vcpus(struct domain *d)
{
	for (unsigned int i = 0; i < d->nvcpus; i++)
		vcpu_stop(d->vcpus[i], VCPU_STOPPED);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);

	if (d->state == DOMAIN_RUNNING || d->state == DOMAIN_PAUSED) {
		d->state = DOMAIN_SHUTDOWN;
		d->shutdown_reason = reason;
	}
	spin_unlock_irqrestore(&d->lock, flags);
	domain_stop_vcpus(d);
}

void domain_crash(struct domain *d, const char *why)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);
	bool first = d->state != DOMAIN_CRASHED;

	d->state = DOMAIN_CRASHED;
	spin_unlock_irqrestore(&d->lock, flags);
	if (first)
		printk("domain %u (%s) crashed: %s\n", d->id, d->name, why);
	domain_stop_vcpus(d);
}

void domain_crash_vcpu(struct vcpu *v, const char *why)
{
	struct domain *d = v->domain;

	if (d->state != DOMAIN_CRASHED) {
		printk("domain %u (%s) vCPU %u crashed: %s\n", d->id, d->name, v->id, why);
		arch_vcpu_dump(v);
	}
	domain_crash(d, why);
}

/* Called by the scheduler once the last of d's vCPUs has left its CPU. */
void domain_vcpus_gone(struct domain *d)
{
	if ((d->state == DOMAIN_CRASHED || d->state == DOMAIN_SHUTDOWN) && d->nextents) {
		uint64_t pages = d->tot_pages;

		domain_release_memory(d);
		printk("domain %u (%s): %llu KiB returned to the free pool, scrubbed\n", d->id,
		       d->name, (unsigned long long)(pages * PAGE_SIZE >> 10));
	}
}

void domain_unpause(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);
	bool start = d->state == DOMAIN_BUILDING || d->state == DOMAIN_PAUSED;

	if (start)
		d->state = DOMAIN_RUNNING;
	spin_unlock_irqrestore(&d->lock, flags);
	if (!start)
		return;
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		/* vCPU 0 starts at boot; the others wait for PSCI CPU_ON. */
		if (v->state == VCPU_STOPPED || (i == 0 && v->state == VCPU_OFFLINE))
			vcpu_wake(v);
	}
}

void domain_console_put(struct domain *d, char c)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);
	bool flush = c == '\n' || d->console_len == sizeof(d->console_line) - 1;

	if (c != '\n' && c != '\r')
		d->console_line[d->console_len++] = c;
	if (flush) {
		d->console_line[d->console_len] = '\0';
		d->console_len = 0;
		console_guest_line(d->id, d->console_line);
	}
	spin_unlock_irqrestore(&d->lock, flags);
}
