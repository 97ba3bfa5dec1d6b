/*
 * Data-cache maintenance by virtual address, to the point of coherency.
 *
 * Needed where memory is shared with an observer that does not look through
 * the caches: a CPU running with its MMU off (boot, secondary start-up) or a
 * device that does not snoop.
 */
#ifndef ARCH_ARM64_CACHE_H
#define ARCH_ARM64_CACHE_H

#include <stddef.h>

void dcache_clean_range(const void *start, size_t size);
void dcache_inval_range(const void *start, size_t size);
void dcache_clean_inval_range(const void *start, size_t size);

#endif /* ARCH_ARM64_CACHE_H */
