/*
 * The host discrete-event simulator of sim.h: an event heap, the simulated
 * CPUs and vCPUs, the core's side of the scheduler contract (sched/sched.h)
 * and the sched_env_*() functions, with statistics kept as it goes.
 *
 * Events are CPU picks and vCPU actions/wakes; stale ones are dropped by
 * generation numbers rather than removed from the heap.
 */
#include "tests/sim/sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ev_kind { EV_PICK, EV_ACT, EV_WAKE };

struct event {
	uint64_t time, seq, gen;
	unsigned int kind, idx;
};

static struct {
	const struct sched_ops *ops;
	unsigned int ncpus, nvcpus, ndoms;
	uint64_t now, seq;
	int cur_cpu; /* CPU whose event runs (-1: a device) */
	int in_pick; /* CPU inside ops->pick (-1: none) */
	unsigned int held[SCHED_MAX_CPUS];
	unsigned int nheld;
	bool global_held;
	struct event *heap;
	size_t nheap, heap_cap;
	struct sim_cpu cpus[SCHED_MAX_CPUS];
	struct sim_vcpu *vcpus;
	struct sched_dom *doms;
	struct sim_vcpu *waiting; /* runnable, not running */
	struct sim_stats stats;
} S;

static void fail_default(const char *what)
{
	fprintf(stderr, "sim: %s\n", what);
	abort();
}

void (*sim_fail)(const char *what) = fail_default;

FILE *sim_trace;

#define SIM_CHECK(cond)                                       \
	do {                                                  \
		if (!(cond))                                  \
			sim_fail("invariant broken: " #cond); \
	} while (0)

/* ---- the event heap ---------------------------------------------------------- */

static bool ev_before(const struct event *a, const struct event *b)
{
	return a->time != b->time ? a->time < b->time : a->seq < b->seq;
}

static void ev_swap(size_t i, size_t j)
{
	struct event t = S.heap[i];

	S.heap[i] = S.heap[j];
	S.heap[j] = t;
}

static void ev_push(uint64_t time, unsigned int kind, unsigned int idx, uint64_t gen)
{
	size_t i;

	if (S.nheap == S.heap_cap) {
		S.heap_cap = S.heap_cap ? S.heap_cap * 2 : 1024;
		S.heap = realloc(S.heap, S.heap_cap * sizeof(*S.heap));
		SIM_CHECK(S.heap != NULL);
	}
	i = S.nheap++;
	S.heap[i] =
		(struct event){.time = time, .seq = S.seq++, .gen = gen, .kind = kind, .idx = idx};
	for (; i && ev_before(&S.heap[i], &S.heap[(i - 1) / 2]); i = (i - 1) / 2)
		ev_swap(i, (i - 1) / 2);
}

static struct event ev_pop(void)
{
	struct event top = S.heap[0];
	size_t i = 0;

	S.heap[0] = S.heap[--S.nheap];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < S.nheap && ev_before(&S.heap[l], &S.heap[m]))
			m = l;
		if (r < S.nheap && ev_before(&S.heap[r], &S.heap[m]))
			m = r;
		if (m == i)
			return top;
		ev_swap(i, m);
		i = m;
	}
}

/* ---- the environment (sched/sched.h) -------------------------------------------- */

uint64_t sched_env_now(void)
{
	return S.now;
}

bool sched_env_trylock(unsigned int cpu)
{
	SIM_CHECK(cpu < S.ncpus);
	SIM_CHECK(!S.global_held); /* order: a CPU lock, then the global lock */
	SIM_CHECK(!S.held[cpu]);   /* would fail (or deadlock) on the machine */
	S.held[cpu]++;
	S.nheld++;
	return true;
}

void sched_env_unlock(unsigned int cpu)
{
	SIM_CHECK(cpu < S.ncpus && S.held[cpu] == 1);
	S.held[cpu]--;
	S.nheld--;
}

void sched_env_global_lock(void)
{
	SIM_CHECK(!S.global_held);
	SIM_CHECK(S.nheld <= 1);
	S.global_held = true;
}

