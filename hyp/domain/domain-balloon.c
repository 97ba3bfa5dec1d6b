/*
 * A domain's RAM a page at a time (domain.h): what ballooning needs, when a
 * guest gives pages back (XENMEM_decrease_reservation) and takes them again
 * (XENMEM_populate_physmap).
 *
 * RAM is held as extents of 2^order pages (domain.c). Giving back one page
 * of a large extent splits the extent in halves down to that page, the
 * buddy allocator's block with it (page_split), so every piece stays a
 * naturally aligned block the allocator can take back. The stage-2 block
 * mapping is split the same way by p2m_unmap. A page is zeroed before it
 * goes back to the pool, as all of a domain's memory is.
 */
#include "arch/arm64/p2m.h"
#include "hyp/domain/domain.h"
#include "arch/arm64/cpu.h"
#include "lib/string.h"
#include "mm/page-alloc.h"
#include "mm/zalloc.h"
#include "tarn/errno.h"

/*
 * Room for one more extent: the table doubles when full (pages given back
 * and taken again one by one each need an entry), up to one per page the
 * domain may own. d's lock held; zalloc() takes only the allocator's lock.
 */
static int extents_room(struct domain *d)
{
	unsigned int cap = d->extents_cap * 2;
	struct mem_extent *bigger;

	if (d->nextents < d->extents_cap)
		return 0;
	if (d->extents_cap >= d->max_pages + 64)
		return -TARN_ENOSPC;
	bigger = zalloc(sizeof(*bigger) * cap);
	if (!bigger)
		return -TARN_ENOMEM;
	memcpy(bigger, d->extents, sizeof(*bigger) * d->nextents);
	zfree(d->extents, sizeof(*d->extents) * d->extents_cap);
	d->extents = bigger;
	d->extents_cap = cap;
	return 0;
}

/* The extent of d holding ipa, or -1. */
static int extent_find(const struct domain *d, uint64_t ipa)
{
	for (unsigned int i = 0; i < d->nextents; i++) {
		const struct mem_extent *e = &d->extents[i];

		if (ipa >= e->ipa && ipa - e->ipa < (PAGE_SIZE << e->order))
			return (int)i;
	}
	return -1;
}

/* Split extent i in halves until the one holding ipa is a single page. */
static int extent_split_to(struct domain *d, unsigned int i, uint64_t ipa)
{
	while (d->extents[i].order) {
		int rc = extents_room(d); /* first: the table may move */
		struct mem_extent *e = &d->extents[i];
		uint64_t half = PAGE_SIZE << (e->order - 1);
		struct mem_extent upper = {pa_add(e->pa, half), e->ipa + half, e->order - 1};

		if (rc)
			return rc;
		page_split(e->pa, e->order);
		e->order--;
		if (ipa >= upper.ipa) { /* keep following the half with ipa */
			d->extents[d->nextents++] = *e;
			*e = upper;
		} else {
			d->extents[d->nextents++] = upper;
		}
	}
	return 0;
}

int domain_page_release(struct domain *d, uint64_t ipa)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);
	int i = extent_find(d, ipa);
	int rc = i < 0 ? -TARN_EINVAL : extent_split_to(d, (unsigned int)i, ipa);
	paddr_t pa = pa_init(0);

	if (!rc)
		rc = p2m_unmap(d, ipa, PAGE_SIZE);
	if (!rc) {
		pa = d->extents[i].pa;
		d->extents[i] = d->extents[--d->nextents];
		d->tot_pages--;
	}
	spin_unlock_irqrestore(&d->lock, flags);
	if (rc)
		return rc;
	arch_zero_pages(pa_to_ptr(pa), PAGE_SIZE);
	page_free(pa, 0);
	return 0;
}

int domain_page_add(struct domain *d, uint64_t ipa)
{
	uint64_t flags;
	paddr_t pa;
	int rc;

	if (page_alloc(0, &pa))
		return -TARN_ENOMEM;
	arch_zero_pages(pa_to_ptr(pa), PAGE_SIZE);
	flags = spin_lock_irqsave(&d->lock);
	if (d->tot_pages >= d->max_pages)
		rc = -TARN_ENOMEM;
	else if (extent_find(d, ipa) >= 0)
		rc = -TARN_EINVAL;
	else
		rc = extents_room(d);
	if (!rc)
		rc = p2m_map(d, ipa, pa, PAGE_SIZE, P2M_RAM_RW);
	if (!rc) {
		d->extents[d->nextents++] = (struct mem_extent){pa, ipa, 0};
		d->tot_pages++;
	}
	spin_unlock_irqrestore(&d->lock, flags);
	if (rc)
		page_free(pa, 0);
	return rc;
}
