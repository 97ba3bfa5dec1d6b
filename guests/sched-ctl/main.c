/*
 * sched-ctl: the control domain of the scheduler scenarios
 * (tests/qemu/test_sched.py). Tarn only: it uses Tarn's control interface,
 * domctl and sysctl (<tarn/ctl.h>), which only the control domain may call.
 * From its bootargs, in this order:
 *
 *   badinput       checks the bad-input rules of ctl.h on domain bad_dom (default: the
 *                  first domU) and the machine: weight 0 and 65536, cap -1 and
 *                  100 × vCPUs + 1, tslice 0 and 1001 ms, ratelimit 99 and
 *                  500001 us, a ratelimit above the slice, an unknown domain, a
 *                  wrong interface_version, an unknown command, a vCPU the
 *                  domain lacks, an affinity with no online CPU, an unreadable
 *                  structure: each its error, and a read-back after each shows
 *                  nothing changed; the boundary values are accepted;
 *   weights=D:W,.. caps=D:C,.. (or cap=)  per-domain credit parameters;
 *   tslice=MS ratelimit=US   the global ones;
 *   affinity=D.V:MASK,..     hard affinity of vCPU V of domain D;
 *   window_affinity=D.V:MASK,..  the same, applied once the window has begun
 *                  (pin vCPUs to one CPU before, free them in it: the other
 *                  CPUs must take the waiting work);
 *
 * each applied and read back. Then it sleeps (WFI on the virtual timer) until
 * the window [start_ms, start_ms + window_ms] of the virtual counter begins
 * (Tarn gives every domain the machine's counter, so the domUs' sched-load
 * measures the same window), samples getdomaininfo, getvcpuinfo and
 * getcpuinfo, samples getvcpuinfo `samples` times more during the window
 * (which physical CPU each vCPU runs on or waits for), samples all again at
 * the end and prints, for the window:
 *
 *   # dom <id> run_ns=... wait_ns=... share=0.2500 weight=... cap=... vcpus=...
 *   # vcpu <dom>.<n> cpu=<at the end> seen=<mask of CPUs seen> run_ns=... runnable_ns=...
 *   # cpu <n> idle_ns=... idle=0.0100
 *   # spread dom <id> samples=<samples with its vCPUs on different CPUs>/<samples>
 *
 * It checks that every call succeeded, that the counters did not go back, and
 * that all domains' run time plus the CPUs' idle time adds up to the window on
 * every CPU (acct_min_pm..acct_max_pm per mille). Last, unless `nowait`, it
 * waits for the domUs to shut down (none may crash) so that its summary is the
 * run's last line. The plan is printed at the end (tap_done).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <guestkit/guestkit.h>
#include <tarn/ctl.h>

#include "testguest.h"

#define NS_PER_MS	  1000000ULL
#define MAX_DOMS	  9 /* this domain (0) and domUs 1..8 */
#define MAX_VCPUS	  8
#define START_MS_DEFAULT  200
#define WINDOW_MS_DEFAULT 3000
#define WAIT_MS_DEFAULT	  30000
#define POLL_MS		  10
#define NO_SUCH_DOMAIN	  999
#define BAD_CMD		  0xdead
/*
 * Run + idle time against CPUs × window: what is missing is time in Tarn
 * between vCPUs (switching, deciding). Under icount that is a few per mille;
 * without icount a busy host that deschedules QEMU's CPU thread there
 * stretches it (seen: 925 with three QEMUs on two host cores).
 */
#define ACCT_MIN_PM 900
#define ACCT_MAX_PM 1020
#define FRAC_DIGITS 10000

/* --- the hypercalls ------------------------------------------------------------- */

static void domctl_init(struct tarn_domctl *d, uint32_t cmd, uint32_t dom)
{
	memset(d, 0, sizeof(*d));
	d->cmd = cmd;
	d->interface_version = TARN_CTL_INTERFACE_VERSION;
	d->domain = dom;
}

