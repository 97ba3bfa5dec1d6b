/*
 * sched_op (hypercall 29): yield, block and shutdown, with Xen's reasons.
 */
#include "arch/arm64/guestcopy.h"
#include "hyp/console/console.h"
#include "hyp/domain/domain.h"
#include "hyp/hypercall/hypercall.h"
#include "hyp/schedule/schedule.h"
#include "tarn/errno.h"
#include "tarn/sched.h"
#include "tarn/xen.h"

static long sched_shutdown(struct vcpu *v, uint64_t arg)
{
	struct sched_shutdown s;
	struct domain *d = v->domain;

	if (copy_from_guest(&s, arg, sizeof(s)))
		return -TARN_EFAULT;
	switch (s.reason) {
	case SHUTDOWN_crash:
		domain_crash_vcpu(v, "the guest reported a crash (SCHEDOP_shutdown)");
		return 0;
	case SHUTDOWN_poweroff:
	case SHUTDOWN_reboot:
	case SHUTDOWN_watchdog:
	case SHUTDOWN_soft_reset:
		printk("domain %u (%s) shut down (reason %u)\n", d->id, d->name, s.reason);
		domain_shutdown(d, s.reason);
		return 0;
	default:
		return -TARN_EINVAL;
	}
}

long do_sched_op(struct vcpu *v, const uint64_t *args)
{
	switch (args[0]) {
	case SCHEDOP_yield:
		vcpu_yield(v);
		return 0;
	case SCHEDOP_block:
		vcpu_block(v);
		return 0;
	case SCHEDOP_shutdown:
		return sched_shutdown(v, args[1]);
	default:
		return -TARN_ENOSYS;
	}
}
