/*
 * sysctl (hypercall 35): Tarn's control interface for the machine as a whole
 * (pv-abi/include/tarn/ctl.h, docs/control.md): physical facts, the
 * scheduler's global parameters, CPU idle times, the list of domains and
 * Tarn's console log. Checks as domctl.c does: every range before the core.
 */
#include "arch/arm64/guestcopy.h"
#include "arch/arm64/timer.h"
#include "hyp/console/console.h"
#include "hyp/domain/domain.h"
#include "hyp/hypercall/ctl-internal.h"
#include "hyp/hypercall/hypercall.h"
#include "hyp/percpu.h"
#include "hyp/schedule/schedule.h"
#include "lib/string.h"
#include "mm/page-alloc.h"
#include "tarn/errno.h"

#define US_PER_MS 1000

struct sysctl_cmd {
	long (*fn)(struct tarn_sysctl *op);
	bool returns;
};

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
