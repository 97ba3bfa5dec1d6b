/*
 * Host unit tests for the buddy allocator (mm/buddy.c).
 *
 * Zones sit at realistic physical addresses (QEMU virt RAM at 0x40000000,
 * Raspberry Pi 4 banks) with frame tables from the host heap. The tests never
 * dereference the physical addresses; they check every block handed out
 * against an independent record of which pages were released and which are
 * already in use, and read the free lists directly to count blocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "mm/buddy.h"
#include "tarn/errno.h"

#define RAM_BASE 0x40000000ULL

/* Fixed-seed xorshift64*, so a failing run can be replayed. */
static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	rng_state = seed;
}

static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint64_t rng_below(uint64_t n)
{
	return rng_next() % n;
}

/* A zone whose frame table starts as garbage, as carved-out RAM would. */
static void zone_add(struct buddy *b, uint64_t base, uint64_t npages)
{
	struct frame *frames = malloc(buddy_frames_bytes(npages));

	assert_non_null(frames);
	memset(frames, 0xa5, buddy_frames_bytes(npages));
	assert_int_equal(buddy_add_zone(b, pa_init(base), npages, frames), 0);
}

static void zones_free(struct buddy *b)
{
	for (unsigned int i = 0; i < b->nzones; i++)
		free(b->zones[i].frames);
}

static void release_ok(struct buddy *b, uint64_t start, uint64_t npages)
{
	assert_int_equal(buddy_release(b, pa_init(start), npages), 0);
}

/* Free blocks of one order in all zones, counted by walking the lists. */
static uint64_t blocks_of_order(const struct buddy *b, unsigned int order)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < b->nzones; i++) {
		const struct buddy_zone *z = &b->zones[i];

		uint32_t idx = z->free_head[order];

		for (; idx != FRAME_NONE; idx = z->frames[idx].next)
			n++;
	}
	return n;
}

/* State of every frame (and order of free heads), to compare whole allocators. */
struct snapshot {
	uint8_t *bytes;
	size_t len;
	uint64_t free_pages;
	uint64_t blocks[BUDDY_ORDERS];
};

static void snapshot_take(const struct buddy *b, struct snapshot *s)
{
	size_t n = 0;

	s->len = 2 * b->total_pages;
	s->bytes = malloc(s->len);
	assert_non_null(s->bytes);
	for (unsigned int i = 0; i < b->nzones; i++) {
		const struct buddy_zone *z = &b->zones[i];

		for (uint64_t p = 0; p < z->npages; p++) {
			const struct frame *f = &z->frames[p];

			s->bytes[n++] = f->state;
			s->bytes[n++] = f->state == FRAME_FREE_HEAD ? f->order : 0;
		}
	}
	s->free_pages = b->free_pages;
	for (unsigned int o = 0; o < BUDDY_ORDERS; o++)
		s->blocks[o] = blocks_of_order(b, o);
}

static void snapshot_expect_same(const struct buddy *b, const struct snapshot *before)
{
	struct snapshot now;

	snapshot_take(b, &now);
	assert_int_equal(now.free_pages, before->free_pages);
	assert_memory_equal(now.blocks, before->blocks, sizeof(now.blocks));
	assert_int_equal(now.len, before->len);
	assert_memory_equal(now.bytes, before->bytes, now.len);
	free(now.bytes);
}

/* The physical layout a test hands out: released ranges within a window. */
struct range {
	uint64_t start;
	uint64_t npages;
};

struct layout {
	uint64_t lo;     /* lowest page address of any zone */
	uint64_t npages; /* pages from lo to the end of the last zone */
	const struct range *released;
	unsigned int nreleased;
};

/* One bit per page of a layout's window: set while a page is handed out. */
struct tracker {
	const struct layout *l;
	uint8_t *used;
	uint64_t pages;
};

static void tracker_init(struct tracker *t, const struct layout *l)
{
	t->l = l;
	t->used = calloc((l->npages + 7) / 8, 1);
	t->pages = 0;
	assert_non_null(t->used);
}

static bool page_released(const struct layout *l, uint64_t pa)
{
	for (unsigned int i = 0; i < l->nreleased; i++) {
		const struct range *r = &l->released[i];

		if (pa >= r->start && pa < r->start + r->npages * PAGE_SIZE)
			return true;
	}
	return false;
}

