/*
 * sched-load: the load of the scheduler scenarios (tests/qemu/test_sched.py,
 * tests/bench/sched_fair.py). One Image, one mode per boot, chosen by a word
 * of the bootargs:
 *
 *   hog      spins, on every vCPU of the domain;
 *   io       wakes from the virtual timer at absolute deadlines base + k *
 *            period_us, works work_us (of its own CPU time), sleeps in WFI;
 *            records the wake-to-run latency of each wake in the window: the
 *            counter in its timer handler minus the programmed compare value;
 *   dodger   a tick-dodger: runs until dodge_before_us before each
 *            dodge_period_us boundary of the virtual counter (plus
 *            dodge_phase_us), sleeps on the virtual timer until dodge_after_us
 *            past it, again and again;
 *   yielder  runs yield_us, then SCHEDOP_yield, again and again.
 *
 * Every mode measures its own CPU share over the window [start_ms, start_ms
 * + window_ms] of the virtual counter (Tarn: the machine's counter, the same
 * for every domain; Xen: since the domain was created) without asking the
 * hypervisor: it reads CNTVCT_EL0 in a tight loop (about 10 instructions per
 * read; one tick is 16 instructions under icount) and counts a step shorter
 * than AWAY_TICKS as its own time; a longer one means the vCPU did not run.
 * Time in its own interrupt handler and from a wake-up to the loop is not
 * counted (a few hundred instructions per wake).
 *
 * With the flag `start_rel`, start_ms counts from the guest's own start
 * instead of the counter's zero (without icount a busy host may take longer
 * than any fixed start to boot).
 *
 * Extra checks (flags): `runstate` registers a runstate area
 * (VCPUOP_register_runstate_memory_area, a Xen ABI) and checks that
 * time[running] grows by its own measure of the window ±2 pp, and that
 * time[runnable] grows when it had less than 90% of a CPU. `eperm` (Tarn
 * only: Xen checks its own domctl version first) calls domctl and sysctl as
 * a domU: -EPERM whatever the arguments (alone, without a mode, it is all
 * the guest does). Bounds, when given:
 * share_min_pm/share_max_pm (per mille of one CPU, summed over vCPUs),
 * p99_max_us (io).
 *
 * Output: TAP, with `# share 0.2503` (CPUs, summed over the domain's vCPUs),
 * `# vcpu N share ...`, `# latency p50=... p99=... max=... n=... missed=...`
 * (ns), `# runstate running=... runnable=... share=...`, then tap_done().
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <guestkit/guestkit.h>
#include <tarn/ctl.h>

#include "testguest.h"

#define AWAY_TICKS	   64 /* 1 us: any other vCPU's turn is longer */
#define NS_PER_US	   1000ULL
#define NS_PER_MS	   1000000ULL
#define START_MS_DEFAULT   200
#define WINDOW_MS_DEFAULT  3000
#define PERIOD_US_DEFAULT  1000
#define WORK_US_DEFAULT	   50
#define DODGE_PERIOD_US	   10000
#define DODGE_BEFORE_US	   200
#define DODGE_AFTER_US	   200
#define YIELD_US_DEFAULT   100
#define RUNSTATE_TOL_PM	   20  /* ±2 percentage points */
#define RUNSTATE_SHARED_PM 900 /* below this share it must have waited */
#define FRAC_DIGITS	   10000

enum mode { MODE_HOG, MODE_IO, MODE_DODGER, MODE_YIELDER };

static const char *const mode_names[] = {"hog", "io", "dodger", "yielder"};

/* Own-time accounting of one vCPU: see the top of the file. */
struct meter {
	uint64_t start, end; /* the window, in counter ticks */
	uint64_t prev;	     /* the last counter read */
	uint64_t run;	     /* own ticks, all the time */
	uint64_t own;	     /* own ticks in the window */
	uint64_t away;	     /* times it lost the CPU in the window */
};

static uint64_t meter_step(struct meter *m)
{
	uint64_t now = tg_counter();
	uint64_t d = now - m->prev;
	bool in_window = now > m->start && m->prev < m->end;

	if (d < AWAY_TICKS) {
		m->run += d;
		m->own += in_window ? d : 0;
	} else {
		m->away += in_window;
	}
	m->prev = now;
	return now;
}

/* After a sleep: the gap is not "away", the vCPU gave the CPU up itself. */
static void meter_resync(struct meter *m)
{
	m->prev = tg_counter();
}

static uint64_t meter_spin_until(struct meter *m, uint64_t t)
{
	uint64_t now;

	while ((now = meter_step(m)) < t)
		;
	return now;
}

