/*
 * What the credit scheduler's files share (sched/credit.c: the decision and
 * the units' and domains' life; credit-runq.c: run queues, parking, waking
 * idle CPUs and stealing; credit-acct.c: burning and sharing out credit).
 * Nothing outside sched/credit*.c includes it. Locking as in credit.c.
 */
#ifndef SCHED_CREDIT_INTERNAL_H
#define SCHED_CREDIT_INTERNAL_H

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
	uint64_t last_preempt;	   /* when it last switched away from a runnable unit */
	uint64_t victim_allowed;   /* where the next unit waiting on victim may run */
	unsigned int victim;	   /* CPU it just stole from, whose queue still waits */
	unsigned int nqueued;	   /* read by stealers without the lock: a hint */
	unsigned int epoch;	   /* accounting period its queues were sorted for */
	unsigned int nunits;	   /* units placed here (global lock) */
};

extern struct csched_pcpu pcpus[SCHED_MAX_CPUS];

struct csched_prv {
	unsigned int ncpus;
	struct sched_dom *doms;
	uint64_t tslice_ns;
	uint64_t ratelimit_ns;
	uint64_t next_acct;
	unsigned int epoch;
	unsigned int weight_total; /* sum of weight × active units */
};
extern struct csched_prv prv;

/* ---- small helpers -------------------------------------------------------- */

static inline int64_t credit_get(const struct sched_unit *u)
{
	return __atomic_load_n(&u->cs.credit, __ATOMIC_RELAXED);
}

static inline int64_t credit_add(struct sched_unit *u, int64_t delta)
{
	return __atomic_add_fetch(&u->cs.credit, delta, __ATOMIC_RELAXED);
}

static inline uint64_t tick_ns(void)
{
	return prv.tslice_ns / TICKS_PER_SLICE;
}

static inline uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Exactly 0 is OVER: a unit stopped when its credit ran out has used it up
 * (ns-exact burning lands there), and must not go on as UNDER. */
static inline unsigned int pri_from_credit(const struct sched_unit *u)
{
	return credit_get(u) > 0 ? CSCHED_PRI_UNDER : CSCHED_PRI_OVER;
}

static inline bool capped(const struct sched_unit *u)
{
	return u->dom->cs.cap != 0;
}

/* Is u over its domain's cap (it waits, parked, for the next period)? */
static inline bool over_cap(const struct sched_unit *u)
{
	return capped(u) && credit_get(u) <= 0;
}

/* credit-runq.c (the CPU's lock held) */
void runq_insert(unsigned int cpu, struct sched_unit *u, bool at_head);
void runq_remove(unsigned int cpu, struct sched_unit *u);
void park(unsigned int cpu, struct sched_unit *u);
void unpark(unsigned int cpu, struct sched_unit *u);
void unit_dequeue(struct sched_unit *u);
unsigned int runq_best_pri(unsigned int cpu);
bool cpu_idle(unsigned int cpu);
void tickle_mask(unsigned int from, uint64_t allowed);
void tickle_idle(const struct sched_unit *u);
struct sched_unit *steal(unsigned int cpu, unsigned int below);

/* credit-acct.c */
void unit_activate(struct sched_unit *u);
void unit_deactivate(struct sched_unit *u);
void burn(struct sched_unit *u, uint64_t now);
void acct_maybe(uint64_t now);
void runq_resort(unsigned int cpu);

#endif /* SCHED_CREDIT_INTERNAL_H */
