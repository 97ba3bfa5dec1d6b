/*
 * Host unit tests for the VMSAv8-64 table code (arch/arm64/pgtable.c).
 *
 * Table pages come from the host heap and their "physical" address is their
 * host address (pgtable.c reaches tables through pa_to_ptr()); host heap
 * pointers are below 2^47, inside the descriptors' address bits. The pool
 * that hands them out remembers every page, so each test frees its tree and
 * can make the allocator fail after a given number of pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "arch/arm64/pgtable.h"
#include "tarn/errno.h"

#define POOL_MAX 64

#define ATTRS_RW (PTE_ATTRIDX(0) | PTE_AP_RES1 | PTE_SH_INNER | PTE_AF)
#define ATTRS_RO (PTE_ATTRIDX(1) | PTE_AP_RES1 | PTE_AP_RO | PTE_SH_INNER | PTE_AF | PTE_XN)

struct pool {
	void *pages[POOL_MAX];
	unsigned int n;
	unsigned int limit; /* fail once this many pages are out */
};

static int pool_alloc(void *ctx, paddr_t *out)
{
	struct pool *p = ctx;
	void *page;

	if (p->n == p->limit)
		return -TARN_ENOMEM;
	page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	assert_non_null(page);
	assert_true((uintptr_t)page < (1ULL << 47));
	memset(page, 0, PAGE_SIZE);
	p->pages[p->n++] = page;
	*out = pa_from_ptr(page);
	return 0;
}

static int pool_setup(void **state)
{
	struct pool *p = calloc(1, sizeof(*p));

	if (!p)
		return -1;
	p->limit = POOL_MAX;
	*state = p;
	return 0;
}

static int pool_teardown(void **state)
{
	struct pool *p = *state;

	for (unsigned int i = 0; i < p->n; i++)
		free(p->pages[i]);
	free(p);
	return 0;
}

static void init_ok(struct pgtable *pt, unsigned int start_level, struct pool *p)
{
	assert_int_equal(pt_init(pt, start_level, pool_alloc, p), 0);
}

/* va must translate to pa with exactly these attributes at this level. */
static void expect_map(const struct pgtable *pt, uint64_t va, uint64_t pa, uint64_t attrs,
		       unsigned int level)
{
	paddr_t got = pa_init(~0ULL);
	uint64_t got_attrs = ~0ULL;
	unsigned int got_level = ~0U;
	int rc = pt_lookup(pt, va, &got, &got_attrs, &got_level);

	if (rc)
		fail_msg("va 0x%llx: lookup failed (%d), want pa 0x%llx", (unsigned long long)va,
			 rc, (unsigned long long)pa);
	if (pa_val(got) != pa || got_attrs != attrs || got_level != level)
		fail_msg("va 0x%llx: pa 0x%llx attrs 0x%llx level %u, want 0x%llx 0x%llx %u",
			 (unsigned long long)va, (unsigned long long)pa_val(got),
			 (unsigned long long)got_attrs, got_level, (unsigned long long)pa,
			 (unsigned long long)attrs, level);
}

static void expect_unmapped(const struct pgtable *pt, uint64_t va)
{
	paddr_t got;

	if (pt_lookup(pt, va, &got, NULL, NULL) != -TARN_ENOENT)
		fail_msg("va 0x%llx: mapped to 0x%llx, want nothing", (unsigned long long)va,
			 (unsigned long long)pa_val(got));
}

static const uint64_t *table_at(uint64_t desc)
{
	return pa_to_ptr(pa_init(desc & PTE_ADDR_MASK));
}

static void test_1g_block(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;
	const uint64_t *root, *l1;

	init_ok(&pt, 0, p);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x80000000), GIB(1), ATTRS_RW), 0);
	assert_int_equal(p->n, 2); /* root and one level-1 table, nothing below */
	root = pa_to_ptr(pt.root);
	assert_int_equal(root[0] & 3, PTE_VALID | PTE_TYPE_TABLE);
	l1 = table_at(root[0]);
	assert_int_equal(l1[1], 0x80000000 | ATTRS_RW | PTE_VALID); /* a block: bit 1 clear */
	assert_int_equal(l1[0], 0);
	assert_int_equal(l1[2], 0);
	expect_map(&pt, 0x40000000, 0x80000000, ATTRS_RW, 1);
	expect_map(&pt, 0x40123456, 0x80123456, ATTRS_RW, 1);
	expect_map(&pt, 0x7fffffff, 0xbfffffff, ATTRS_RW, 1);
	expect_unmapped(&pt, 0x3fffffff);
	expect_unmapped(&pt, 0x80000000);
}