void sched_env_global_unlock(void)
{
	SIM_CHECK(S.global_held);
	S.global_held = false;
}

static void cpu_schedule_pick(unsigned int cpu, uint64_t at)
{
	struct sim_cpu *c = &S.cpus[cpu];

	c->pick_at = at;
	ev_push(at, EV_PICK, cpu, ++c->pick_gen);
}

void sched_env_kick(unsigned int cpu)
{
	uint64_t at;

	SIM_CHECK(cpu < S.ncpus);
	S.stats.nkicks++;
	if (sim_trace)
		fprintf(sim_trace, "%12.3f us kick cpu %u\n", S.now / 1e3, cpu);
	if ((int)cpu == S.in_pick)
		return; /* it is deciding right now */
	at = S.now + ((int)cpu == S.cur_cpu ? 0 : SIM_IPI_NS);
	if (at < S.cpus[cpu].pick_at)
		cpu_schedule_pick(cpu, at);
}

/* The core "holds" CPU locks around policy calls about a unit. */
static void core_lock(unsigned int cpu)
{
	SIM_CHECK(!S.held[cpu] && !S.global_held);
	S.held[cpu]++;
	S.nheld++;
}

static void core_unlock(unsigned int cpu)
{
	sched_env_unlock(cpu);
}

static void core_no_locks(void)
{
	SIM_CHECK(!S.nheld && !S.global_held);
}

/* ---- the waiting list ------------------------------------------------------------- */

static void wait_begin(struct sim_vcpu *v)
{
	SIM_CHECK(v->wait_start == SIM_NONE);
	v->wait_start = S.now;
	v->wprev = NULL;
	v->wnext = S.waiting;
	if (S.waiting)
		S.waiting->wprev = v;
	S.waiting = v;
}

static void wait_end(struct sim_vcpu *v)
{
	uint64_t w = S.now - v->wait_start;

	SIM_CHECK(v->wait_start != SIM_NONE);
	v->wait_ns += w;
	if (w > v->max_wait_ns)
		v->max_wait_ns = w;
	v->wait_start = SIM_NONE;
	if (v->wprev)
		v->wprev->wnext = v->wnext;
	else
		S.waiting = v->wnext;
	if (v->wnext)
		v->wnext->wprev = v->wprev;
}

/* ---- loading and unloading -------------------------------------------------------- */

static struct sim_vcpu *vcpu_of(struct sched_unit *u)
{
	return u ? u->owner : NULL;
}

static void vcpu_arm_act(struct sim_vcpu *v)
{
	uint64_t t = wl_deadline(&v->wl, S.now);

	v->act_gen++;
	if (t != WL_NEVER)
		ev_push(t, EV_ACT, v->id, v->act_gen);
}

/* The CPU time it used so far counts before it decides. */
static void vcpu_charge(struct sim_vcpu *v)
{
	uint64_t ran = S.now - v->run_start;

	v->ran_ns += ran;
	wl_ran(&v->wl, ran);
	v->run_start = S.now;
}

static void preempt_record(struct sim_cpu *c)
{
	if (c->npreempts++ && S.now - c->last_preempt_at < c->min_preempt_gap_ns)
		c->min_preempt_gap_ns = S.now - c->last_preempt_at;
	c->last_preempt_at = S.now;
}

static void vcpu_unload(struct sim_vcpu *v)
{
	uint64_t ran = S.now - v->run_start;

	v->ran_ns += ran;
	wl_ran(&v->wl, ran);
	v->act_gen++;
	if (v->u.runnable)
		preempt_record(&S.cpus[v->on_cpu]);
	v->on_cpu = -1;
	v->u.running = false;
	if (v->u.runnable) {
		uint64_t run = S.now - v->loaded_at;

		if (run < v->min_preempted_ns)
			v->min_preempted_ns = run;
		wait_begin(v);
	}
}

static void lat_record(struct sim_vcpu *v, uint64_t ns)
{
	if (v->nlat == v->lat_cap) {
		v->lat_cap = v->lat_cap ? v->lat_cap * 2 : 256;
		v->lat = realloc(v->lat, v->lat_cap * sizeof(*v->lat));
		SIM_CHECK(v->lat != NULL);
	}
	v->lat[v->nlat++] = ns;
}

