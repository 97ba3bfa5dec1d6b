/*
 * The synthetic vCPU behaviours of workload.h. Only the behaviour's own state
 * is touched here; the simulator does all the timing and accounting.
 */
#include "tests/sim/workload.h"

uint64_t wl_rng_next(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ULL;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

uint64_t wl_rng_range(uint64_t *state, uint64_t lo, uint64_t hi)
{
	return lo + wl_rng_next(state) % (hi - lo + 1);
}

struct wl wl_hog(void)
{
	return (struct wl){.kind = WL_HOG, .need_ns = WL_NEVER};
}

struct wl wl_io(uint64_t run_ns, uint64_t sleep_ns, bool periodic)
{
	return (struct wl){.kind = WL_IO,
			   .run_ns = run_ns,
			   .sleep_ns = sleep_ns,
			   .periodic = periodic,
			   .need_ns = run_ns};
}

struct wl wl_yielder(uint64_t run_ns)
{
	return (struct wl){.kind = WL_YIELD, .run_ns = run_ns, .need_ns = run_ns};
}

struct wl wl_dodger(uint64_t tick_ns, uint64_t margin_ns)
{
	return (struct wl){
		.kind = WL_DODGER, .tick_ns = tick_ns, .margin_ns = margin_ns, .need_ns = WL_NEVER};
}

struct wl wl_bursty(uint64_t on_ns, uint64_t off_ns, uint64_t seed)
{
	struct wl w = {.kind = WL_BURSTY, .run_ns = on_ns, .sleep_ns = off_ns, .rng = seed};

	wl_woken(&w, 0);
	return w;
}

void wl_woken(struct wl *w, uint64_t now)
{
	if (w->kind == WL_BURSTY)
		w->need_ns = wl_rng_range(&w->rng, w->run_ns / 2, w->run_ns * 3 / 2);
	else if (w->kind == WL_IO || w->kind == WL_YIELD)
		w->need_ns = w->run_ns;
}

/* The last moment before the next boundary the dodger dares to run. */
static uint64_t dodger_deadline(const struct wl *w, uint64_t now)
{
	uint64_t next = (now / w->tick_ns + 1) * w->tick_ns;

	return next - w->margin_ns > now ? next - w->margin_ns : now;
}

uint64_t wl_deadline(const struct wl *w, uint64_t now)
{
	if (w->kind == WL_DODGER)
		return dodger_deadline(w, now);
	if (w->need_ns == WL_NEVER)
		return WL_NEVER;
	return now + w->need_ns;
}

void wl_ran(struct wl *w, uint64_t ran_ns)
{
	if (w->need_ns != WL_NEVER)
		w->need_ns = ran_ns < w->need_ns ? w->need_ns - ran_ns : 0;
}

static uint64_t io_wake_at(const struct wl *w, uint64_t now)
{
	if (!w->periodic)
		return now + w->sleep_ns;
	return (now / w->sleep_ns + 1) * w->sleep_ns;
}

enum wl_action wl_act(struct wl *w, uint64_t now, uint64_t *wake_at)
{
	switch (w->kind) {
	case WL_HOG:
		return WL_CONTINUE;
	case WL_IO:
		*wake_at = io_wake_at(w, now);
		return WL_BLOCK;
	case WL_YIELD:
		w->need_ns = w->run_ns;
		return WL_YIELDS;
	case WL_DODGER:
		*wake_at = (now / w->tick_ns + 1) * w->tick_ns + w->margin_ns;
		return WL_BLOCK;
	case WL_BURSTY:
		*wake_at = now + wl_rng_range(&w->rng, w->sleep_ns / 2, w->sleep_ns * 3 / 2);
		return WL_BLOCK;
	}
	return WL_CONTINUE;
}