/* A block just allocated: aligned, released, not already in use. */
static void tracker_take(struct tracker *t, uint64_t pa, unsigned int order)
{
	uint64_t n = 1ULL << order;

	assert_true(IS_ALIGNED(pa, PAGE_SIZE << order));
	assert_true(pa >= t->l->lo);
	assert_true((pa - t->l->lo) / PAGE_SIZE + n <= t->l->npages);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t page = pa + i * PAGE_SIZE;
		uint64_t bit = (page - t->l->lo) / PAGE_SIZE;

		assert_true(page_released(t->l, page));
		assert_false(t->used[bit / 8] & (1U << (bit % 8)));
		t->used[bit / 8] |= (uint8_t)(1U << (bit % 8));
	}
	t->pages += n;
}

static void tracker_put(struct tracker *t, uint64_t pa, unsigned int order)
{
	for (uint64_t i = 0; i < (1ULL << order); i++) {
		uint64_t bit = (pa - t->l->lo) / PAGE_SIZE + i;

		t->used[bit / 8] &= (uint8_t)~(1U << (bit % 8));
	}
	t->pages -= 1ULL << order;
}

static uint64_t layout_released_pages(const struct layout *l)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < l->nreleased; i++)
		n += l->released[i].npages;
	return n;
}

struct block {
	uint64_t pa;
	unsigned int order;
};

/* Allocate greedily from max_order down to 0 until nothing is left. */
static struct block *drain(struct buddy *b, struct tracker *t, unsigned int max_order,
			   size_t *count)
{
	size_t cap = 1024, n = 0;
	struct block *blocks = malloc(cap * sizeof(*blocks));

	assert_non_null(blocks);
	for (int o = (int)max_order; o >= 0; o--) {
		paddr_t pa;

		while (buddy_alloc(b, (unsigned int)o, &pa) == 0) {
			if (n == cap) {
				struct block *bigger = realloc(blocks, 2 * cap * sizeof(*blocks));

				assert_non_null(bigger);
				blocks = bigger;
				cap *= 2;
			}
			tracker_take(t, pa_val(pa), (unsigned int)o);
			blocks[n++] = (struct block){ pa_val(pa), (unsigned int)o };
		}
		assert_int_equal(buddy_alloc(b, (unsigned int)o, &pa), -TARN_ENOMEM);
	}
	*count = n;
	return blocks;
}

static void shuffle(struct block *blocks, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)rng_below(i);
		struct block tmp = blocks[i - 1];

		blocks[i - 1] = blocks[j];
		blocks[j] = tmp;
	}
}

static void free_all(struct buddy *b, struct tracker *t, struct block *blocks, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buddy_free(b, pa_init(blocks[i].pa), blocks[i].order);
		tracker_put(t, blocks[i].pa, blocks[i].order);
	}
}

/*
 * The common round trip: release the layout, drain it completely (checking
 * every block), free everything in random order and expect the exact state
 * the release produced.
 */
static void drain_and_restore(struct buddy *b, const struct layout *l, unsigned int max_order)
{
	struct snapshot initial;
	struct tracker t;
	struct block *blocks;
	size_t n;

	for (unsigned int i = 0; i < l->nreleased; i++)
		release_ok(b, l->released[i].start, l->released[i].npages);
	assert_int_equal(b->free_pages, layout_released_pages(l));
	assert_int_equal(buddy_check(b), 0);
	snapshot_take(b, &initial);

	tracker_init(&t, l);
	blocks = drain(b, &t, max_order, &n);
	assert_int_equal(b->free_pages, 0);
	assert_int_equal(t.pages, layout_released_pages(l));
	assert_int_equal(buddy_largest_free_order(b), -1);
	assert_int_equal(buddy_check(b), 0);

	rng_seed(0x7a3e5eedULL);
	shuffle(blocks, n);
	free_all(b, &t, blocks, n);
	assert_int_equal(buddy_check(b), 0);
	snapshot_expect_same(b, &initial);

	free(blocks);
	free(t.used);
	free(initial.bytes);
}

static void test_release_whole_zone(void **state)
{
	struct buddy b;

	(void)state;
	buddy_init(&b);
	assert_int_equal(buddy_largest_free_order(&b), -1);
	zone_add(&b, RAM_BASE, GIB(2) / PAGE_SIZE);
	assert_int_equal(b.total_pages, GIB(2) / PAGE_SIZE);
	assert_int_equal(b.free_pages, 0);
	assert_int_equal(buddy_check(&b), 0);

	release_ok(&b, RAM_BASE, GIB(2) / PAGE_SIZE);
	assert_int_equal(b.free_pages, GIB(2) / PAGE_SIZE);
	assert_int_equal(b.zones[0].free_pages, GIB(2) / PAGE_SIZE);
	assert_int_equal(buddy_largest_free_order(&b), BUDDY_ORDERS - 1);
	assert_int_equal(blocks_of_order(&b, BUDDY_ORDERS - 1), 2);
	for (unsigned int o = 0; o < BUDDY_ORDERS - 1; o++)
		assert_int_equal(blocks_of_order(&b, o), 0);
	assert_int_equal(buddy_check(&b), 0);
	zones_free(&b);
}

