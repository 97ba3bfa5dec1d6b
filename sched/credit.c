/*
 * The credit scheduler, after Xen's credit1 (semantics in docs/scheduling.md),
 * behind struct sched_ops. Pure C: it runs in Tarn and in the host simulator.
 *
 * Credit is kept in nanoseconds of CPU time. Every accounting period (one
 * time slice, 30 ms by default) the CPUs' time for the period is shared out
 * among the active units, in proportion to their domains' weights and
 * limited by caps; running burns credit for exactly the time run. A unit with
 * credit left is UNDER, one without is OVER, a unit that wakes while UNDER is
 * BOOSTed ahead of both until it has run a tick. Each CPU has one FIFO per
 * priority; a CPU with nothing better than OVER work steals better work from
 * its peers, and an idle CPU steals anything.
 *
 * Where this does better than credit1: burning is ns-exact at every decision
 * (a unit that sleeps just before each tick still pays); a unit with credit
 * left is preempted when it runs out, not at the next tick, if better work
 * waits; a capped unit is stopped exactly when its credit is spent.
 *
 * This file: the decision (pick) and the units' and domains' life; the run
 * queues and stealing are in credit-runq.c, the credit in credit-acct.c.
 *
 * Locking (sched/sched.h): queues of CPU c under c's lock; stealing takes a
 * peer's lock with trylock only. The domain list, active flags and counts and
 * the accounting run under the global lock, taken after at most one CPU lock.
 * credit is atomic: its CPU burns it while the accounting adds to it.
 */
#include "sched/credit-internal.h"

struct csched_pcpu pcpus[SCHED_MAX_CPUS];
struct csched_prv prv;

/* ---- the decision ------------------------------------------------------------------ */

/* Does prev go on running? Sets *slice_ns when it does. */
static bool keep_running(unsigned int cpu, struct sched_unit *prev, uint64_t now,
			 uint64_t *slice_ns)
{
	uint64_t ran = now - prev->cs.run_start;
	unsigned int best = runq_best_pri(cpu);

	if (!prev->runnable || over_cap(prev) || prev->cs.yielded || !sched_cpu_allowed(prev, cpu))
		return false;
	if (prv.ratelimit_ns && ran < prv.ratelimit_ns &&
	    now - pcpus[cpu].last_preempt < prv.ratelimit_ns) {
		/*
		 * Not preempted before it has run ratelimit, as credit1, but only
		 * while this CPU has preempted someone within a ratelimit: that
		 * bounds preemptions to one per ratelimit per CPU, as credit1's
		 * rule does, without making a waker wait up to a ratelimit behind
		 * a unit that got the CPU because another one blocked.
		 */
		*slice_ns = min_u64(prev->cs.run_start, pcpus[cpu].last_preempt) +
			    prv.ratelimit_ns - now;
		return true;
	}
	if (best < prev->cs.pri)
		return false; /* better work waits */
	if (now - prev->cs.slice_start >= prv.tslice_ns) {
		if (best == prev->cs.pri)
			return false;	    /* its slice is over and its peers wait */
		prev->cs.slice_start = now; /* nobody as good waits: a new slice */
	}
	*slice_ns = prv.tslice_ns - (now - prev->cs.slice_start);
	return true;
}

/* How long next may run before it must be looked at again. */
static uint64_t slice_for(unsigned int cpu, struct sched_unit *next, uint64_t now)
{
	uint64_t slice = min_u64(prv.tslice_ns - (now - next->cs.slice_start), tick_ns());
	int64_t credit = credit_get(next);

	/* Stop it when its credit runs out if that matters: it is capped, or
	 * others wait here (as OVER it then goes behind any UNDER one, and an
	 * OVER peer gets its turn; a light unit let run on would run up a debt
	 * it pays off only after seconds of waiting). */
	if (credit > 0 && (capped(next) || runq_best_pri(cpu) != CSCHED_PRI_IDLE))
		slice = min_u64(slice, (uint64_t)credit);
	if (next->cs.pri == CSCHED_PRI_BOOST && now - next->cs.run_start < BOOST_NS)
		slice = min_u64(slice, BOOST_NS - (now - next->cs.run_start)); /* then demoted */
	if (now + slice > prv.next_acct)
		slice = prv.next_acct > now ? prv.next_acct - now : 0;
	return slice < MIN_RUN_NS ? MIN_RUN_NS : slice;
}

