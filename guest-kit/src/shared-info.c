/*
 * The shared_info page, mapped on request with memory_op(add_to_physmap,
 * XENMAPSPACE_shared_info, idx 0) over a page-aligned page of heap, which is
 * never given back (the RAM that was there is gone from the guest's map).
 */
#include <malloc.h>
#include <stdlib.h>

#include "sys-errno.h"
#include <guestkit/hypercall.h>
#include <guestkit/shared-info.h>
#include <guestkit/spinlock.h>

#define PAGE_SIZE 4096

static struct shared_info *shinfo;
static struct gk_spinlock lock = GK_SPINLOCK_INIT;

static struct shared_info *map_shared_info(void)
{
	void *page = memalign(PAGE_SIZE, PAGE_SIZE);
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = XENMAPSPACE_shared_info,
		.idx = 0,
	};
	long rc;

	if (!page)
		return NULL;
	xatp.gpfn = (uintptr_t)page / PAGE_SIZE;
	rc = HYPERVISOR_memory_op(XENMEM_add_to_physmap, &xatp);
	if (rc) {
		free(page);
		errno = (int)-rc;
		return NULL;
	}
	return page;
}

struct shared_info *gk_shared_info(void)
{
	uint64_t flags = gk_spin_lock_irqsave(&lock);

	if (!shinfo)
		shinfo = map_shared_info();
	gk_spin_unlock_irqrestore(&lock, flags);
	return shinfo;
}

struct shared_info *gk_shared_info_peek(void)
{
	return __atomic_load_n(&shinfo, __ATOMIC_ACQUIRE);
}

bool gk_wallclock_base_ns(uint64_t *ns)
{
	const volatile struct shared_info *s = gk_shared_info_peek();
	uint32_t version, sec, nsec, sec_hi;

	if (!s)
		return false;
	/* wc_version is odd while the hypervisor updates the fields. */
	do {
		version = s->wc_version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		sec = s->wc_sec;
		nsec = s->wc_nsec;
		sec_hi = s->wc_sec_hi;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != s->wc_version);
	*ns = ((uint64_t)sec_hi << 32 | sec) * 1000000000ULL + nsec;
	return *ns != 0;
}
