/*
 * Hypercall dispatch (see hypercall.h): one range check, one table indexed
 * by number, one "not supported" exit. Handlers return a Xen errno or a
 * result; they never trust a pointer argument, which is copied through
 * guestcopy. Event channels and grant tables join the table here, each with
 * a file of its own.
 */
#include "hyp/hypercall/hypercall.h"

#include "tarn/errno.h"
#include "tarn/xen.h"

#define NR_HYPERCALLS 64

static const hypercall_fn hypercalls[NR_HYPERCALLS] = {
	[__HYPERVISOR_xen_version] = do_xen_version,
	[__HYPERVISOR_console_io] = do_console_io,
	[__HYPERVISOR_sched_op] = do_sched_op,
	[__HYPERVISOR_vcpu_op] = do_vcpu_op,
	[__HYPERVISOR_memory_op] = do_memory_op,
	[__HYPERVISOR_hvm_op] = do_hvm_op,
	/* Tarn's own control interface (tarn/ctl.h), control domain only. */
	[__HYPERVISOR_sysctl] = do_sysctl,
	[__HYPERVISOR_domctl] = do_domctl,
};

long hypercall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t args[HYPERCALL_NARGS])
{
	if (nr >= NR_HYPERCALLS || !hypercalls[nr])
		return -TARN_ENOSYS;
	return hypercalls[nr](v, args);
}
