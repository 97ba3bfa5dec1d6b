/*
 * A host discrete-event simulator that is the scheduler core for a policy
 * (struct sched_ops): it owns `runnable` and `running`, provides the
 * sched_env_*() environment, and drives 1..SCHED_MAX_CPUS CPUs and up to
 * SIM_MAX_VCPUS vCPUs, each following a workload (workload.h).
 *
 * Time is simulated nanoseconds. A CPU is asked to pick at now + slice at the
 * latest, or after an IPI latency (SIM_IPI_NS) when kicked from elsewhere, or
 * at the next event boundary when it kicks itself. Locks are no-ops but their
 * discipline is checked (sim_fail() on a violation).
 *
 * It keeps, per vCPU, the ns run and ns spent runnable but waiting, the
 * longest wait, wake-to-run latencies and the CPUs it ran on; per CPU, the
 * longest stretch it sat idle while a vCPU allowed on it waited elsewhere.
 * One simulation at a time (the environment functions are global).
 */
#ifndef TESTS_SIM_SIM_H
#define TESTS_SIM_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sched/sched.h"
#include "tests/sim/workload.h"

#define SIM_MAX_VCPUS 1024
#define SIM_MAX_DOMS  1024
#define SIM_IPI_NS    2000ULL
#define SIM_NONE      UINT64_MAX

struct sim_vcpu {
	struct sched_unit u;
	struct wl wl;
	unsigned int id;
	int on_cpu;			/* where it runs, -1 when not running */
	uint64_t run_start;		/* CPU time counted up to here */
	uint64_t loaded_at;		/* when it was loaded */
	uint64_t act_gen;		/* invalidates stale act events */
	uint64_t wait_start;		/* runnable and not running since (SIM_NONE: not) */
	uint64_t woke_at;		/* woke and has not run since (SIM_NONE: not) */
	struct sim_vcpu *wnext, *wprev; /* the waiting list */
	/* statistics */
	uint64_t ran_ns, wait_ns, max_wait_ns, nruns;
	uint64_t min_preempted_ns; /* shortest run ended while still runnable */
	uint64_t ran_on;	   /* CPUs it ran on, bit n = CPU n */
	uint64_t *lat;		   /* wake-to-run latencies, ns */
	size_t nlat, lat_cap;
};

struct sim_cpu {
	struct sim_vcpu *curr;
	uint64_t pick_at, pick_gen;
	uint64_t iww_since; /* idle while work waits, since (SIM_NONE: not) */
	uint64_t iww_max_ns;
	uint64_t idle_ns, npicks;
	/* Preemptions here (a unit taken off while still runnable): the last
	 * one and the shortest gap between two (SIM_NONE: fewer than two). */
	uint64_t last_preempt_at, min_preempt_gap_ns, npreempts;
};

struct sim_stats {
	uint64_t npicks, nkicks, nmigrations, nevents;
};

/* Start a simulation of ncpus CPUs at time 0 with policy ops. */
void sim_init(unsigned int ncpus, const struct sched_ops *ops);
void sim_fini(void);
/* A domain of nvcpus vCPUs with the given weight and cap, each with workload
 * w and hard affinity mask; returns the domain's index. */
unsigned int sim_dom_add(unsigned int nvcpus, unsigned int weight, unsigned int cap,
			 uint64_t affinity, struct wl w);
struct sched_dom *sim_dom(unsigned int idx);
struct sim_vcpu *sim_vcpu(unsigned int id);
unsigned int sim_nvcpus(void);
struct sim_cpu *sim_cpu(unsigned int cpu);
const struct sim_stats *sim_stats(void);
/* Run the simulation until time t (events at t included). */
void sim_run_until(uint64_t t);
uint64_t sim_now(void);
/* Change v's hard affinity now, as the core does (migrate path). */
void sim_set_affinity(struct sim_vcpu *v, uint64_t affinity);
/* The q-quantile (0..1) of v's wake-to-run latencies, SIM_NONE if none. */
uint64_t sim_latency_quantile(struct sim_vcpu *v, double q);
/* v's longest runnable-but-waiting stretch so far, ns (an open one too). */
uint64_t sim_max_wait(const struct sim_vcpu *v);
/* Longest idle-while-work-waits stretch of any CPU, ns. */
uint64_t sim_iww_max(void);

/* When set, every pick, kick, wake and block is logged there. */
extern FILE *sim_trace;

/* Report a broken invariant and stop (set by the test: cmocka's fail_msg). */
extern void (*sim_fail)(const char *what);

#endif /* TESTS_SIM_SIM_H */