static void test_2m_blocks(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;

	init_ok(&pt, 0, p);
	assert_int_equal(pt_map(&pt, 0x40200000, pa_init(0x1000000), MIB(4), ATTRS_RO), 0);
	assert_int_equal(p->n, 3);
	expect_map(&pt, 0x40200000, 0x1000000, ATTRS_RO, 2);
	expect_map(&pt, 0x405fffff, 0x13fffff, ATTRS_RO, 2);
	expect_unmapped(&pt, 0x40600000);
	expect_unmapped(&pt, 0x401fffff);
}

/* A 1 GiB-aligned VA whose PA is only 2 MiB aligned cannot use a 1 GiB block. */
static void test_1g_range_with_2m_aligned_pa(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;

	init_ok(&pt, 0, p);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x80200000), GIB(1), ATTRS_RW), 0);
	expect_map(&pt, 0x40000000, 0x80200000, ATTRS_RW, 2);
	expect_map(&pt, 0x7fe00001, 0xc0000001, ATTRS_RW, 2);
}

static void test_4k_pages(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;

	init_ok(&pt, 0, p);
	assert_int_equal(pt_map(&pt, 0x40001000, pa_init(0x9000000), 0x3000, ATTRS_RO), 0);
	assert_int_equal(p->n, 4);
	expect_map(&pt, 0x40001000, 0x9000000, ATTRS_RO, 3);
	expect_map(&pt, 0x40002abc, 0x9001abc, ATTRS_RO, 3);
	expect_map(&pt, 0x40003fff, 0x9002fff, ATTRS_RO, 3);
	expect_unmapped(&pt, 0x40000fff);
	expect_unmapped(&pt, 0x40004000);
}

/* One call that needs every size: pages, 2 MiB blocks, a 1 GiB block, back down. */
static void test_mixed_range(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;
	uint64_t va = 0x3fdff000, off = GIB(4);
	uint64_t size = 0x1000 + MIB(2) + GIB(1) + MIB(2) + 0x1000;

	init_ok(&pt, 0, p);
	assert_int_equal(pt_map(&pt, va, pa_init(va + off), size, ATTRS_RW), 0);
	expect_unmapped(&pt, 0x3fdfe000);
	expect_map(&pt, 0x3fdff000, 0x3fdff000 + off, ATTRS_RW, 3);
	expect_map(&pt, 0x3fe00000, 0x3fe00000 + off, ATTRS_RW, 2);
	expect_map(&pt, 0x40000000, 0x40000000 + off, ATTRS_RW, 1);
	expect_map(&pt, 0x80000000, 0x80000000 + off, ATTRS_RW, 2);
	expect_map(&pt, 0x80200000, 0x80200000 + off, ATTRS_RW, 3);
	expect_unmapped(&pt, 0x80201000);
}

static void test_map_splits_block(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;

	init_ok(&pt, 0, p);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x40000000), GIB(1), ATTRS_RW), 0);
	assert_int_equal(pt_map(&pt, 0x40201000, pa_init(0x12345000), 0x1000, ATTRS_RO), 0);
	assert_int_equal(p->n, 4); /* the block became a level-2 table, one entry a level-3 one */
	expect_map(&pt, 0x40201000, 0x12345000, ATTRS_RO, 3);
	expect_map(&pt, 0x40201fff, 0x12345fff, ATTRS_RO, 3);
	/* The rest of the old block translates exactly as before. */
	expect_map(&pt, 0x40200000, 0x40200000, ATTRS_RW, 3);
	expect_map(&pt, 0x40202000, 0x40202000, ATTRS_RW, 3);
	expect_map(&pt, 0x403ff000, 0x403ff000, ATTRS_RW, 3);
	expect_map(&pt, 0x40000000, 0x40000000, ATTRS_RW, 2);
	expect_map(&pt, 0x401fffff, 0x401fffff, ATTRS_RW, 2);
	expect_map(&pt, 0x40400000, 0x40400000, ATTRS_RW, 2);
	expect_map(&pt, 0x7fffffff, 0x7fffffff, ATTRS_RW, 2);
}

