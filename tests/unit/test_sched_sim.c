/*
 * Host tests of the credit scheduler (sched/credit.c) driven by the
 * discrete-event simulator (tests/sim/): shares against the weight-fair
 * (water-filling) ideal, caps, boost latency, starvation, work conservation,
 * tick-dodgers and yielders, affinity and parameter checks. Every run is
 * deterministic (fixed seeds); figures are printed so a regression shows how
 * far off it is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "sched/sched.h"
#include "tests/sim/sim.h"
#include "tests/sim/workload.h"

#define US     1000ULL
#define MS     1000000ULL
#define SEC    1000000000ULL
#define TSLICE (SCHED_TSLICE_DEFAULT_US * US)
#define ALL    SCHED_ALL_CPUS

static void fail_in_test(const char *what)
{
	fail_msg("%s", what);
}

/* Also after a failed assertion, which leaves the test early. */
static int sim_teardown(void **state)
{
	sim_fini();
	return 0;
}

static void sim_start(unsigned int ncpus)
{
	sim_fail = fail_in_test;
	sim_init(ncpus, &sched_credit_ops);
}

static double pct(uint64_t ns, uint64_t total)
{
	return 100.0 * (double)ns / (double)total;
}

/* ---- the ideal: weight-proportional, at most one CPU (or cap) each ----------- */

/* Water-filling: ideal[i] in % of one CPU, given weights and limits (%). */
static void water_fill(unsigned int n, const double *w, const double *lim, double cpus,
		       double *ideal)
{
	bool *fixed = calloc(n, sizeof(*fixed));
	double left = cpus * 100.0;
	bool changed = true;

	assert_non_null(fixed);
	while (changed) {
		double wsum = 0;

		changed = false;
		for (unsigned int i = 0; i < n; i++)
			wsum += fixed[i] ? 0 : w[i];
		for (unsigned int i = 0; i < n && wsum > 0; i++) {
			ideal[i] = fixed[i] ? ideal[i] : left * w[i] / wsum;
			if (!fixed[i] && ideal[i] >= lim[i]) {
				ideal[i] = lim[i];
				fixed[i] = changed = true;
				left -= lim[i];
			}
		}
	}
	free(fixed);
}

/* Every vCPU of the simulation against the ideal: the worst error, and in
 * *mean the mean absolute error (pp of one CPU). */
static double share_error(uint64_t total, unsigned int ncpus, bool verbose, double *mean)
{
	unsigned int n = sim_nvcpus();
	double *w = calloc(n, sizeof(double)), *lim = calloc(n, sizeof(double));
	double *ideal = calloc(n, sizeof(double)), worst = 0, sum = 0;

	assert_true(w && lim && ideal);
	for (unsigned int i = 0; i < n; i++) {
		const struct sched_dom *d = sim_vcpu(i)->u.dom;

		w[i] = d->cs.weight;
		lim[i] = d->cs.cap ? (double)d->cs.cap / d->nunits : 100.0;
	}
	water_fill(n, w, lim, ncpus, ideal);
	for (unsigned int i = 0; i < n; i++) {
		double got = pct(sim_vcpu(i)->ran_ns, total), err = got - ideal[i];

		if (verbose)
			printf("  vcpu %3u weight %5.0f: %6.2f%% (ideal %6.2f%%)\n", i, w[i], got,
			       ideal[i]);
		err = err < 0 ? -err : err;
		worst = err > worst ? err : worst;
		sum += err;
	}
	if (mean)
		*mean = sum / n;
	free(w);
	free(lim);
	free(ideal);
	return worst;
}

/* ---- 1. shares ---------------------------------------------------------------- */

static void test_share_1cpu_weights(void **state)
{
	static const unsigned int weights[] = {100, 100, 200, 400};
	double err;

	sim_start(1);
	for (unsigned int i = 0; i < 4; i++)
		sim_dom_add(1, weights[i], 0, ALL, wl_hog());
	sim_run_until(3 * SEC);
	err = share_error(3 * SEC, 1, true, NULL);
	printf("  4 hogs 1:1:2:4 on 1 CPU: worst error %.3f pp\n", err);
	assert_true(err <= 1.0);
	sim_fini();
}

static void test_share_4cpu_random(void **state)
{
	uint64_t rng = 42;
	double err;

	sim_start(4);
	for (unsigned int i = 0; i < 16; i++)
		sim_dom_add(1, (unsigned int)wl_rng_range(&rng, 16, 1024), 0, ALL, wl_hog());
	sim_run_until(3 * SEC);
	err = share_error(3 * SEC, 4, true, NULL);
	printf("  16 hogs random weights on 4 CPUs: worst error %.3f pp\n", err);
	assert_true(err <= 1.0);
	sim_fini();
}

