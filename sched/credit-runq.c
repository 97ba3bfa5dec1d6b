/*
 * The credit scheduler's run queues (see credit.c): one FIFO per priority
 * on each CPU, the list of parked (over-cap) units, waking idle CPUs for
 * waiting work, and stealing better work from a peer. Every function here
 * runs with the lock of the CPU whose queues it touches; a peer's lock is
 * only ever tried (sched_env_trylock()).
 */
#include "sched/credit-internal.h"

void runq_insert(unsigned int cpu, struct sched_unit *u, bool at_head)
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

void runq_remove(unsigned int cpu, struct sched_unit *u)
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

void park(unsigned int cpu, struct sched_unit *u)
{
	u->cs.parked = true;
	u->cs.qnext = pcpus[cpu].parked;
	pcpus[cpu].parked = u;
}

void unpark(unsigned int cpu, struct sched_unit *u)
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
void unit_dequeue(struct sched_unit *u)
{
	if (u->cs.queued)
		runq_remove(u->cpu, u);
	else if (u->cs.parked)
		unpark(u->cpu, u);
}

/* The best priority waiting on cpu's queues. */
unsigned int runq_best_pri(unsigned int cpu)
{
	for (unsigned int p = 0; p < CSCHED_NPRI; p++)
		if (pcpus[cpu].head[p])
			return p;
	return CSCHED_PRI_IDLE;
}

/* ---- waking idle CPUs -------------------------------------------------------- */

bool cpu_idle(unsigned int cpu)
{
	return __atomic_load_n(&pcpus[cpu].curr, __ATOMIC_RELAXED) == NULL;
}

/* Work that may run on the CPUs in `allowed` waits on `from`: wake an idle
 * one of them to come and take it (work conservation). */
void tickle_mask(unsigned int from, uint64_t allowed)
{
	for (unsigned int i = 1; i < prv.ncpus; i++) {
		unsigned int c = (from + i) % prv.ncpus;

		if (((allowed >> c) & 1) && cpu_idle(c)) {
			sched_env_kick(c);
			return;
		}
	}
}

void tickle_idle(const struct sched_unit *u)
{
	tickle_mask(u->cpu, u->affinity);
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
struct sched_unit *steal(unsigned int cpu, unsigned int below)
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
