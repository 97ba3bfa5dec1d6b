/*
 * The scheduler interface (DESIGN §2, STYLE 10): a small table of operations
 * on sched_units, one per vCPU, so policies are pure C that never sees a vCPU's
 * registers or anything arch-specific, and can be driven by host tests.
 *
 * The core (hyp/schedule.c) owns the units' runnable flag and calls the
 * policy; the policy owns its run queues. All calls for one physical CPU's
 * queue are made with that CPU's scheduler lock held (hyp/schedule.c); the
 * policy takes no lock of its own.
 */
#ifndef SCHED_SCHED_H
#define SCHED_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#define SCHED_MAX_CPUS 64

struct sched_unit {
	unsigned int cpu;       /* physical CPU whose queue holds it */
	bool runnable;          /* wants to run (the core sets it) */
	bool queued;            /* on its CPU's run queue */
	struct sched_unit *next; /* run-queue link (policy's) */
	void *owner;            /* the vCPU, for the core */
	uint64_t ran_ns;        /* accounting, kept by the core */
};

struct sched_ops {
	const char *name;
	/* A new unit: choose its CPU (unit->cpu) among ncpus. */
	void (*unit_insert)(struct sched_unit *u, unsigned int ncpus);
	void (*unit_remove)(struct sched_unit *u);
	/* u became runnable / stopped being runnable. */
	void (*wake)(struct sched_unit *u);
	void (*sleep)(struct sched_unit *u);
	/* Choose what cpu runs next; prev is what ran (NULL: idle), still
	 * runnable if prev->runnable. Returns NULL to idle. */
	struct sched_unit *(*pick)(unsigned int cpu, struct sched_unit *prev);
	/* Does a newly woken u want to preempt what cpu runs now? */
	bool (*preempts)(unsigned int cpu, const struct sched_unit *woken,
			 const struct sched_unit *curr);
	/* Time slice for the unit about to run, in ns. */
	uint64_t (*slice_ns)(struct sched_unit *u);
};

extern const struct sched_ops sched_rr_ops;

#endif /* SCHED_SCHED_H */
