/*
 * vcpu_op (hypercall 24): the two sub-ops Xen on Arm allows, registering a
 * vCPU's vcpu_info and its runstate area.
 */
#include "arch/arm64/guestcopy.h"
#include "hyp/domain/domain.h"
#include "hyp/hypercall/hypercall.h"
#include "tarn/errno.h"
#include "tarn/vcpu.h"
#include "tarn/xen.h"

static long register_vcpu_info(struct vcpu *t, uint64_t arg)
{
	struct vcpu_register_vcpu_info info;
	uint64_t gpa;
	paddr_t pa;

	if (copy_from_guest(&info, arg, sizeof(info)))
		return -TARN_EFAULT;
	if (t->vcpu_info_gpa)
		return -TARN_EINVAL; /* once only, as Xen */
	gpa = (info.mfn << PAGE_SHIFT) + info.offset;
	/* Tarn accepts an area that crosses a page (xen-arm-abi.md §3). */
	if (info.mfn >= (1ULL << (52 - PAGE_SHIFT)) || info.offset >= PAGE_SIZE || (gpa & 7) ||
	    !domain_ipa_to_pa(t->domain, gpa, &pa) ||
	    !domain_ipa_to_pa(t->domain, gpa + sizeof(struct vcpu_info) - 1, &pa))
		return -TARN_EINVAL;
	t->vcpu_info_gpa = gpa;
	return 0;
}

long do_vcpu_op(struct vcpu *v, const uint64_t *args)
{
	struct domain *d = v->domain;
	struct vcpu_register_runstate_memory_area area;

	if (args[1] >= d->nvcpus)
		return -TARN_ENOENT;
	switch (args[0]) {
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(d->vcpus[args[1]], args[2]);
	case VCPUOP_register_runstate_memory_area:
		if (copy_from_guest(&area, args[2], sizeof(area)))
			return -TARN_EFAULT;
		d->vcpus[args[1]]->runstate_gva = area.addr.p;
		return 0;
	default:
		return -TARN_EINVAL; /* the Arm whitelist has only these two */
	}
}
