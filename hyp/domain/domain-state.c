/*
 * Domain states (see domain.h): start, pause and unpause, shut down, crash,
 * and destroy at run time, with the step that frees a domain's memory once
 * the last of its vCPUs has left its CPU.
 *
 * Who frees a dying domain is decided under its lock: domain_kill() frees it
 * when no vCPU of it is on a CPU or about to be (picked by a scheduler but
 * not yet loaded); otherwise it sets reap_on_unload and the last vCPU to
 * leave a CPU (domain_vcpu_left(), in scheduler context) frees it. Memory of
 * a crashed or shut-down domain is given back the same way, with releasing
 * set while it happens so a destroy arriving meanwhile waits for it.
 */
#include "arch/arm64/vcpu.h"
#include "hyp/console/console.h"
#include "hyp/domain/domain.h"
#include "hyp/schedule/schedule.h"
#include "lib/string.h"
#include "mm/page-alloc.h"
#include "tarn/errno.h"

enum last_job {
	JOB_NONE,
	JOB_RELEASE, /* give its memory back (crashed, shut down) */
	JOB_FREE,    /* free it whole (destroyed) */
};

static void domain_stop_vcpus(struct domain *d)
{
	for (unsigned int i = 0; i < d->nvcpus; i++)
		vcpu_stop(d->vcpus[i], VCPU_STOPPED);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);

	if (d->state == DOMAIN_RUNNING || d->state == DOMAIN_PAUSED) {
		d->state = DOMAIN_SHUTDOWN;
		d->shutdown_reason = reason;
	}
	spin_unlock_irqrestore(&d->lock, flags);
	domain_stop_vcpus(d);
}

void domain_crash(struct domain *d, const char *why)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);
	bool first = d->state != DOMAIN_CRASHED && d->state != DOMAIN_DYING;

	if (first)
		d->state = DOMAIN_CRASHED;
	spin_unlock_irqrestore(&d->lock, flags);
	if (first)
		printk("domain %u (%s) crashed: %s\n", d->id, d->name, why);
	domain_stop_vcpus(d);
}

void domain_crash_vcpu(struct vcpu *v, const char *why)
{
	struct domain *d = v->domain;

	if (d->state != DOMAIN_CRASHED && d->state != DOMAIN_DYING) {
		printk("domain %u (%s) vCPU %u crashed: %s\n", d->id, d->name, v->id, why);
		arch_vcpu_dump(v);
	}
	domain_crash(d, why);
}

int domain_unpause(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);
	bool start = d->state == DOMAIN_BUILDING || d->state == DOMAIN_PAUSED;

	if (start)
		d->state = DOMAIN_RUNNING;
	spin_unlock_irqrestore(&d->lock, flags);
	if (!start)
		return -TARN_EINVAL;
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		/* vCPU 0 starts at boot; the others wait for PSCI CPU_ON. A pause
		 * left offline vCPUs offline, so only stopped ones go on. */
		if (v->state == VCPU_STOPPED || (i == 0 && v->state == VCPU_OFFLINE))
			vcpu_wake(v);
	}
	return 0;
}

int domain_pause(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);
	bool pause = d->state == DOMAIN_RUNNING;

	if (pause)
		d->state = DOMAIN_PAUSED;
	spin_unlock_irqrestore(&d->lock, flags);
	if (!pause)
		return -TARN_EINVAL;
	for (unsigned int i = 0; i < d->nvcpus; i++)
		if (d->vcpus[i]->state != VCPU_OFFLINE)
			vcpu_stop(d->vcpus[i], VCPU_STOPPED);
	return 0;
}

/* Is a vCPU of d on a CPU, or chosen by a scheduler and about to be? */
static bool domain_on_cpu(const struct domain *d)
{
	if (d->vcpus_loaded)
		return true;
	for (unsigned int i = 0; i < d->nvcpus; i++)
		if (__atomic_load_n(&d->vcpus[i]->unit.running, __ATOMIC_ACQUIRE))
			return true;
	return false;
}

/* Free a destroyed domain whole, saying what came back. */
static void domain_reap(struct domain *d)
{
	uint64_t pages = d->tot_pages;
	unsigned int id = d->id;
	char name[DOMAIN_NAME_LEN];

	memcpy(name, d->name, sizeof(name));
	domain_destroy(d);
	if (pages)
		printk("domain %u (%s) destroyed: %llu KiB returned to the free pool, scrubbed\n",
		       id, name, (unsigned long long)(pages * PAGE_SIZE >> 10));
	else /* a crashed or shut-down domain gave its RAM back already */
		printk("domain %u (%s) destroyed\n", id, name);
}

int domain_kill(struct domain *d)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);
	bool mine;

	if (d->state == DOMAIN_DYING) {
		spin_unlock_irqrestore(&d->lock, flags);
		return -TARN_ESRCH;
	}
	d->state = DOMAIN_DYING;
	spin_unlock_irqrestore(&d->lock, flags);
	domain_stop_vcpus(d);
	flags = spin_lock_irqsave(&d->lock);
	mine = !d->releasing && !domain_on_cpu(d);
	d->reap_on_unload = !mine;
	spin_unlock_irqrestore(&d->lock, flags);
	if (mine)
		domain_reap(d);
	return 0;
}

/* What the last vCPU to leave a CPU does for d; d's lock held. */
static enum last_job last_job(struct domain *d)
{
	if (d->releasing)
		return JOB_NONE;
	if (d->state == DOMAIN_DYING && d->reap_on_unload && !domain_on_cpu(d)) {
		d->reap_on_unload = false;
		return JOB_FREE;
	}
	if ((d->state == DOMAIN_CRASHED || d->state == DOMAIN_SHUTDOWN) && d->nextents) {
		d->releasing = true;
		return JOB_RELEASE;
	}
	return JOB_NONE;
}

static void domain_release_now(struct domain *d)
{
	uint64_t pages = d->tot_pages;
	uint64_t flags;
	bool reap;

	domain_release_memory(d);
	printk("domain %u (%s): %llu KiB returned to the free pool, scrubbed\n", d->id, d->name,
	       (unsigned long long)(pages * PAGE_SIZE >> 10));
	/* A destroy that came meanwhile left the freeing to us. */
	flags = spin_lock_irqsave(&d->lock);
	d->releasing = false;
	reap = d->reap_on_unload && !domain_on_cpu(d);
	if (reap)
		d->reap_on_unload = false;
	spin_unlock_irqrestore(&d->lock, flags);
	if (reap)
		domain_reap(d);
}

void domain_vcpu_left(struct domain *d)
{
	enum last_job job = JOB_NONE;
	uint64_t flags = spin_lock_irqsave(&d->lock);

	if (--d->vcpus_loaded == 0)
		job = last_job(d);
	spin_unlock_irqrestore(&d->lock, flags);
	if (job == JOB_FREE)
		domain_reap(d);
	else if (job == JOB_RELEASE)
		domain_release_now(d);
}
