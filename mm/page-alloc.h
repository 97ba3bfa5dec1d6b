/*
 * The physical page allocator Tarn uses: the buddy allocator of mm/buddy.c
 * over all free RAM, behind one lock.
 *
 * Boot has two steps. mm_plan() decides, from the device tree's view of the
 * machine, which RAM is free: every bank minus Tarn's image, the device tree,
 * the modules, every reserved range, and the frame tables, which it places
 * at the top of free RAM. It is pure computation (host-tested).
 * page_alloc_init() then carries the plan out.
 */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include "hyp/boot/bootinfo.h"
#include "mm/buddy.h"
#include "mm/memmap.h"

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
int mm_plan(const struct bootinfo *bi, uint64_t image_base, uint64_t image_size,
	    struct mm_plan *plan, char *err, size_t errlen);

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