static void sysctl_init(struct tarn_sysctl *s, uint32_t cmd)
{
	memset(s, 0, sizeof(*s));
	s->cmd = cmd;
	s->interface_version = TARN_CTL_INTERFACE_VERSION;
}

static long dom_info(uint32_t dom, struct tarn_domctl_domaininfo *out)
{
	struct tarn_domctl d;
	long rc;

	domctl_init(&d, TARN_DOMCTL_getdomaininfo, dom);
	rc = HYPERVISOR_domctl(&d);
	if (!rc)
		*out = d.u.info;
	return rc;
}

static long vcpu_info(uint32_t dom, uint32_t vcpu, struct tarn_domctl_vcpuinfo *out)
{
	struct tarn_domctl d;
	long rc;

	domctl_init(&d, TARN_DOMCTL_getvcpuinfo, dom);
	d.u.vcpu.vcpu = vcpu;
	rc = HYPERVISOR_domctl(&d);
	if (!rc)
		*out = d.u.vcpu;
	return rc;
}

static long credit_get(uint32_t dom, struct tarn_domctl_sched_credit *out)
{
	struct tarn_domctl d;
	long rc;

	domctl_init(&d, TARN_DOMCTL_sched_credit_get, dom);
	rc = HYPERVISOR_domctl(&d);
	if (!rc)
		*out = d.u.credit;
	return rc;
}

static long credit_set_v(uint32_t dom, uint32_t weight, int32_t cap, uint32_t version)
{
	struct tarn_domctl d;

	domctl_init(&d, TARN_DOMCTL_sched_credit_set, dom);
	d.interface_version = version;
	d.u.credit.weight = weight;
	d.u.credit.cap = cap;
	return HYPERVISOR_domctl(&d);
}

static long credit_set(uint32_t dom, uint32_t weight, int32_t cap)
{
	return credit_set_v(dom, weight, cap, TARN_CTL_INTERFACE_VERSION);
}

static long affinity_get(uint32_t dom, uint32_t vcpu, uint64_t *map)
{
	struct tarn_domctl d;
	long rc;

	domctl_init(&d, TARN_DOMCTL_getvcpuaffinity, dom);
	d.u.affinity.vcpu = vcpu;
	rc = HYPERVISOR_domctl(&d);
	if (!rc)
		*map = d.u.affinity.cpumap;
	return rc;
}

static long affinity_set(uint32_t dom, uint32_t vcpu, uint64_t map)
{
	struct tarn_domctl d;

	domctl_init(&d, TARN_DOMCTL_setvcpuaffinity, dom);
	d.u.affinity.vcpu = vcpu;
	d.u.affinity.cpumap = map;
	return HYPERVISOR_domctl(&d);
}

static long params_get(struct tarn_sysctl_sched_credit *out)
{
	struct tarn_sysctl s;
	long rc;

	sysctl_init(&s, TARN_SYSCTL_sched_credit_get);
	rc = HYPERVISOR_sysctl(&s);
	if (!rc)
		*out = s.u.credit;
	return rc;
}

static long params_set_v(uint32_t tslice_ms, uint32_t ratelimit_us, uint32_t version)
{
	struct tarn_sysctl s;

	sysctl_init(&s, TARN_SYSCTL_sched_credit_set);
	s.interface_version = version;
	s.u.credit.tslice_ms = tslice_ms;
	s.u.credit.ratelimit_us = ratelimit_us;
	return HYPERVISOR_sysctl(&s);
}

static long params_set(uint32_t tslice_ms, uint32_t ratelimit_us)
{
	return params_set_v(tslice_ms, ratelimit_us, TARN_CTL_INTERFACE_VERSION);
}

static long physinfo(struct tarn_sysctl_physinfo *out)
{
	struct tarn_sysctl s;
	long rc;

	sysctl_init(&s, TARN_SYSCTL_physinfo);
	rc = HYPERVISOR_sysctl(&s);
	if (!rc)
		*out = s.u.physinfo;
	return rc;
}

