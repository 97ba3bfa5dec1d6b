/*
 * Host unit tests for the boot-time range sets of mm/memmap.c.
 *
 * Every test states the exact ranges it expects afterwards, in order, so a
 * split that leaves a sliver, loses the sort order or miscounts shows up as
 * a mismatch rather than as a plausible-looking total.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "mm/memmap.h"
#include "tarn/errno.h"

struct rng {
	uint64_t base, size;
};

/* Compare the whole set against want[], printing both on a mismatch. */
static void expect_ranges(const struct memmap *m, const struct rng *want, unsigned int n)
{
	bool same = m->n == n;

	for (unsigned int i = 0; same && i < n; i++)
		same = m->r[i].base == want[i].base && m->r[i].size == want[i].size;
	if (same)
		return;
	print_error("have %u ranges:\n", m->n);
	for (unsigned int i = 0; i < m->n; i++)
		print_error("  [0x%llx, +0x%llx)\n", (unsigned long long)m->r[i].base,
			    (unsigned long long)m->r[i].size);
	print_error("want %u ranges:\n", n);
	for (unsigned int i = 0; i < n; i++)
		print_error("  [0x%llx, +0x%llx)\n", (unsigned long long)want[i].base,
			    (unsigned long long)want[i].size);
	fail();
}

#define EXPECT(m, ...)                                           \
	do {                                                     \
		static const struct rng want_[] = {__VA_ARGS__}; \
		expect_ranges((m), want_, ARRAY_SIZE(want_));    \
	} while (0)

static void add_ok(struct memmap *m, uint64_t base, uint64_t size)
{
	assert_int_equal(memmap_add(m, base, size), 0);
}

static void test_add_sorted(void **state)
{
	struct memmap m = {0};

	add_ok(&m, 0x80000000, 0x1000000);
	add_ok(&m, 0x40000000, 0x2000000);
	add_ok(&m, 0x60000000, 0x3000);
	add_ok(&m, 0x100000000ULL, 0x40000000);
	EXPECT(&m, {0x40000000, 0x2000000}, {0x60000000, 0x3000}, {0x80000000, 0x1000000},
	       {0x100000000ULL, 0x40000000});
	assert_int_equal(memmap_total(&m), 0x2000000 + 0x3000 + 0x1000000 + 0x40000000);
}

static void test_add_rejects(void **state)
{
	struct memmap m = {0};

	add_ok(&m, 0x10000, 0x10000);
	assert_int_equal(memmap_add(&m, 0x1f000, 0x2000), -TARN_EINVAL); /* overlaps the top */
	assert_int_equal(memmap_add(&m, 0xf000, 0x2000), -TARN_EINVAL);	 /* overlaps the bottom */
	assert_int_equal(memmap_add(&m, 0x0, 0x100000), -TARN_EINVAL);	 /* covers it */
	assert_int_equal(memmap_add(&m, 0x30000, 0), -TARN_EINVAL);
	assert_int_equal(memmap_add(&m, 0xfffffffffffff000ULL, 0x2000), -TARN_EINVAL); /* wraps */
	/* Touching is not overlapping. */
	add_ok(&m, 0x20000, 0x1000);
	add_ok(&m, 0xf000, 0x1000);
	EXPECT(&m, {0xf000, 0x1000}, {0x10000, 0x10000}, {0x20000, 0x1000});
}

static void test_add_full(void **state)
{
	struct memmap m = {0};

	for (unsigned int i = 0; i < MEMMAP_MAX; i++)
		add_ok(&m, 0x100000ULL * i, 0x1000);
	assert_int_equal(memmap_add(&m, 0x100000ULL * MEMMAP_MAX, 0x1000), -TARN_ENOSPC);
	assert_int_equal(m.n, MEMMAP_MAX);
}

static void test_remove_middle_hole(void **state)
{
	struct memmap m = {0};

	add_ok(&m, 0x40000000, 0x20000000);
	assert_int_equal(memmap_remove(&m, 0x40400000, 0x5f000), 0);
	EXPECT(&m, {0x40000000, 0x400000}, {0x4045f000, 0x20000000 - 0x45f000});
}

static void test_remove_edges_and_whole(void **state)
{
	struct memmap m = {0};

	add_ok(&m, 0x10000, 0x10000);
	add_ok(&m, 0x30000, 0x10000);
	add_ok(&m, 0x50000, 0x10000);
	assert_int_equal(memmap_remove(&m, 0x8000, 0x9000), 0);	  /* low edge, from below */
	assert_int_equal(memmap_remove(&m, 0x3f000, 0x4000), 0);  /* high edge, beyond */
	assert_int_equal(memmap_remove(&m, 0x50000, 0x10000), 0); /* exactly one range */
	EXPECT(&m, {0x11000, 0xf000}, {0x30000, 0xf000});
	/* Nothing there: no change, no error. */
	assert_int_equal(memmap_remove(&m, 0x20000, 0x10000), 0);
	assert_int_equal(memmap_remove(&m, 0x11000, 0), 0);
	EXPECT(&m, {0x11000, 0xf000}, {0x30000, 0xf000});
}

static void test_remove_spanning(void **state)
{
	struct memmap m = {0};

	add_ok(&m, 0x10000, 0x10000);
	add_ok(&m, 0x30000, 0x10000);
	add_ok(&m, 0x50000, 0x10000);
	add_ok(&m, 0x70000, 0x10000);
	/* Cuts the top of the first, all of the middle two, the bottom of the last. */
	assert_int_equal(memmap_remove(&m, 0x18000, 0x5c000), 0);
	EXPECT(&m, {0x10000, 0x8000}, {0x74000, 0xc000});
	assert_int_equal(memmap_total(&m), 0x14000);
}