static void test_unmap_splits_block(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;

	init_ok(&pt, 0, p);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x40000000), GIB(1), ATTRS_RW), 0);
	assert_int_equal(pt_unmap(&pt, 0x40201000, 0x1000), 0);
	expect_unmapped(&pt, 0x40201000);
	expect_unmapped(&pt, 0x40201fff);
	expect_map(&pt, 0x40200fff, 0x40200fff, ATTRS_RW, 3);
	expect_map(&pt, 0x40202000, 0x40202000, ATTRS_RW, 3);
	expect_map(&pt, 0x40000000, 0x40000000, ATTRS_RW, 2);
	expect_map(&pt, 0x40400000, 0x40400000, ATTRS_RW, 2);
	/* A whole 2 MiB block of the split table goes without a new table. */
	assert_int_equal(pt_unmap(&pt, 0x40400000, MIB(2)), 0);
	assert_int_equal(p->n, 4);
	expect_unmapped(&pt, 0x40400000);
	expect_unmapped(&pt, 0x405ff000);
	expect_map(&pt, 0x40600000, 0x40600000, ATTRS_RW, 2);
	expect_map(&pt, 0x403ff000, 0x403ff000, ATTRS_RW, 3);
}

static void test_unmap_whole_and_nothing(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;

	init_ok(&pt, 0, p);
	assert_int_equal(pt_unmap(&pt, 0x40000000, GIB(2)), 0); /* nothing there */
	assert_int_equal(p->n, 1);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x40000000), GIB(1), ATTRS_RW), 0);
	assert_int_equal(pt_unmap(&pt, 0x40000000, GIB(1)), 0);
	expect_unmapped(&pt, 0x40000000);
	expect_unmapped(&pt, 0x7ffff000);
	assert_int_equal(p->n, 2);
}

/* A block over a range that has a table keeps the table's finer mappings. */
static void test_table_never_replaced_by_block(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;

	init_ok(&pt, 0, p);
	assert_int_equal(pt_map(&pt, 0x40001000, pa_init(0x9000000), 0x1000, ATTRS_RO), 0);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x40000000), MIB(2), ATTRS_RW), 0);
	assert_int_equal(p->n, 4);
	expect_map(&pt, 0x40000000, 0x40000000, ATTRS_RW, 3);
	expect_map(&pt, 0x40001000, 0x40001000, ATTRS_RW, 3);
	expect_map(&pt, 0x401ff000, 0x401ff000, ATTRS_RW, 3);
	/* Same one level up: the level-2 table stays, the rest gets 2 MiB blocks. */
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x40000000), GIB(1), ATTRS_RO), 0);
	assert_int_equal(p->n, 4);
	expect_map(&pt, 0x40000000, 0x40000000, ATTRS_RO, 3);
	expect_map(&pt, 0x40100000, 0x40100000, ATTRS_RO, 3);
	expect_map(&pt, 0x40200000, 0x40200000, ATTRS_RO, 2);
	expect_map(&pt, 0x7fe00000, 0x7fe00000, ATTRS_RO, 2);
}

static void test_bad_arguments(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;
	uint64_t limit = 1ULL << 48; /* start level 0: 48-bit addresses */

	init_ok(&pt, 0, p);
	assert_int_equal(pt_map(&pt, 0x40000800, pa_init(0x40000000), 0x1000, ATTRS_RW),
			 -TARN_EINVAL);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x40000800), 0x1000, ATTRS_RW),
			 -TARN_EINVAL);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x40000000), 0x800, ATTRS_RW),
			 -TARN_EINVAL);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x40000000), 0, ATTRS_RW), -TARN_EINVAL);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(limit), 0x1000, ATTRS_RW), -TARN_EINVAL);
	assert_int_equal(pt_map(&pt, limit, pa_init(0x40000000), 0x1000, ATTRS_RW), -TARN_EINVAL);
	assert_int_equal(pt_map(&pt, limit - 0x1000, pa_init(0), 0x2000, ATTRS_RW), -TARN_EINVAL);
	assert_int_equal(pt_map(&pt, 0x1000, pa_init(0), UINT64_MAX - 0xfff, ATTRS_RW),
			 -TARN_EINVAL);
	assert_int_equal(pt_unmap(&pt, 0x40000800, 0x1000), -TARN_EINVAL);
	assert_int_equal(pt_unmap(&pt, limit, 0x1000), -TARN_EINVAL);
	assert_int_equal(pt_lookup(&pt, limit, NULL, NULL, NULL), -TARN_ENOENT);
	assert_int_equal(p->n, 1); /* nothing was touched */
	/* The last page of the address space is fine. */
	assert_int_equal(pt_map(&pt, limit - 0x1000, pa_init(0x5000), 0x1000, ATTRS_RW), 0);
	expect_map(&pt, limit - 1, 0x5fff, ATTRS_RW, 3);
	assert_int_equal(pt_init(&pt, 3, pool_alloc, p), -TARN_EINVAL);
}