static long cpu_idle(uint32_t n, uint64_t *idle_ns)
{
	struct tarn_sysctl s;
	long rc;

	sysctl_init(&s, TARN_SYSCTL_getcpuinfo);
	s.u.cpuinfo.first_cpu = 0;
	rc = HYPERVISOR_sysctl(&s);
	if (rc)
		return rc;
	if (n > TARN_SYSCTL_CPUINFO_MAX)
		n = TARN_SYSCTL_CPUINFO_MAX;
	if (s.u.cpuinfo.nr < n)
		return -TARN_EINVAL;
	memcpy(idle_ns, s.u.cpuinfo.idle_ns, n * sizeof(*idle_ns));
	return 0;
}

/* --- the bootargs ---------------------------------------------------------------- */

static const char *bootargs(void)
{
	int chosen = fdt_path_offset(gk_fdt(), "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(gk_fdt(), chosen, "bootargs", NULL) : NULL;

	return args ? args : "";
}

/* The value of key=value (up to the next space), or NULL. */
static const char *arg_value(const char *key)
{
	size_t n = strlen(key);
	const char *all = bootargs();

	for (const char *p = all; (p = strstr(p, key)) != NULL; p += n)
		if ((p == all || p[-1] == ' ') && p[n] == '=')
			return p + n + 1;
	return NULL;
}

/* Parses "A<sep>B" list items: "1:256,2:512" or "1.0:0x3". false at the end. */
static bool next_pair(const char **p, char sep, uint64_t *a, uint64_t *b, uint64_t *c)
{
	char *end;

	if (!*p || !**p || **p == ' ')
		return false;
	*a = strtoull(*p, &end, 0);
	*c = 0;
	if (sep == '.' && *end == '.')
		*c = strtoull(end + 1, &end, 0);
	if (*end != ':')
		return false;
	*b = strtoull(end + 1, &end, 0);
	*p = *end == ',' ? end + 1 : end;
	return true;
}

/* --- which domains --------------------------------------------------------------- */

static uint32_t doms[MAX_DOMS], ndoms;
static struct tarn_domctl_domaininfo infos[MAX_DOMS];
static uint32_t ncpus;
static uint64_t entered_ns; /* when main() began */

static int dom_index(uint32_t id)
{
	for (uint32_t i = 0; i < ndoms; i++)
		if (doms[i] == id)
			return (int)i;
	return -1;
}

/* This domain, then domUs 1, 2, ... up to the first id that does not exist. */
static void find_domains(void)
{
	for (uint32_t id = 0; id < MAX_DOMS; id++) {
		if (dom_info(id, &infos[ndoms]))
			break;
		doms[ndoms++] = id;
	}
	tap_ok(ndoms >= 1 && infos[0].flags & TARN_DOMINFO_PRIVILEGED,
	       "getdomaininfo: %u domains, 0 (%s) is the privileged one", ndoms, infos[0].name);
	for (uint32_t i = 0; i < ndoms; i++)
		tap_diag("domain %u %s: %u vCPUs, state %u", doms[i], infos[i].name,
			 infos[i].nr_vcpus, infos[i].state);
}

/* --- bad input ------------------------------------------------------------------- */

static bool credit_same(uint32_t dom, const struct tarn_domctl_sched_credit *was)
{
	struct tarn_domctl_sched_credit now;

	return !credit_get(dom, &now) && now.weight == was->weight && now.cap == was->cap;
}

static bool params_same(const struct tarn_sysctl_sched_credit *was)
{
	struct tarn_sysctl_sched_credit now;

	return !params_get(&now) && now.tslice_ms == was->tslice_ms &&
	       now.ratelimit_us == was->ratelimit_us;
}

static void bad_credit(uint32_t dom, uint32_t nvcpus)
{
	struct tarn_domctl_sched_credit was;
	const struct {
		uint32_t weight;
		int32_t cap;
		const char *what;
	} bad[] = {
		{0, 0, "weight 0"},
		{65536, 0, "weight 65536"},
		{256, -1, "cap -1"},
		{256, (int32_t)(100 * nvcpus + 1), "cap 100 x vCPUs + 1"},
	};
	long rc;

	tap_ok(!credit_get(dom, &was), "sched_credit_get d%u: weight %u cap %d", dom, was.weight,
	       was.cap);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = credit_set(dom, bad[i].weight, bad[i].cap);
		tap_ok(rc == -TARN_EINVAL && credit_same(dom, &was),
		       "sched_credit_set d%u %s (weight %u cap %d): %ld, unchanged", dom,
		       bad[i].what, bad[i].weight, bad[i].cap, rc);
	}
	rc = credit_set_v(dom, 777, 0, TARN_CTL_INTERFACE_VERSION - 1);
	tap_ok(rc == -TARN_EACCES && credit_same(dom, &was),
	       "sched_credit_set d%u with interface_version - 1: %ld, unchanged", dom, rc);
	rc = credit_set_v(NO_SUCH_DOMAIN, 777, 0, 0);
	tap_ok(rc == -TARN_EACCES,
	       "sched_credit_set of no domain, interface_version 0: %ld "
	       "(-EACCES comes before -ESRCH)",
	       rc);
	rc = credit_set(NO_SUCH_DOMAIN, 777, 0);
	tap_ok(rc == -TARN_ESRCH && credit_same(dom, &was), "sched_credit_set d%u: %ld",
	       NO_SUCH_DOMAIN, rc);
	/* The boundaries are accepted, then the old values come back. */
	rc = credit_set(dom, 1, (int32_t)(100 * nvcpus));
	rc = rc ? rc : credit_set(dom, 65535, 1);
	tap_ok(rc == 0, "sched_credit_set d%u weight 1 cap %u, weight 65535 cap 1 accepted: %ld",
	       dom, 100 * nvcpus, rc);
	rc = credit_set(dom, was.weight, was.cap);
	tap_ok(rc == 0 && credit_same(dom, &was),
	       "sched_credit_set d%u back to weight %u cap %d: "
	       "%ld",
	       dom, was.weight, was.cap, rc);
}