/*
 * 0x40003000 + 1234 pages covers pfns 0x40003..0x404d4: blocks of order
 * 0, 2, 3, 4, 5, 6, 7, 8 lead up to 0x40100, then 0x40100 (order 8),
 * 0x40200 (order 9), and 0x40400..0x404d4 is 0xd5 pages = 128+64+16+4+1.
 */
static void test_release_unaligned_odd_range(void **state)
{
	static const unsigned int expect[BUDDY_ORDERS] = {
		[0] = 2, [2] = 2, [3] = 1, [4] = 2, [5] = 1, [6] = 2, [7] = 2, [8] = 1, [9] = 1,
	};
	struct buddy b;

	(void)state;
	buddy_init(&b);
	zone_add(&b, RAM_BASE, 8192);
	release_ok(&b, RAM_BASE + 0x3000, 1234);
	assert_int_equal(b.free_pages, 1234);
	assert_int_equal(buddy_largest_free_order(&b), 9);
	for (unsigned int o = 0; o < BUDDY_ORDERS; o++)
		assert_int_equal(blocks_of_order(&b, o), expect[o]);
	assert_int_equal(buddy_check(&b), 0);
	zones_free(&b);
}

/* Releasing in pieces merges with what is already free. */
static void test_release_pieces_merge(void **state)
{
	struct buddy b;

	(void)state;
	buddy_init(&b);
	zone_add(&b, RAM_BASE, 1024);
	release_ok(&b, RAM_BASE + 5 * PAGE_SIZE, 1019);
	release_ok(&b, RAM_BASE + 1 * PAGE_SIZE, 3);
	release_ok(&b, RAM_BASE + 4 * PAGE_SIZE, 1);
	assert_int_equal(buddy_largest_free_order(&b), 9);
	release_ok(&b, RAM_BASE, 1);
	assert_int_equal(b.free_pages, 1024);
	assert_int_equal(blocks_of_order(&b, 10), 1);
	assert_int_equal(buddy_largest_free_order(&b), 10);
	assert_int_equal(buddy_check(&b), 0);
	zones_free(&b);
}

/* Every page one by one, then back in random order. */
static void test_alloc_every_page(void **state)
{
	static const struct range released[] = {
		{ RAM_BASE + 0x1000, 0x7f },
		{ RAM_BASE + 0x8a000, 0x3f00 - 0x8a },
		{ RAM_BASE + 0x3f20000, 0x4000 - 0x3f20 },
	};
	static const struct layout l = { RAM_BASE, 0x4000, released, ARRAY_SIZE(released) };
	struct buddy b;

	(void)state;
	buddy_init(&b);
	zone_add(&b, RAM_BASE, 0x4000);
	drain_and_restore(&b, &l, 0);
	zones_free(&b);
}

/*
 * 256 MiB at 0x40000000 released around a "Tarn image" (2 MiB + an odd tail
 * at 0x40200000) and an "FDT" (64 KiB at 0x48000000); large blocks first, so
 * holes must stop blocks of every order.
 */
static void test_reserved_holes_never_returned(void **state)
{
	static const struct range released[] = {
		{ RAM_BASE, 0x200 },
		{ RAM_BASE + 0x200000 + 0x237000, 0x8000 - 0x200 - 0x237 },
		{ RAM_BASE + 0x8010000, 0x10000 - 0x8010 },
	};
	static const struct layout l = { RAM_BASE, 0x10000, released, ARRAY_SIZE(released) };
	struct buddy b;
	paddr_t pa;

	(void)state;
	buddy_init(&b);
	zone_add(&b, RAM_BASE, 0x10000);
	drain_and_restore(&b, &l, BUDDY_ORDERS - 1);

	/* The holes stay reserved, as the frame table says. */
	assert_int_equal(buddy_frame(&b, pa_init(RAM_BASE + 0x200000))->state, FRAME_RESERVED);
	assert_int_equal(buddy_frame(&b, pa_init(RAM_BASE + 0x436000))->state, FRAME_RESERVED);
	assert_int_equal(buddy_frame(&b, pa_init(RAM_BASE + 0x800f000))->state, FRAME_RESERVED);
	assert_int_equal(buddy_alloc(&b, 0, &pa), 0);
	assert_int_equal(buddy_frame(&b, pa)->state, FRAME_ALLOCATED);
	assert_null(buddy_frame(&b, pa_init(RAM_BASE - PAGE_SIZE)));
	assert_null(buddy_frame(&b, pa_init(RAM_BASE + 0x10000000)));
	zones_free(&b);
}

