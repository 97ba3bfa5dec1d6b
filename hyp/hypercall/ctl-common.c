/*
 * What domctl and sysctl share: the caller check (control domain, interface
 * version), looking up the domain a command names, a domain's info as both
 * report it, and copying a console ring or Tarn's log out to the caller.
 *
 * Locks: a domain's lock only, for a consistent state and shutdown reason,
 * never held across a call into the scheduler core (which takes its own).
 */
#include "arch/arm64/guestcopy.h"
#include "hyp/domain/domain.h"
#include "hyp/hypercall/ctl-internal.h"
#include "hyp/schedule/schedule.h"
#include "lib/string.h"
#include "tarn/errno.h"
#include "tarn/vcpu.h"

/* Both hypercalls: the caller's right first, then the version (ctl.h). */
long ctl_check_caller(const struct vcpu *v, uint32_t interface_version)
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
struct domain *ctl_domain(uint32_t id)
{
	struct domain *d = domain_get(id);

	return d && d->state != DOMAIN_DYING ? d : NULL;
}

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

long ctl_console_copy(struct tarn_domctl_console *c, ctl_log_read_fn read, struct domain *d)
{
	char bytes[TARN_CONSOLE_READ_MAX];
	uint64_t index = c->index, lost;
	size_t n = read(d, bytes, MIN(c->size, sizeof(bytes)), &index, &lost);

	if (n && copy_to_guest(c->buf, bytes, n))
		return -TARN_EFAULT;
	c->len = (uint32_t)n;
	c->index = index;
	c->lost = lost;
	return 0;
}