static void bad_params(void)
{
	struct tarn_sysctl_sched_credit was;
	const struct {
		uint32_t tslice_ms, ratelimit_us;
		const char *what;
	} bad[] = {
		{0, 1000, "tslice 0 ms"},
		{1001, 1000, "tslice 1001 ms"},
		{30, 99, "ratelimit 99 us"},
		{1000, 500001, "ratelimit 500001 us"},
		{1, 1001, "ratelimit above the slice"},
	};
	long rc;

	tap_ok(!params_get(&was), "sysctl sched_credit_get: tslice %u ms ratelimit %u us",
	       was.tslice_ms, was.ratelimit_us);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		rc = params_set(bad[i].tslice_ms, bad[i].ratelimit_us);
		tap_ok(rc == -TARN_EINVAL && params_same(&was),
		       "sysctl sched_credit_set %s (%u ms, %u us): %ld, unchanged", bad[i].what,
		       bad[i].tslice_ms, bad[i].ratelimit_us, rc);
	}
	rc = params_set_v(10, 500, TARN_CTL_INTERFACE_VERSION + 1);
	tap_ok(rc == -TARN_EACCES && params_same(&was),
	       "sysctl sched_credit_set with interface_version + 1: %ld, unchanged", rc);
	rc = params_set(1000, 0);
	rc = rc ? rc : params_set(1, 1000);
	rc = rc ? rc : params_set(1000, 500000);
	rc = rc ? rc : params_set(was.tslice_ms, was.ratelimit_us);
	tap_ok(rc == 0 && params_same(&was),
	       "sysctl sched_credit_set 1000 ms/off, 1 ms/1000 us, 1000 ms/500000 us accepted, "
	       "then back: %ld",
	       rc);
}

