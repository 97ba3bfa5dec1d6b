/*
 * Host unit tests for arch/arm64/pgtable.c used the way stage 2 uses it
 * (arch/arm64/p2m.c): a tree walked from level 0, stage-2 leaf attributes,
 * a domain's RAM mapped with 2 MiB blocks, single pages replaced inside a
 * block (memory_op add_to_physmap), device regions mapped execute-never.
 *
 * "Physical" addresses of guest RAM are plain numbers, never dereferenced;
 * table pages come from the host heap (pgtable.c reaches them through
 * pa_to_ptr()). The pool remembers every table it hands out. A domain's
 * tables are freed by walking its tree from the root (p2m_domain_destroy()),
 * so at the end of each test every table handed out must still be reachable
 * from the root, exactly once; then the pool frees them all.
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

/* Stage-2 leaf attributes, as the architecture defines them. */
#define S2_MEMATTR_NORMAL_WB (0xfULL << 2)
#define S2_MEMATTR_DEVICE    (0x1ULL << 2) /* Device-nGnRE */
#define S2_AP_RW	     (3ULL << 6)
#define S2_SH_INNER	     (3ULL << 8)
#define S2_AF		     (1ULL << 10)
#define S2_XN		     (1ULL << 54)

#define S2_RAM	  (S2_MEMATTR_NORMAL_WB | S2_AP_RW | S2_SH_INNER | S2_AF)
#define S2_DEVICE (S2_MEMATTR_DEVICE | S2_AP_RW | S2_AF | S2_XN)

#define RAM_IPA	 0x40000000ULL
#define RAM_SIZE MIB(16)
#define RAM_PA	 0x880200000ULL /* 2 MiB aligned, not 1 GiB aligned */
#define NEW_PA	 0x912345000ULL /* the page put in place of one RAM page */

#define POOL_MAX 32

struct pool {
	void *pages[POOL_MAX];
	unsigned int n;
	bool reached[POOL_MAX]; /* found by the final walk */
	unsigned int strays;	/* tables the walk found that the pool never gave */
	unsigned int twice;	/* tables the walk found more than once */
};

struct s2 {
	struct pool pool;
	struct pgtable pt;
};

static int pool_alloc(void *ctx, paddr_t *out)
{
	struct pool *p = ctx;
	void *page;

	if (p->n == POOL_MAX)
		return -TARN_ENOMEM;
	page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	assert_non_null(page);
	assert_true((uintptr_t)page < (1ULL << 47));
	memset(page, 0, PAGE_SIZE);
	p->pages[p->n++] = page;
	*out = pa_from_ptr(page);
	return 0;
}

static int setup(void **state)
{
	struct s2 *s = calloc(1, sizeof(*s));

	if (!s || pt_init(&s->pt, 0, pool_alloc, &s->pool))
		return -1;
	*state = s;
	return 0;
}

static int pool_index(const struct pool *p, const void *page)
{
	for (unsigned int i = 0; i < p->n; i++)
		if (p->pages[i] == page)
			return (int)i;
	return -1;
}

/* Mark table and every table below it, as a walk that frees them would. */
static void walk(struct pool *p, const uint64_t *table, unsigned int level)
{
	int i = pool_index(p, table);

	if (i < 0) {
		p->strays++;
		return;
	}
	if (p->reached[i]) {
		p->twice++;
		return;
	}
	p->reached[i] = true;
	for (unsigned int e = 0; level < 3 && e < PT_ENTRIES; e++)
		if ((table[e] & 3) == (PTE_VALID | PTE_TYPE_TABLE))
			walk(p, pa_to_ptr(pa_init(table[e] & PTE_ADDR_MASK)), level + 1);
}

static int teardown(void **state)
{
	struct s2 *s = *state;
	struct pool *p = &s->pool;
	unsigned int lost = 0, n = p->n, strays, twice;

	walk(p, pa_to_ptr(s->pt.root), 0);
	strays = p->strays;
	twice = p->twice;
	for (unsigned int i = 0; i < n; i++) {
		lost += !p->reached[i];
		free(p->pages[i]);
	}
	free(s);
	/* A table no walk reaches is never given back when the domain dies. */
	if (lost || strays || twice)
		fail_msg("tables: %u of %u no longer in the tree, %u strays, %u linked twice", lost,
			 n, strays, twice);
	return 0;
}

static void expect_map(const struct pgtable *pt, uint64_t ipa, uint64_t pa, uint64_t attrs,
		       unsigned int level)
{
	paddr_t got = pa_init(~0ULL);
	uint64_t got_attrs = ~0ULL;
	unsigned int got_level = ~0U;
	int rc = pt_lookup(pt, ipa, &got, &got_attrs, &got_level);

	if (rc)
		fail_msg("ipa 0x%llx: lookup failed (%d), want pa 0x%llx", (unsigned long long)ipa,
			 rc, (unsigned long long)pa);
	if (pa_val(got) != pa || got_attrs != attrs || got_level != level)
		fail_msg("ipa 0x%llx: pa 0x%llx attrs 0x%llx level %u, want 0x%llx 0x%llx %u",
			 (unsigned long long)ipa, (unsigned long long)pa_val(got),
			 (unsigned long long)got_attrs, got_level, (unsigned long long)pa,
			 (unsigned long long)attrs, level);
}

