/*
 * Data-cache maintenance by VA to the point of coherency (see cache.h).
 */
#include "arch/arm64/cache.h"

#include <stdint.h>

#include "arch/arm64/sysreg.h"

static uintptr_t dcache_line(void)
{
	/* CTR_EL0.DminLine: log2 of words in the smallest D-cache line. */
	return 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
}

#define DCACHE_LOOP(op, start, size)                                             \
	do {                                                                     \
		uintptr_t line = dcache_line();                                  \
		uintptr_t p = (uintptr_t)(start) & ~(line - 1);                  \
		uintptr_t end = (uintptr_t)(start) + (size);                     \
		for (; p < end; p += line)                                       \
			__asm__ volatile("dc " op ", %0" : : "r"(p) : "memory"); \
		dsb_sy();                                                        \
	} while (0)

void dcache_clean_range(const void *start, size_t size)
{
	DCACHE_LOOP("cvac", start, size);
}

void dcache_inval_range(const void *start, size_t size)
{
	DCACHE_LOOP("ivac", start, size);
}

void dcache_clean_inval_range(const void *start, size_t size)
{
	DCACHE_LOOP("civac", start, size);
}