/*
 * Raspberry Pi 4 (4 GB): RAM at 0..0x3b400000 and 0x40000000..0xfc000000,
 * minus Tarn at 0x200000. Blocks must stay inside one bank.
 */
static void test_rpi4_two_banks(void **state)
{
	static const struct range released[] = {
		{ 0, 0x200 },
		{ 0x600000, 0x3b400 - 0x600 },
		{ RAM_BASE, 0xfc000 - 0x40000 },
	};
	static const struct layout l = { 0, 0xfc000, released, ARRAY_SIZE(released) };
	struct buddy b;

	(void)state;
	buddy_init(&b);
	zone_add(&b, 0, 0x3b400);
	zone_add(&b, RAM_BASE, 0xfc000 - 0x40000);
	drain_and_restore(&b, &l, BUDDY_ORDERS - 1);
	/* Bank 0 is under 1 GiB; bank 1 holds 1 GiB blocks at 0x40000000 and 0x80000000. */
	assert_int_equal(b.zones[0].free_head[BUDDY_ORDERS - 1], FRAME_NONE);
	assert_int_equal(blocks_of_order(&b, BUDDY_ORDERS - 1), 2);
	zones_free(&b);
}

/*
 * Two touching zones that are buddies of each other at order 9: a buddy
 * outside the zone does not exist, so they must not merge into order 10.
 */
static void test_adjacent_zones_do_not_merge(void **state)
{
	static const struct range released[] = {
		{ RAM_BASE, 512 },
		{ RAM_BASE + 512 * PAGE_SIZE, 512 },
	};
	static const struct layout l = { RAM_BASE, 1024, released, ARRAY_SIZE(released) };
	struct buddy b;

	(void)state;
	buddy_init(&b);
	zone_add(&b, RAM_BASE, 512);
	zone_add(&b, RAM_BASE + 512 * PAGE_SIZE, 512);
	/* One range may not straddle the two zones either. */
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE + 500 * PAGE_SIZE), 24), -TARN_EINVAL);
	assert_int_equal(b.free_pages, 0);

	drain_and_restore(&b, &l, 10);
	assert_int_equal(blocks_of_order(&b, 9), 2);
	assert_int_equal(blocks_of_order(&b, 10), 0);
	assert_int_equal(buddy_largest_free_order(&b), 9);
	zones_free(&b);
}

/* An order-0 allocation from a lone order-10 block leaves one block per order 0..9. */
static void test_split_and_merge(void **state)
{
	struct buddy b;
	paddr_t pa, pa3;

	(void)state;
	buddy_init(&b);
	zone_add(&b, RAM_BASE + MIB(4), 1024);
	release_ok(&b, RAM_BASE + MIB(4), 1024);
	assert_int_equal(blocks_of_order(&b, 10), 1);

	assert_int_equal(buddy_alloc(&b, 0, &pa), 0);
	assert_int_equal(b.free_pages, 1023);
	for (unsigned int o = 0; o < 10; o++)
		assert_int_equal(blocks_of_order(&b, o), 1);
	assert_int_equal(blocks_of_order(&b, 10), 0);
	assert_int_equal(buddy_check(&b), 0);

	/* Order 3 comes from the order-3 block without splitting anything. */
	assert_int_equal(buddy_alloc(&b, 3, &pa3), 0);
	assert_true(IS_ALIGNED(pa_val(pa3), 8 * PAGE_SIZE));
	assert_int_equal(blocks_of_order(&b, 3), 0);
	assert_int_equal(blocks_of_order(&b, 4), 1);
	for (uint64_t i = 0; i < 8; i++)
		assert_int_equal(buddy_frame(&b, pa_add(pa3, i * PAGE_SIZE))->state,
				 FRAME_ALLOCATED);
	assert_int_equal(buddy_frame(&b, pa3)->order, 3);

	buddy_free(&b, pa, 0);
	assert_int_equal(buddy_largest_free_order(&b), 9);
	buddy_free(&b, pa3, 3);
	assert_int_equal(b.free_pages, 1024);
	assert_int_equal(blocks_of_order(&b, 10), 1);
	for (unsigned int o = 0; o < 10; o++)
		assert_int_equal(blocks_of_order(&b, o), 0);
	assert_int_equal(buddy_check(&b), 0);
	zones_free(&b);
}

