/*
 * memory_op: what a guest may ask about and do to its own physical map.
 * Issue 3 serves add_to_physmap of the shared_info page (Xen's page, mapped
 * where the guest asks, replacing what was there) and the reservation
 * queries; issue 5 ballooning: decrease_reservation gives listed pages back,
 * populate_physmap backs listed gpfns again, order 0 only (what balloon
 * drivers use), at most RESERVATION_BATCH a call (the return value says how
 * many were done, as Xen's does; the caller goes on with the rest).
 */
#include "arch/arm64/p2m.h"
#include "hyp/domain/domain.h"
#include "arch/arm64/guestcopy.h"
#include "hyp/hypercall/hypercall.h"
#include "tarn/errno.h"
#include "tarn/memory.h"
#include "tarn/xen.h"

static bool domid_is_self(struct domain *d, domid_t id)
{
	return id == DOMID_SELF || id == d->id;
}

static long map_shared_info(struct domain *d, const struct xen_add_to_physmap *x)
{
	uint64_t ipa = x->gpfn << PAGE_SHIFT;
	int rc;

	if (x->idx != 0 || x->gpfn >= (1ULL << (p2m_ipa_bits() - PAGE_SHIFT)))
		return -TARN_EINVAL;
	if (d->shared_info_mapped && d->shared_info_gfn != x->gpfn)
		return -TARN_EBUSY; /* already mapped elsewhere (Xen 4.17) */
	/* Replace whatever is there, break-before-make (unmap flushes the TLBs). */
	rc = p2m_unmap(d, ipa, PAGE_SIZE);
	if (!rc)
		rc = p2m_map(d, ipa, d->shared_info, PAGE_SIZE, P2M_RAM_RW);
	if (rc)
		return rc;
	d->shared_info_gfn = x->gpfn;
	d->shared_info_mapped = true;
	return 0;
}

static long add_to_physmap(struct vcpu *v, uint64_t arg)
{
	struct xen_add_to_physmap x;

	if (copy_from_guest(&x, arg, sizeof(x)))
		return -TARN_EFAULT;
	if (!domid_is_self(v->domain, x.domid))
		return -TARN_EPERM;
	switch (x.space) {
	case XENMAPSPACE_shared_info:
		return map_shared_info(v->domain, &x);
	default:
		return -TARN_ENOSYS;
	}
}

static long reservation(struct vcpu *v, uint64_t arg, bool maximum)
{
	domid_t id;

	if (copy_from_guest(&id, arg, sizeof(id)))
		return -TARN_EFAULT;
	if (!domid_is_self(v->domain, id))
		return -TARN_EPERM;
	return (long)(maximum ? v->domain->max_pages : v->domain->tot_pages);
}

#define RESERVATION_BATCH 512

static long change_reservation(struct vcpu *v, uint64_t arg, bool give_back)
{
	struct xen_memory_reservation r;
	struct domain *d = v->domain;
	uint64_t n;

	if (copy_from_guest(&r, arg, sizeof(r)))
		return -TARN_EFAULT;
	if (!domid_is_self(d, r.domid))
		return -TARN_EPERM;
	if (r.extent_order != 0 || r.mem_flags != 0)
		return -TARN_EINVAL;
	for (n = 0; n < r.nr_extents && n < RESERVATION_BATCH; n++) {
		xen_pfn_t gpfn;
		int rc;

		if (copy_from_guest(&gpfn, r.extent_start.q + n * sizeof(gpfn), sizeof(gpfn)))
			return n ? (long)n : -TARN_EFAULT;
		if (gpfn >= (1ULL << (p2m_ipa_bits() - PAGE_SHIFT)))
			break;
		rc = give_back ? domain_page_release(d, gpfn << PAGE_SHIFT)
			       : domain_page_add(d, gpfn << PAGE_SHIFT);
		if (rc)
			break; /* Xen's way: the count done so far says where it stopped */
	}
	return (long)n;
}

long do_memory_op(struct vcpu *v, const uint64_t *args)
{
	switch (args[0] & MEMOP_CMD_MASK) {
	case XENMEM_add_to_physmap:
		return add_to_physmap(v, args[1]);
	case XENMEM_current_reservation:
		return reservation(v, args[1], false);
	case XENMEM_maximum_reservation:
		return reservation(v, args[1], true);
	case XENMEM_decrease_reservation:
		return change_reservation(v, args[1], true);
	case XENMEM_populate_physmap:
		return change_reservation(v, args[1], false);
	default:
		return -TARN_ENOSYS;
	}
}
