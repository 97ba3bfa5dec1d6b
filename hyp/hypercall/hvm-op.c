/*
 * hvm_op (hypercall 34): get_param and set_param, for the parameters a guest
 * may read on Xen on Arm (the event-channel callback, xenstore and console).
 */
#include "arch/arm64/guestcopy.h"
#include "hyp/domain/domain.h"
#include "hyp/hypercall/hypercall.h"
#include "tarn/errno.h"
#include "tarn/hvm.h"
#include "tarn/xen.h"

static long hvm_get_param(struct vcpu *v, struct xen_hvm_param *p)
{
	switch (p->index) {
	case HVM_PARAM_CALLBACK_IRQ:
		p->value = XEN_ARM_CALLBACK_IRQ_VALUE;
		return 0;
	case HVM_PARAM_STORE_PFN:
	case HVM_PARAM_STORE_EVTCHN:
	case HVM_PARAM_CONSOLE_PFN:
	case HVM_PARAM_CONSOLE_EVTCHN:
		p->value = 0; /* no xenstore or PV console yet */
		return 0;
	default:
		return -TARN_EINVAL;
	}
}

long do_hvm_op(struct vcpu *v, const uint64_t *args)
{
	struct xen_hvm_param p;
	long rc;

	if (args[0] != HVMOP_get_param && args[0] != HVMOP_set_param)
		return -TARN_ENOSYS;
	if (copy_from_guest(&p, args[1], sizeof(p)))
		return -TARN_EFAULT;
	if (p.domid != DOMID_SELF && p.domid != v->domain->id)
		return -TARN_EPERM;
	rc = hvm_get_param(v, &p);
	if (args[0] == HVMOP_set_param)
		return rc ? rc : -TARN_EPERM; /* the readable ones are Tarn's to set */
	if (rc)
		return rc;
	return copy_to_guest(args[1], &p, sizeof(p));
}
