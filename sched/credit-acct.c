/*
 * The credit scheduler's credit (see credit.c): burning it for time run,
 * the active units that earn it, sharing out each period's credit (max-min
 * by weight, within caps) and re-sorting a CPU's queues afterwards. The
 * domain list, active flags and counts are under the global lock; credit
 * itself is atomic (its CPU burns it while the accounting adds to it).
 */
#include "sched/credit-internal.h"

/* ---- credit ---------------------------------------------------------------------- */

/* Global lock held. */
void unit_activate(struct sched_unit *u)
{
	if (u->cs.active)
		return;
	u->cs.active = true;
	u->dom->cs.nactive++;
	prv.weight_total += u->dom->cs.weight;
}

void unit_deactivate(struct sched_unit *u)
{
	if (!u->cs.active)
		return;
	u->cs.active = false;
	u->dom->cs.nactive--;
	prv.weight_total -= u->dom->cs.weight;
}

/* Charge u for the time since it was last charged; its CPU's lock held. */
void burn(struct sched_unit *u, uint64_t now)
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
void acct_maybe(uint64_t now)
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
void runq_resort(unsigned int cpu)
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
