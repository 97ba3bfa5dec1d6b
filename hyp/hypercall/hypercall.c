/*
 * Hypercall dispatch (see hypercall.h): one range check, one table, one
 * "not supported" exit (STYLE 9). Handlers return a Xen errno or a result;
 * they never trust a pointer argument, which is copied through guestcopy.
 */
#include "hyp/hypercall/hypercall.h"

#include "arch/arm64/traps.h"
#include "hyp/percpu.h"
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

/* The frame of the hypercall being handled on this CPU, for continuations. */
static struct regs *in_progress[64];

long hypercall_continue(unsigned int nargs, uint64_t a1, uint64_t a2)
{
	struct regs *r = in_progress[this_cpu()->id];

	if (nargs >= 1)
		r->x[1] = a1;
	if (nargs >= 2)
		r->x[2] = a2;
	r->elr -= 4; /* run the HVC again */
	return (long)r->x[0];
}

void hypercall_dispatch(struct vcpu *v, struct regs *r)
{
	uint64_t nr = r->x[16];
	uint64_t args[5] = {r->x[0], r->x[1], r->x[2], r->x[3], r->x[4]};

	if (nr >= NR_HYPERCALLS || !hypercalls[nr]) {
		r->x[0] = (uint64_t)-TARN_ENOSYS;
		return;
	}
	in_progress[this_cpu()->id] = r;
	r->x[0] = (uint64_t)hypercalls[nr](v, args);
}
