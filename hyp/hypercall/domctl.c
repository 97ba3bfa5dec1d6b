/*
 * domctl (hypercall 36): Tarn's control interface for one domain
 * (pv-abi/include/tarn/ctl.h, docs/control.md): the command table, and the
 * commands that report on a domain or steer its scheduling. The commands that
 * build and end domains are in domctl-domain.c; what domctl and sysctl share
 * (the caller check, a domain's info) in ctl-common.c.
 *
 * This file only reads the request, checks it in the order ctl.h promises,
 * converts the ABI's units (signed cap) to the scheduler core's and calls the
 * core (hyp/schedule/schedule.h). It keeps no state. Every range is checked
 * here before the core is called, so a refused call never reaches the core
 * and changes nothing; the core checks again, for callers other than this
 * one. Commands that return something write the whole structure back; those
 * that only set write nothing back.
 */
#include "arch/arm64/guestcopy.h"
#include "hyp/domain/domain.h"
#include "hyp/hypercall/ctl-internal.h"
#include "hyp/hypercall/hypercall.h"
#include "hyp/percpu.h"
#include "hyp/schedule/schedule.h"
#include "lib/string.h"
#include "tarn/ctl.h"
#include "tarn/errno.h"

#define CAP_PER_VCPU 100 /* a cap is in percent of one CPU */

struct domctl_cmd {
	domctl_fn fn;
	bool returns; /* has results: write the structure back */
};

/* vCPU idx of d, NULL if d has none by that number. */
static struct vcpu *ctl_vcpu(struct domain *d, uint32_t idx)
{
	return idx < d->nvcpus ? d->vcpus[idx] : NULL;
}

/* Does map name at least one online CPU? The core would refuse it too. */
static bool cpumap_has_online(uint64_t map)
{
	for (unsigned int i = 0; i < cpus_possible && i < 64; i++)
		if (((map >> i) & 1) && percpu_data[i].online)
			return true;
	return false;
}

/* getdomaininfo reports enum domain_state as it is: pinned to the ABI here. */
_Static_assert(DOMAIN_BUILDING == TARN_DOMSTATE_building &&
		       DOMAIN_RUNNING == TARN_DOMSTATE_running &&
		       DOMAIN_PAUSED == TARN_DOMSTATE_paused &&
		       DOMAIN_SHUTDOWN == TARN_DOMSTATE_shutdown &&
		       DOMAIN_CRASHED == TARN_DOMSTATE_crashed &&
		       DOMAIN_DYING == TARN_DOMSTATE_dying,
	       "domain states are TARN_DOMSTATE_*");

static long domctl_getdomaininfo(struct domain *d, struct tarn_domctl *op)
{
	memset(&op->u, 0, sizeof(op->u));
	ctl_domain_info(d, &op->u.info);
	return 0;
}

static long domctl_getvcpuinfo(struct domain *d, struct tarn_domctl *op)
{
	uint32_t idx = op->u.vcpu.vcpu;
	struct vcpu *v = ctl_vcpu(d, idx);
	struct tarn_domctl_vcpuinfo *out = &op->u.vcpu;
	struct sched_vcpu_times t;

	if (!v)
		return -TARN_EINVAL;
	sched_vcpu_times(v, &t);
	memset(&op->u, 0, sizeof(op->u));
	out->vcpu = idx;
	out->state = t.state;
	out->cpu = t.cpu;
	for (unsigned int i = 0; i < ARRAY_SIZE(out->time); i++)
		out->time[i] = t.time[i];
	return 0;
}

static long domctl_sched_credit_get(struct domain *d, struct tarn_domctl *op)
{
	unsigned int weight, cap;

	sched_dom_get(d, &weight, &cap);
	memset(&op->u, 0, sizeof(op->u));
	op->u.credit.weight = weight;
	op->u.credit.cap = (int32_t)cap;
	return 0;
}

