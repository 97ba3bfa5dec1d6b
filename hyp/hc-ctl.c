/*
 * domctl and sysctl (hypercalls 36 and 35): Tarn's own control interface
 * (pv-abi/include/tarn/ctl.h, docs/control.md), the control domain's way to
 * see and steer domains and the scheduler.
 *
 * This file only reads the request, checks it in the order ctl.h promises,
 * converts the ABI's units (ms, signed cap) to the scheduler core's and calls
 * the core (hyp/schedule.h) or reads the physical facts. It keeps no state.
 * Every range is checked here before the core is called, so a refused call
 * never reaches the core and changes nothing; the core checks again, for
 * callers other than this one. Commands that return something write the
 * whole structure back; those that only set write nothing back.
 *
 * Locks: a domain's lock only, for a consistent state and shutdown reason,
 * never held across a call into the scheduler core (which takes its own).
 */
#include "hyp/domain.h"
#include "hyp/console.h"
#include "hyp/guestcopy.h"
#include "hyp/hc-ctl.h"
#include "hyp/hypercall.h"
#include "hyp/percpu.h"
#include "hyp/schedule.h"
#include "hyp/string.h"
#include "hyp/timer.h"
#include "hyp/types.h"
#include "mm/page-alloc.h"
#include "tarn/ctl.h"
#include "tarn/errno.h"
#include "tarn/vcpu.h"

#define CAP_PER_VCPU 100 /* a cap is in percent of one CPU */
#define US_PER_MS    1000

struct domctl_cmd {
	domctl_fn fn;
	bool returns; /* has results: write the structure back */
};

struct sysctl_cmd {
	long (*fn)(struct tarn_sysctl *op);
	bool returns;
};

/* Both hypercalls: the caller's right first, then the version (ctl.h). */
static long ctl_check_caller(const struct vcpu *v, uint32_t interface_version)
{
	if (!v->domain->privileged)
		return -TARN_EPERM;
	if (interface_version != TARN_CTL_INTERFACE_VERSION)
		return -TARN_EACCES;
	return 0;
}

/*
 * The domain a domctl names. A dying one is as good as gone: what it held is
 * being released, and a caller could only race with that. A domain still
 * being built (BUILDING) is a domain: its state is worth reporting.
 */
static struct domain *ctl_domain(uint32_t id)
{
	struct domain *d = domain_get(id);

	return d && d->state != DOMAIN_DYING ? d : NULL;
}

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

/* ---- domctl ----------------------------------------------------------------- */

/* getdomaininfo reports enum domain_state as it is: pinned to the ABI here. */
_Static_assert(DOMAIN_BUILDING == TARN_DOMSTATE_building &&
		       DOMAIN_RUNNING == TARN_DOMSTATE_running &&
		       DOMAIN_PAUSED == TARN_DOMSTATE_paused &&
		       DOMAIN_SHUTDOWN == TARN_DOMSTATE_shutdown &&
		       DOMAIN_CRASHED == TARN_DOMSTATE_crashed &&
		       DOMAIN_DYING == TARN_DOMSTATE_dying,
	       "domain states are TARN_DOMSTATE_*");

static void domain_run_times(struct domain *d, uint64_t *run_ns, uint64_t *wait_ns)
{
	struct sched_vcpu_times t;

	*run_ns = *wait_ns = 0;
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		sched_vcpu_times(d->vcpus[i], &t);
		*run_ns += t.time[RUNSTATE_running];
		*wait_ns += t.time[RUNSTATE_runnable];
	}
}

void ctl_domain_info(struct domain *d, struct tarn_domctl_domaininfo *info)
{
	uint64_t flags;

	memset(info, 0, sizeof(*info));
	/* State and reason change together under the lock (domain_shutdown). */
	flags = spin_lock_irqsave(&d->lock);
	info->state = d->state;
	if (d->state == DOMAIN_SHUTDOWN)
		info->shutdown_reason = d->shutdown_reason;
	spin_unlock_irqrestore(&d->lock, flags);
	info->flags = d->privileged ? TARN_DOMINFO_PRIVILEGED : 0;
	info->nr_vcpus = d->nvcpus;
	info->tot_pages = d->tot_pages;
	info->max_pages = d->max_pages;
	domain_run_times(d, &info->run_ns, &info->wait_ns);
	strlcpy(info->name, d->name, sizeof(info->name));
}

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

/* ---- sysctl ----------------------------------------------------------------- */

static long sysctl_physinfo(struct tarn_sysctl *op)
{
	struct tarn_sysctl_physinfo *pi = &op->u.physinfo;

	memset(&op->u, 0, sizeof(op->u));
	pi->nr_cpus = cpus_online();
	pi->total_pages = page_alloc_total_pages();
	pi->free_pages = page_alloc_free_pages();
	pi->cpu_khz = timer_freq() / 1000;
	return 0;
}