static void test_remove_to_top_of_address_space(void **state)
{
	struct memmap m = {0};

	add_ok(&m, 0x10000, 0x10000);
	add_ok(&m, 0xfffffffff0000000ULL, 0x8000000);
	/* base + size wraps: means "everything from base up". */
	assert_int_equal(memmap_remove(&m, 0x18000, UINT64_MAX - 0x10000), 0);
	EXPECT(&m, {0x10000, 0x8000});
}

/* A middle hole needs a new slot; at MEMMAP_MAX there is none. */
static void test_remove_split_overflow(void **state)
{
	struct memmap m = {0};

	for (unsigned int i = 0; i < MEMMAP_MAX - 1; i++)
		add_ok(&m, 0x100000ULL * i, 0x10000);
	assert_int_equal(memmap_remove(&m, 0x4000, 0x1000), 0); /* the last free slot */
	assert_int_equal(m.n, MEMMAP_MAX);
	assert_int_equal(m.r[0].base, 0);
	assert_int_equal(m.r[0].size, 0x4000);
	assert_int_equal(m.r[1].base, 0x5000);
	assert_int_equal(m.r[1].size, 0xb000);
	assert_int_equal(m.r[2].base, 0x100000);
	assert_int_equal(memmap_remove(&m, 0x204000, 0x1000), -TARN_ENOSPC);
	assert_int_equal(m.n, MEMMAP_MAX);
	/* Trimming an edge needs no slot and still works when full. */
	assert_int_equal(memmap_remove(&m, 0x200000, 0x1000), 0);
	assert_int_equal(m.n, MEMMAP_MAX);
	assert_int_equal(m.r[3].base, 0x201000);
	assert_int_equal(m.r[3].size, 0xf000);
}

static void test_page_align(void **state)
{
	struct memmap m = {0};

	add_ok(&m, 0x1800, 0x2000);  /* [0x1800, 0x3800) -> [0x2000, 0x3000) */
	add_ok(&m, 0x5100, 0xe00);   /* inside one page: dropped */
	add_ok(&m, 0x7800, 0x1000);  /* straddles a boundary, no whole page: dropped */
	add_ok(&m, 0x10000, 0x4000); /* aligned: unchanged */
	add_ok(&m, 0x20000, 0x1234); /* only the end moves */
	memmap_page_align(&m);
	EXPECT(&m, {0x2000, 0x1000}, {0x10000, 0x4000}, {0x20000, 0x1000});
	assert_int_equal(memmap_total(&m), 0x6000);
}

static void test_find_top(void **state)
{
	struct memmap m = {0};
	uint64_t at = 0;

	add_ok(&m, 0x10000, 0x10000);
	add_ok(&m, 0x100000, 0x3000);
	assert_int_equal(memmap_find_top(&m, 0x2000, 0x1000, &at), 0);
	assert_int_equal(at, 0x101000); /* flush with the top of the highest range */
	assert_int_equal(memmap_find_top(&m, 0x3000, 0x1000, &at), 0);
	assert_int_equal(at, 0x100000);
	assert_int_equal(memmap_find_top(&m, 0x4000, 0x1000, &at), 0);
	assert_int_equal(at, 0x1c000); /* too big for the high range */
	assert_int_equal(memmap_find_top(&m, 0x1000, 0x8000, &at), 0);
	assert_int_equal(at, 0x100000); /* aligned down, still inside */
	assert_int_equal(memmap_find_top(&m, 0x10000, 0x1000, &at), 0);
	assert_int_equal(at, 0x10000);
}

static void test_find_top_alignment_moves_down(void **state)
{
	struct memmap m = {0};
	uint64_t at = 0;

	add_ok(&m, 0x10000, 0x10000);
	add_ok(&m, 0x101000, 0x3000);
	/* Big enough, but no 64 KiB boundary inside [0x101000, 0x104000). */
	assert_int_equal(memmap_find_top(&m, 0x1000, 0x10000, &at), 0);
	assert_int_equal(at, 0x10000);
}

static void test_find_top_none(void **state)
{
	struct memmap m = {0};
	uint64_t at = 0x1234;

	assert_int_equal(memmap_find_top(&m, 0x1000, 0x1000, &at), -TARN_ENOMEM);
	add_ok(&m, 0x10000, 0x10000);
	add_ok(&m, 0x30000, 0x10000);
	/* Enough in total, not in one range. */
	assert_int_equal(memmap_find_top(&m, 0x11000, 0x1000, &at), -TARN_ENOMEM);
	/* Fits by size, but no aligned spot. */
	assert_int_equal(memmap_find_top(&m, 0x8000, 0x20000, &at), -TARN_ENOMEM);
	assert_int_equal(at, 0x1234);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_sorted),
	    cmocka_unit_test(test_add_rejects),
	    cmocka_unit_test(test_add_full),
	    cmocka_unit_test(test_remove_middle_hole),
	    cmocka_unit_test(test_remove_edges_and_whole),
	    cmocka_unit_test(test_remove_spanning),
	    cmocka_unit_test(test_remove_to_top_of_address_space),
	    cmocka_unit_test(test_remove_split_overflow),
	    cmocka_unit_test(test_page_align),
	    cmocka_unit_test(test_find_top),
	    cmocka_unit_test(test_find_top_alignment_moves_down),
	    cmocka_unit_test(test_find_top_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