static void bad_other(uint32_t dom, uint32_t nvcpus)
{
	struct tarn_domctl d;
	struct tarn_sysctl s;
	struct tarn_domctl_domaininfo info;
	struct tarn_domctl_vcpuinfo vi;
	uint64_t was = 0, now = 0;
	long rc;

	rc = dom_info(NO_SUCH_DOMAIN, &info);
	tap_ok(rc == -TARN_ESRCH, "getdomaininfo d%u: %ld", NO_SUCH_DOMAIN, rc);
	domctl_init(&d, BAD_CMD, NO_SUCH_DOMAIN);
	rc = HYPERVISOR_domctl(&d);
	tap_ok(rc == -TARN_ENOSYS, "domctl cmd 0x%x of no domain: %ld (-ENOSYS before -ESRCH)",
	       BAD_CMD, rc);
	sysctl_init(&s, BAD_CMD);
	rc = HYPERVISOR_sysctl(&s);
	tap_ok(rc == -TARN_ENOSYS, "sysctl cmd 0x%x: %ld", BAD_CMD, rc);
	domctl_init(&d, TARN_DOMCTL_getdomaininfo, dom);
	d.interface_version = 0;
	rc = HYPERVISOR_domctl(&d);
	tap_ok(rc == -TARN_EACCES, "getdomaininfo d%u with interface_version 0: %ld", dom, rc);
	sysctl_init(&s, TARN_SYSCTL_physinfo);
	s.interface_version = TARN_CTL_INTERFACE_VERSION ^ 0x10000;
	rc = HYPERVISOR_sysctl(&s);
	tap_ok(rc == -TARN_EACCES, "physinfo with another interface_version: %ld", rc);
	rc = vcpu_info(dom, nvcpus, &vi);
	tap_ok(rc == -TARN_EINVAL, "getvcpuinfo d%u vCPU %u (it has %u): %ld", dom, nvcpus, nvcpus,
	       rc);
	affinity_get(dom, 0, &was);
	rc = affinity_set(dom, 0, 0);
	tap_ok(rc == -TARN_EINVAL && !affinity_get(dom, 0, &now) && now == was,
	       "setvcpuaffinity d%u.0 to no CPU: %ld, unchanged (0x%llx)", dom, rc,
	       (unsigned long long)now);
	if (ncpus < 64) {
		rc = affinity_set(dom, 0, 1ULL << ncpus);
		tap_ok(rc == -TARN_EINVAL && !affinity_get(dom, 0, &now) && now == was,
		       "setvcpuaffinity d%u.0 to CPU %u (offline): %ld, unchanged", dom, ncpus, rc);
	}
	rc = affinity_set(dom, nvcpus, 1);
	tap_ok(rc == -TARN_EINVAL, "setvcpuaffinity d%u vCPU %u (it has %u): %ld", dom, nvcpus,
	       nvcpus, rc);
	rc = gk_hypercall(0, 0, 0, 0, 0, __HYPERVISOR_domctl);
	tap_ok(rc == -TARN_EFAULT, "domctl(NULL): %ld", rc);
	rc = gk_hypercall(0, 0, 0, 0, 0, __HYPERVISOR_sysctl);
	tap_ok(rc == -TARN_EFAULT, "sysctl(NULL): %ld", rc);
}

static void check_bad_input(void)
{
	uint32_t dom = (uint32_t)tg_arg_u64("bad_dom", ndoms > 1 ? doms[1] : 0);
	int i = dom_index(dom);
	uint32_t nvcpus = i >= 0 ? infos[i].nr_vcpus : 1;

	bad_credit(dom, nvcpus);
	bad_params();
	bad_other(dom, nvcpus);
}

/* --- settings -------------------------------------------------------------------- */

