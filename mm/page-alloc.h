/*
 * The physical page allocator Tarn uses: the buddy allocator of mm/buddy.c
 * over all free RAM, behind one lock.
 *
 * Boot has two steps. mm_plan() decides, from the machine's memory layout
 * (its RAM banks and the ranges nothing may touch: Tarn's image, the device
 * tree, the boot modules, reserved memory; the core's boot code gathers
 * them), which RAM is free: every bank minus those and minus the frame
 * tables, which it places at the top of free RAM. It is pure computation
 * (host-tested). page_alloc_init() then carries the plan out.
 */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include "mm/buddy.h"
#include "mm/memmap.h"

#define MM_MAX_BANKS	16
#define MM_MAX_EXCLUDED 64

struct mm_range {
	uint64_t base;
	uint64_t size;
};

/* What boot knows about memory: RAM, and what in it is taken. Excluded
 * ranges may overlap each other and may lie partly outside RAM. */
struct mm_layout {
	struct mm_range banks[MM_MAX_BANKS];
	unsigned int nbanks;
	struct mm_range excluded[MM_MAX_EXCLUDED];
	unsigned int nexcluded;
};

struct mm_plan {
	struct {
		uint64_t base; /* page-aligned bank start */
		uint64_t npages;
		uint64_t frames; /* physical address of its frame table */
	} zones[BUDDY_MAX_ZONES];
	unsigned int nzones;
	struct memmap free;   /* what goes to the allocator */
	uint64_t frame_bytes; /* all frame tables together */
};

/* Returns 0, or -TARN_ENOMEM/-TARN_ENOSPC/-TARN_EINVAL with a message in err. */
int mm_plan(const struct mm_layout *l, struct mm_plan *plan, char *err, size_t errlen);

/* Carry out plan: build the zones and release the free ranges. */
int page_alloc_init(const struct mm_plan *plan);

int page_alloc(unsigned int order, paddr_t *out);
void page_free(paddr_t pa, unsigned int order);
/* Split an allocated block in two halves of order - 1 (buddy_split). */
void page_split(paddr_t pa, unsigned int order);
uint64_t page_alloc_free_pages(void);
uint64_t page_alloc_total_pages(void);
int page_alloc_largest_order(void);

#endif /* MM_PAGE_ALLOC_H */
