/*
 * A set of disjoint physical ranges: RAM banks minus everything that must not
 * be handed out. Used once at boot to find what the page allocator may own.
 * Arch-neutral, host-testable.
 */
#ifndef MM_MEMMAP_H
#define MM_MEMMAP_H

#include "lib/types.h"

#define MEMMAP_MAX 64

struct memmap {
	struct {
		uint64_t base;
		uint64_t size;
	} r[MEMMAP_MAX];
	unsigned int n;
};

/* Add [base, base+size); it must not overlap what is there. 0 or -TARN_ENOSPC/-TARN_EINVAL. */
int memmap_add(struct memmap *m, uint64_t base, uint64_t size);

/* Remove [base, base+size) wherever it overlaps; splitting may need a free slot
 * (-TARN_ENOSPC). Removing what is not there is fine. */
int memmap_remove(struct memmap *m, uint64_t base, uint64_t size);

/* Shrink every range inward to page boundaries, dropping empty ones. */
void memmap_page_align(struct memmap *m);

uint64_t memmap_total(const struct memmap *m);

/*
 * Find size bytes aligned to align inside one range, as high as possible;
 * returns 0 and the address, or -TARN_ENOMEM.
 */
int memmap_find_top(const struct memmap *m, uint64_t size, uint64_t align, uint64_t *out);

#endif /* MM_MEMMAP_H */
