/*
 * The credit policy's per-unit and per-domain data (sched/credit.c),
 * embedded in struct sched_unit and struct sched_dom so a policy needs no
 * allocator. Nothing outside credit.c touches these fields; tests may read
 * them.
 */
#ifndef SCHED_CREDIT_H
#define SCHED_CREDIT_H

#include <stdbool.h>
#include <stdint.h>

struct sched_unit;

/* Priorities, best first. IDLE is what a CPU with nothing to run has. */
enum csched_pri {
	CSCHED_PRI_BOOST = 0, /* woke with credit left: runs ahead of the rest */
	CSCHED_PRI_UNDER = 1, /* has credit left */
	CSCHED_PRI_OVER = 2,  /* has used up its credit */
	CSCHED_PRI_IDLE = 3,
};
#define CSCHED_NPRI 3 /* queues per CPU: BOOST, UNDER, OVER */

struct csched_unit {
	struct sched_unit *qnext, *qprev; /* run-queue links */
	/* ns of CPU time it may still use; changed by its CPU (burning) and by
	 * the accounting (earning) at once, so only with atomics. */
	int64_t credit;
	uint64_t burnt_to;    /* credit is burnt up to this time */
	uint64_t run_start;   /* began its current run on a CPU */
	uint64_t slice_start; /* began its current time slice */
	uint8_t pri;	      /* enum csched_pri */
	bool queued;	      /* on a run queue */
	bool parked;	      /* over its domain's cap: on its CPU's parked list */
	bool yielded;	      /* asked to let others go first */
	bool active;	      /* earns credit (global lock) */
};

struct csched_dom {
	unsigned int weight;
	unsigned int cap;     /* % of one CPU, 0 = none */
	unsigned int nactive; /* its active units (global lock) */
	bool saturated;	      /* this period: gets all it can use (accounting) */
};

#endif /* SCHED_CREDIT_H */