/* Runs `ticks` of its own time (or until `limit`); returns the counter. */
static uint64_t meter_spin_own(struct meter *m, uint64_t ticks, uint64_t limit)
{
	uint64_t until = m->run + ticks, now;

	while ((now = meter_step(m)) < limit && m->run < until)
		;
	return now;
}

/* --- the virtual timer --------------------------------------------------- */

static volatile uint32_t fired;
static volatile uint64_t fired_at;

static void on_timer(void *arg)
{
	fired_at = tg_counter();
	__atomic_store_n(&fired, 1, __ATOMIC_RELEASE);
}

/*
 * Sleeps in WFI until the virtual timer fires at counter value t; returns
 * the compare value programmed. IRQs are masked around the check so that an
 * interrupt between it and the WFI still ends the WFI.
 */
static uint64_t sleep_until(uint64_t t)
{
	uint64_t cval, flags;

	__atomic_store_n(&fired, 0, __ATOMIC_RELEASE);
	gk_timer_set(gk_ticks_to_ns(t), on_timer, NULL);
	cval = tg_timer_cval();
	flags = gk_irq_save();
	while (!tg_load(&fired)) {
		gk_wait_for_interrupt();
		gk_irq_restore(flags);
		__asm__ volatile("isb" : : : "memory");
		flags = gk_irq_save();
	}
	gk_irq_restore(flags);
	return cval;
}

/* --- printing fractions without floating-point printf ---------------------- */

/* "0.2503" for num/den, 4 digits, into buf. */
static const char *frac(char *buf, size_t len, uint64_t num, uint64_t den)
{
	uint64_t v = den ? (num * FRAC_DIGITS + den / 2) / den : 0;

	snprintf(buf, len, "%llu.%04llu", (unsigned long long)(v / FRAC_DIGITS),
		 (unsigned long long)(v % FRAC_DIGITS));
	return buf;
}

/* --- the runstate area ------------------------------------------------------ */

static struct vcpu_runstate_info runstate __attribute__((aligned(64)));

#define RUNSTATE_UPDATE (1ULL << 63) /* XEN_RUNSTATE_UPDATE, if ever set */

struct runstate_sample {
	uint64_t running, runnable; /* ns, the current stint included */
};

/*
 * time[] up to now. The area is written only while this vCPU is switched
 * out, so it reads "running since state_entry_time": add now - entry.
 * state_entry_time is the hypervisor's system time, not this counter, so
 * the caller only uses differences of two samples (the offset cancels).
 */
static struct runstate_sample runstate_read(void)
{
	struct runstate_sample s;
	uint64_t entry, now;

	do {
		entry = __atomic_load_n(&runstate.state_entry_time, __ATOMIC_ACQUIRE);
		s.running = runstate.time[RUNSTATE_running];
		s.runnable = runstate.time[RUNSTATE_runnable];
		now = gk_ticks_to_ns(tg_counter());
	} while (entry != __atomic_load_n(&runstate.state_entry_time, __ATOMIC_ACQUIRE) ||
		 (entry & RUNSTATE_UPDATE));
	s.running += now - entry;
	return s;
}

static long runstate_register(void)
{
	struct vcpu_register_runstate_memory_area area = {.addr.p = GK_PTR(&runstate)};

	return HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area);
}

/* --- one vCPU's load --------------------------------------------------------- */

struct load {
	enum mode mode;
	struct meter m;
	/* io */
	uint32_t *lat_ns;
	unsigned int nlat, maxlat, missed;
	/* runstate, vCPU 0 only */
	bool runstate;
	struct runstate_sample rs0, rs1;
};

static void window_edge(struct load *l, struct runstate_sample *rs)
{
	if (l->runstate)
		*rs = runstate_read();
}

static void run_hog(struct load *l)
{
	meter_spin_until(&l->m, l->m.start);
	window_edge(l, &l->rs0);
	meter_spin_until(&l->m, l->m.end);
	window_edge(l, &l->rs1);
}

/* The window edges for the modes that sleep: sampled where the loop passes. */
static void edges_passed(struct load *l, uint64_t now, bool *in)
{
	if (!*in && now >= l->m.start) {
		*in = true;
		window_edge(l, &l->rs0);
	}
}