/*
 * Three hogs 1:2:4 on 2 CPUs: the heaviest can use only one CPU, so max-min
 * fairness gives 1/3, 2/3 and 1. Sharing by weight alone (credit1) leaves
 * the heavy one's surplus to be split evenly: 0.43, 0.57, 1.
 */
static void test_share_2cpu_saturated(void **state)
{
	double err;

	sim_start(2);
	sim_dom_add(1, 256, 0, ALL, wl_hog());
	sim_dom_add(1, 512, 0, ALL, wl_hog());
	sim_dom_add(1, 1024, 0, ALL, wl_hog());
	sim_run_until(3 * SEC);
	err = share_error(3 * SEC, 2, true, NULL);
	printf("  3 hogs 1:2:4 on 2 CPUs: worst error %.3f pp\n", err);
	assert_true(err <= 1.0);
	sim_fini();
}

/*
 * Balancing across CPUs is only by stealing (idle and OVER-only CPUs), so a
 * heavy vCPU that lands on a crowded CPU lags for a while: the worst single
 * error is looser than the mean.
 */
static void test_share_64cpu_1000(void **state)
{
	uint64_t rng = 7;
	unsigned int n = 0;
	double err, mean;

	sim_start(64);
	while (n < 1000) {
		unsigned int k = (unsigned int)wl_rng_range(&rng, 1, 4);

		k = k < 1000 - n ? k : 1000 - n;
		sim_dom_add(k, (unsigned int)wl_rng_range(&rng, 64, 1024), 0, ALL, wl_hog());
		n += k;
	}
	sim_run_until(3 * SEC);
	err = share_error(3 * SEC, 64, false, &mean);
	printf("  1000 hogs on 64 CPUs: mean error %.3f pp, worst %.3f pp\n", mean, err);
	assert_true(mean <= 0.5);
	assert_true(err <= 3.0);
	sim_fini();
}

/* ---- 2. caps -------------------------------------------------------------------- */

static void test_cap_alone(void **state)
{
	double got;

	sim_start(1);
	sim_dom_add(1, 256, 25, ALL, wl_hog());
	sim_run_until(3 * SEC);
	got = pct(sim_vcpu(0)->ran_ns, 3 * SEC);
	printf("  hog capped at 25 alone: %.2f%%\n", got);
	assert_true(got >= 24.0 && got <= 26.0);
	sim_fini();
}

static void test_cap_domain_150(void **state)
{
	double got;

	sim_start(4);
	sim_dom_add(2, 256, 150, ALL, wl_hog());
	for (unsigned int i = 0; i < 4; i++)
		sim_dom_add(1, 256, 0, ALL, wl_hog());
	sim_run_until(3 * SEC);
	got = pct(sim_vcpu(0)->ran_ns + sim_vcpu(1)->ran_ns, 3 * SEC);
	printf("  2-vCPU domain capped at 150 next to 4 hogs on 4 CPUs: %.2f%%\n", got);
	assert_true(got <= 150.0 + 0.5);
	assert_true(got >= 100.0); /* the fair share, 2 × 4/6 CPU, is below the cap */
	sim_fini();
}

/* ---- 3. boost --------------------------------------------------------------------- */

/*
 * The hogs' weights give them a little more than the 30% each they can use,
 * so they are UNDER most of the time, as the waker is: only the boost puts it
 * ahead of them (without, it queues behind their slices: p99 > 1 ms, max
 * ~30 ms). With it, a wake waits at most for the ratelimit of what runs,
 * which is kept: no hog is preempted before it has run 1 ms.
 */