static void apply_credit(const char *key, bool is_cap)
{
	const char *p = arg_value(key);
	uint64_t dom, v, unused;

	while (next_pair(&p, ':', &dom, &v, &unused)) {
		struct tarn_domctl_sched_credit was = {0}, now = {0};
		long rc = credit_get((uint32_t)dom, &was);

		if (!rc)
			rc = credit_set((uint32_t)dom, is_cap ? was.weight : (uint32_t)v,
					is_cap ? (int32_t)v : was.cap);
		if (!rc)
			rc = credit_get((uint32_t)dom, &now);
		tap_ok(rc == 0 && (is_cap ? now.cap == (int32_t)v : now.weight == v),
		       "d%llu %s %llu: %ld, reads back weight %u cap %d", (unsigned long long)dom,
		       is_cap ? "cap" : "weight", (unsigned long long)v, rc, now.weight, now.cap);
	}
}

static void apply_params(void)
{
	struct tarn_sysctl_sched_credit was = {0}, now = {0};
	long rc;

	if (!arg_value("tslice") && !arg_value("ratelimit"))
		return;
	rc = params_get(&was);
	if (!rc)
		rc = params_set((uint32_t)tg_arg_u64("tslice", was.tslice_ms),
				(uint32_t)tg_arg_u64("ratelimit", was.ratelimit_us));
	if (!rc)
		rc = params_get(&now);
	tap_ok(rc == 0 && now.tslice_ms == tg_arg_u64("tslice", was.tslice_ms) &&
		       now.ratelimit_us == tg_arg_u64("ratelimit", was.ratelimit_us),
	       "tslice %u ms, ratelimit %u us: %ld", now.tslice_ms, now.ratelimit_us, rc);
}

static void apply_affinity(const char *key)
{
	const char *p = arg_value(key);
	uint64_t dom, map, vcpu, now = 0;

	while (next_pair(&p, '.', &dom, &map, &vcpu)) {
		long rc = affinity_set((uint32_t)dom, (uint32_t)vcpu, map);

		if (!rc)
			rc = affinity_get((uint32_t)dom, (uint32_t)vcpu, &now);
		tap_ok(rc == 0 && now == map, "%s d%llu.%llu 0x%llx: %ld, reads back 0x%llx", key,
		       (unsigned long long)dom, (unsigned long long)vcpu, (unsigned long long)map,
		       rc, (unsigned long long)now);
	}
}

/* --- the window -------------------------------------------------------------------- */

struct snap {
	uint64_t t_ns;
	struct tarn_domctl_domaininfo info[MAX_DOMS];
	struct tarn_domctl_vcpuinfo vcpu[MAX_DOMS][MAX_VCPUS];
	uint64_t idle[TARN_SYSCTL_CPUINFO_MAX];
	unsigned int errors;
};

static struct snap first, last;
static uint64_t seen[MAX_DOMS][MAX_VCPUS]; /* CPUs each vCPU was seen on */
static unsigned int spread[MAX_DOMS], nsamples;

static unsigned int nvcpus_of(uint32_t i)
{
	return infos[i].nr_vcpus < MAX_VCPUS ? infos[i].nr_vcpus : MAX_VCPUS;
}

static unsigned int sample_vcpus(struct tarn_domctl_vcpuinfo (*out)[MAX_VCPUS])
{
	unsigned int errors = 0;

	for (uint32_t i = 0; i < ndoms; i++) {
		uint64_t cpus = 0;

		for (uint32_t v = 0; v < nvcpus_of(i); v++) {
			if (vcpu_info(doms[i], v, &out[i][v])) {
				errors++;
				continue;
			}
			seen[i][v] |= 1ULL << (out[i][v].cpu & 63);
			cpus |= 1ULL << (out[i][v].cpu & 63);
		}
		spread[i] += __builtin_popcountll(cpus) > 1;
	}
	nsamples++;
	return errors;
}

