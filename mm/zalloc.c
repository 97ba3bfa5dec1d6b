/*
 * Zeroed page-granular allocations (see zalloc.h).
 */
#include "mm/zalloc.h"

#include "lib/string.h"
#include "mm/page-alloc.h"

static unsigned int bytes_order(size_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

void *zalloc(size_t bytes)
{
	unsigned int order = bytes_order(bytes);
	paddr_t pa;
	void *p;

	if (!bytes || page_alloc(order, &pa))
		return NULL;
	p = pa_to_ptr(pa);
	memset(p, 0, PAGE_SIZE << order);
	return p;
}

void zfree(void *ptr, size_t bytes)
{
	if (ptr)
		page_free(pa_from_ptr(ptr), bytes_order(bytes));
}