static void run_io(struct load *l)
{
	uint64_t period = gk_ns_to_ticks(tg_arg_u64("period_us", PERIOD_US_DEFAULT) * NS_PER_US);
	uint64_t work = gk_ns_to_ticks(tg_arg_u64("work_us", WORK_US_DEFAULT) * NS_PER_US);
	uint64_t next = (tg_counter() / period + 1) * period;
	bool in = false;

	l->maxlat = (unsigned int)((l->m.end - l->m.start) / period + 2);
	l->lat_ns = calloc(l->maxlat, sizeof(*l->lat_ns));
	while (next < l->m.end) {
		uint64_t cval = sleep_until(next), now;

		meter_resync(&l->m);
		if (cval >= l->m.start && l->nlat < l->maxlat && l->lat_ns)
			l->lat_ns[l->nlat++] = (uint32_t)gk_ticks_to_ns(fired_at - cval);
		edges_passed(l, cval, &in);
		now = meter_spin_own(&l->m, work, UINT64_MAX);
		next += period;
		if (next <= now) { /* overran one or more deadlines */
			uint64_t skip = (now - next) / period + 1;

			l->missed += next >= l->m.start ? (unsigned int)skip : 0;
			next += skip * period;
		}
	}
	/* The rest of the window asleep (the last deadline was before its end). */
	sleep_until(l->m.end);
	meter_resync(&l->m);
	edges_passed(l, l->m.end, &in);
	window_edge(l, &l->rs1);
}

static void run_dodger(struct load *l)
{
	uint64_t period =
		gk_ns_to_ticks(tg_arg_u64("dodge_period_us", DODGE_PERIOD_US) * NS_PER_US);
	uint64_t phase = gk_ns_to_ticks(tg_arg_u64("dodge_phase_us", 0) * NS_PER_US) % period;
	uint64_t before =
		gk_ns_to_ticks(tg_arg_u64("dodge_before_us", DODGE_BEFORE_US) * NS_PER_US);
	uint64_t after = gk_ns_to_ticks(tg_arg_u64("dodge_after_us", DODGE_AFTER_US) * NS_PER_US);
	uint64_t now = tg_counter();
	bool in = false;

	while (now < l->m.end) {
		/* The next boundary it can still run up to. */
		uint64_t b = ((now + before - phase) / period + 1) * period + phase;

		edges_passed(l, now, &in);
		if (!in && b - before > l->m.start) {
			meter_spin_until(&l->m, l->m.start);
			edges_passed(l, l->m.start, &in);
		}
		now = meter_spin_until(&l->m, b - before < l->m.end ? b - before : l->m.end);
		if (now >= l->m.end)
			break;
		if (now < b + after) {
			sleep_until(b + after);
			meter_resync(&l->m);
			now = tg_counter();
		}
	}
	edges_passed(l, now, &in);
	window_edge(l, &l->rs1);
}

static void run_yielder(struct load *l)
{
	uint64_t slice = gk_ns_to_ticks(tg_arg_u64("yield_us", YIELD_US_DEFAULT) * NS_PER_US);
	uint64_t now = tg_counter();
	bool in = false;

	while (now < l->m.end) {
		edges_passed(l, now, &in);
		if (!in) {
			/* Up to the window start exactly, so that its sample is there. */
			now = meter_spin_own(&l->m, slice, l->m.start);
			if (now >= l->m.start)
				continue;
		} else {
			now = meter_spin_own(&l->m, slice, l->m.end);
		}
		tg_yield();
		now = meter_step(&l->m);
	}
	window_edge(l, &l->rs1);
}

static void run_load(struct load *l)
{
	switch (l->mode) {
	case MODE_HOG:
		run_hog(l);
		break;
	case MODE_IO:
		run_io(l);
		break;
	case MODE_DODGER:
		run_dodger(l);
		break;
	case MODE_YIELDER:
		run_yielder(l);
		break;
	}
}

/* --- secondary vCPUs (hog only) ----------------------------------------------- */

static struct load loads[GK_MAX_CPUS];
static volatile uint32_t secondaries_done;

static void secondary_main(void *arg)
{
	run_load(arg);
	tg_atomic_inc(&secondaries_done);
}

/* Waits for the other vCPUs' windows to close, asleep (they may need this CPU). */
static bool wait_secondaries(unsigned int n, uint64_t limit)
{
	while (tg_load(&secondaries_done) < n && tg_counter() < limit)
		sleep_until(tg_counter() + gk_ns_to_ticks(NS_PER_MS));
	return tg_load(&secondaries_done) >= n;
}