/* prev stops running on cpu: back on a queue, on the parked list, or nowhere. */
static void put_prev(unsigned int cpu, struct sched_unit *prev)
{
	if (prev->cs.pri == CSCHED_PRI_BOOST)
		prev->cs.pri = (uint8_t)pri_from_credit(prev);
	prev->cs.yielded = false; /* it has let the others go (or it sleeps) */
	if (!prev->runnable || !sched_cpu_allowed(prev, cpu) || prev->cs.queued)
		return; /* asleep, or the core moves it (affinity), or woken twice */
	if (over_cap(prev))
		park(cpu, prev);
	else
		runq_insert(cpu, prev, false);
}

static struct sched_unit *runq_take_best(unsigned int cpu)
{
	unsigned int p = runq_best_pri(cpu);
	struct sched_unit *u;

	if (p == CSCHED_PRI_IDLE)
		return NULL;
	u = pcpus[cpu].head[p];
	runq_remove(cpu, u);
	return u;
}

/* next (NULL: idle) runs on cpu from now; returns it with *slice_ns set. */
static struct sched_unit *run_next(unsigned int cpu, struct sched_unit *prev,
				   struct sched_unit *next, uint64_t now, uint64_t *slice_ns)
{
	struct csched_pcpu *pc = &pcpus[cpu];

	__atomic_store_n(&pc->curr, next, __ATOMIC_RELAXED);
	if (pc->victim_allowed) {
		tickle_mask(pc->victim, pc->victim_allowed);
		pc->victim_allowed = 0;
	}
	if (!next) {
		*slice_ns =
			min_u64(tick_ns(), prv.next_acct > now ? prv.next_acct - now : MIN_RUN_NS);
		return NULL;
	}
	if (next != prev)
		next->cs.run_start = now;
	next->cs.slice_start = now; /* it went through the queue: a new slice */
	next->cs.burnt_to = now;
	if (pc->nqueued)
		tickle_idle(next); /* others wait here while a peer may be idle */
	*slice_ns = slice_for(cpu, next, now);
	return next;
}

/*
 * prev yielded and went behind the others of its priority; if it would run
 * again at once, credit1 puts it behind one unit of lower priority too, so a
 * yield always lets someone else run (say the OVER holder of the lock the
 * yielder waits for). That one is taken here, or NULL.
 */
static struct sched_unit *take_after_yield(unsigned int cpu, const struct sched_unit *prev)
{
	unsigned int p = runq_best_pri(cpu);

	if (p == CSCHED_PRI_IDLE || pcpus[cpu].head[p] != prev)
		return NULL;
	for (unsigned int q = p + 1; q < CSCHED_NPRI; q++) {
		struct sched_unit *u = pcpus[cpu].head[q];

		if (u) {
			runq_remove(cpu, u);
			return u;
		}
	}
	return NULL;
}

/* The best local unit, or better work from a peer when that is OVER or none. */
static struct sched_unit *choose_next(unsigned int cpu)
{
	struct sched_unit *next = runq_take_best(cpu), *s;

	if (next && next->cs.pri < CSCHED_PRI_OVER)
		return next;
	s = steal(cpu, next ? next->cs.pri : CSCHED_PRI_IDLE);
	if (!s)
		return next;
	if (next)
		runq_insert(cpu, next, true);
	return s;
}

static struct sched_unit *csched_pick(unsigned int cpu, struct sched_unit *prev, uint64_t now,
				      uint64_t *slice_ns)
{
	struct sched_unit *s;

	acct_maybe(now);
	if (pcpus[cpu].epoch != __atomic_load_n(&prv.epoch, __ATOMIC_ACQUIRE))
		runq_resort(cpu);
	if (!prev)
		return run_next(cpu, NULL, choose_next(cpu), now, slice_ns);
	burn(prev, now);
	if (prev->cs.pri == CSCHED_PRI_BOOST && now - prev->cs.run_start >= BOOST_NS)
		prev->cs.pri = (uint8_t)pri_from_credit(prev);
	if (!keep_running(cpu, prev, now, slice_ns)) {
		bool yielded = prev->cs.yielded;

		if (prev->runnable && !yielded)
			pcpus[cpu].last_preempt = now;
		put_prev(cpu, prev);
		s = yielded ? take_after_yield(cpu, prev) : NULL;
		if (s) {
			run_next(cpu, prev, s, now, slice_ns);
			/* Only lent: the yielder has the better claim. */
			*slice_ns = min_u64(*slice_ns,
					    prv.ratelimit_ns ? prv.ratelimit_ns : MIN_RUN_NS);
			return s;
		}
		return run_next(cpu, prev, choose_next(cpu), now, slice_ns);
	}
	/* An OVER unit that may go on (past its ratelimit) still yields to
	 * UNDER work waiting on a peer: otherwise a CPU with one OVER hog never
	 * looks elsewhere. */
	s = NULL;
	if (prev->cs.pri >= CSCHED_PRI_OVER && now - prev->cs.run_start >= prv.ratelimit_ns)
		s = steal(cpu, CSCHED_PRI_OVER);
	if (s) {
		pcpus[cpu].last_preempt = now;
		put_prev(cpu, prev);
		return run_next(cpu, prev, s, now, slice_ns);
	}
	if (prev->cs.queued)
		runq_remove(cpu, prev);
	if (runq_best_pri(cpu) != CSCHED_PRI_IDLE) /* e.g. a waker it kept out (ratelimit) */
		tickle_idle(pcpus[cpu].head[runq_best_pri(cpu)]);
	*slice_ns = min_u64(*slice_ns, slice_for(cpu, prev, now));
	return prev;
}