static void vcpu_load(struct sim_vcpu *v, unsigned int cpu)
{
	SIM_CHECK(v->u.runnable && !v->u.running && v->on_cpu < 0);
	SIM_CHECK(sched_cpu_allowed(&v->u, cpu) && v->u.cpu == cpu);
	wait_end(v);
	if (v->woke_at != SIM_NONE) {
		lat_record(v, S.now - v->woke_at);
		v->woke_at = SIM_NONE;
	}
	v->u.running = true;
	v->on_cpu = (int)cpu;
	v->run_start = v->loaded_at = S.now;
	v->nruns++;
	v->ran_on |= 1ULL << cpu;
	vcpu_arm_act(v);
}

/* ---- the core's decisions ----------------------------------------------------------- */

static unsigned int first_allowed(uint64_t affinity)
{
	for (unsigned int c = 0; c < S.ncpus; c++)
		if ((affinity >> c) & 1)
			return c;
	sim_fail("no allowed CPU");
	return 0;
}

static void core_migrate(struct sim_vcpu *v)
{
	unsigned int from = v->u.cpu, to = first_allowed(v->u.affinity);

	core_lock(from);
	if (to != from)
		core_lock(to);
	S.ops->migrate(&v->u, to);
	SIM_CHECK(v->u.cpu == to);
	if (to != from)
		core_unlock(to);
	core_unlock(from);
	S.stats.nmigrations++;
}

static struct sim_vcpu *policy_pick(unsigned int cpu, struct sim_vcpu *prev, uint64_t *slice)
{
	struct sched_unit *next;

	core_lock(cpu);
	S.in_pick = (int)cpu;
	next = S.ops->pick(cpu, prev ? &prev->u : NULL, S.now, slice);
	S.in_pick = -1;
	core_unlock(cpu);
	SIM_CHECK(*slice > 0);
	return vcpu_of(next);
}

static void cpu_pick(unsigned int cpu)
{
	struct sim_cpu *c = &S.cpus[cpu];
	struct sim_vcpu *prev = c->curr, *next;
	uint64_t slice;

	next = policy_pick(cpu, prev, &slice);
	c->npicks++;
	S.stats.npicks++;
	if (sim_trace)
		fprintf(sim_trace, "%12.3f us cpu %2u pick: %d -> %d, slice %.1f us\n", S.now / 1e3,
			cpu, prev ? (int)prev->id : -1, next ? (int)next->id : -1, slice / 1e3);
	if (next != prev) {
		if (prev)
			vcpu_unload(prev);
		if (next)
			vcpu_load(next, cpu);
		c->curr = next;
	} else if (next) {
		SIM_CHECK(next->u.runnable && next->u.cpu == cpu);
		SIM_CHECK(sched_cpu_allowed(&next->u, cpu));
		vcpu_charge(next);
		vcpu_arm_act(next); /* it may have blocked and woken, or yielded */
	}
	if (prev && prev != next && prev->u.runnable && !sched_cpu_allowed(&prev->u, cpu))
		core_migrate(prev);
	cpu_schedule_pick(cpu, S.now + slice);
}

/* ---- vCPU behaviour ------------------------------------------------------------------- */

static void vcpu_wake(struct sim_vcpu *v)
{
	unsigned int cpu = v->u.cpu;

	SIM_CHECK(!v->u.runnable);
	v->u.runnable = true;
	wl_woken(&v->wl, S.now);
	if (v->u.running) {
		lat_record(v, 0); /* still loaded: it goes on at once */
	} else {
		v->woke_at = S.now;
		wait_begin(v);
	}
	if (sim_trace)
		fprintf(sim_trace, "%12.3f us wake %u on cpu %u\n", S.now / 1e3, v->id, cpu);
	core_lock(cpu);
	S.ops->wake(&v->u);
	core_unlock(cpu);
}

