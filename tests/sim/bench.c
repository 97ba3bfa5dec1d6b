/*
 * The decision-cost benchmark driver: N always-runnable vCPUs (weights
 * spread 64..1024) on C CPUs for S simulated seconds, every pick going
 * through one of three never-inlined wrappers, so that callgrind can count
 * the instructions of each kind (tests/bench/sched_cost.py):
 * bench_pick_acct() for the first pick of each accounting period (it shares
 * out credit to every unit), bench_pick_resort() for the first pick of a
 * period on each other CPU (it re-sorts that CPU's queues), bench_pick_plain()
 * for the rest. Built -O2 without sanitizers, outside `make unit`.
 *
 * Usage: sched_bench NVCPUS NCPUS SECONDS;
 * prints "picks P acct A resort R plain Q".
 */
#include <stdio.h>
#include <stdlib.h>

#include "sched/sched.h"
#include "tests/sim/sim.h"
#include "tests/sim/workload.h"

#define SEC    1000000000ULL
#define PERIOD (SCHED_TSLICE_DEFAULT_US * 1000ULL)

static uint64_t next_period = PERIOD;
static uint64_t cpu_period[SCHED_MAX_CPUS]; /* the period each CPU last picked in */
static unsigned long nacct, nresort, nplain;

__attribute__((noinline)) struct sched_unit *
bench_pick_acct(unsigned int cpu, struct sched_unit *prev, uint64_t now, uint64_t *slice_ns)
{
	return sched_credit_ops.pick(cpu, prev, now, slice_ns);
}

__attribute__((noinline)) struct sched_unit *
bench_pick_resort(unsigned int cpu, struct sched_unit *prev, uint64_t now, uint64_t *slice_ns)
{
	return sched_credit_ops.pick(cpu, prev, now, slice_ns);
}

__attribute__((noinline)) struct sched_unit *
bench_pick_plain(unsigned int cpu, struct sched_unit *prev, uint64_t now, uint64_t *slice_ns)
{
	return sched_credit_ops.pick(cpu, prev, now, slice_ns);
}

/* The policy's periods start at 0 and are 30 ms long (the default). */
static struct sched_unit *bench_pick(unsigned int cpu, struct sched_unit *prev, uint64_t now,
				     uint64_t *slice_ns)
{
	uint64_t period = now / PERIOD, last = cpu_period[cpu];

	cpu_period[cpu] = period;
	if (now >= next_period) {
		next_period = (period + 1) * PERIOD;
		nacct++;
		return bench_pick_acct(cpu, prev, now, slice_ns);
	}
	if (period != last) {
		nresort++;
		return bench_pick_resort(cpu, prev, now, slice_ns);
	}
	nplain++;
	return bench_pick_plain(cpu, prev, now, slice_ns);
}

int main(int argc, char **argv)
{
	struct sched_ops ops = sched_credit_ops;
	unsigned int nvcpus, ncpus;
	uint64_t rng = 1;
	double secs;

	if (argc != 4) {
		fprintf(stderr, "usage: %s NVCPUS NCPUS SECONDS\n", argv[0]);
		return 2;
	}
	nvcpus = (unsigned int)atoi(argv[1]);
	ncpus = (unsigned int)atoi(argv[2]);
	secs = atof(argv[3]);
	if (!nvcpus || nvcpus > SIM_MAX_VCPUS || !ncpus || ncpus > SCHED_MAX_CPUS || secs <= 0) {
		fprintf(stderr, "%s: 1..%d vCPUs, 1..%d CPUs, seconds > 0\n", argv[0],
			SIM_MAX_VCPUS, SCHED_MAX_CPUS);
		return 2;
	}
	ops.pick = bench_pick;
	sim_init(ncpus, &ops);
	for (unsigned int i = 0; i < nvcpus; i++)
		sim_dom_add(1, (unsigned int)wl_rng_range(&rng, 64, 1024), 0, SCHED_ALL_CPUS,
			    wl_hog());
	sim_run_until((uint64_t)(secs * SEC));
	printf("picks %lu acct %lu resort %lu plain %lu\n", nacct + nresort + nplain, nacct,
	       nresort, nplain);
	sim_fini();
	return 0;
}