/* ---- unit and domain life ------------------------------------------------------- */

static void csched_wake(struct sched_unit *u)
{
	unsigned int cpu = u->cpu;
	struct sched_unit *curr = pcpus[cpu].curr;

	if (u->cs.queued || u->cs.parked)
		return;
	if (curr == u) {
		/* Still on its CPU (it blocked and woke before a switch): it
		 * has been running since burnt_to, so the next pick charges
		 * that; no boost, or blocking would be a way to keep one. */
		return;
	}
	u->cs.burnt_to = sched_env_now();
	if (over_cap(u)) {
		park(cpu, u);
		return;
	}
	/* Waking with credit left: ahead of everything else for a while. */
	u->cs.pri = credit_get(u) > 0 ? CSCHED_PRI_BOOST : CSCHED_PRI_OVER;
	runq_insert(cpu, u, false);
	if (!curr || u->cs.pri < curr->cs.pri)
		sched_env_kick(cpu);
	else
		tickle_idle(u);
}

static void csched_sleep(struct sched_unit *u)
{
	unit_dequeue(u);
	if (u->cs.pri == CSCHED_PRI_BOOST)
		u->cs.pri = (uint8_t)pri_from_credit(u);
}

static void csched_yield(struct sched_unit *u)
{
	u->cs.yielded = true;
	if (u->cs.pri == CSCHED_PRI_BOOST)
		u->cs.pri = (uint8_t)pri_from_credit(u);
}

static void csched_migrate(struct sched_unit *u, unsigned int to)
{
	bool was_parked = u->cs.parked;
	bool was_queued = u->cs.queued;

	unit_dequeue(u);
	__atomic_sub_fetch(&pcpus[u->cpu].nunits, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&pcpus[to].nunits, 1, __ATOMIC_RELAXED);
	u->cpu = to;
	if (was_parked || (!was_queued && u->runnable && !u->running && over_cap(u))) {
		park(to, u); /* a capped unit dropped by pick() over its cap too */
	} else if (was_queued || (u->runnable && !u->running)) {
		runq_insert(to, u, false);
		if (cpu_idle(to) || u->cs.pri < CSCHED_PRI_OVER)
			sched_env_kick(to);
	}
}

/* The allowed CPU with the fewest units (global lock held). */
static unsigned int place(const struct sched_unit *u)
{
	unsigned int best = 0;
	bool found = false;

	for (unsigned int c = 0; c < prv.ncpus; c++) {
		if (!sched_cpu_allowed(u, c))
			continue;
		if (!found || pcpus[c].nunits < pcpus[best].nunits)
			best = c;
		found = true;
	}
	return best;
}

static void csched_unit_insert(struct sched_unit *u)
{
	/* One tick of credit to start with: UNDER (so boosted when it wakes)
	 * until the first accounting gives it its share, as in credit1, where a
	 * new unit stays UNDER until then. */
	u->cs = (struct csched_unit){.pri = CSCHED_PRI_UNDER, .credit = (int64_t)tick_ns()};
	if (!(u->affinity & ((prv.ncpus >= 64) ? ~0ULL : (1ULL << prv.ncpus) - 1)))
		u->affinity = SCHED_ALL_CPUS; /* nothing allowed: anywhere */
	sched_env_global_lock();
	u->cpu = place(u);
	__atomic_add_fetch(&pcpus[u->cpu].nunits, 1, __ATOMIC_RELAXED);
	u->dom_next = u->dom->units;
	u->dom->units = u;
	u->dom->nunits++;
	sched_env_global_unlock();
}