static void vcpu_block(struct sim_vcpu *v, uint64_t wake_at)
{
	unsigned int cpu = (unsigned int)v->on_cpu;

	SIM_CHECK(v->u.cpu == cpu);
	if (sim_trace)
		fprintf(sim_trace, "%12.3f us block %u on cpu %u\n", S.now / 1e3, v->id, cpu);
	v->u.runnable = false;
	core_lock(v->u.cpu);
	S.ops->sleep(&v->u);
	core_unlock(v->u.cpu);
	ev_push(wake_at > S.now ? wake_at : S.now, EV_WAKE, v->id, 0);
	sched_env_kick(cpu);
}

static void vcpu_act(struct sim_vcpu *v)
{
	uint64_t wake_at = 0;

	SIM_CHECK(v->u.running && v->on_cpu >= 0);
	S.cur_cpu = v->on_cpu;
	vcpu_charge(v);
	switch (wl_act(&v->wl, S.now, &wake_at)) {
	case WL_CONTINUE:
		vcpu_arm_act(v);
		break;
	case WL_BLOCK:
		v->act_gen++;
		vcpu_block(v, wake_at);
		break;
	case WL_YIELDS:
		v->act_gen++;
		core_lock(v->u.cpu);
		S.ops->yield(&v->u);
		core_unlock(v->u.cpu);
		sched_env_kick((unsigned int)v->on_cpu);
		break;
	}
}

/* ---- idle while work waits ------------------------------------------------------------ */

static bool work_waits_for(unsigned int cpu)
{
	for (struct sim_vcpu *v = S.waiting; v; v = v->wnext)
		if (!v->u.cs.parked && sched_cpu_allowed(&v->u, cpu))
			return true;
	return false;
}

static void iww_update(struct sim_cpu *c, bool now_iww)
{
	if (now_iww && c->iww_since == SIM_NONE) {
		c->iww_since = S.now;
	} else if (!now_iww && c->iww_since != SIM_NONE) {
		uint64_t d = S.now - c->iww_since;

		if (d > c->iww_max_ns)
			c->iww_max_ns = d;
		c->iww_since = SIM_NONE;
	}
}

/* Between event times the state is constant, so checking here is exact. */
static void iww_check(void)
{
	for (unsigned int i = 0; i < S.ncpus; i++)
		iww_update(&S.cpus[i], !S.cpus[i].curr && S.waiting && work_waits_for(i));
}

/* ---- running ------------------------------------------------------------------------------ */

static void ev_run(const struct event *e)
{
	S.now = e->time;
	S.stats.nevents++;
	core_no_locks();
	if (e->kind == EV_PICK) {
		if (e->gen != S.cpus[e->idx].pick_gen)
			return;
		S.cur_cpu = (int)e->idx;
		cpu_pick(e->idx);
	} else if (e->kind == EV_ACT) {
		if (e->gen == S.vcpus[e->idx].act_gen)
			vcpu_act(&S.vcpus[e->idx]);
	} else {
		S.cur_cpu = -1;
		vcpu_wake(&S.vcpus[e->idx]);
	}
	S.cur_cpu = -1;
	core_no_locks();
}

void sim_run_until(uint64_t t)
{
	while (S.nheap && S.heap[0].time <= t) {
		struct event e = ev_pop();
		uint64_t before = S.now;

		if (e.time != before)
			iww_check();
		ev_run(&e);
	}
	S.now = t;
	iww_check();
	for (unsigned int i = 0; i < S.nvcpus; i++)
		if (S.vcpus[i].u.running)
			vcpu_charge(&S.vcpus[i]); /* statistics up to date */
}

uint64_t sim_max_wait(const struct sim_vcpu *v)
{
	uint64_t w = v->wait_start == SIM_NONE ? 0 : S.now - v->wait_start;

	return w > v->max_wait_ns ? w : v->max_wait_ns;
}

/* ---- setting up ------------------------------------------------------------------------------ */

