/*
 * Boot-time planning of free RAM and the locked page allocator (see
 * page-alloc.h).
 *
 * Locking: alloc_lock protects the buddy state; it is a leaf lock and is
 * taken with IRQs masked, since interrupt handlers may allocate later.
 */
#include "mm/page-alloc.h"

#include "lib/format.h"
#include "lib/spinlock.h"
#include "tarn/errno.h"

static struct buddy pages;
static struct spinlock alloc_lock = SPINLOCK_INIT;

static int plan_fail(char *err, size_t errlen, int rc, const char *msg)
{
	fmt_snprintf(err, errlen, "memory: %s", msg);
	return rc;
}

static int plan_exclusions(const struct mm_layout *l, struct memmap *m)
{
	int rc = 0;

	for (unsigned int i = 0; !rc && i < l->nexcluded; i++)
		rc = memmap_remove(m, l->excluded[i].base, l->excluded[i].size);
	return rc;
}

int mm_plan(const struct mm_layout *l, struct mm_plan *plan, char *err, size_t errlen)
{
	int rc = 0;

	*plan = (struct mm_plan){0};
	if (l->nbanks > BUDDY_MAX_ZONES || l->nbanks > MM_MAX_BANKS)
		return plan_fail(err, errlen, -TARN_ENOSPC, "too many memory banks");
	for (unsigned int i = 0; i < l->nbanks; i++) {
		uint64_t b = ALIGN_UP(l->banks[i].base, PAGE_SIZE);
		uint64_t e = ALIGN_DOWN(l->banks[i].base + l->banks[i].size, PAGE_SIZE);

		if (e <= b)
			continue;
		rc = memmap_add(&plan->free, b, e - b);
		if (rc)
			return plan_fail(err, errlen, rc, "bad memory banks");
		plan->zones[plan->nzones].base = b;
		plan->zones[plan->nzones].npages = (e - b) >> PAGE_SHIFT;
		plan->nzones++;
	}
	if (l->nexcluded > MM_MAX_EXCLUDED || plan_exclusions(l, &plan->free))
		return plan_fail(err, errlen, -TARN_ENOSPC, "too many reserved ranges");
	memmap_page_align(&plan->free);
	for (unsigned int z = 0; z < plan->nzones; z++) {
		uint64_t bytes = ALIGN_UP(buddy_frames_bytes(plan->zones[z].npages), PAGE_SIZE);
		uint64_t at;

		if (memmap_find_top(&plan->free, bytes, PAGE_SIZE, &at))
			return plan_fail(err, errlen, -TARN_ENOMEM, "no room for the frame table");
		if (memmap_remove(&plan->free, at, bytes))
			return plan_fail(err, errlen, -TARN_ENOSPC, "too many free ranges");
		plan->zones[z].frames = at;
		plan->frame_bytes += bytes;
	}
	return 0;
}

int page_alloc_init(const struct mm_plan *plan)
{
	int rc = 0;

	buddy_init(&pages);
	for (unsigned int z = 0; !rc && z < plan->nzones; z++)
		rc = buddy_add_zone(&pages, pa_init(plan->zones[z].base), plan->zones[z].npages,
				    pa_to_ptr(pa_init(plan->zones[z].frames)));
	for (unsigned int i = 0; !rc && i < plan->free.n; i++)
		rc = buddy_release(&pages, pa_init(plan->free.r[i].base),
				   plan->free.r[i].size >> PAGE_SHIFT);
	return rc;
}

int page_alloc(unsigned int order, paddr_t *out)
{
	uint64_t flags = spin_lock_irqsave(&alloc_lock);
	int rc = buddy_alloc(&pages, order, out);

	spin_unlock_irqrestore(&alloc_lock, flags);
	return rc;
}

void page_free(paddr_t pa, unsigned int order)
{
	uint64_t flags = spin_lock_irqsave(&alloc_lock);

	buddy_free(&pages, pa, order);
	spin_unlock_irqrestore(&alloc_lock, flags);
}

void page_split(paddr_t pa, unsigned int order)
{
	uint64_t flags = spin_lock_irqsave(&alloc_lock);

	buddy_split(&pages, pa, order);
	spin_unlock_irqrestore(&alloc_lock, flags);
}

uint64_t page_alloc_free_pages(void)
{
	return pages.free_pages;
}

uint64_t page_alloc_total_pages(void)
{
	return pages.total_pages;
}

int page_alloc_largest_order(void)
{
	uint64_t flags = spin_lock_irqsave(&alloc_lock);
	int order = buddy_largest_free_order(&pages);

	spin_unlock_irqrestore(&alloc_lock, flags);
	return order;
}