/* Called with u's CPU lock held; u is not running. */
static void csched_unit_remove(struct sched_unit *u)
{
	struct sched_unit **pp;

	unit_dequeue(u);
	if (pcpus[u->cpu].curr == u)
		pcpus[u->cpu].curr = NULL;
	sched_env_global_lock();
	unit_deactivate(u);
	__atomic_sub_fetch(&pcpus[u->cpu].nunits, 1, __ATOMIC_RELAXED);
	for (pp = &u->dom->units; *pp && *pp != u; pp = &(*pp)->dom_next)
		;
	if (*pp) {
		*pp = u->dom_next;
		u->dom->nunits--;
	}
	sched_env_global_unlock();
}

static void csched_dom_insert(struct sched_dom *d)
{
	d->cs = (struct csched_dom){.weight = SCHED_WEIGHT_DEFAULT};
	sched_env_global_lock();
	d->next = prv.doms;
	prv.doms = d;
	sched_env_global_unlock();
}

static void csched_dom_remove(struct sched_dom *d)
{
	struct sched_dom **pp;

	sched_env_global_lock();
	for (pp = &prv.doms; *pp && *pp != d; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = d->next;
	sched_env_global_unlock();
}

static int csched_dom_set(struct sched_dom *d, unsigned int weight, unsigned int cap)
{
	if (weight < SCHED_WEIGHT_MIN || weight > SCHED_WEIGHT_MAX || cap > 100 * d->nunits)
		return -ERRNO_EINVAL;
	sched_env_global_lock();
	prv.weight_total -= d->cs.weight * d->cs.nactive;
	d->cs.weight = weight;
	d->cs.cap = cap;
	prv.weight_total += weight * d->cs.nactive;
	sched_env_global_unlock();
	return 0;
}

static int csched_set_params(const struct sched_params *p)
{
	if (p->tslice_us < SCHED_TSLICE_MIN_US || p->tslice_us > SCHED_TSLICE_MAX_US)
		return -ERRNO_EINVAL;
	if (p->ratelimit_us &&
	    (p->ratelimit_us < SCHED_RATELIMIT_MIN_US || p->ratelimit_us > SCHED_RATELIMIT_MAX_US ||
	     p->ratelimit_us > p->tslice_us))
		return -ERRNO_EINVAL;
	sched_env_global_lock();
	prv.tslice_ns = p->tslice_us * NS_PER_US;
	prv.ratelimit_ns = p->ratelimit_us * NS_PER_US;
	/* A shorter period starts now, not after what is left of a long one. */
	if (prv.next_acct > sched_env_now() + prv.tslice_ns)
		__atomic_store_n(&prv.next_acct, sched_env_now() + prv.tslice_ns, __ATOMIC_RELAXED);
	sched_env_global_unlock();
	return 0;
}

static void csched_get_params(struct sched_params *p)
{
	p->tslice_us = (unsigned int)(prv.tslice_ns / NS_PER_US);
	p->ratelimit_us = (unsigned int)(prv.ratelimit_ns / NS_PER_US);
}

static void csched_init(unsigned int ncpus)
{
	for (unsigned int c = 0; c < SCHED_MAX_CPUS; c++)
		pcpus[c] = (struct csched_pcpu){0};
	prv.ncpus = ncpus ? (ncpus < SCHED_MAX_CPUS ? ncpus : SCHED_MAX_CPUS) : 1;
	prv.doms = NULL;
	prv.tslice_ns = SCHED_TSLICE_DEFAULT_US * NS_PER_US;
	prv.ratelimit_ns = SCHED_RATELIMIT_DEFAULT_US * NS_PER_US;
	prv.next_acct = sched_env_now() + prv.tslice_ns;
	prv.epoch = 0;
	prv.weight_total = 0;
}

const struct sched_ops sched_credit_ops = {
	.name = "credit",
	.init = csched_init,
	.dom_insert = csched_dom_insert,
	.dom_remove = csched_dom_remove,
	.dom_set = csched_dom_set,
	.unit_insert = csched_unit_insert,
	.unit_remove = csched_unit_remove,
	.wake = csched_wake,
	.sleep = csched_sleep,
	.yield = csched_yield,
	.pick = csched_pick,
	.migrate = csched_migrate,
	.set_params = csched_set_params,
	.get_params = csched_get_params,
};