static void test_alloc_failure(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;

	p->limit = 4; /* root, level 1, level 2, one level 3 */
	init_ok(&pt, 0, p);
	assert_int_equal(pt_map(&pt, 0x401ff000, pa_init(0x801ff000), 0x2000, ATTRS_RW),
			 -TARN_ENOMEM);
	/* What was mapped before the failure stays mapped. */
	expect_map(&pt, 0x401ff000, 0x801ff000, ATTRS_RW, 3);
	expect_unmapped(&pt, 0x40200000);
	/* Splitting needs a page too; without one the block is left whole. */
	assert_int_equal(pt_map(&pt, 0x40400000, pa_init(0x80400000), MIB(2), ATTRS_RW), 0);
	assert_int_equal(pt_map(&pt, 0x40401000, pa_init(0x1000), 0x1000, ATTRS_RO), -TARN_ENOMEM);
	assert_int_equal(pt_unmap(&pt, 0x40401000, 0x1000), -TARN_ENOMEM);
	expect_map(&pt, 0x40401000, 0x80401000, ATTRS_RW, 2);
	expect_map(&pt, 0x40400000, 0x80400000, ATTRS_RW, 2);
	assert_int_equal(p->n, 4);
	assert_int_equal(pt_init(&pt, 0, pool_alloc, p), -TARN_ENOMEM);
}

/* Stage-2 style: the root is a level-1 table, addresses below 512 GiB. */
static void test_start_level_1(void **state)
{
	struct pool *p = *state;
	struct pgtable pt;
	uint64_t limit = 1ULL << 39;

	init_ok(&pt, 1, p);
	assert_int_equal(pt.start_level, 1);
	assert_int_equal(pt_map(&pt, 0x40000000, pa_init(0x100000000ULL), GIB(1), ATTRS_RW), 0);
	assert_int_equal(p->n, 1); /* the block sits in the root */
	assert_int_equal(((const uint64_t *)pa_to_ptr(pt.root))[1],
			 0x100000000ULL | ATTRS_RW | PTE_VALID);
	assert_int_equal(pt_map(&pt, limit - 0x1000, pa_init(0x8000000), 0x1000, ATTRS_RO), 0);
	expect_map(&pt, 0x40000123, 0x100000123, ATTRS_RW, 1);
	expect_map(&pt, limit - 0x800, 0x8000800, ATTRS_RO, 3);
	assert_int_equal(pt_map(&pt, limit, pa_init(0), 0x1000, ATTRS_RW), -TARN_EINVAL);
	assert_int_equal(pt_lookup(&pt, limit, NULL, NULL, NULL), -TARN_ENOENT);
	assert_int_equal(pt_unmap(&pt, 0x40200000, 0x1000), 0);
	expect_unmapped(&pt, 0x40200000);
	expect_map(&pt, 0x40201000, 0x100201000, ATTRS_RW, 3);
	expect_map(&pt, 0x40400000, 0x100400000, ATTRS_RW, 2);
}

#define T(f) cmocka_unit_test_setup_teardown(f, pool_setup, pool_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_1g_block),
	    T(test_2m_blocks),
	    T(test_1g_range_with_2m_aligned_pa),
	    T(test_4k_pages),
	    T(test_mixed_range),
	    T(test_map_splits_block),
	    T(test_unmap_splits_block),
	    T(test_unmap_whole_and_nothing),
	    T(test_table_never_replaced_by_block),
	    T(test_bad_arguments),
	    T(test_alloc_failure),
	    T(test_start_level_1),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