static void take(struct snap *s)
{
	s->t_ns = gk_ns_now();
	s->errors = 0;
	for (uint32_t i = 0; i < ndoms; i++)
		s->errors += dom_info(doms[i], &s->info[i]) != 0;
	s->errors += sample_vcpus(s->vcpu);
	s->errors += cpu_idle(ncpus, s->idle) != 0;
}

static uint64_t sleep_until_ns(uint64_t t)
{
	uint64_t flags;

	gk_timer_set(t, NULL, NULL);
	flags = gk_irq_save();
	while (gk_ns_now() < t) {
		gk_wait_for_interrupt();
		gk_irq_restore(flags);
		__asm__ volatile("isb" : : : "memory");
		flags = gk_irq_save();
	}
	gk_irq_restore(flags);
	return gk_ns_now();
}

static const char *frac(char *buf, size_t len, uint64_t num, uint64_t den)
{
	uint64_t v = den ? (num * FRAC_DIGITS + den / 2) / den : 0;

	snprintf(buf, len, "%llu.%04llu", (unsigned long long)(v / FRAC_DIGITS),
		 (unsigned long long)(v % FRAC_DIGITS));
	return buf;
}

static void report_doms(uint64_t window, uint64_t *run_sum, bool *mono)
{
	char b[24];

	for (uint32_t i = 0; i < ndoms; i++) {
		const struct tarn_domctl_domaininfo *a = &first.info[i], *z = &last.info[i];
		struct tarn_domctl_sched_credit c = {0};

		credit_get(doms[i], &c);
		*mono &= z->run_ns >= a->run_ns && z->wait_ns >= a->wait_ns;
		*run_sum += z->run_ns - a->run_ns;
		tap_diag("dom %u run_ns=%llu wait_ns=%llu share=%s weight=%u cap=%d vcpus=%u",
			 doms[i], (unsigned long long)(z->run_ns - a->run_ns),
			 (unsigned long long)(z->wait_ns - a->wait_ns),
			 frac(b, sizeof(b), z->run_ns - a->run_ns, window), c.weight, c.cap,
			 z->nr_vcpus);
		for (uint32_t v = 0; v < nvcpus_of(i); v++) {
			const struct tarn_domctl_vcpuinfo *va = &first.vcpu[i][v],
							  *vz = &last.vcpu[i][v];

			*mono &= vz->time[RUNSTATE_running] >= va->time[RUNSTATE_running];
			tap_diag("vcpu %u.%u cpu=%u seen=0x%llx run_ns=%llu runnable_ns=%llu",
				 doms[i], v, vz->cpu, (unsigned long long)seen[i][v],
				 (unsigned long long)(vz->time[RUNSTATE_running] -
						      va->time[RUNSTATE_running]),
				 (unsigned long long)(vz->time[RUNSTATE_runnable] -
						      va->time[RUNSTATE_runnable]));
		}
		if (nvcpus_of(i) > 1)
			tap_diag("spread dom %u samples=%u/%u", doms[i], spread[i], nsamples);
	}
}

static void report_window(uint64_t window)
{
	uint64_t run_sum = 0, idle_sum = 0, pm;
	uint64_t lo = tg_arg_u64("acct_min_pm", ACCT_MIN_PM),
		 hi = tg_arg_u64("acct_max_pm", ACCT_MAX_PM);
	bool mono = true;
	char b[24];

	tap_diag("window start_ns=%llu end_ns=%llu", (unsigned long long)first.t_ns,
		 (unsigned long long)last.t_ns);
	report_doms(window, &run_sum, &mono);
	for (uint32_t c = 0; c < ncpus && c < TARN_SYSCTL_CPUINFO_MAX; c++) {
		uint64_t idle = last.idle[c] - first.idle[c];

		mono &= last.idle[c] >= first.idle[c];
		idle_sum += idle;
		tap_diag("cpu %u idle_ns=%llu idle=%s", c, (unsigned long long)idle,
			 frac(b, sizeof(b), idle, window));
	}
	tap_ok(mono, "run_ns, wait_ns, vCPU run times and CPU idle times never went back");
	pm = (run_sum + idle_sum) * 1000 / (window * ncpus);
	tap_ok(pm >= lo && pm <= hi,
	       "run time of all domains + idle time = %llu per mille of %u CPUs x the window "
	       "(%llu..%llu)",
	       (unsigned long long)pm, ncpus, (unsigned long long)lo, (unsigned long long)hi);
}

