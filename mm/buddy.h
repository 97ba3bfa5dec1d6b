/*
 * The physical page allocator: a binary buddy allocator over zones of RAM.
 *
 * Every page of a zone has a struct frame in a frame table that the caller
 * provides (carved out of RAM at boot). The allocator keeps its free lists in
 * the frame table, never in the pages themselves, so it never touches page
 * contents: it is pure bookkeeping, arch-neutral and host-testable.
 *
 * Blocks of order k are 2^k pages and are aligned to 2^k pages in physical
 * address space (not relative to the zone), so large blocks can later back
 * stage-2 block mappings.
 *
 * A zone starts with every page reserved; buddy_release() hands ranges of it
 * to the free lists (merging buddies). Pages that are never released (Tarn's
 * image, the device tree, modules, reserved memory, the frame table itself)
 * are never handed out.
 *
 * Locking: none here. The caller serialises access (mm/page-alloc.c holds
 * the allocator lock around every call).
 */
#ifndef MM_BUDDY_H
#define MM_BUDDY_H

#include "lib/types.h"

#define BUDDY_ORDERS	19 /* orders 0..18: 4 KiB .. 1 GiB */
#define BUDDY_MAX_ZONES 8
#define FRAME_NONE	UINT32_MAX

/* Frame states. */
enum frame_state {
	FRAME_RESERVED = 0, /* never released to the allocator */
	FRAME_FREE_HEAD,    /* first page of a free block of frame.order */
	FRAME_FREE_TAIL,    /* other pages of a free block */
	FRAME_ALLOCATED,    /* handed out (first page records the order) */
};

/* One per physical page. 16 bytes: 1 GiB of RAM costs 4 MiB of frames. */
struct frame {
	uint32_t next; /* free list link (frame index in zone), FRAME_NONE ends */
	uint32_t prev;
	uint16_t owner; /* domain id, or an OWNER_* value (mm/frame ownership, later) */
	uint8_t order;	/* block order, valid in FREE_HEAD and the first ALLOCATED page */
	uint8_t state;	/* enum frame_state */
	uint32_t refs;	/* reference count (grants, later) */
};

struct buddy_zone {
	paddr_t base;	 /* first page (page aligned) */
	uint64_t npages; /* pages in the zone */
	struct frame *frames;
	uint32_t free_head[BUDDY_ORDERS];
	uint64_t free_pages;
};

struct buddy {
	struct buddy_zone zones[BUDDY_MAX_ZONES];
	unsigned int nzones;
	uint64_t total_pages; /* pages in all zones */
	uint64_t free_pages;  /* pages on the free lists */
};

/* Bytes of frame table needed for a zone of npages pages. */
uint64_t buddy_frames_bytes(uint64_t npages);

void buddy_init(struct buddy *b);

/*
 * Add a zone of npages pages at base (page aligned) whose frame table is
 * frames (buddy_frames_bytes(npages) bytes). All its pages start reserved.
 * Returns 0, -TARN_EINVAL (unaligned, empty, overlapping another zone, or too
 * many pages for 32-bit frame indices) or -TARN_ENOSPC (too many zones).
 */
int buddy_add_zone(struct buddy *b, paddr_t base, uint64_t npages, struct frame *frames);

/*
 * Hand the reserved pages [start, start + npages*PAGE_SIZE) to the free lists.
 * The range must lie inside one zone and every page in it must be reserved.
 * Returns 0 or -TARN_EINVAL (nothing changed).
 */
int buddy_release(struct buddy *b, paddr_t start, uint64_t npages);

/*
 * Allocate a block of 2^order pages. Returns 0 and its address in *out, or
 * -TARN_ENOMEM (no block that large is free) / -TARN_EINVAL (order too big).
 */
int buddy_alloc(struct buddy *b, unsigned int order, paddr_t *out);

/*
 * Free a block returned by buddy_alloc() with the same order. Freeing
 * anything else (an unallocated page, a wrong order, a reserved page) is a
 * bug in Tarn and fails an assertion.
 */
void buddy_free(struct buddy *b, paddr_t pa, unsigned int order);
/* An allocated block of order (> 0) at pa becomes two allocated blocks of
 * order - 1, to be freed one at a time (a domain giving back part of its RAM). */
void buddy_split(struct buddy *b, paddr_t pa, unsigned int order);

/* The frame of the page at pa, or NULL if pa is in no zone. */
struct frame *buddy_frame(struct buddy *b, paddr_t pa);

/* Largest order with a free block, or -1 when nothing is free. */
int buddy_largest_free_order(const struct buddy *b);

/* Walk every zone and check the free lists against the frame states and the
 * counters; returns 0 when consistent, -TARN_EINVAL otherwise. For tests and
 * debug keys. */
int buddy_check(const struct buddy *b);

#endif /* MM_BUDDY_H */