static long domctl_sched_credit_set(struct domain *d, struct tarn_domctl *op)
{
	const struct tarn_domctl_sched_credit *c = &op->u.credit;

	if (c->weight < SCHED_WEIGHT_MIN || c->weight > SCHED_WEIGHT_MAX)
		return -TARN_EINVAL;
	/* The ABI's cap is signed so that a negative one is an error, not huge. */
	if (c->cap < 0 || (uint64_t)c->cap > (uint64_t)CAP_PER_VCPU * d->nvcpus)
		return -TARN_EINVAL;
	return sched_dom_set(d, c->weight, (unsigned int)c->cap);
}

static long domctl_setvcpuaffinity(struct domain *d, struct tarn_domctl *op)
{
	struct vcpu *v = ctl_vcpu(d, op->u.affinity.vcpu);

	if (!v || !cpumap_has_online(op->u.affinity.cpumap))
		return -TARN_EINVAL;
	return sched_vcpu_set_affinity(v, op->u.affinity.cpumap);
}

static long domctl_getvcpuaffinity(struct domain *d, struct tarn_domctl *op)
{
	uint32_t idx = op->u.affinity.vcpu;
	struct vcpu *v = ctl_vcpu(d, idx);

	if (!v)
		return -TARN_EINVAL;
	memset(&op->u, 0, sizeof(op->u));
	op->u.affinity.vcpu = idx;
	op->u.affinity.cpumap = sched_vcpu_get_affinity(v);
	return 0;
}

static const struct domctl_cmd domctl_cmds[] = {
	[TARN_DOMCTL_getdomaininfo] = {domctl_getdomaininfo, true},
	[TARN_DOMCTL_getvcpuinfo] = {domctl_getvcpuinfo, true},
	[TARN_DOMCTL_sched_credit_get] = {domctl_sched_credit_get, true},
	[TARN_DOMCTL_sched_credit_set] = {domctl_sched_credit_set, false},
	[TARN_DOMCTL_setvcpuaffinity] = {domctl_setvcpuaffinity, false},
	[TARN_DOMCTL_getvcpuaffinity] = {domctl_getvcpuaffinity, true},
	[TARN_DOMCTL_createdomain] = {domctl_createdomain, true},
	[TARN_DOMCTL_destroydomain] = {domctl_destroydomain, false},
	[TARN_DOMCTL_pausedomain] = {domctl_pausedomain, false},
	[TARN_DOMCTL_unpausedomain] = {domctl_unpausedomain, false},
	[TARN_DOMCTL_max_mem] = {domctl_max_mem, false},
	[TARN_DOMCTL_setvcpucontext] = {domctl_setvcpucontext, false},
	[TARN_DOMCTL_populate] = {domctl_populate, false},
	[TARN_DOMCTL_copy] = {domctl_copy, false},
	[TARN_DOMCTL_shutdown] = {domctl_shutdown, false},
	[TARN_DOMCTL_console_read] = {domctl_console_read, true},
};

long do_domctl(struct vcpu *v, const uint64_t *args)
{
	struct tarn_domctl op;
	const struct domctl_cmd *cmd;
	struct domain *d;
	long rc;

	if (copy_from_guest(&op, args[0], sizeof(op)))
		return -TARN_EFAULT;
	rc = ctl_check_caller(v, op.interface_version);
	if (rc)
		return rc;
	if (op.cmd >= ARRAY_SIZE(domctl_cmds) || !domctl_cmds[op.cmd].fn)
		return -TARN_ENOSYS;
	cmd = &domctl_cmds[op.cmd];
	/* The one command that names no existing domain. */
	d = op.cmd == TARN_DOMCTL_createdomain ? NULL : ctl_domain(op.domain);
	if (!d && op.cmd != TARN_DOMCTL_createdomain)
		return -TARN_ESRCH;
	rc = cmd->fn(d, &op);
	if (rc || !cmd->returns)
		return rc;
	return copy_to_guest(args[0], &op, sizeof(op));
}