static void measure_window(void)
{
	uint64_t start = tg_arg_u64("start_ms", START_MS_DEFAULT) * NS_PER_MS;
	uint64_t len = tg_arg_u64("window_ms", WINDOW_MS_DEFAULT) * NS_PER_MS;
	unsigned int samples = (unsigned int)tg_arg_u64("samples", 0), mid_errors = 0;
	uint64_t now = gk_ns_now();

	if (tg_arg_flag("start_rel"))
		start += entered_ns; /* from its own start, as the loads' start_rel */

	tap_ok(now < start, "the window (%llu ms) has not begun yet (%llu ms)",
	       (unsigned long long)(start / NS_PER_MS), (unsigned long long)(now / NS_PER_MS));
	sleep_until_ns(start);
	take(&first);
	apply_affinity("window_affinity");
	for (unsigned int k = 1; k <= samples; k++) {
		static struct tarn_domctl_vcpuinfo mid[MAX_DOMS][MAX_VCPUS];

		sleep_until_ns(start + len * k / (samples + 1));
		mid_errors += sample_vcpus(mid);
	}
	sleep_until_ns(start + len);
	take(&last);
	tap_ok(!first.errors && !mid_errors && !last.errors,
	       "getdomaininfo, getvcpuinfo, getcpuinfo at the window's start, %u times in it and "
	       "at its end (%u, %u, %u failed)",
	       samples, first.errors, mid_errors, last.errors);
	tap_diag("sampled %llu us and %llu us late",
		 (unsigned long long)((first.t_ns - start) / 1000),
		 (unsigned long long)((last.t_ns - start - len) / 1000));
	report_window(last.t_ns - first.t_ns);
}

/* --- the end ----------------------------------------------------------------------- */

static void wait_domus(void)
{
	uint64_t limit = gk_ns_now() + tg_arg_u64("wait_ms", WAIT_MS_DEFAULT) * NS_PER_MS;
	unsigned int ended, crashed;

	do {
		ended = crashed = 0;
		for (uint32_t i = 1; i < ndoms; i++) {
			struct tarn_domctl_domaininfo info;

			if (dom_info(doms[i], &info))
				continue;
			crashed += info.state == TARN_DOMSTATE_crashed;
			ended += info.state >= TARN_DOMSTATE_shutdown;
		}
		if (ended == ndoms - 1)
			break;
		sleep_until_ns(gk_ns_now() + POLL_MS * NS_PER_MS);
	} while (gk_ns_now() < limit);
	tap_ok(ended == ndoms - 1 && !crashed, "all %u domUs ended (%u), none crashed (%u)",
	       ndoms - 1, ended, crashed);
}

int main(void)
{
	struct tarn_sysctl_physinfo pi = {0};
	long rc;

	entered_ns = gk_ns_now();
	rc = physinfo(&pi);
	ncpus = pi.nr_cpus;
	tap_ok(rc == 0 && ncpus >= 1, "physinfo: %ld, %u CPUs, counter %llu kHz", rc, ncpus,
	       (unsigned long long)pi.cpu_khz);
	if (rc || !ncpus) {
		printf("sched-ctl: no control interface (physinfo %ld): stopping\n", rc);
		return tap_done();
	}
	find_domains();
	if (tg_arg_flag("badinput"))
		check_bad_input();
	apply_credit("weights", false);
	apply_credit("caps", true);
	apply_credit("cap", true);
	apply_params();
	apply_affinity("affinity");
	measure_window();
	if (!tg_arg_flag("nowait"))
		wait_domus();
	return tap_done();
}