/* A domain giving back single pages of a large block (ballooning). */
static void test_split_allocated_then_free_pages(void **state)
{
	struct buddy b;
	paddr_t pa, again;

	(void)state;
	buddy_init(&b);
	zone_add(&b, RAM_BASE + MIB(4), 1024);
	release_ok(&b, RAM_BASE + MIB(4), 1024);
	assert_int_equal(buddy_alloc(&b, 3, &pa), 0);
	/* Halve the order-3 block down to its page 5, as a domain would. */
	buddy_split(&b, pa, 3);					   /* 0-3 | 4-7 */
	buddy_split(&b, pa_add(pa, 4 * PAGE_SIZE), 2);		   /* 4-5 | 6-7 */
	buddy_split(&b, pa_add(pa, 4 * PAGE_SIZE), 1);		   /* 4 | 5 */
	assert_int_equal(buddy_frame(&b, pa)->order, 2);
	assert_int_equal(buddy_frame(&b, pa_add(pa, 6 * PAGE_SIZE))->order, 1);
	assert_int_equal(buddy_check(&b), 0);
	buddy_free(&b, pa_add(pa, 5 * PAGE_SIZE), 0);
	assert_int_equal(b.free_pages, 1024 - 7);
	assert_int_equal(buddy_check(&b), 0);
	/* The rest back, piece by piece: everything merges again. */
	buddy_free(&b, pa_add(pa, 4 * PAGE_SIZE), 0);
	buddy_free(&b, pa_add(pa, 6 * PAGE_SIZE), 1);
	buddy_free(&b, pa, 2);
	assert_int_equal(b.free_pages, 1024);
	assert_int_equal(blocks_of_order(&b, 10), 1);
	assert_int_equal(buddy_alloc(&b, 10, &again), 0);
	assert_int_equal(buddy_check(&b), 0);
	zones_free(&b);
}

static void test_alloc_errors(void **state)
{
	struct buddy b;
	paddr_t pa = pa_init(0x1234);

	(void)state;
	buddy_init(&b);
	assert_int_equal(buddy_alloc(&b, 0, &pa), -TARN_ENOMEM);
	zone_add(&b, RAM_BASE, 4096);
	release_ok(&b, RAM_BASE, 4096);
	assert_int_equal(buddy_alloc(&b, BUDDY_ORDERS, &pa), -TARN_EINVAL);
	assert_int_equal(buddy_alloc(&b, UINT32_MAX, &pa), -TARN_EINVAL);
	assert_int_equal(buddy_alloc(&b, 13, &pa), -TARN_ENOMEM);
	assert_int_equal(pa_val(pa), 0x1234);
	assert_int_equal(buddy_alloc(&b, 0, NULL), -TARN_EINVAL);
	assert_int_equal(b.free_pages, 4096);
	assert_int_equal(buddy_alloc(&b, 12, &pa), 0);
	assert_int_equal(pa_val(pa), RAM_BASE);
	assert_int_equal(buddy_alloc(&b, 0, &pa), -TARN_ENOMEM);
	assert_int_equal(buddy_check(&b), 0);
	zones_free(&b);
}

