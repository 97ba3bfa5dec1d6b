/*
 * The scheduler interface (DESIGN §2, STYLE 10): a small table of operations
 * on sched_units (one per vCPU) grouped in sched_doms (one per domain), so a
 * policy is pure C that never sees a vCPU's registers or anything
 * arch-specific, and the same code runs in Tarn and in the host simulator
 * (tests/sim/).
 *
 * Who owns what:
 * - The core (hyp/schedule/schedule.c in Tarn, the simulator on the host) owns
 *   `runnable` and `running` and calls the policy; it provides the
 *   environment functions sched_env_*() below.
 * - The policy owns the run queues, `cpu` (where a unit is queued) and
 *   everything in `struct csched_unit` / `struct csched_dom`.
 *
 * Locking: every CPU has a scheduler lock (the environment's). Calls about
 * one unit (wake, sleep, yield, unit_insert, unit_remove, set_affinity) are
 * made with the lock of the unit's CPU held; pick(cpu) with cpu's lock held.
 * A policy may take other CPUs' locks only with sched_env_trylock() (never
 * waiting, so no order between CPU locks is needed) and the global lock
 * (sched_env_global_lock()) only while holding at most one CPU lock; the
 * global lock is never held while waiting for a CPU lock. dom_insert,
 * dom_remove, dom_set and set_params are called with no CPU lock held.
 * Order: a CPU lock, then the global lock.
 */
#ifndef SCHED_SCHED_H
#define SCHED_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "sched/credit.h"

#define SCHED_MAX_CPUS 64
#define SCHED_ALL_CPUS (~0ULL)

/* The scheduler's view of one domain. */
struct sched_dom {
	unsigned int id;
	unsigned int nunits;
	struct sched_unit *units; /* linked through dom_next */
	struct sched_dom *next;	  /* the policy's list of domains */
	struct csched_dom cs;	  /* the credit policy's */
};

/* The scheduler's view of one vCPU. */
struct sched_unit {
	struct sched_dom *dom;
	struct sched_unit *dom_next;
	unsigned int cpu;      /* CPU whose queue and lock it belongs to */
	uint64_t affinity;     /* hard affinity: CPUs it may run on (bit n = CPU n) */
	bool runnable;	       /* wants to run (the core sets it) */
	bool running;	       /* its state is loaded on `cpu` (the core sets it) */
	void *owner;	       /* the vCPU, for the core */
	struct csched_unit cs; /* the credit policy's */
};

/* Global parameters (sysctl); ranges as Xen's credit1. */
struct sched_params {
	unsigned int tslice_us;	   /* SCHED_TSLICE_MIN_US..SCHED_TSLICE_MAX_US */
	unsigned int ratelimit_us; /* 0 (off) or SCHED_RATELIMIT_MIN_US..MAX, <= tslice */
};

#define SCHED_TSLICE_MIN_US	   1000
#define SCHED_TSLICE_MAX_US	   1000000
#define SCHED_TSLICE_DEFAULT_US	   30000
#define SCHED_RATELIMIT_MIN_US	   100
#define SCHED_RATELIMIT_MAX_US	   500000
#define SCHED_RATELIMIT_DEFAULT_US 1000

/* Per-domain parameters (domctl). */
#define SCHED_WEIGHT_MIN     1
#define SCHED_WEIGHT_MAX     65535
#define SCHED_WEIGHT_DEFAULT 256

struct sched_ops {
	const char *name;
	/* Once, before anything else: ncpus CPUs, numbered 0..ncpus-1. */
	void (*init)(unsigned int ncpus);
	void (*dom_insert)(struct sched_dom *d);
	void (*dom_remove)(struct sched_dom *d);
	/* weight 1..65535; cap 0 (none) or 1..100 × nunits; checked here:
	 * -EINVAL and nothing changed when out of range. */
	int (*dom_set)(struct sched_dom *d, unsigned int weight, unsigned int cap);
	/* A new unit of u->dom (u->affinity set): choose u->cpu. Not queued
	 * until woken. Called with no lock held, before the unit can be woken. */
	void (*unit_insert)(struct sched_unit *u);
	void (*unit_remove)(struct sched_unit *u);
	/* u became runnable / stopped being runnable (u->runnable already set). */
	void (*wake)(struct sched_unit *u);
	void (*sleep)(struct sched_unit *u);
	/* u asks to let others run first (SCHEDOP_yield). */
	void (*yield)(struct sched_unit *u);
	/*
	 * What cpu runs next. prev is what ran there (NULL: idle), still
	 * runnable if prev->runnable. May take a unit from another CPU's queue
	 * (then sets its cpu). Sets *slice_ns: when to be asked again at the
	 * latest, even when returning NULL (idle). Returns NULL to idle.
	 */
	struct sched_unit *(*pick)(unsigned int cpu, struct sched_unit *prev, uint64_t now,
				   uint64_t *slice_ns);
	/*
	 * u (not running) should leave its CPU: u->affinity no longer has
	 * u->cpu. Called with the locks of both u->cpu and to held; moves u to
	 * to's queue and sets u->cpu.
	 */
	void (*migrate)(struct sched_unit *u, unsigned int to);
	int (*set_params)(const struct sched_params *p);
	void (*get_params)(struct sched_params *p);
};

extern const struct sched_ops sched_credit_ops;

/*
 * The environment a policy runs in (hyp/schedule/schedule.c in Tarn, the simulator on
 * the host).
 */
uint64_t sched_env_now(void);
bool sched_env_trylock(unsigned int cpu);
void sched_env_unlock(unsigned int cpu);
void sched_env_global_lock(void);
void sched_env_global_unlock(void);
/* Make cpu call pick() soon (an IPI, or a flag if it is this CPU). */
void sched_env_kick(unsigned int cpu);

static inline bool sched_cpu_allowed(const struct sched_unit *u, unsigned int cpu)
{
	return (u->affinity >> cpu) & 1;
}

#endif /* SCHED_SCHED_H */
