/*
 * The balloon (see guestkit/balloon.h). Pages leave in chunks of up to
 * CHUNK_PAGES taken with memalign() from the heap and are remembered, so a
 * rising target brings the same pages back and returns them to the heap.
 * The heap's pages are identity-mapped (VA == IPA), so a chunk's address is
 * its guest frame numbers.
 */
#include <guestkit/balloon.h>
#include <guestkit/hypercall.h>
#include <malloc.h>
#include <stdlib.h>
#include <tarn/memory.h>
#include <tarn/xen.h>

#define PAGE_BYTES  4096UL
#define CHUNK_PAGES 512 /* 2 MiB: one decrease_reservation batch */
#define MAX_CHUNKS  64	/* 128 MiB held at most */

struct chunk {
	void *mem;
	unsigned long pages;
};

static struct chunk chunks[MAX_CHUNKS];
static unsigned int nchunks;
static uint64_t held;
static xen_pfn_t gpfns[CHUNK_PAGES];

static long reservation(unsigned int cmd)
{
	domid_t self = DOMID_SELF;

	return HYPERVISOR_memory_op(cmd, &self);
}

/* decrease_reservation or populate_physmap of a chunk's pages. */
static long chunk_op(unsigned int cmd, const struct chunk *c)
{
	struct xen_memory_reservation r = {.nr_extents = c->pages, .domid = DOMID_SELF};

	for (unsigned long i = 0; i < c->pages; i++)
		gpfns[i] = (uintptr_t)c->mem / PAGE_BYTES + i;
	r.extent_start.p = gpfns;
	return HYPERVISOR_memory_op(cmd, &r);
}

static long balloon_inflate(unsigned long over)
{
	struct chunk c = {.pages = over < CHUNK_PAGES ? over : CHUNK_PAGES};
	long done;

	if (nchunks == MAX_CHUNKS)
		return 0;
	c.mem = memalign(PAGE_BYTES, c.pages * PAGE_BYTES);
	if (!c.mem)
		return 0; /* the heap has nothing left to give */
	done = chunk_op(XENMEM_decrease_reservation, &c);
	if (done <= 0) {
		free(c.mem);
		return 0;
	}
	c.pages = (unsigned long)done; /* what did not go stays in the heap's block */
	chunks[nchunks++] = c;
	held += c.pages;
	return done;
}

static long balloon_deflate(unsigned long room)
{
	struct chunk *c = &chunks[nchunks - 1];
	long done;

	if (c->pages > room)
		return 0; /* the last chunk does not fit under the target yet */
	done = chunk_op(XENMEM_populate_physmap, c);
	if (done != (long)c->pages) {
		/* Out of memory on the host: give the ones we got back again. */
		struct chunk part = {c->mem, done > 0 ? (unsigned long)done : 0};

		if (part.pages)
			chunk_op(XENMEM_decrease_reservation, &part);
		return 0;
	}
	free(c->mem);
	nchunks--;
	held -= (uint64_t)done;
	return -done;
}

long gk_balloon_poll(void)
{
	long target = reservation(XENMEM_maximum_reservation);
	long current = reservation(XENMEM_current_reservation);

	if (target <= 0 || current <= 0)
		return 0;
	if (current > target)
		return balloon_inflate((unsigned long)(current - target));
	if (current < target && nchunks)
		return balloon_deflate((unsigned long)(target - current));
	return 0;
}

uint64_t gk_balloon_pages(void)
{
	return held;
}