/* --- reports ------------------------------------------------------------------ */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static void report_latency(struct load *l)
{
	uint64_t bound = tg_arg_u64("p99_max_us", 0) * NS_PER_US;
	uint32_t p50 = 0, p99 = 0, max = 0;

	if (l->nlat) {
		qsort(l->lat_ns, l->nlat, sizeof(*l->lat_ns), cmp_u32);
		p50 = l->lat_ns[(l->nlat - 1) / 2];
		p99 = l->lat_ns[(uint64_t)(l->nlat - 1) * 99 / 100];
		max = l->lat_ns[l->nlat - 1];
	}
	tap_diag("latency p50=%lu p99=%lu max=%lu n=%u missed=%u", (unsigned long)p50,
		 (unsigned long)p99, (unsigned long)max, l->nlat, l->missed);
	tap_ok(l->nlat >= l->maxlat / 2, "io: woke in the window (%u wakes, %u deadlines missed)",
	       l->nlat, l->missed);
	if (bound)
		tap_ok(p99 <= bound, "io: wake-to-run latency p99 %lu ns <= %llu ns",
		       (unsigned long)p99, (unsigned long long)bound);
}

static void report_share(uint64_t own, uint64_t window, unsigned int ncpus)
{
	uint64_t lo = tg_arg_u64("share_min_pm", 0), hi = tg_arg_u64("share_max_pm", 0);
	uint64_t pm = window ? (own * 1000 + window / 2) / window : 0;
	char b[24];

	tap_diag("share %s", frac(b, sizeof(b), own, window));
	tap_ok(own <= window * ncpus + window / 100,
	       "measured its share of the window: %s CPUs of %u", frac(b, sizeof(b), own, window),
	       ncpus);
	if (lo || hi)
		tap_ok(pm >= lo && (!hi || pm <= hi), "share %llu per mille within %llu..%llu",
		       (unsigned long long)pm, (unsigned long long)lo, (unsigned long long)hi);
}

static void report_runstate(const struct load *l, long rc)
{
	uint64_t window = gk_ticks_to_ns(l->m.end - l->m.start);
	uint64_t running = l->rs1.running - l->rs0.running;
	uint64_t runnable = l->rs1.runnable - l->rs0.runnable;
	uint64_t own_pm = (gk_ticks_to_ns(l->m.own) * 1000 + window / 2) / window;
	uint64_t run_pm = (running * 1000 + window / 2) / window;
	uint64_t diff = own_pm > run_pm ? own_pm - run_pm : run_pm - own_pm;
	char b1[24], b2[24], b3[24];

	tap_diag("runstate running=%s runnable=%s share=%s", frac(b1, sizeof(b1), running, window),
		 frac(b2, sizeof(b2), runnable, window),
		 frac(b3, sizeof(b3), gk_ticks_to_ns(l->m.own), window));
	tap_ok(rc == 0, "runstate: VCPUOP_register_runstate_memory_area: %ld", rc);
	tap_ok(rc == 0 && running > 0 && diff <= RUNSTATE_TOL_PM,
	       "runstate: time[running] grew by %llu per mille of the window, own measure %llu",
	       (unsigned long long)run_pm, (unsigned long long)own_pm);
	if (own_pm < RUNSTATE_SHARED_PM)
		tap_ok(rc == 0 && runnable > 0,
		       "runstate: time[runnable] grew (%llu ns) sharing the CPU",
		       (unsigned long long)runnable);
	else
		tap_skip("runstate: time[runnable]: it had the CPU to itself");
}

/* --- eperm: the control interface as a domU (Tarn only) ------------------------ */