/* Same translation and attributes, at any level. */
static void expect_pa(const struct pgtable *pt, uint64_t ipa, uint64_t pa)
{
	paddr_t got = pa_init(~0ULL);
	uint64_t attrs = ~0ULL;

	assert_int_equal(pt_lookup(pt, ipa, &got, &attrs, NULL), 0);
	assert_int_equal(pa_val(got), pa);
	assert_int_equal(attrs, S2_RAM);
}

static void expect_unmapped(const struct pgtable *pt, uint64_t ipa)
{
	paddr_t got = pa_init(0);
	int rc = pt_lookup(pt, ipa, &got, NULL, NULL);

	if (rc != -TARN_ENOENT)
		fail_msg("ipa 0x%llx: %d (pa 0x%llx), want -ENOENT", (unsigned long long)ipa, rc,
			 (unsigned long long)pa_val(got));
}

/* The RAM block at index blk (2 MiB each) maps as one block, as first mapped. */
static void expect_ram_block(const struct pgtable *pt, unsigned int blk)
{
	uint64_t off = MIB(2) * blk;

	expect_map(pt, RAM_IPA + off, RAM_PA + off, S2_RAM, 2);
	expect_map(pt, RAM_IPA + off + 0x1234, RAM_PA + off + 0x1234, S2_RAM, 2);
	expect_map(pt, RAM_IPA + off + MIB(2) - 1, RAM_PA + off + MIB(2) - 1, S2_RAM, 2);
}

static void map_ram(struct s2 *s)
{
	assert_int_equal(pt_map(&s->pt, RAM_IPA, pa_init(RAM_PA), RAM_SIZE, S2_RAM), 0);
}

/* The level-2 table that holds RAM's blocks. */
static const uint64_t *ram_l2(const struct s2 *s)
{
	const uint64_t *l0 = pa_to_ptr(s->pt.root);
	const uint64_t *l1 = pa_to_ptr(pa_init(l0[0] & PTE_ADDR_MASK));

	assert_int_equal(l0[0] & 3, 3);
	assert_int_equal(l1[1] & 3, 3); /* 0x40000000 is level-1 entry 1 */
	return pa_to_ptr(pa_init(l1[1] & PTE_ADDR_MASK));
}

static void test_ram_blocks(void **state)
{
	struct s2 *s = *state;
	const uint64_t *l2;

	map_ram(s);
	assert_int_equal(s->pool.n, 3); /* levels 0, 1 and 2; no level 3 */
	for (unsigned int b = 0; b < 8; b++)
		expect_ram_block(&s->pt, b);
	l2 = ram_l2(s);
	/* The descriptors themselves: block (bit 1 clear), no XN, PA and attributes. */
	assert_int_equal(l2[0], RAM_PA | S2_RAM | PTE_VALID);
	assert_int_equal(l2[7], (RAM_PA + MIB(14)) | S2_RAM | PTE_VALID);
	assert_int_equal(l2[8], 0);
	assert_int_equal(l2[0] & S2_XN, 0);
	expect_unmapped(&s->pt, RAM_IPA - PAGE_SIZE);
	expect_unmapped(&s->pt, RAM_IPA + RAM_SIZE);
}

/* Unmap one page and map another there, as add_to_physmap does for shared_info. */
static void replace_page(struct s2 *s, uint64_t ipa)
{
	assert_int_equal(pt_unmap(&s->pt, ipa, PAGE_SIZE), 0);
	expect_unmapped(&s->pt, ipa);
	assert_int_equal(pt_map(&s->pt, ipa, pa_init(NEW_PA), PAGE_SIZE, S2_RAM), 0);
}

static void test_replace_page(void **state)
{
	struct s2 *s = *state;
	uint64_t block = RAM_IPA + MIB(4), ipa = block + 0x83000;

	map_ram(s);
	replace_page(s, ipa);
	assert_int_equal(s->pool.n, 4); /* the block became one level-3 table */
	expect_map(&s->pt, ipa, NEW_PA, S2_RAM, 3);
	expect_map(&s->pt, ipa + 0xfff, NEW_PA + 0xfff, S2_RAM, 3);
	/* Every other page of the old block maps where it did. */
	for (uint64_t off = 0; off < MIB(2); off += PAGE_SIZE) {
		uint64_t a = block + off;

		if (a != ipa)
			expect_map(&s->pt, a, RAM_PA + (a - RAM_IPA), S2_RAM, 3);
	}
	for (unsigned int b = 0; b < 8; b++)
		if (b != 2)
			expect_ram_block(&s->pt, b);
	/* Again with yet another page: the table stays, nothing new is allocated. */
	assert_int_equal(pt_unmap(&s->pt, ipa, PAGE_SIZE), 0);
	assert_int_equal(pt_map(&s->pt, ipa, pa_init(NEW_PA + MIB(1)), PAGE_SIZE, S2_RAM), 0);
	expect_map(&s->pt, ipa, NEW_PA + MIB(1), S2_RAM, 3);
	assert_int_equal(s->pool.n, 4);
}