static void test_boost_latency(void **state)
{
	struct sim_vcpu *io;
	uint64_t p50, p99, max;

	sim_start(1);
	sim_dom_add(1, 300, 0, ALL, wl_io(100 * US, 1 * MS, true));
	for (unsigned int i = 0; i < 3; i++)
		sim_dom_add(1, 768, 0, ALL, wl_hog());
	sim_run_until(3 * SEC);
	io = sim_vcpu(0);
	p50 = sim_latency_quantile(io, 0.5);
	p99 = sim_latency_quantile(io, 0.99);
	max = sim_latency_quantile(io, 1.0);
	printf("  I/O vCPU (1 ms period) next to 3 hogs: %zu wakes, p50 %.1f us, p99 %.1f us, "
	       "max %.1f us, ran %.2f%%\n",
	       io->nlat, p50 / 1e3, p99 / 1e3, max / 1e3, pct(io->ran_ns, 3 * SEC));
	assert_true(io->nlat > 2000);
	/* credit1's ratelimit (per vCPU) gives a sawtooth up to 1 ms here (p99
	 * 902 us); per CPU, the I/O unit waits only for the last preemption's
	 * ratelimit to pass. */
	assert_true(p99 < 500 * US);
	assert_true(max < 5 * MS);
	/* The ratelimit, per CPU: never two preemptions within 1 ms of each
	 * other (a preemption is a unit taken off while still runnable). */
	printf("  %llu preemptions, at least %.1f us apart\n",
	       (unsigned long long)sim_cpu(0)->npreempts, sim_cpu(0)->min_preempt_gap_ns / 1e3);
	assert_true(sim_cpu(0)->npreempts > 1000);
	assert_true(sim_cpu(0)->min_preempt_gap_ns >= SCHED_RATELIMIT_DEFAULT_US * US);
	sim_fini();
}

/* ---- 4. starvation ------------------------------------------------------------------ */

/*
 * Weights down to 1, but within 1:16: with proportional shares a unit of
 * weight w beside hogs of weight W earns w/W of their time, so a bound on the
 * gap between its runs exists only while that share pays for its shortest run
 * (a ratelimit) every period or so. Here the lightest earns ~1 ms a period.
 * Bound: every other runnable unit runs at most a slice and a ratelimit
 * first, plus a period for the credit to arrive.
 */
/*
 * A low weight means long gaps, not none: a weight-1 hog among weights
 * summing to 59 earns 1/59 of two CPUs, and once in debt (bounded at one
 * slice) it waits until it has earned that back. So the bound on each vCPU's
 * longest wait scales with its weight: repaying the most debt it can have
 * (a slice, plus a tick run past zero) at its earning rate, plus a slice in
 * the queue. And over every second each hog gets at least half of its
 * weight's share of the CPUs (the others here use less than theirs, so it
 * gets more).
 */
static void test_no_starvation(void **state)
{
	const unsigned int ncpus = 2, secs = 10;
	uint64_t prev[16] = {0};
	double wsum = 0;

	sim_start(ncpus);
	sim_dom_add(1, 1, 0, ALL, wl_hog());
	sim_dom_add(1, 1, 0, ALL, wl_yielder(200 * US));
	sim_dom_add(2, 16, 0, ALL, wl_hog());
	sim_dom_add(1, 4, 0, ALL, wl_hog());
	sim_dom_add(1, 4, 0, ALL, wl_io(300 * US, 2 * MS, false));
	sim_dom_add(2, 8, 0, ALL, wl_bursty(20 * MS, 10 * MS, 3));
	sim_dom_add(1, 1, 0, ALL, wl_dodger(10 * MS, 300 * US));
	for (unsigned int i = 0; i < sim_nvcpus(); i++)
		wsum += sim_vcpu(i)->u.dom->cs.weight;
	for (unsigned int t = 1; t <= secs; t++) {
		sim_run_until(t * SEC);
		for (unsigned int i = 0; i < sim_nvcpus(); i++) {
			struct sim_vcpu *v = sim_vcpu(i);
			double rate = ncpus * v->u.dom->cs.weight / wsum;

			if (v->wl.kind == WL_HOG)
				assert_true(pct(v->ran_ns - prev[i], SEC) >= 50.0 * rate);
			prev[i] = v->ran_ns;
		}
	}
	for (unsigned int i = 0; i < sim_nvcpus(); i++) {
		struct sim_vcpu *v = sim_vcpu(i);
		double rate = ncpus * v->u.dom->cs.weight / wsum;
		double bound = (TSLICE + TSLICE / 3) / rate + TSLICE;
		uint64_t w = sim_max_wait(v);

		printf("  vcpu %u (weight %u): longest wait %.1f ms (bound %.1f), ran %.2f%%\n", i,
		       v->u.dom->cs.weight, w / 1e6, bound / 1e6, pct(v->ran_ns, secs * SEC));
		assert_true(w <= bound);
	}
	sim_fini();
}

/* ---- 5. work conservation -------------------------------------------------------------- */

