/*
 * The binary buddy allocator declared in mm/buddy.h.
 *
 * Free blocks sit on per-zone, per-order doubly linked lists threaded through
 * the frame table by frame index. A block's buddy is found by flipping one bit
 * of its physical address, so blocks stay aligned in physical address space;
 * a buddy that lies outside the zone simply never matches, which is what keeps
 * blocks from spanning two zones even when the zones touch.
 *
 * This file touches the struct buddy it is given and the frame tables handed
 * to buddy_add_zone(), nothing else (never page contents).
 */
#include "mm/buddy.h"

#include "lib/assert.h"
#include "lib/types.h"
#include "tarn/errno.h"

#define BUDDY_MAX_ORDER (BUDDY_ORDERS - 1)

/*
 * Order recorded in every page that does not head a block. It matches no real
 * order, so freeing a tail page fails the head check in buddy_free().
 */
#define ORDER_NONE 0xff

_Static_assert(BUDDY_ORDERS < ORDER_NONE, "ORDER_NONE must not be a real order");

uint64_t buddy_frames_bytes(uint64_t npages)
{
	return npages * sizeof(struct frame);
}

static void zone_clear(struct buddy_zone *z)
{
	z->base = pa_init(0);
	z->npages = 0;
	z->frames = NULL;
	z->free_pages = 0;
	for (unsigned int o = 0; o < BUDDY_ORDERS; o++)
		z->free_head[o] = FRAME_NONE;
}

void buddy_init(struct buddy *b)
{
	for (unsigned int i = 0; i < BUDDY_MAX_ZONES; i++)
		zone_clear(&b->zones[i]);
	b->nzones = 0;
	b->total_pages = 0;
	b->free_pages = 0;
}

static uint64_t zone_end(const struct buddy_zone *z)
{
	return pa_val(z->base) + (z->npages << PAGE_SHIFT);
}

static bool zone_contains(const struct buddy_zone *z, uint64_t pa)
{
	return pa >= pa_val(z->base) && pa < zone_end(z);
}

static struct buddy_zone *zone_find(struct buddy *b, uint64_t pa)
{
	for (unsigned int i = 0; i < b->nzones; i++) {
		if (zone_contains(&b->zones[i], pa))
			return &b->zones[i];
	}
	return NULL;
}

static uint32_t zone_index(const struct buddy_zone *z, uint64_t pa)
{
	return (uint32_t)((pa - pa_val(z->base)) >> PAGE_SHIFT);
}

static uint64_t zone_pa(const struct buddy_zone *z, uint32_t idx)
{
	return pa_val(z->base) + ((uint64_t)idx << PAGE_SHIFT);
}

static bool buddy_overlaps_zone(const struct buddy *b, uint64_t base, uint64_t bytes)
{
	for (unsigned int i = 0; i < b->nzones; i++) {
		const struct buddy_zone *z = &b->zones[i];

		if (range_overlaps(base, bytes, pa_val(z->base), z->npages << PAGE_SHIFT))
			return true;
	}
	return false;
}

/* The caller's frame table may hold anything (it is carved from raw RAM). */
static void frames_reset(struct frame *frames, uint64_t npages)
{
	for (uint64_t i = 0; i < npages; i++) {
		frames[i].next = FRAME_NONE;
		frames[i].prev = FRAME_NONE;
		frames[i].owner = 0;
		frames[i].order = ORDER_NONE;
		frames[i].state = FRAME_RESERVED;
		frames[i].refs = 0;
	}
}

int buddy_add_zone(struct buddy *b, paddr_t base, uint64_t npages, struct frame *frames)
{
	uint64_t start = pa_val(base);
	uint64_t bytes;
	struct buddy_zone *z;

	/* Indices must stay below FRAME_NONE, which ends the free lists. */
	if (!IS_ALIGNED(start, PAGE_SIZE) || npages == 0 || npages > FRAME_NONE || !frames)
		return -TARN_EINVAL;
	bytes = npages << PAGE_SHIFT;
	if (bytes > UINT64_MAX - start || buddy_overlaps_zone(b, start, bytes))
		return -TARN_EINVAL;
	if (b->nzones == BUDDY_MAX_ZONES)
		return -TARN_ENOSPC;

	frames_reset(frames, npages);
	z = &b->zones[b->nzones++];
	zone_clear(z);
	z->base = base;
	z->npages = npages;
	z->frames = frames;
	b->total_pages += npages;
	return 0;
}