static void test_device_xn(void **state)
{
	struct s2 *s = *state;
	const uint64_t gicv = 0x08040000, ipa = 0x03002000;
	uint64_t attrs = 0;
	paddr_t pa;

	map_ram(s);
	assert_int_equal(pt_map(&s->pt, ipa, pa_init(gicv), 0x2000, S2_DEVICE), 0);
	expect_map(&s->pt, ipa, gicv, S2_DEVICE, 3);
	expect_map(&s->pt, ipa + 0x1ffc, gicv + 0x1ffc, S2_DEVICE, 3);
	expect_unmapped(&s->pt, ipa - PAGE_SIZE);
	expect_unmapped(&s->pt, ipa + 0x2000);
	assert_int_equal(pt_lookup(&s->pt, ipa, &pa, &attrs, NULL), 0);
	assert_int_equal(attrs & S2_XN, S2_XN);
	assert_int_equal(attrs & (0xfULL << 2), S2_MEMATTR_DEVICE);
	/* RAM next to it is untouched and executable. */
	assert_int_equal(pt_lookup(&s->pt, RAM_IPA, &pa, &attrs, NULL), 0);
	assert_int_equal(attrs & S2_XN, 0);
	expect_ram_block(&s->pt, 0);
}

static void test_lookup_unmapped(void **state)
{
	struct s2 *s = *state;

	expect_unmapped(&s->pt, 0);
	expect_unmapped(&s->pt, RAM_IPA);
	map_ram(s);
	expect_unmapped(&s->pt, 0);
	expect_unmapped(&s->pt, 0x3fe00000);
	expect_unmapped(&s->pt, RAM_IPA + RAM_SIZE);
	expect_unmapped(&s->pt, 0x7ffff000);
	expect_unmapped(&s->pt, 1ULL << 43); /* top of a 44-bit IPA space */
	expect_unmapped(&s->pt, (1ULL << 44) - 1);
	expect_unmapped(&s->pt, 1ULL << 48);		 /* beyond what level 0 covers */
	expect_unmapped(&s->pt, RAM_IPA | (1ULL << 48)); /* no aliasing above bit 47 */
}

static void test_unmap_block(void **state)
{
	struct s2 *s = *state;
	const uint64_t block = RAM_IPA + MIB(6);

	map_ram(s);
	assert_int_equal(pt_unmap(&s->pt, block, MIB(2)), 0);
	assert_int_equal(s->pool.n, 3); /* a whole block goes without a split */
	expect_unmapped(&s->pt, block);
	expect_unmapped(&s->pt, block + MIB(1));
	expect_unmapped(&s->pt, block + MIB(2) - PAGE_SIZE);
	assert_int_equal(ram_l2(s)[3], 0);
	for (unsigned int b = 0; b < 8; b++)
		if (b != 3)
			expect_ram_block(&s->pt, b);
}

/* A block that had a page replaced is a table now; unmapping all of it. */
static void test_unmap_replaced_block(void **state)
{
	struct s2 *s = *state;
	const uint64_t block = RAM_IPA + MIB(4);

	map_ram(s);
	replace_page(s, block + 0x83000);
	assert_int_equal(pt_unmap(&s->pt, block, MIB(2)), 0);
	expect_unmapped(&s->pt, block);
	expect_unmapped(&s->pt, block + 0x83000);
	expect_unmapped(&s->pt, block + MIB(2) - PAGE_SIZE);
	expect_ram_block(&s->pt, 1);
	expect_ram_block(&s->pt, 3);
	/* Mapped again, it translates as before, whatever the level (teardown checks
	 * the tables). */
	assert_int_equal(pt_map(&s->pt, block, pa_init(RAM_PA + MIB(4)), MIB(2), S2_RAM), 0);
	expect_pa(&s->pt, block, RAM_PA + MIB(4));
	expect_pa(&s->pt, block + 0x83000, RAM_PA + MIB(4) + 0x83000);
	expect_pa(&s->pt, block + MIB(2) - 1, RAM_PA + MIB(6) - 1);
}

/* All of RAM unmapped at once, across blocks and a split one. */
static void test_unmap_all(void **state)
{
	struct s2 *s = *state;

	map_ram(s);
	replace_page(s, RAM_IPA + MIB(9));
	assert_int_equal(pt_unmap(&s->pt, RAM_IPA, RAM_SIZE), 0);
	for (uint64_t off = 0; off < RAM_SIZE; off += MIB(1))
		expect_unmapped(&s->pt, RAM_IPA + off);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_ram_blocks),	 T(test_replace_page), T(test_device_xn),
		T(test_lookup_unmapped), T(test_unmap_block),  T(test_unmap_replaced_block),
		T(test_unmap_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
