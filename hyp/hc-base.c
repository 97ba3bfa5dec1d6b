/*
 * The base hypercalls every guest gets (issue 3): xen_version, console_io,
 * sched_op, vcpu_op and hvm_op, each with Xen on Arm's numbers, structures
 * and errors (xen-arm-abi.md), so a guest built for Xen 4.17 runs unchanged.
 */
#include "hyp/console.h"
#include "hyp/domain.h"
#include "hyp/guestcopy.h"
#include "hyp/hypercall.h"
#include "hyp/schedule.h"
#include "hyp/string.h"
#include "tarn/errno.h"
#include "tarn/hvm.h"
#include "tarn/sched.h"
#include "tarn/vcpu.h"
#include "tarn/version.h"
#include "tarn/xen.h"

/* The Xen interface Tarn implements: 4.17. */
#define TARN_XEN_MAJOR 4
#define TARN_XEN_MINOR 17
#define CONSOLE_CHUNK  128
#define CONSOLE_BUDGET 4096

static long version_copy_string(uint64_t arg, const char *s, size_t len)
{
	char buf[XEN_CHANGESET_INFO_LEN] = {0};

	strlcpy(buf, s, len);
	return copy_to_guest(arg, buf, len);
}

long do_xen_version(struct vcpu *v, const uint64_t *args)
{
	struct xen_feature_info fi;

	switch (args[0]) {
	case XENVER_version:
		return (TARN_XEN_MAJOR << 16) | TARN_XEN_MINOR;
	case XENVER_extraversion:
		return version_copy_string(args[1], "-tarn", XEN_EXTRAVERSION_LEN);
	case XENVER_changeset:
		return version_copy_string(args[1], "tarn", XEN_CHANGESET_INFO_LEN);
	case XENVER_pagesize:
		return PAGE_SIZE;
	case XENVER_get_features:
		if (copy_from_guest(&fi, args[1], sizeof(fi)))
			return -TARN_EFAULT;
		fi.submap = 0;
		if (fi.submap_idx == 0)
			fi.submap = v->domain->privileged ? XENFEAT_ARM_DOM0_SUBMAP0
							  : XENFEAT_ARM_DOMU_SUBMAP0;
		return copy_to_guest(args[1], &fi, sizeof(fi));
	default:
		return -TARN_ENOSYS;
	}
}

static void console_put_chunk(struct domain *d, const char *chunk, size_t n)
{
	for (size_t i = 0; i < n; i++)
		domain_console_put(d, chunk[i]);
}

/*
 * Write count bytes at buf. A long write is done CONSOLE_BUDGET bytes at a
 * time: the rest becomes a continuation (the arguments are updated and the
 * HVC re-executed, as Xen does), so one hypercall never holds a CPU for long.
 */
static long console_write(struct vcpu *v, uint64_t count, uint64_t buf)
{
	char chunk[CONSOLE_CHUNK];
	uint64_t budget = CONSOLE_BUDGET;

	while (count) {
		size_t n = MIN(count, sizeof(chunk));

		if (!budget)
			return hypercall_continue(2, count, buf);
		if (copy_from_guest(chunk, buf, n))
			return -TARN_EFAULT;
		console_put_chunk(v->domain, chunk, n);
		buf += n;
		count -= n;
		budget -= n;
	}
	return 0;
}

/* The control domain reads typed keys: up to count bytes into buf. */
static long console_read(uint64_t count, uint64_t buf)
{
	char keys[CONSOLE_CHUNK];
	size_t n = console_input_read(keys, MIN(count, sizeof(keys)));

	if (n && copy_to_guest(buf, keys, n))
		return -TARN_EFAULT;
	return (long)n;
}

long do_console_io(struct vcpu *v, const uint64_t *args)
{
	switch (args[0]) {
	case CONSOLEIO_write:
		return console_write(v, args[1], args[2]);
	case CONSOLEIO_read:
		return v->domain->privileged ? console_read(args[1], args[2]) : -TARN_EPERM;
	default:
		return -TARN_EINVAL;
	}
}

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