static void freelist_push(struct buddy_zone *z, unsigned int order, uint32_t idx)
{
	struct frame *f = &z->frames[idx];
	uint32_t head = z->free_head[order];

	f->next = head;
	f->prev = FRAME_NONE;
	if (head != FRAME_NONE)
		z->frames[head].prev = idx;
	z->free_head[order] = idx;
	f->state = FRAME_FREE_HEAD;
	f->order = (uint8_t)order;
}

static void freelist_remove(struct buddy_zone *z, unsigned int order, uint32_t idx)
{
	struct frame *f = &z->frames[idx];

	if (f->prev != FRAME_NONE)
		z->frames[f->prev].next = f->next;
	else
		z->free_head[order] = f->next;
	if (f->next != FRAME_NONE)
		z->frames[f->next].prev = f->prev;
	f->next = FRAME_NONE;
	f->prev = FRAME_NONE;
}

/*
 * Move the non-head pages of a block from one state to another. The ASSERT
 * catches a block that overlaps another one, which only corruption can cause.
 */
static void block_set_tails(struct buddy_zone *z, uint32_t idx, unsigned int order,
			    enum frame_state from, enum frame_state to)
{
	uint32_t end = idx + (1U << order);

	for (uint32_t i = idx + 1; i < end; i++) {
		ASSERT(z->frames[i].state == from);
		z->frames[i].state = (uint8_t)to;
		z->frames[i].order = ORDER_NONE;
	}
}

/* Blocks never leave their zone, so a head outside it is no buddy. */
static bool zone_has_free_block(const struct buddy_zone *z, uint64_t pa, unsigned int order)
{
	const struct frame *f;

	if (!zone_contains(z, pa))
		return false;
	f = &z->frames[zone_index(z, pa)];
	return f->state == FRAME_FREE_HEAD && f->order == order;
}

/*
 * Put the block at idx (tails already FREE_TAIL) on the free lists, merging it
 * with its buddy for as long as the buddy is a whole free block too.
 */
static void block_insert(struct buddy_zone *z, uint32_t idx, unsigned int order)
{
	uint64_t pa = zone_pa(z, idx);

	while (order < BUDDY_MAX_ORDER) {
		uint64_t buddy_pa = pa ^ (PAGE_SIZE << order);
		uint32_t buddy_idx;
		struct frame *upper;

		if (!zone_has_free_block(z, buddy_pa, order))
			break;
		buddy_idx = zone_index(z, buddy_pa);
		freelist_remove(z, order, buddy_idx);
		upper = &z->frames[buddy_pa > pa ? buddy_idx : idx];
		upper->state = FRAME_FREE_TAIL;
		upper->order = ORDER_NONE;
		pa = MIN(pa, buddy_pa);
		idx = MIN(idx, buddy_idx);
		order++;
	}
	freelist_push(z, order, idx);
}

/* Pages counted on the free lists, per zone and in total. */
static void buddy_count_free(struct buddy *b, struct buddy_zone *z, uint64_t pages, bool add)
{
	if (add) {
		z->free_pages += pages;
		b->free_pages += pages;
	} else {
		z->free_pages -= pages;
		b->free_pages -= pages;
	}
}

static bool zone_range_reserved(const struct buddy_zone *z, uint32_t idx, uint64_t npages)
{
	for (uint64_t i = 0; i < npages; i++) {
		if (z->frames[idx + i].state != FRAME_RESERVED)
			return false;
	}
	return true;
}