static void test_work_conserving(void **state)
{
	uint64_t rng = 11, iww;

	sim_start(8);
	for (unsigned int i = 0; i < 12; i++)
		sim_dom_add(1, (unsigned int)wl_rng_range(&rng, 64, 512), 0, ALL,
			    wl_bursty(wl_rng_range(&rng, 1, 20) * MS,
				      wl_rng_range(&rng, 1, 20) * MS, i + 1));
	for (unsigned int i = 0; i < 6; i++)
		sim_dom_add(1, 256, 0, ALL, wl_io(wl_rng_range(&rng, 50, 500) * US, 1 * MS, i & 1));
	sim_dom_add(2, 256, 0, 0x3, wl_hog());
	sim_dom_add(1, 256, 0, ALL, wl_yielder(100 * US));
	sim_run_until(3 * SEC);
	iww = sim_iww_max();
	printf("  longest idle while work waited: %.1f us\n", iww / 1e3);
	assert_true(iww <= 1 * MS);
	sim_fini();
}

/* ---- 6. tick-dodger, yielders --------------------------------------------------------------- */

static void test_tick_dodger(void **state)
{
	double dodger, hog;

	sim_start(1);
	sim_dom_add(1, 256, 0, ALL, wl_dodger(TSLICE / 3, 200 * US));
	sim_dom_add(1, 256, 0, ALL, wl_hog());
	sim_run_until(3 * SEC);
	dodger = pct(sim_vcpu(0)->ran_ns, 3 * SEC);
	hog = pct(sim_vcpu(1)->ran_ns, 3 * SEC);
	printf("  tick-dodger %.2f%%, hog %.2f%%\n", dodger, hog);
	assert_true(dodger <= 50.0 + 1.0);
	sim_fini();
}

static void test_yielders_do_not_starve(void **state)
{
	double hog;

	sim_start(1);
	for (unsigned int i = 0; i < 3; i++)
		sim_dom_add(1, 256, 0, ALL, wl_yielder(50 * US));
	sim_dom_add(1, 256, 0, ALL, wl_hog());
	sim_run_until(3 * SEC);
	hog = pct(sim_vcpu(3)->ran_ns, 3 * SEC);
	printf("  hog next to 3 yielders: %.2f%%, yielders %.2f%% %.2f%% %.2f%%\n", hog,
	       pct(sim_vcpu(0)->ran_ns, 3 * SEC), pct(sim_vcpu(1)->ran_ns, 3 * SEC),
	       pct(sim_vcpu(2)->ran_ns, 3 * SEC));
	assert_true(hog >= 25.0 - 1.0);
	assert_true(sim_max_wait(sim_vcpu(3)) <= 3 * (TSLICE + 1 * MS) + 5 * MS);
	/* A yield lets the next one go at once (not after a ratelimit or slice). */
	for (unsigned int i = 0; i < 3; i++)
		assert_true(sim_vcpu(i)->nruns > 3 * SEC / (1 * MS));
	sim_fini();
}

/*
 * A yield lets someone else run even when only lower-priority work waits
 * (credit1 puts the yielder behind one such unit): a yielder with all the
 * weight next to a hog in debt lends it the CPU (for a ratelimit at a time),
 * so the hog gets far more than its weight's 6%.
 */
static void test_yield_lends_to_lower(void **state)
{
	double hog;

	sim_start(1);
	sim_dom_add(1, 1024, 0, ALL, wl_yielder(200 * US));
	sim_dom_add(1, 64, 0, ALL, wl_hog());
	sim_run_until(3 * SEC);
	hog = pct(sim_vcpu(1)->ran_ns, 3 * SEC);
	printf("  hog (weight 64) next to a yielder (1024): %.2f%%, yielder %.2f%%\n", hog,
	       pct(sim_vcpu(0)->ran_ns, 3 * SEC));
	assert_true(hog >= 50.0);
	sim_fini();
}

/* ---- 7. affinity --------------------------------------------------------------------------------
 */

