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
 * Locking (sched/sched.h): queues of CPU c under c's lock; stealing takes a
 * peer's lock with trylock only. The domain list, active flags and counts and
 * the accounting run under the global lock, taken after at most one CPU lock.
 * credit is atomic: its CPU burns it while the accounting adds to it.
 */
#include "sched/sched.h"

#include <stddef.h>

#define NS_PER_US	1000ULL
#define TICKS_PER_SLICE 3	 /* the tick is a third of the slice, as credit1 */
#define MIN_RUN_NS	50000ULL /* never asked back sooner than this */
/* How long a woken unit stays BOOSTed while it runs. credit1 keeps it to
 * the next tick (up to 10 ms), in which time a second waker cannot preempt
 * it; 1 ms serves an I/O-bound unit and bounds that wait. */
#define BOOST_NS     1000000ULL
#define ACCT_PASSES  4 /* of max-min sharing per period; each settles more domains */
#define ERRNO_EINVAL 22

struct csched_pcpu {
	struct sched_unit *head[CSCHED_NPRI], *tail[CSCHED_NPRI];
	struct sched_unit *parked; /* over their cap, linked through qnext */
	struct sched_unit *curr;   /* what pick() chose (NULL: idle) */
	int64_t owed;		   /* credit of its UNDER queue at the last sort: a hint */
	uint64_t victim_allowed;   /* where the next unit waiting on victim may run */
	unsigned int victim;	   /* CPU it just stole from, whose queue still waits */
	unsigned int nqueued;	   /* read by stealers without the lock: a hint */
	unsigned int epoch;	   /* accounting period its queues were sorted for */
	unsigned int nunits;	   /* units placed here (global lock) */
};

static struct csched_pcpu pcpus[SCHED_MAX_CPUS];

static struct {
	unsigned int ncpus;
	struct sched_dom *doms;
	uint64_t tslice_ns;
	uint64_t ratelimit_ns;
	uint64_t next_acct;
	unsigned int epoch;
	unsigned int weight_total; /* sum of weight × active units */
} prv;

/* ---- small helpers -------------------------------------------------------- */

static int64_t credit_get(const struct sched_unit *u)
{
	return __atomic_load_n(&u->cs.credit, __ATOMIC_RELAXED);
}

static int64_t credit_add(struct sched_unit *u, int64_t delta)
{
	return __atomic_add_fetch(&u->cs.credit, delta, __ATOMIC_RELAXED);
}