static void test_add_zone_errors(void **state)
{
	struct frame frames[BUDDY_MAX_ZONES + 1][4];
	struct frame canary;
	struct buddy b;

	(void)state;
	buddy_init(&b);
	memset(&canary, 0x5a, sizeof(canary));
	frames[0][0] = canary;
	assert_int_equal(buddy_add_zone(&b, pa_init(RAM_BASE + 0x800), 4, frames[0]), -TARN_EINVAL);
	assert_int_equal(buddy_add_zone(&b, pa_init(RAM_BASE), 0, frames[0]), -TARN_EINVAL);
	assert_int_equal(buddy_add_zone(&b, pa_init(RAM_BASE), 4, NULL), -TARN_EINVAL);
	/* More pages than 32-bit frame indices reach; frames is never touched. */
	assert_int_equal(buddy_add_zone(&b, pa_init(0), 1ULL << 32, frames[0]), -TARN_EINVAL);
	/* Would wrap past the end of the address space. */
	assert_int_equal(buddy_add_zone(&b, pa_init(UINT64_MAX - 0xfff), 4, frames[0]),
			 -TARN_EINVAL);
	assert_memory_equal(&frames[0][0], &canary, sizeof(canary));
	assert_int_equal(b.nzones, 0);

	assert_int_equal(buddy_add_zone(&b, pa_init(RAM_BASE), 4, frames[0]), 0);
	assert_int_equal(buddy_add_zone(&b, pa_init(RAM_BASE), 4, frames[1]), -TARN_EINVAL);
	assert_int_equal(buddy_add_zone(&b, pa_init(RAM_BASE + 0x3000), 4, frames[1]),
			 -TARN_EINVAL);
	assert_int_equal(buddy_add_zone(&b, pa_init(RAM_BASE - 0x1000), 2, frames[1]),
			 -TARN_EINVAL);
	assert_int_equal(buddy_add_zone(&b, pa_init(RAM_BASE + 0x1000), 1, frames[1]),
			 -TARN_EINVAL);
	assert_int_equal(buddy_add_zone(&b, pa_init(0), 0x40010, frames[1]), -TARN_EINVAL);
	assert_int_equal(b.nzones, 1);

	/* Touching is not overlapping; then the table fills up. */
	for (unsigned int i = 1; i < BUDDY_MAX_ZONES; i++) {
		paddr_t base = pa_init(RAM_BASE + i * 4 * PAGE_SIZE);

		assert_int_equal(buddy_add_zone(&b, base, 4, frames[i]), 0);
	}
	assert_int_equal(buddy_add_zone(&b, pa_init(GIB(8)), 4, frames[BUDDY_MAX_ZONES]),
			 -TARN_ENOSPC);
	assert_int_equal(b.nzones, BUDDY_MAX_ZONES);
	assert_int_equal(b.total_pages, 4 * BUDDY_MAX_ZONES);
	assert_int_equal(b.free_pages, 0);
	assert_int_equal(buddy_check(&b), 0);
}

static void test_release_errors(void **state)
{
	struct snapshot before;
	struct buddy b;
	paddr_t pa;

	(void)state;
	buddy_init(&b);
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE), 1), -TARN_EINVAL);
	zone_add(&b, RAM_BASE, 1024);
	zone_add(&b, RAM_BASE + MIB(8), 1024);
	release_ok(&b, RAM_BASE + 0x10000, 16);
	release_ok(&b, RAM_BASE + MIB(8), 1024);
	assert_int_equal(buddy_alloc(&b, 2, &pa), 0);
	snapshot_take(&b, &before);

	/* Outside any zone, into the gap, past the end, unaligned, empty. */
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE - PAGE_SIZE), 1), -TARN_EINVAL);
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE - PAGE_SIZE), 2), -TARN_EINVAL);
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE + MIB(4)), 1), -TARN_EINVAL);
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE + 0x3ff000), 2), -TARN_EINVAL);
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE), 1025), -TARN_EINVAL);
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE), UINT64_MAX), -TARN_EINVAL);
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE + 0x800), 1), -TARN_EINVAL);
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE), 0), -TARN_EINVAL);
	/* Already free, partly free, allocated. */
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE + 0x14000), 1), -TARN_EINVAL);
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE + MIB(8)), 1024), -TARN_EINVAL);
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE), 17), -TARN_EINVAL);
	assert_int_equal(buddy_release(&b, pa_init(RAM_BASE + 0x1f000), 2), -TARN_EINVAL);
	assert_int_equal(buddy_release(&b, pa, 1), -TARN_EINVAL);

	snapshot_expect_same(&b, &before);
	assert_int_equal(buddy_check(&b), 0);
	free(before.bytes);
	zones_free(&b);
}