void sim_init(unsigned int ncpus, const struct sched_ops *ops)
{
	SIM_CHECK(ncpus >= 1 && ncpus <= SCHED_MAX_CPUS);
	memset(&S, 0, sizeof(S));
	S.ops = ops;
	S.ncpus = ncpus;
	S.cur_cpu = S.in_pick = -1;
	S.vcpus = calloc(SIM_MAX_VCPUS, sizeof(*S.vcpus));
	S.doms = calloc(SIM_MAX_DOMS, sizeof(*S.doms));
	SIM_CHECK(S.vcpus && S.doms);
	ops->init(ncpus);
	for (unsigned int c = 0; c < ncpus; c++) {
		S.cpus[c].iww_since = SIM_NONE;
		S.cpus[c].min_preempt_gap_ns = SIM_NONE;
		cpu_schedule_pick(c, 0);
	}
}

void sim_fini(void)
{
	for (unsigned int i = 0; i < S.nvcpus; i++)
		free(S.vcpus[i].lat);
	free(S.vcpus);
	free(S.doms);
	free(S.heap);
	memset(&S, 0, sizeof(S));
}

static void vcpu_add(struct sched_dom *d, uint64_t affinity, struct wl w)
{
	struct sim_vcpu *v = &S.vcpus[S.nvcpus];

	SIM_CHECK(S.nvcpus < SIM_MAX_VCPUS);
	*v = (struct sim_vcpu){
		.wl = w, .id = S.nvcpus++, .on_cpu = -1, .min_preempted_ns = SIM_NONE};
	v->wait_start = v->woke_at = SIM_NONE;
	v->u.dom = d;
	v->u.affinity = affinity;
	v->u.owner = v;
	S.ops->unit_insert(&v->u);
	SIM_CHECK(v->u.cpu < S.ncpus);
	ev_push(S.now, EV_WAKE, v->id, 0);
}

unsigned int sim_dom_add(unsigned int nvcpus, unsigned int weight, unsigned int cap,
			 uint64_t affinity, struct wl w)
{
	struct sched_dom *d = &S.doms[S.ndoms];

	SIM_CHECK(S.ndoms < SIM_MAX_DOMS);
	core_no_locks();
	d->id = S.ndoms;
	S.ops->dom_insert(d);
	for (unsigned int i = 0; i < nvcpus; i++) {
		w.rng = w.rng * 31 + S.nvcpus + 1; /* bursty vCPUs differ */
		vcpu_add(d, affinity, w);
	}
	if (S.ops->dom_set(d, weight, cap) != 0)
		sim_fail("dom_set refused the domain's parameters");
	return S.ndoms++;
}

void sim_set_affinity(struct sim_vcpu *v, uint64_t affinity)
{
	v->u.affinity = affinity;
	if (v->u.running) {
		if (!sched_cpu_allowed(&v->u, (unsigned int)v->on_cpu))
			sched_env_kick((unsigned int)v->on_cpu); /* pick drops it, then migrate */
	} else if (!sched_cpu_allowed(&v->u, v->u.cpu)) {
		core_migrate(v);
	}
}

/* ---- results ------------------------------------------------------------------------------------
 */

struct sched_dom *sim_dom(unsigned int idx)
{
	return &S.doms[idx];
}

struct sim_vcpu *sim_vcpu(unsigned int id)
{
	return &S.vcpus[id];
}

unsigned int sim_nvcpus(void)
{
	return S.nvcpus;
}

struct sim_cpu *sim_cpu(unsigned int cpu)
{
	return &S.cpus[cpu];
}

const struct sim_stats *sim_stats(void)
{
	return &S.stats;
}

uint64_t sim_now(void)
{
	return S.now;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

uint64_t sim_latency_quantile(struct sim_vcpu *v, double q)
{
	size_t i;

	if (!v->nlat)
		return SIM_NONE;
	qsort(v->lat, v->nlat, sizeof(*v->lat), cmp_u64);
	i = (size_t)(q * (double)(v->nlat - 1) + 0.5);
	return v->lat[i < v->nlat ? i : v->nlat - 1];
}

uint64_t sim_iww_max(void)
{
	uint64_t m = 0;

	for (unsigned int c = 0; c < S.ncpus; c++) {
		iww_update(&S.cpus[c], false); /* close an open stretch */
		if (S.cpus[c].iww_max_ns > m)
			m = S.cpus[c].iww_max_ns;
	}
	return m;
}
