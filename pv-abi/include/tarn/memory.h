/*
 * memory_op(cmd, arg): a domain's memory reservation and physical map.
 *
 * cmd bits [63:6] carry the progress of a preempted call (MEMOP_EXTENT_SHIFT):
 * guests pass 0 there. domid is DOMID_SELF for the caller's own memory; other
 * domains need privilege over the target (-EPERM otherwise). Common errors:
 * -EFAULT (bad arg), -EINVAL (bad field), -ESRCH (no such domain), -ENOSYS
 * (unknown cmd or map space).
 */
#ifndef TARN_MEMORY_H
#define TARN_MEMORY_H

#include <stdint.h>

#include "tarn/xen.h"

#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK	   ((1u << MEMOP_EXTENT_SHIFT) - 1)

/*
 * arg: struct xen_memory_reservation. increase: add nr_extents extents of
 * 2^extent_order frames anywhere; decrease: give back the frames listed in
 * extent_start (gpfns); populate_physmap: back the listed gpfns with fresh
 * memory. Each returns how many extents were done (fewer = out of memory).
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap	    6
/* arg: domid_t *. Return the domain's current / maximum size in pages. */
#define XENMEM_current_reservation 3
#define XENMEM_maximum_reservation 4
/* arg: struct xen_add_to_physmap. Map a page of space at gpfn; returns 0. */
#define XENMEM_add_to_physmap 7
/* Exchange pages for others of a different order (rare on Arm). */
#define XENMEM_exchange 11
/* arg: struct xen_remove_from_physmap. Unmap whatever is at gpfn. */
#define XENMEM_remove_from_physmap 15
/* arg: struct xen_add_to_physmap_batch. Several pages; per-page errs. */
#define XENMEM_add_to_physmap_batch 23
/* Map a resource of another domain (ioreq pages, grant frames); privileged. */
#define XENMEM_acquire_resource 28

/*
 * Map spaces of add_to_physmap. Arm accepts shared_info (idx must be 0; a
 * second mapping elsewhere gives -EBUSY), grant_table (idx = frame number),
 * gmfn_foreign (batch only) and dev_mmio; the others return -ENOSYS.
 */
#define XENMAPSPACE_shared_info	 0
#define XENMAPSPACE_grant_table	 1
#define XENMAPSPACE_gmfn	 2
#define XENMAPSPACE_gmfn_range	 3
#define XENMAPSPACE_gmfn_foreign 4
#define XENMAPSPACE_dev_mmio	 5

struct xen_memory_reservation {
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* IN/OUT: gpfns */
	xen_ulong_t nr_extents;
	uint32_t extent_order; /* log2 of the frames per extent */
	uint32_t mem_flags;
	domid_t domid;
};
TARN_ABI_SIZE(struct xen_memory_reservation, 32);
TARN_ABI_OFFSET(struct xen_memory_reservation, nr_extents, 8);
TARN_ABI_OFFSET(struct xen_memory_reservation, extent_order, 16);
TARN_ABI_OFFSET(struct xen_memory_reservation, mem_flags, 20);
TARN_ABI_OFFSET(struct xen_memory_reservation, domid, 24);

struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;	/* pages, for XENMAPSPACE_gmfn_range only */
	uint32_t space; /* XENMAPSPACE_* */
	xen_ulong_t idx;
	xen_pfn_t gpfn; /* where to map it */
};
TARN_ABI_SIZE(struct xen_add_to_physmap, 24);
TARN_ABI_OFFSET(struct xen_add_to_physmap, space, 4);
TARN_ABI_OFFSET(struct xen_add_to_physmap, idx, 8);
TARN_ABI_OFFSET(struct xen_add_to_physmap, gpfn, 16);

struct xen_add_to_physmap_batch {
	domid_t domid;
	uint16_t space; /* XENMAPSPACE_* */
	uint16_t size;	/* number of entries in idxs, gpfns, errs */
	union {
		domid_t foreign_domid; /* XENMAPSPACE_gmfn_foreign */
	} u;
	XEN_GUEST_HANDLE(xen_ulong_t) idxs;
	XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
	XEN_GUEST_HANDLE(int) errs; /* OUT: per-entry error */
};
TARN_ABI_SIZE(struct xen_add_to_physmap_batch, 32);
TARN_ABI_OFFSET(struct xen_add_to_physmap_batch, size, 4);
TARN_ABI_OFFSET(struct xen_add_to_physmap_batch, u, 6);
TARN_ABI_OFFSET(struct xen_add_to_physmap_batch, idxs, 8);
TARN_ABI_OFFSET(struct xen_add_to_physmap_batch, gpfns, 16);
TARN_ABI_OFFSET(struct xen_add_to_physmap_batch, errs, 24);

struct xen_remove_from_physmap {
	domid_t domid;
	xen_pfn_t gpfn;
};
TARN_ABI_SIZE(struct xen_remove_from_physmap, 16);
TARN_ABI_OFFSET(struct xen_remove_from_physmap, gpfn, 8);

#endif /* TARN_MEMORY_H */
