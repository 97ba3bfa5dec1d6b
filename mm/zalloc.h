/*
 * Zeroed allocations for Tarn's own objects (domains, vCPUs, tables of
 * extents): whole pages from the page allocator, rounded up to a power of two.
 * Tarn allocates few, long-lived objects; a general-purpose heap is not needed.
 */
#ifndef MM_ZALLOC_H
#define MM_ZALLOC_H

#include <stddef.h>

void *zalloc(size_t bytes);
/* bytes must be what was asked of zalloc() for ptr. */
void zfree(void *ptr, size_t bytes);

#endif /* MM_ZALLOC_H */
