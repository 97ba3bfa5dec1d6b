/*
 * VMSAv8-64 translation tables with the 4 KiB granule: building, changing and
 * reading one table tree.
 *
 * The same code builds Tarn's own EL2 tables (arch/arm64/mmu.c) and, later,
 * stage-2 tables; only the leaf attribute bits differ, and the caller passes
 * them in. It is plain C with no system-register access, so it runs in host
 * unit tests too. Table pages come from the caller's allocator and are reached
 * through pa_to_ptr(): Tarn identity-maps RAM, and host tests hand out pages
 * whose "physical" address is their host address.
 *
 * Locking: none; the owner of a table tree serialises changes to it.
 */
#ifndef ARCH_ARM64_PGTABLE_H
#define ARCH_ARM64_PGTABLE_H

#include "lib/types.h"

#define PT_ENTRIES	  512
#define PT_LEVEL_SHIFT(l) (12 + 9 * (3 - (l)))
#define PT_LEVEL_SIZE(l)  (1ULL << PT_LEVEL_SHIFT(l))

/* Descriptor bits. */
#define PTE_VALID      (1ULL << 0)
#define PTE_TYPE_TABLE (1ULL << 1) /* table (levels 0-2) or page (level 3) */
#define PTE_ATTRIDX(n) ((uint64_t)(n) << 2)
#define PTE_AP_RO      (1ULL << 7) /* AP[2]: read-only */
#define PTE_AP_RES1    (1ULL << 6) /* AP[1]: RES1 in the EL2 regime */
#define PTE_SH_INNER   (3ULL << 8)
#define PTE_AF	       (1ULL << 10)
#define PTE_XN	       (1ULL << 54)
#define PTE_ADDR_MASK  0x0000fffffffff000ULL
#define PTE_ATTR_MASK  (~PTE_ADDR_MASK & ~3ULL)

struct pgtable {
	paddr_t root;		  /* the top-level table */
	unsigned int start_level; /* level of the root table (0..2) */
	/* Returns a zeroed, page-aligned page, or -TARN_ENOMEM. */
	int (*alloc_table)(void *ctx, paddr_t *out);
	void *ctx;
};

/*
 * Set up pt with a fresh root table. Returns 0 or the allocator's error.
 */
int pt_init(struct pgtable *pt, unsigned int start_level, int (*alloc_table)(void *, paddr_t *),
	    void *ctx);

/*
 * Map [va, va+size) to [pa, pa+size) with leaf attributes attrs (PTE_ATTRIDX,
 * AP, SH, AF, XN bits). All three must be page aligned. Uses the largest
 * blocks that fit (1 GiB at level 1, 2 MiB at level 2); a block already in
 * place is split when only part of it changes, and an existing table is never
 * replaced by a block. Returns 0, -TARN_EINVAL or -TARN_ENOMEM (the part
 * mapped before the failure stays mapped).
 */
int pt_map(struct pgtable *pt, uint64_t va, paddr_t pa, uint64_t size, uint64_t attrs);

/* Remove the mappings of [va, va+size), splitting blocks as needed. */
int pt_unmap(struct pgtable *pt, uint64_t va, uint64_t size);

/*
 * Translate va. Returns 0 and fills *pa (the address va maps to), *attrs
 * (the leaf's attribute bits) and *level (0..3, the leaf's level) when
 * mapped; -TARN_ENOENT when not. Any out pointer may be NULL.
 */
int pt_lookup(const struct pgtable *pt, uint64_t va, paddr_t *pa, uint64_t *attrs,
	      unsigned int *level);

#endif /* ARCH_ARM64_PGTABLE_H */