static uint64_t tick_ns(void)
{
	return prv.tslice_ns / TICKS_PER_SLICE;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Exactly 0 is OVER: a unit stopped when its credit ran out has used it up
 * (ns-exact burning lands there), and must not go on as UNDER. */
static unsigned int pri_from_credit(const struct sched_unit *u)
{
	return credit_get(u) > 0 ? CSCHED_PRI_UNDER : CSCHED_PRI_OVER;
}

static bool capped(const struct sched_unit *u)
{
	return u->dom->cs.cap != 0;
}

/* Is u over its domain's cap (it waits, parked, for the next period)? */
static bool over_cap(const struct sched_unit *u)
{
	return capped(u) && credit_get(u) <= 0;
}

/* ---- run queues (the CPU's lock held) -------------------------------------- */

static void runq_insert(unsigned int cpu, struct sched_unit *u, bool at_head)
{
	struct csched_pcpu *pc = &pcpus[cpu];
	unsigned int p = u->cs.pri;

	u->cs.qprev = at_head ? NULL : pc->tail[p];
	u->cs.qnext = at_head ? pc->head[p] : NULL;
	if (u->cs.qprev)
		u->cs.qprev->cs.qnext = u;
	else
		pc->head[p] = u;
	if (u->cs.qnext)
		u->cs.qnext->cs.qprev = u;
	else
		pc->tail[p] = u;
	u->cs.queued = true;
	pc->nqueued++;
}

static void runq_remove(unsigned int cpu, struct sched_unit *u)
{
	struct csched_pcpu *pc = &pcpus[cpu];
	unsigned int p = u->cs.pri;

	if (u->cs.qprev)
		u->cs.qprev->cs.qnext = u->cs.qnext;
	else
		pc->head[p] = u->cs.qnext;
	if (u->cs.qnext)
		u->cs.qnext->cs.qprev = u->cs.qprev;
	else
		pc->tail[p] = u->cs.qprev;
	u->cs.qnext = u->cs.qprev = NULL;
	u->cs.queued = false;
	pc->nqueued--;
}

static void park(unsigned int cpu, struct sched_unit *u)
{
	u->cs.parked = true;
	u->cs.qnext = pcpus[cpu].parked;
	pcpus[cpu].parked = u;
}

static void unpark(unsigned int cpu, struct sched_unit *u)
{
	struct sched_unit **pp = &pcpus[cpu].parked;

	while (*pp && *pp != u)
		pp = &(*pp)->cs.qnext;
	if (*pp)
		*pp = u->cs.qnext;
	u->cs.qnext = NULL;
	u->cs.parked = false;
}

/* Off whatever list of its CPU u is on. */
static void unit_dequeue(struct sched_unit *u)
{
	if (u->cs.queued)
		runq_remove(u->cpu, u);
	else if (u->cs.parked)
		unpark(u->cpu, u);
}

/* The best priority waiting on cpu's queues. */
static unsigned int runq_best_pri(unsigned int cpu)
{
	for (unsigned int p = 0; p < CSCHED_NPRI; p++)
		if (pcpus[cpu].head[p])
			return p;
	return CSCHED_PRI_IDLE;
}

/* ---- waking idle CPUs -------------------------------------------------------- */

static bool cpu_idle(unsigned int cpu)
{
	return __atomic_load_n(&pcpus[cpu].curr, __ATOMIC_RELAXED) == NULL;
}

/* Work that may run on the CPUs in `allowed` waits on `from`: wake an idle
 * one of them to come and take it (work conservation). */
static void tickle_mask(unsigned int from, uint64_t allowed)
{
	for (unsigned int i = 1; i < prv.ncpus; i++) {
		unsigned int c = (from + i) % prv.ncpus;

		if (((allowed >> c) & 1) && cpu_idle(c)) {
			sched_env_kick(c);
			return;
		}
	}
}

static void tickle_idle(const struct sched_unit *u)
{
	tickle_mask(u->cpu, u->affinity);
}

/* ---- credit ---------------------------------------------------------------------- */

/* Global lock held. */
static void unit_activate(struct sched_unit *u)
{
	if (u->cs.active)
		return;
	u->cs.active = true;
	u->dom->cs.nactive++;
	prv.weight_total += u->dom->cs.weight;
}

static void unit_deactivate(struct sched_unit *u)
{
	if (!u->cs.active)
		return;
	u->cs.active = false;
	u->dom->cs.nactive--;
	prv.weight_total -= u->dom->cs.weight;
}

/* Charge u for the time since it was last charged; its CPU's lock held. */
static void burn(struct sched_unit *u, uint64_t now)
{
	if (now > u->cs.burnt_to) {
		credit_add(u, -(int64_t)(now - u->cs.burnt_to));
		u->cs.burnt_to = now;
	}
	if (!u->cs.active) {
		/* It uses the CPU, so it earns again (credit1 does this only for a
		 * unit caught running at a tick, which a tick-dodger escapes). */
		sched_env_global_lock();
		unit_activate(u);
		sched_env_global_unlock();
	}
	if (credit_get(u) <= 0)
		u->cs.pri = CSCHED_PRI_OVER;
	else if (u->cs.pri == CSCHED_PRI_OVER)
		u->cs.pri = CSCHED_PRI_UNDER;
}

/* One domain's share of the period's credit, spread over its active units. */
static void acct_dom(struct sched_dom *d, uint64_t fair)
{
	uint64_t each;
	int64_t lim = (int64_t)prv.tslice_ns;

	if (!d->cs.nactive)
		return;
	each = (fair + d->cs.nactive - 1) / d->cs.nactive;
	for (struct sched_unit *u = d->units; u; u = u->dom_next) {
		int64_t c;

		if (!u->cs.active)
			continue;
		c = credit_add(u, (int64_t)each);
		if (c > lim && !u->runnable) {
			/* More than a slice saved up: it is not using its share.
			 * It stops earning until it runs again, keeping half. */
			unit_deactivate(u);
			credit_add(u, -(c - c / 2));
		} else if (c > 2 * lim) {
			/* Runnable but waiting (behind others' slices, or where its
			 * affinity lets it run): owed the time, so it keeps earning,
			 * but what it can claim at once stays bounded. */
			credit_add(u, 2 * lim - c);
		} else if (c < -lim) {
			credit_add(u, -lim - c); /* bounded debt */
		}
	}
}

/* The most of a period's credit domain d can use: one CPU per active unit
 * (a unit never runs on two at once), and its cap. */
static uint64_t dom_limit(const struct sched_dom *d, uint64_t period)
{
	uint64_t lim = period * d->cs.nactive;

	return d->cs.cap ? min_u64(lim, period * d->cs.cap / 100) : lim;
}

static uint64_t dom_weight(const struct sched_dom *d)
{
	return (uint64_t)d->cs.weight * d->cs.nactive;
}

/*
 * Which domains cannot use their weight's share of total (they get their
 * limit; the rest is shared again by weight among the others), repeated a
 * few times: max-min fairness. credit1 shares by weight alone, so a heavy
 * unit that can use only one CPU leaves its surplus unused and the others
 * split what remains evenly instead of by weight. Returns what is left and,
 * in *wt, the weight it is shared by.
 */
static uint64_t acct_saturate(uint64_t period, uint64_t total, uint64_t *wt)
{
	for (unsigned int pass = 0; pass < ACCT_PASSES; pass++) {
		bool changed = false;

		for (struct sched_dom *d = prv.doms; d; d = d->next) {
			uint64_t lim = dom_limit(d, period);

			if (d->cs.saturated || !d->cs.nactive || !*wt ||
			    total * dom_weight(d) / *wt <= lim)
				continue;
			d->cs.saturated = true;
			total = total > lim ? total - lim : 0;
			*wt -= dom_weight(d);
			changed = true;
		}
		if (!changed)
			break;
	}
	return total;
}

/* Share out one period's credit to every domain (global lock held). */
static void acct_all(uint64_t period)
{
	/* The shares of one period all come from the same total, although
	 * acct_dom() deactivates units (and so lowers weight_total) as it goes:
	 * otherwise later domains get more than their share. */
	uint64_t wt = prv.weight_total;
	uint64_t left = acct_saturate(period, period * prv.ncpus, &wt);

	for (struct sched_dom *d = prv.doms; d; d = d->next) {
		uint64_t fair = 0;

		if (d->cs.saturated)
			fair = dom_limit(d, period);
		else if (wt)
			fair = left * dom_weight(d) / wt;

		d->cs.saturated = false;
		acct_dom(d, fair);
	}
	__atomic_add_fetch(&prv.epoch, 1, __ATOMIC_RELEASE);
	/* CPUs with parked units re-sort at their next pick; wake the idle ones
	 * so that they do it now. */
	for (unsigned int c = 0; c < prv.ncpus; c++)
		if (pcpus[c].parked && cpu_idle(c))
			sched_env_kick(c);
}

/* Share out a period's credit if one has ended. Global lock taken here. */
static void acct_maybe(uint64_t now)
{
	uint64_t period = prv.tslice_ns;

	if (now < __atomic_load_n(&prv.next_acct, __ATOMIC_RELAXED))
		return;
	sched_env_global_lock();
	if (now >= prv.next_acct) {
		prv.next_acct += period;
		if (prv.next_acct <= now)
			prv.next_acct = now + period; /* nobody looked for a while */
		acct_all(period);
	}
	sched_env_global_unlock();
}

/* After an accounting: move queued units to the queue their credit now says,
 * and release parked units no longer over their cap. cpu's lock held. */
static void runq_resort(unsigned int cpu)
{
	struct csched_pcpu *pc = &pcpus[cpu];
	struct sched_unit *list = NULL, **tail = &list, *u, *n;
	int64_t owed = 0;

	pc->epoch = __atomic_load_n(&prv.epoch, __ATOMIC_ACQUIRE);
	for (unsigned int p = CSCHED_PRI_UNDER; p < CSCHED_NPRI; p++) {
		for (u = pc->head[p]; u; u = n) {
			n = u->cs.qnext;
			if (pri_from_credit(u) != p) {
				runq_remove(cpu, u);
				*tail = u; /* kept in queue order */
				tail = &u->cs.qnext;
			}
		}
	}
	for (u = pc->parked; u; u = n) {
		n = u->cs.qnext;
		if (!over_cap(u)) { /* credit again, or its cap was lifted */
			unpark(cpu, u);
			*tail = u;
			tail = &u->cs.qnext;
		}
	}
	*tail = NULL;
	for (u = list; u; u = n) {
		n = u->cs.qnext;
		u->cs.pri = (uint8_t)pri_from_credit(u);
		runq_insert(cpu, u, false);
		tickle_idle(u);
	}
	for (u = pc->head[CSCHED_PRI_UNDER]; u; u = u->cs.qnext)
		owed += credit_get(u);
	__atomic_store_n(&pc->owed, owed, __ATOMIC_RELAXED);
}

/* ---- stealing ------------------------------------------------------------------- */

/* The first unit on peer's queues better than `below` that cpu may run. */
static struct sched_unit *steal_from(unsigned int peer, unsigned int cpu, unsigned int below)
{
	for (unsigned int p = 0; p < below && p < CSCHED_NPRI; p++)
		for (struct sched_unit *u = pcpus[peer].head[p]; u; u = u->cs.qnext)
			if (!u->running && sched_cpu_allowed(u, cpu))
				return u;
	return NULL;
}

/* cpu took a unit from peer (peer's lock held): another idle CPU may be
 * needed for what is left there (one kick brings one stealer), so note where
 * that may run; run_next() tickles once cpu is no longer idle itself. */
static void note_victim(unsigned int cpu, unsigned int peer)
{
	pcpus[cpu].victim = peer;
	pcpus[cpu].victim_allowed = 0;
	for (unsigned int p = 0; p < CSCHED_NPRI; p++)
		if (pcpus[peer].head[p])
			pcpus[cpu].victim_allowed |= pcpus[peer].head[p]->affinity;
}

/* Take work better than `below` from peer for cpu, if its lock is free. */
static struct sched_unit *steal_peer(unsigned int peer, unsigned int cpu, unsigned int below)
{
	struct sched_unit *u;

	if (!__atomic_load_n(&pcpus[peer].nqueued, __ATOMIC_RELAXED) || !sched_env_trylock(peer))
		return NULL;
	u = steal_from(peer, cpu, below);
	if (u) {
		runq_remove(peer, u);
		if (u->cs.pri == CSCHED_PRI_UNDER)
			__atomic_sub_fetch(&pcpus[peer].owed, credit_get(u), __ATOMIC_RELAXED);
		note_victim(cpu, peer);
		u->cpu = cpu;
		__atomic_sub_fetch(&pcpus[peer].nunits, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&pcpus[cpu].nunits, 1, __ATOMIC_RELAXED);
	}
	sched_env_unlock(peer);
	return u;
}

/* The peer owing its waiting UNDER units the most time (hints, read without
 * locks), else the one with the longest queue. */
static unsigned int busiest_peer(unsigned int cpu)
{
	unsigned int best = cpu, most = 0;
	int64_t owed = INT64_MIN;

	for (unsigned int c = 0; c < prv.ncpus; c++) {
		unsigned int n = __atomic_load_n(&pcpus[c].nqueued, __ATOMIC_RELAXED);
		int64_t o = __atomic_load_n(&pcpus[c].owed, __ATOMIC_RELAXED);

		if (c == cpu || !n)
			continue;
		if (o > owed || (o == owed && n > most)) {
			owed = o;
			most = n;
			best = c;
		}
	}
	return best;
}

/*
 * Take work better than `below` from a busy peer (cpu's lock held). The
 * busiest first: stealing is the only balancing, and a CPU given more weight
 * than it can serve otherwise keeps it, its units saving up credit they
 * cannot use (so weights stop mattering there) while lighter CPUs take work
 * from whichever neighbour comes first.
 */
static struct sched_unit *steal(unsigned int cpu, unsigned int below)
{
	unsigned int busiest = busiest_peer(cpu);
	struct sched_unit *u;

	if (busiest == cpu)
		return NULL; /* nothing queued anywhere else */
	u = steal_peer(busiest, cpu, below);
	for (unsigned int i = 1; !u && i < prv.ncpus; i++) {
		unsigned int peer = (cpu + i) % prv.ncpus;

		if (peer != busiest)
			u = steal_peer(peer, cpu, below);
	}
	return u;
}

/* ---- the decision ------------------------------------------------------------------ */

/* Does prev go on running? Sets *slice_ns when it does. */
static bool keep_running(unsigned int cpu, struct sched_unit *prev, uint64_t now,
			 uint64_t *slice_ns)
{
	uint64_t ran = now - prev->cs.run_start;
	unsigned int best = runq_best_pri(cpu);

	if (!prev->runnable || over_cap(prev) || prev->cs.yielded || !sched_cpu_allowed(prev, cpu))
		return false;
	if (prv.ratelimit_ns && ran < prv.ratelimit_ns) {
		/* Not preempted before it has run ratelimit, as credit1. */
		*slice_ns = prv.ratelimit_ns - ran;
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
		put_prev(cpu, prev);
		return run_next(cpu, prev, choose_next(cpu), now, slice_ns);
	}
	/* An OVER unit that may go on (past its ratelimit) still yields to
	 * UNDER work waiting on a peer: otherwise a CPU with one OVER hog never
	 * looks elsewhere. */
	s = NULL;
	if (prev->cs.pri >= CSCHED_PRI_OVER && now - prev->cs.run_start >= prv.ratelimit_ns)
		s = steal(cpu, CSCHED_PRI_OVER);
	if (s) {
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
