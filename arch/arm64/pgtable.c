/*
 * VMSAv8-64 4 KiB-granule translation tables: map, unmap and look up.
 * See pgtable.h for the contract.
 *
 * Why splitting exists: Tarn maps RAM with the largest blocks that fit, and
 * later needs part of a block with other attributes (its own image, a page
 * given to a guest). Splitting rewrites the block as a table of identical
 * smaller mappings first, then changes the part that differs.
 */
#include "arch/arm64/pgtable.h"

#include "tarn/errno.h"

static uint64_t *table_ptr(uint64_t desc)
{
	return pa_to_ptr(pa_init(desc & PTE_ADDR_MASK));
}

static bool pte_is_table(uint64_t desc, unsigned int level)
{
	return level < 3 && (desc & (PTE_VALID | PTE_TYPE_TABLE)) == (PTE_VALID | PTE_TYPE_TABLE);
}

static bool pte_is_block(uint64_t desc, unsigned int level)
{
	return level < 3 && (desc & (PTE_VALID | PTE_TYPE_TABLE)) == PTE_VALID;
}

static uint64_t pte_leaf(uint64_t pa, uint64_t attrs, unsigned int level)
{
	uint64_t type = level == 3 ? (PTE_VALID | PTE_TYPE_TABLE) : PTE_VALID;

	return (pa & PTE_ADDR_MASK) | (attrs & PTE_ATTR_MASK) | type;
}

static unsigned int pt_index(uint64_t va, unsigned int level)
{
	return (unsigned int)(va >> PT_LEVEL_SHIFT(level)) & (PT_ENTRIES - 1);
}

static int table_new(struct pgtable *pt, uint64_t *entry)
{
	paddr_t page;
	int rc = pt->alloc_table(pt->ctx, &page);

	if (rc)
		return rc;
	*entry = (pa_val(page) & PTE_ADDR_MASK) | PTE_VALID | PTE_TYPE_TABLE;
	return 0;
}

/* Replace the block in *entry (at level) by a table of the same mappings. */
static int block_split(struct pgtable *pt, uint64_t *entry, unsigned int level)
{
	uint64_t block = *entry;
	uint64_t base = block & PTE_ADDR_MASK;
	uint64_t attrs = block & PTE_ATTR_MASK;
	uint64_t step = PT_LEVEL_SIZE(level + 1);
	uint64_t table;
	uint64_t *sub;
	int rc = table_new(pt, &table);

	if (rc)
		return rc;
	sub = table_ptr(table);
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		sub[i] = pte_leaf(base + i * step, attrs, level + 1);
	*entry = table;
	return 0;
}

static int map_level(struct pgtable *pt, uint64_t *table, unsigned int level, uint64_t va,
		     uint64_t pa, uint64_t size, uint64_t attrs)
{
	while (size) {
		uint64_t blk = PT_LEVEL_SIZE(level);
		uint64_t chunk = MIN(size, blk - (va & (blk - 1)));
		uint64_t *entry = &table[pt_index(va, level)];
		bool whole = chunk == blk && IS_ALIGNED(pa, blk);

		if (level == 3 || (level >= 1 && whole && !pte_is_table(*entry, level))) {
			*entry = pte_leaf(pa, attrs, level);
		} else {
			int rc;

			if (!(*entry & PTE_VALID))
				rc = table_new(pt, entry);
			else if (pte_is_block(*entry, level))
				rc = block_split(pt, entry, level);
			else
				rc = 0;
			if (rc)
				return rc;
			rc = map_level(pt, table_ptr(*entry), level + 1, va, pa, chunk, attrs);
			if (rc)
				return rc;
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return 0;
}

static int unmap_level(struct pgtable *pt, uint64_t *table, unsigned int level, uint64_t va,
		       uint64_t size)
{
	while (size) {
		uint64_t blk = PT_LEVEL_SIZE(level);
		uint64_t chunk = MIN(size, blk - (va & (blk - 1)));
		uint64_t *entry = &table[pt_index(va, level)];

		/* A table is emptied, not dropped: its owner frees tables by walking the tree. */
		if (!(*entry & PTE_VALID) || level == 3 ||
		    (chunk == blk && !pte_is_table(*entry, level))) {
			*entry = 0;
		} else {
			int rc = 0;

			if (pte_is_block(*entry, level))
				rc = block_split(pt, entry, level);
			if (rc)
				return rc;
			rc = unmap_level(pt, table_ptr(*entry), level + 1, va, chunk);
			if (rc)
				return rc;
		}
		va += chunk;
		size -= chunk;
	}
	return 0;
}

static bool pt_range_ok(const struct pgtable *pt, uint64_t va, uint64_t size)
{
	uint64_t limit = PT_LEVEL_SIZE(pt->start_level) * PT_ENTRIES;

	return size && IS_ALIGNED(va, PAGE_SIZE) && IS_ALIGNED(size, PAGE_SIZE) && va < limit &&
	       size <= limit - va;
}

int pt_init(struct pgtable *pt, unsigned int start_level, int (*alloc_table)(void *, paddr_t *),
	    void *ctx)
{
	if (start_level > 2)
		return -TARN_EINVAL;
	pt->start_level = start_level;
	pt->alloc_table = alloc_table;
	pt->ctx = ctx;
	return alloc_table(ctx, &pt->root);
}

int pt_map(struct pgtable *pt, uint64_t va, paddr_t pa, uint64_t size, uint64_t attrs)
{
	if (!pt_range_ok(pt, va, size) || !IS_ALIGNED(pa_val(pa), PAGE_SIZE) ||
	    (pa_val(pa) & ~PTE_ADDR_MASK))
		return -TARN_EINVAL;
	return map_level(pt, pa_to_ptr(pt->root), pt->start_level, va, pa_val(pa), size, attrs);
}

int pt_unmap(struct pgtable *pt, uint64_t va, uint64_t size)
{
	if (!pt_range_ok(pt, va, size))
		return -TARN_EINVAL;
	return unmap_level(pt, pa_to_ptr(pt->root), pt->start_level, va, size);
}

int pt_lookup(const struct pgtable *pt, uint64_t va, paddr_t *pa, uint64_t *attrs,
	      unsigned int *level)
{
	const uint64_t *table = pa_to_ptr(pt->root);

	if (va >= PT_LEVEL_SIZE(pt->start_level) * PT_ENTRIES)
		return -TARN_ENOENT;
	for (unsigned int l = pt->start_level; l <= 3; l++) {
		uint64_t desc = table[pt_index(va, l)];

		if (!(desc & PTE_VALID))
			return -TARN_ENOENT;
		if (pte_is_table(desc, l)) {
			table = table_ptr(desc);
			continue;
		}
		if (l == 0)
			return -TARN_ENOENT; /* no level-0 blocks with 4 KiB pages */
		if (pa)
			*pa = pa_init((desc & PTE_ADDR_MASK) | (va & (PT_LEVEL_SIZE(l) - 1)));
		if (attrs)
			*attrs = desc & PTE_ATTR_MASK;
		if (level)
			*level = l;
		return 0;
	}
	return -TARN_ENOENT;
}