static long sysctl_sched_credit_get(struct tarn_sysctl *op)
{
	struct sched_params p;

	sched_get_params(&p);
	memset(&op->u, 0, sizeof(op->u));
	op->u.credit.tslice_ms = p.tslice_us / US_PER_MS;
	op->u.credit.ratelimit_us = p.ratelimit_us;
	return 0;
}

static long sysctl_sched_credit_set(struct tarn_sysctl *op)
{
	const struct tarn_sysctl_sched_credit *c = &op->u.credit;
	struct sched_params p;

	/* The ABI counts the slice in ms (as xl does), the core in µs. */
	if (c->tslice_ms < SCHED_TSLICE_MIN_US / US_PER_MS ||
	    c->tslice_ms > SCHED_TSLICE_MAX_US / US_PER_MS)
		return -TARN_EINVAL;
	p.tslice_us = c->tslice_ms * US_PER_MS;
	if (c->ratelimit_us &&
	    (c->ratelimit_us < SCHED_RATELIMIT_MIN_US || c->ratelimit_us > SCHED_RATELIMIT_MAX_US ||
	     c->ratelimit_us > p.tslice_us))
		return -TARN_EINVAL;
	p.ratelimit_us = c->ratelimit_us;
	return sched_set_params(&p);
}

static long sysctl_getcpuinfo(struct tarn_sysctl *op)
{
	uint32_t first = op->u.cpuinfo.first_cpu;
	unsigned int online = cpus_online();
	struct tarn_sysctl_cpuinfo *ci = &op->u.cpuinfo;

	if (first >= online)
		return -TARN_EINVAL;
	memset(&op->u, 0, sizeof(op->u));
	ci->first_cpu = first;
	ci->nr = MIN(TARN_SYSCTL_CPUINFO_MAX, online - first);
	for (unsigned int i = 0; i < ci->nr; i++)
		ci->idle_ns[i] = sched_cpu_idle_ns(first + i);
	return 0;
}

static long sysctl_getdomaininfolist(struct tarn_sysctl *op)
{
	struct tarn_sysctl_domlist *l = &op->u.domlist;
	struct tarn_sysctl_domlist_entry e;
	uint32_t nr = 0;

	if (l->max == 0 || l->max > TARN_SYSCTL_DOMLIST_MAX)
		return -TARN_EINVAL;
	for (uint32_t id = l->first_domain; id < DOMAIN_MAX && nr < l->max; id++) {
		struct domain *d = ctl_domain(id);

		if (!d)
			continue;
		memset(&e, 0, sizeof(e));
		e.domain = id;
		ctl_domain_info(d, &e.info);
		if (copy_to_guest(l->buf + (uint64_t)nr * sizeof(e), &e, sizeof(e)))
			return -TARN_EFAULT;
		nr++;
	}
	l->nr = nr;
	return 0;
}

/* Tarn's log, in the shape of a domain's console ring reader. */
static size_t log_read(struct domain *unused, char *buf, size_t len, uint64_t *index,
		       uint64_t *lost)
{
	return console_log_read(buf, len, index, lost);
}

static long sysctl_readconsole(struct tarn_sysctl *op)
{
	return ctl_console_copy(&op->u.console, log_read, NULL);
}

static const struct sysctl_cmd sysctl_cmds[] = {
	[TARN_SYSCTL_physinfo] = {sysctl_physinfo, true},
	[TARN_SYSCTL_sched_credit_get] = {sysctl_sched_credit_get, true},
	[TARN_SYSCTL_sched_credit_set] = {sysctl_sched_credit_set, false},
	[TARN_SYSCTL_getcpuinfo] = {sysctl_getcpuinfo, true},
	[TARN_SYSCTL_getdomaininfolist] = {sysctl_getdomaininfolist, true},
	[TARN_SYSCTL_readconsole] = {sysctl_readconsole, true},
};

long do_sysctl(struct vcpu *v, const uint64_t *args)
{
	struct tarn_sysctl op;
	const struct sysctl_cmd *cmd;
	long rc;

	if (copy_from_guest(&op, args[0], sizeof(op)))
		return -TARN_EFAULT;
	rc = ctl_check_caller(v, op.interface_version);
	if (rc)
		return rc;
	if (op.cmd >= ARRAY_SIZE(sysctl_cmds) || !sysctl_cmds[op.cmd].fn)
		return -TARN_ENOSYS;
	cmd = &sysctl_cmds[op.cmd];
	rc = cmd->fn(&op);
	if (rc || !cmd->returns)
		return rc;
	return copy_to_guest(args[0], &op, sizeof(op));
}