/* Every kind of bad free trips an assertion before anything changes. */
static void test_bad_free_asserts(void **state)
{
	struct snapshot before;
	struct buddy b;
	paddr_t pa, pa0, lone;

	(void)state;
	buddy_init(&b);
	zone_add(&b, RAM_BASE, 1024);
	release_ok(&b, RAM_BASE + 0x100000, 768);
	assert_int_equal(buddy_alloc(&b, 2, &pa), 0);
	assert_int_equal(buddy_alloc(&b, 0, &pa0), 0);
	assert_int_equal(buddy_alloc(&b, 0, &lone), 0);
	buddy_free(&b, pa0, 0);
	snapshot_take(&b, &before);

	/* pa0 is still a free order-0 block: its buddy "lone" is in use. */
	assert_int_equal(buddy_frame(&b, pa0)->state, FRAME_FREE_HEAD);
	assert_int_equal(pa_val(lone), pa_val(pa0) ^ PAGE_SIZE);
	expect_assert_failure(buddy_free(&b, pa0, 0));                  /* double free */
	expect_assert_failure(buddy_free(&b, pa, 1));                   /* order too small */
	expect_assert_failure(buddy_free(&b, pa, 3));                   /* order too large */
	expect_assert_failure(buddy_free(&b, pa, BUDDY_ORDERS));        /* no such order */
	expect_assert_failure(buddy_free(&b, pa_add(pa, PAGE_SIZE), 0)); /* tail page */
	expect_assert_failure(buddy_free(&b, pa_add(pa, 2 * PAGE_SIZE), 1));
	expect_assert_failure(buddy_free(&b, pa_add(pa, 0x10), 2));      /* unaligned */
	expect_assert_failure(buddy_free(&b, pa_init(RAM_BASE), 0));     /* reserved */
	expect_assert_failure(buddy_free(&b, pa_init(RAM_BASE - PAGE_SIZE), 0)); /* no zone */
	expect_assert_failure(buddy_free(&b, pa_init(GIB(64)), 0));

	snapshot_expect_same(&b, &before);
	assert_int_equal(buddy_check(&b), 0);
	buddy_free(&b, lone, 0);
	expect_assert_failure(buddy_free(&b, lone, 0)); /* double free after merging */
	buddy_free(&b, pa, 2);
	assert_int_equal(b.free_pages, 768);
	assert_int_equal(buddy_check(&b), 0);
	free(before.bytes);
	zones_free(&b);
}

/* buddy_check() must notice what it claims to notice. */
static void test_check_detects_corruption(void **state)
{
	struct buddy b;
	struct buddy_zone *z;
	uint32_t head;

	(void)state;
	buddy_init(&b);
	zone_add(&b, RAM_BASE, 64);
	release_ok(&b, RAM_BASE + PAGE_SIZE, 63);
	z = &b.zones[0];
	assert_int_equal(buddy_check(&b), 0);

	b.free_pages++;
	assert_int_equal(buddy_check(&b), -TARN_EINVAL);
	b.free_pages--;
	z->free_pages--;
	assert_int_equal(buddy_check(&b), -TARN_EINVAL);
	z->free_pages++;

	head = z->free_head[5];
	z->frames[head + 3].state = FRAME_ALLOCATED; /* tail */
	assert_int_equal(buddy_check(&b), -TARN_EINVAL);
	z->frames[0].state = FRAME_FREE_TAIL; /* ... even with the free count made up */
	assert_int_equal(buddy_check(&b), -TARN_EINVAL);
	z->frames[0].state = FRAME_RESERVED;
	z->frames[head + 3].state = FRAME_FREE_TAIL;
	z->frames[head].order = 4; /* order */
	assert_int_equal(buddy_check(&b), -TARN_EINVAL);
	z->frames[head].order = 5;
	z->frames[head].prev = 7; /* links */
	assert_int_equal(buddy_check(&b), -TARN_EINVAL);
	z->frames[head].prev = FRAME_NONE;
	z->frames[head].next = head; /* cycle */
	assert_int_equal(buddy_check(&b), -TARN_EINVAL);
	z->frames[head].next = FRAME_NONE;
	z->frames[0].state = FRAME_FREE_HEAD; /* head on no list */
	z->frames[0].order = 0;
	assert_int_equal(buddy_check(&b), -TARN_EINVAL);
	z->frames[0].state = FRAME_RESERVED;
	assert_int_equal(buddy_check(&b), 0);
	zones_free(&b);
}

static unsigned int stress_order(void)
{
	uint64_t r = rng_below(100);

	/* Mostly small, like real use; sometimes large enough to hit ENOMEM. */
	if (r < 60)
		return 0;
	if (r < 90)
		return 1 + (unsigned int)rng_below(4);
	if (r < 99)
		return 5 + (unsigned int)rng_below(5);
	return 10 + (unsigned int)rng_below(BUDDY_ORDERS - 10);
}