static void check_eperm(void)
{
	static const struct {
		uint32_t cmd, version, domain;
	} doms[] = {
		{TARN_DOMCTL_getdomaininfo, TARN_CTL_INTERFACE_VERSION, 0},
		{TARN_DOMCTL_sched_credit_get, TARN_CTL_INTERFACE_VERSION, 1},
		{TARN_DOMCTL_getdomaininfo, 0, 0},	      /* -EPERM before -EACCES */
		{0xdead, TARN_CTL_INTERFACE_VERSION, 0x7fff}, /* before -ENOSYS, -ESRCH */
	};
	struct tarn_domctl d;
	struct tarn_sysctl s;
	long rc;

	for (size_t i = 0; i < sizeof(doms) / sizeof(doms[0]); i++) {
		memset(&d, 0, sizeof(d));
		d.cmd = doms[i].cmd;
		d.interface_version = doms[i].version;
		d.domain = doms[i].domain;
		rc = HYPERVISOR_domctl(&d);
		tap_ok(rc == -TARN_EPERM,
		       "eperm: domctl cmd %u version 0x%x domain %u as a domU: %ld", d.cmd,
		       d.interface_version, d.domain, rc);
	}
	memset(&d, 0, sizeof(d));
	d.cmd = TARN_DOMCTL_sched_credit_set;
	d.interface_version = TARN_CTL_INTERFACE_VERSION;
	d.domain = 1;
	d.u.credit.weight = 65535;
	rc = HYPERVISOR_domctl(&d);
	tap_ok(rc == -TARN_EPERM, "eperm: domctl sched_credit_set weight 65535 as a domU: %ld", rc);
	memset(&s, 0, sizeof(s));
	s.cmd = TARN_SYSCTL_physinfo;
	s.interface_version = TARN_CTL_INTERFACE_VERSION;
	rc = HYPERVISOR_sysctl(&s);
	tap_ok(rc == -TARN_EPERM && s.u.physinfo.nr_cpus == 0,
	       "eperm: sysctl physinfo as a domU: %ld, nothing written", rc);
	memset(&s, 0, sizeof(s));
	s.cmd = TARN_SYSCTL_sched_credit_set;
	s.interface_version = TARN_CTL_INTERFACE_VERSION;
	s.u.credit.tslice_ms = 1;
	s.u.credit.ratelimit_us = 0;
	rc = HYPERVISOR_sysctl(&s);
	tap_ok(rc == -TARN_EPERM, "eperm: sysctl sched_credit_set as a domU: %ld", rc);
}

/* --- main --------------------------------------------------------------------- */

static int mode_from_args(void)
{
	for (size_t i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (tg_arg_flag(mode_names[i]))
			return (int)i;
	return -1;
}

int main(void)
{
	int mode = mode_from_args();
	uint64_t entered = tg_counter();
	uint64_t start = gk_ns_to_ticks(tg_arg_u64("start_ms", START_MS_DEFAULT) * NS_PER_MS);
	uint64_t window = gk_ns_to_ticks(tg_arg_u64("window_ms", WINDOW_MS_DEFAULT) * NS_PER_MS);
	unsigned int ncpus = mode == MODE_HOG ? gk_cpu_count() : 1, started = 0;
	bool eperm = tg_arg_flag("eperm");
	uint64_t own = 0;
	long rs_rc = 0;
	char b[24];

	if (mode < 0 && eperm) { /* the -EPERM checks alone */
		check_eperm();
		return tap_done();
	}
	if (tg_arg_flag("start_rel"))
		start += entered; /* from its own start: a slow boot cannot eat the window */
	if (mode < 0) {
		printf("sched-load: no mode in the bootargs (hog, io, dodger or yielder)\n");
		tap_plan(1);
		tap_ok(false, "a mode is given");
		return tap_done();
	}
	printf("sched-load: %s on %u vCPU(s), window %llu..%llu ms of the virtual counter\n",
	       mode_names[mode], ncpus, (unsigned long long)(gk_ticks_to_ns(start) / NS_PER_MS),
	       (unsigned long long)(gk_ticks_to_ns(start + window) / NS_PER_MS));
	if (eperm)
		check_eperm(); /* before the window: its results print now */
	for (unsigned int c = 0; c < ncpus; c++) {
		loads[c] = (struct load){
			.mode = (enum mode)mode,
			.m = {.start = start, .end = start + window, .prev = entered}};
	}
	loads[0].runstate = tg_arg_flag("runstate");
	if (loads[0].runstate)
		rs_rc = runstate_register();
	for (unsigned int c = 1; c < ncpus; c++)
		started += gk_cpu_start(c, secondary_main, &loads[c]) == 0;
	run_load(&loads[0]);
	wait_secondaries(started, start + 2 * window);

	tap_ok(entered < start, "the window starts after the guest did (entered at %llu ms)",
	       (unsigned long long)(gk_ticks_to_ns(entered) / NS_PER_MS));
	tap_ok(started + 1 == ncpus && tg_load(&secondaries_done) == started,
	       "all %u vCPUs ran the load to the end of the window", ncpus);
	for (unsigned int c = 0; c < ncpus; c++) {
		own += loads[c].m.own;
		if (ncpus > 1)
			tap_diag("vcpu %u share %s away=%llu", c,
				 frac(b, sizeof(b), loads[c].m.own, window),
				 (unsigned long long)loads[c].m.away);
	}
	tap_diag("away %llu", (unsigned long long)loads[0].m.away);
	report_share(own, window, ncpus);
	if (mode == MODE_IO)
		report_latency(&loads[0]);
	if (loads[0].runstate)
		report_runstate(&loads[0], rs_rc);
	return tap_done();
}
