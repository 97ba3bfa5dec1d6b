/*
 * The scheduler core's control side: moving vCPUs when their affinity
 * changes, the control operations on the policy that domctl and sysctl
 * reach (hyp/schedule/schedule.h), and debug key 'r'. Run-state accounting
 * is in runstate.c.
 */
#include "hyp/console/console.h"
#include "hyp/schedule/sched-internal.h"
#include "hyp/schedule/schedule.h"
#include "arch/arm64/timer.h"
#include "tarn/errno.h"
#include "tarn/vcpu.h"

/* ---- placement ---------------------------------------------------------------- */

/* Two CPUs' locks, lower-numbered first (the only order anyone waits in). */
static uint64_t lock_pair(unsigned int a, unsigned int b)
{
	uint64_t flags = spin_lock_irqsave(&percpu_data[a < b ? a : b].sched_lock);

	if (a != b)
		spin_lock(&percpu_data[a < b ? b : a].sched_lock);
	return flags;
}

static void unlock_pair(unsigned int a, unsigned int b, uint64_t flags)
{
	if (a != b)
		spin_unlock(&percpu_data[a < b ? b : a].sched_lock);
	spin_unlock_irqrestore(&percpu_data[a < b ? a : b].sched_lock, flags);
}

/* Move v from CPU from to CPU to, with its virtual-timer watch. */
static void sched_move(struct vcpu *v, unsigned int from, unsigned int to)
{
	uint64_t flags = lock_pair(from, to);

	if (v->unit.cpu == from && !v->unit.running) {
		bool armed = v->timer_armed;

		timer_list_remove(&percpu_data[from], v);
		sched_ops->migrate(&v->unit, to);
		if (armed) {
			/* The new CPU finds it at its next timer interrupt. */
			v->timer_armed = true;
			v->timer_next = percpu_data[to].timer_list;
			percpu_data[to].timer_list = v;
			sched_env_kick(to);
		}
	}
	unlock_pair(from, to, flags);
}

void sched_place(struct vcpu *v)
{
	uint64_t flags;
	struct percpu *pc = vcpu_lock(v, &flags);
	unsigned int from = pc->id;
	uint64_t allowed = v->unit.affinity & online_mask();
	bool stay = v->unit.running || sched_cpu_allowed(&v->unit, from) || !allowed;

	vcpu_unlock(pc, flags);
	if (!stay)
		sched_move(v, from, (unsigned int)__builtin_ctzll(allowed));
}

int sched_vcpu_set_affinity(struct vcpu *v, uint64_t mask)
{
	uint64_t flags;
	struct percpu *pc;
	bool kick;

	if (!(mask & online_mask()))
		return -TARN_EINVAL;
	pc = vcpu_lock(v, &flags);
	v->unit.affinity = mask;
	/* Running where it may not: its CPU drops it at the next decision and
	 * sched_place() moves it once it is off. */
	kick = v->unit.running && !sched_cpu_allowed(&v->unit, pc->id);
	vcpu_unlock(pc, flags);
	if (kick)
		sched_env_kick(pc->id);
	else
		sched_place(v);
	return 0;
}

uint64_t sched_vcpu_get_affinity(struct vcpu *v)
{
	return v->unit.affinity;
}

/* ---- domains and parameters ---------------------------------------------------- */

void sched_dom_insert(struct domain *d)
{
	d->sdom.id = d->id;
	sched_ops->dom_insert(&d->sdom);
}

void sched_dom_remove(struct domain *d)
{
	sched_ops->dom_remove(&d->sdom);
}

int sched_dom_set(struct domain *d, unsigned int weight, unsigned int cap)
{
	return sched_ops->dom_set(&d->sdom, weight, cap) ? -TARN_EINVAL : 0;
}

void sched_dom_get(struct domain *d, unsigned int *weight, unsigned int *cap)
{
	*weight = d->sdom.cs.weight;
	*cap = d->sdom.cs.cap;
}

int sched_set_params(const struct sched_params *p)
{
	return sched_ops->set_params(p) ? -TARN_EINVAL : 0;
}

void sched_get_params(struct sched_params *p)
{
	sched_ops->get_params(p);
}

/* ---- debug key 'r' ----------------------------------------------------------- */

static void dump_cpus(void)
{
	for (unsigned int c = 0; c < cpus_possible; c++) {
		const struct percpu *pc = &percpu_data[c];
		uint64_t n = pc->picks ? pc->picks : 1;

		if (!pc->online)
			continue;
		printk("sched: cpu%u %llu decisions, %llu ns each on average, %llu ns at most, "
		       "idle %llu ms\n",
		       c, (unsigned long long)pc->picks,
		       (unsigned long long)timer_ns(pc->pick_count / n),
		       (unsigned long long)timer_ns(pc->pick_max),
		       (unsigned long long)(sched_cpu_idle_ns(c) / 1000000));
	}
}

static void dump_domain(struct domain *d)
{
	unsigned int weight, cap;

	sched_dom_get(d, &weight, &cap);
	printk("sched: domain %u (%s) weight %u cap %u\n", d->id, d->name, weight, cap);
	for (unsigned int i = 0; i < d->nvcpus; i++) {
		struct sched_vcpu_times t;

		sched_vcpu_times(d->vcpus[i], &t);
		printk("sched:   vcpu %u cpu%u running %llu us, runnable %llu us, blocked %llu "
		       "us\n",
		       i, t.cpu, (unsigned long long)(t.time[RUNSTATE_running] / 1000),
		       (unsigned long long)(t.time[RUNSTATE_runnable] / 1000),
		       (unsigned long long)(t.time[RUNSTATE_blocked] / 1000));
	}
}

void sched_dump(void)
{
	struct sched_params p;

	sched_get_params(&p);
	printk("sched: %s, time slice %u us, ratelimit %u us\n", sched_ops->name, p.tslice_us,
	       p.ratelimit_us);
	dump_cpus();
	for (unsigned int i = 0; i < DOMAIN_MAX; i++)
		if (domains[i])
			dump_domain(domains[i]);
}