/* Largest order of an aligned block that starts at pa and holds at most npages. */
static unsigned int release_order(uint64_t pa, uint64_t npages)
{
	uint64_t pfn = pa >> PAGE_SHIFT;
	unsigned int order = 63U - (unsigned int)__builtin_clzll(npages);

	if (pfn != 0)
		order = MIN(order, (unsigned int)__builtin_ctzll(pfn));
	return MIN(order, (unsigned int)BUDDY_MAX_ORDER);
}

int buddy_release(struct buddy *b, paddr_t start, uint64_t npages)
{
	uint64_t pa = pa_val(start);
	struct buddy_zone *z;
	uint32_t idx;

	if (!IS_ALIGNED(pa, PAGE_SIZE) || npages == 0)
		return -TARN_EINVAL;
	z = zone_find(b, pa);
	if (!z)
		return -TARN_EINVAL;
	idx = zone_index(z, pa);
	if (npages > z->npages - idx || !zone_range_reserved(z, idx, npages))
		return -TARN_EINVAL;

	buddy_count_free(b, z, npages, true);
	while (npages != 0) {
		unsigned int order = release_order(zone_pa(z, idx), npages);

		block_set_tails(z, idx, order, FRAME_RESERVED, FRAME_FREE_TAIL);
		block_insert(z, idx, order);
		idx += 1U << order;
		npages -= 1U << order;
	}
	return 0;
}

/* Take the first block of order have and split it down to order want. */
static uint64_t zone_take(struct buddy_zone *z, unsigned int have, unsigned int want)
{
	uint32_t idx = z->free_head[have];

	freelist_remove(z, have, idx);
	/* Keep the lower half each time; the upper half's head was a FREE_TAIL. */
	while (have > want) {
		have--;
		freelist_push(z, have, idx + (1U << have));
	}
	block_set_tails(z, idx, want, FRAME_FREE_TAIL, FRAME_ALLOCATED);
	z->frames[idx].state = FRAME_ALLOCATED;
	z->frames[idx].order = (uint8_t)want;
	return zone_pa(z, idx);
}

int buddy_alloc(struct buddy *b, unsigned int order, paddr_t *out)
{
	if (order >= BUDDY_ORDERS || !out)
		return -TARN_EINVAL;

	/* Smallest fitting order first, across zones, to keep large blocks whole. */
	for (unsigned int o = order; o < BUDDY_ORDERS; o++) {
		for (unsigned int i = 0; i < b->nzones; i++) {
			struct buddy_zone *z = &b->zones[i];

			if (z->free_head[o] == FRAME_NONE)
				continue;
			*out = pa_init(zone_take(z, o, order));
			buddy_count_free(b, z, 1ULL << order, false);
			return 0;
		}
	}
	return -TARN_ENOMEM;
}

void buddy_free(struct buddy *b, paddr_t pa, unsigned int order)
{
	struct buddy_zone *z = zone_find(b, pa_val(pa));
	struct frame *head;
	uint32_t idx;

	ASSERT(z != NULL);
	ASSERT(order < BUDDY_ORDERS);
	ASSERT(IS_ALIGNED(pa_val(pa), PAGE_SIZE << order));
	idx = zone_index(z, pa_val(pa));
	head = &z->frames[idx];
	ASSERT(head->state == FRAME_ALLOCATED);
	ASSERT(head->order == order);

	block_set_tails(z, idx, order, FRAME_ALLOCATED, FRAME_FREE_TAIL);
	block_insert(z, idx, order);
	buddy_count_free(b, z, 1ULL << order, true);
}

struct frame *buddy_frame(struct buddy *b, paddr_t pa)
{
	struct buddy_zone *z = zone_find(b, pa_val(pa));

	return z ? &z->frames[zone_index(z, pa_val(pa))] : NULL;
}

int buddy_largest_free_order(const struct buddy *b)
{
	for (int o = BUDDY_MAX_ORDER; o >= 0; o--) {
		for (unsigned int i = 0; i < b->nzones; i++) {
			if (b->zones[i].free_head[o] != FRAME_NONE)
				return o;
		}
	}
	return -1;
}