static void test_random_stress(void **state)
{
	static const struct range released[] = {
		{ RAM_BASE, 0x3 },
		{ RAM_BASE + 0x9000, 0x2000 - 0x9 },
		{ RAM_BASE + 0x2013000, 0x8000 - 0x2013 },
	};
	static const struct layout l = { RAM_BASE, 0x8000, released, ARRAY_SIZE(released) };
	size_t cap = 0x8000, live = 0;
	struct block *blocks = malloc(cap * sizeof(*blocks));
	uint64_t total = layout_released_pages(&l);
	struct snapshot initial;
	struct tracker t;
	struct buddy b;

	(void)state;
	assert_non_null(blocks);
	buddy_init(&b);
	zone_add(&b, RAM_BASE, 0x8000);
	for (unsigned int i = 0; i < l.nreleased; i++)
		release_ok(&b, released[i].start, released[i].npages);
	snapshot_take(&b, &initial);
	tracker_init(&t, &l);
	rng_seed(0x5eed0fb0ddULL);

	for (unsigned int step = 1; step <= 100000; step++) {
		/* Lean towards allocating so the zone runs nearly full at times. */
		if (live == 0 || rng_below(100) < 55) {
			unsigned int order = stress_order();
			paddr_t pa;
			int rc = buddy_alloc(&b, order, &pa);

			if (rc == 0) {
				tracker_take(&t, pa_val(pa), order);
				blocks[live++] = (struct block){ pa_val(pa), order };
			} else {
				assert_int_equal(rc, -TARN_ENOMEM);
				assert_true(buddy_largest_free_order(&b) < (int)order);
			}
		} else {
			size_t i = (size_t)rng_below(live);

			buddy_free(&b, pa_init(blocks[i].pa), blocks[i].order);
			tracker_put(&t, blocks[i].pa, blocks[i].order);
			blocks[i] = blocks[--live];
		}
		assert_int_equal(b.free_pages, total - t.pages);
		if (step % 1000 == 0)
			assert_int_equal(buddy_check(&b), 0);
	}

	free_all(&b, &t, blocks, live);
	assert_int_equal(buddy_check(&b), 0);
	snapshot_expect_same(&b, &initial);
	free(initial.bytes);
	free(t.used);
	free(blocks);
	zones_free(&b);
}

/* 4 GiB of RAM is a million frames: release and use must stay linear. */
static void test_large_zone_4gib(void **state)
{
	const uint64_t npages = GIB(4) / PAGE_SIZE;
	paddr_t pa[4];
	struct buddy b;

	(void)state;
	buddy_init(&b);
	zone_add(&b, RAM_BASE, npages);
	release_ok(&b, RAM_BASE + MIB(2), npages - MIB(2) / PAGE_SIZE);
	release_ok(&b, RAM_BASE, MIB(2) / PAGE_SIZE);
	assert_int_equal(b.free_pages, npages);
	assert_int_equal(blocks_of_order(&b, BUDDY_ORDERS - 1), 4);
	assert_int_equal(buddy_check(&b), 0);

	assert_int_equal(buddy_alloc(&b, 0, &pa[0]), 0);
	assert_int_equal(buddy_alloc(&b, 9, &pa[1]), 0);
	assert_int_equal(buddy_alloc(&b, BUDDY_ORDERS - 1, &pa[2]), 0);
	assert_int_equal(buddy_alloc(&b, BUDDY_ORDERS - 1, &pa[3]), 0);
	assert_true(IS_ALIGNED(pa_val(pa[2]), GIB(1)));
	assert_int_equal(b.free_pages, npages - 1 - 512 - 2 * (GIB(1) / PAGE_SIZE));
	assert_int_equal(buddy_largest_free_order(&b), BUDDY_ORDERS - 1);
	assert_int_equal(buddy_check(&b), 0);

	buddy_free(&b, pa[2], BUDDY_ORDERS - 1);
	buddy_free(&b, pa[0], 0);
	buddy_free(&b, pa[3], BUDDY_ORDERS - 1);
	buddy_free(&b, pa[1], 9);
	assert_int_equal(b.free_pages, npages);
	assert_int_equal(blocks_of_order(&b, BUDDY_ORDERS - 1), 4);
	assert_int_equal(buddy_check(&b), 0);
	zones_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_release_whole_zone),
		cmocka_unit_test(test_release_unaligned_odd_range),
		cmocka_unit_test(test_release_pieces_merge),
		cmocka_unit_test(test_alloc_every_page),
		cmocka_unit_test(test_split_allocated_then_free_pages),
		cmocka_unit_test(test_reserved_holes_never_returned),
		cmocka_unit_test(test_rpi4_two_banks),
		cmocka_unit_test(test_adjacent_zones_do_not_merge),
		cmocka_unit_test(test_split_and_merge),
		cmocka_unit_test(test_alloc_errors),
		cmocka_unit_test(test_add_zone_errors),
		cmocka_unit_test(test_release_errors),
		cmocka_unit_test(test_bad_free_asserts),
		cmocka_unit_test(test_check_detects_corruption),
		cmocka_unit_test(test_random_stress),
		cmocka_unit_test(test_large_zone_4gib),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