static void test_affinity(void **state)
{
	sim_start(4);
	sim_dom_add(2, 256, 0, 0x1, wl_hog());			     /* 0, 1 on CPU 0 */
	sim_dom_add(1, 256, 0, 0x6, wl_io(200 * US, 1 * MS, false)); /* 2 on CPUs 1-2 */
	for (unsigned int i = 0; i < 6; i++)
		sim_dom_add(1, 256, 0, ALL, wl_bursty(5 * MS, 5 * MS, i + 1));
	sim_run_until(1 * SEC);
	assert_int_equal(sim_vcpu(0)->ran_on, 0x1);
	assert_int_equal(sim_vcpu(1)->ran_on, 0x1);
	assert_int_equal(sim_vcpu(2)->ran_on & ~0x6ULL, 0);
	/* Repin: the running/queued ones go through the migrate path. */
	sim_vcpu(0)->ran_on = sim_vcpu(1)->ran_on = sim_vcpu(2)->ran_on = 0;
	sim_set_affinity(sim_vcpu(0), 0x8);
	sim_set_affinity(sim_vcpu(1), 0x8);
	sim_set_affinity(sim_vcpu(2), 0x1);
	sim_run_until(2 * SEC);
	assert_true(sim_stats()->nmigrations >= 3);
	assert_int_equal(sim_vcpu(0)->ran_on, 0x8);
	assert_int_equal(sim_vcpu(1)->ran_on, 0x8);
	assert_int_equal(sim_vcpu(2)->ran_on, 0x1);
	assert_true(sim_vcpu(0)->u.cpu == 3 && sim_vcpu(1)->u.cpu == 3);
	printf("  repinned vCPUs ran %.2f%% %.2f%% on CPU 3, %.2f%% on CPU 0\n",
	       pct(sim_vcpu(0)->ran_ns, 2 * SEC), pct(sim_vcpu(1)->ran_ns, 2 * SEC),
	       pct(sim_vcpu(2)->ran_ns, 2 * SEC));
	sim_fini();
}

/* ---- 8. parameters ------------------------------------------------------------------------------
 */

static void test_dom_set_validation(void **state)
{
	struct sched_dom *d;

	sim_start(2);
	d = sim_dom(sim_dom_add(2, 300, 50, ALL, wl_hog()));
	assert_int_equal(sched_credit_ops.dom_set(d, 0, 0), -22);
	assert_int_equal(sched_credit_ops.dom_set(d, 65536, 0), -22);
	assert_int_equal(sched_credit_ops.dom_set(d, 256, 201), -22);
	assert_int_equal(d->cs.weight, 300);
	assert_int_equal(d->cs.cap, 50);
	assert_int_equal(sched_credit_ops.dom_set(d, 65535, 200), 0);
	assert_int_equal(sched_credit_ops.dom_set(d, 1, 0), 0);
	assert_int_equal(d->cs.weight, 1);
	sim_fini();
}

static void test_set_params_validation(void **state)
{
	static const struct sched_params bad[] = {
		{999, 0}, {1000001, 1000}, {30000, 99}, {30000, 500001}, {2000, 3000},
	};
	struct sched_params p;

	sim_start(1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sched_credit_ops.set_params(&bad[i]), -22);
	sched_credit_ops.get_params(&p);
	assert_int_equal(p.tslice_us, SCHED_TSLICE_DEFAULT_US);
	assert_int_equal(p.ratelimit_us, SCHED_RATELIMIT_DEFAULT_US);
	p = (struct sched_params){1000, 0};
	assert_int_equal(sched_credit_ops.set_params(&p), 0);
	p = (struct sched_params){1000000, 500000};
	assert_int_equal(sched_credit_ops.set_params(&p), 0);
	sched_credit_ops.get_params(&p);
	assert_int_equal(p.tslice_us, 1000000);
	assert_int_equal(p.ratelimit_us, 500000);
	sim_fini();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_share_1cpu_weights, sim_teardown),
		cmocka_unit_test_teardown(test_share_4cpu_random, sim_teardown),
		cmocka_unit_test_teardown(test_share_2cpu_saturated, sim_teardown),
		cmocka_unit_test_teardown(test_share_64cpu_1000, sim_teardown),
		cmocka_unit_test_teardown(test_cap_alone, sim_teardown),
		cmocka_unit_test_teardown(test_cap_domain_150, sim_teardown),
		cmocka_unit_test_teardown(test_boost_latency, sim_teardown),
		cmocka_unit_test_teardown(test_no_starvation, sim_teardown),
		cmocka_unit_test_teardown(test_work_conserving, sim_teardown),
		cmocka_unit_test_teardown(test_tick_dodger, sim_teardown),
		cmocka_unit_test_teardown(test_yielders_do_not_starve, sim_teardown),
		cmocka_unit_test_teardown(test_yield_lends_to_lower, sim_teardown),
		cmocka_unit_test_teardown(test_affinity, sim_teardown),
		cmocka_unit_test_teardown(test_dom_set_validation, sim_teardown),
		cmocka_unit_test_teardown(test_set_params_validation, sim_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