/*
 * A listed block must be a whole, aligned, in-zone free block, and must not
 * have a free buddy of its own order (the two should have merged).
 */
static bool block_is_sound(const struct buddy_zone *z, uint32_t idx, unsigned int order)
{
	uint64_t pa = zone_pa(z, idx);
	uint64_t end = (uint64_t)idx + (1ULL << order);

	if (z->frames[idx].state != FRAME_FREE_HEAD || z->frames[idx].order != order)
		return false;
	if (!IS_ALIGNED(pa, PAGE_SIZE << order) || end > z->npages)
		return false;
	for (uint64_t i = idx + 1; i < end; i++) {
		if (z->frames[i].state != FRAME_FREE_TAIL)
			return false;
	}
	return order == BUDDY_MAX_ORDER ||
	       !zone_has_free_block(z, pa ^ (PAGE_SIZE << order), order);
}

/* Walk one free list, adding its pages to the running total. */
static int freelist_check(const struct buddy_zone *z, unsigned int order, uint64_t *pages)
{
	/* No sound list is longer than this; it also stops a cycle. */
	uint64_t max_blocks = z->npages >> order;
	uint32_t prev = FRAME_NONE;
	uint64_t n = 0;

	for (uint32_t idx = z->free_head[order]; idx != FRAME_NONE; idx = z->frames[idx].next) {
		if (idx >= z->npages || ++n > max_blocks)
			return -TARN_EINVAL;
		if (z->frames[idx].prev != prev || !block_is_sound(z, idx, order))
			return -TARN_EINVAL;
		prev = idx;
	}
	*pages += n << order;
	return 0;
}

/*
 * The lists are sound and their pages distinct, so they cover every free frame
 * exactly when the frame table holds no other free frames.
 */
static int zone_check_states(const struct buddy_zone *z, uint64_t pages)
{
	uint64_t nfree = 0;

	for (uint64_t i = 0; i < z->npages; i++) {
		uint8_t state = z->frames[i].state;

		if (state == FRAME_FREE_HEAD || state == FRAME_FREE_TAIL)
			nfree++;
		else if (state != FRAME_RESERVED && state != FRAME_ALLOCATED)
			return -TARN_EINVAL;
	}
	return nfree == pages ? 0 : -TARN_EINVAL;
}

static int zone_check(const struct buddy_zone *z)
{
	uint64_t pages = 0;

	for (unsigned int o = 0; o < BUDDY_ORDERS; o++) {
		if (freelist_check(z, o, &pages))
			return -TARN_EINVAL;
	}
	if (pages != z->free_pages)
		return -TARN_EINVAL;
	return zone_check_states(z, pages);
}

int buddy_check(const struct buddy *b)
{
	uint64_t total = 0;
	uint64_t nfree = 0;

	if (b->nzones > BUDDY_MAX_ZONES)
		return -TARN_EINVAL;
	for (unsigned int i = 0; i < b->nzones; i++) {
		if (zone_check(&b->zones[i]))
			return -TARN_EINVAL;
		total += b->zones[i].npages;
		nfree += b->zones[i].free_pages;
	}
	return total == b->total_pages && nfree == b->free_pages ? 0 : -TARN_EINVAL;
}

void buddy_split(struct buddy *b, paddr_t pa, unsigned int order)
{
	struct buddy_zone *z = zone_find(b, pa_val(pa));
	uint32_t idx, upper;

	ASSERT(z != NULL);
	ASSERT(order > 0 && order < BUDDY_ORDERS);
	idx = zone_index(z, pa_val(pa));
	ASSERT(z->frames[idx].state == FRAME_ALLOCATED && z->frames[idx].order == order);
	upper = idx + (1U << (order - 1));
	/* The upper half's first page was a tail: it becomes a head. */
	z->frames[idx].order = (uint8_t)(order - 1);
	z->frames[upper].order = (uint8_t)(order - 1);
}
