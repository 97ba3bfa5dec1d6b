/*
 * Synthetic vCPU behaviours for the host scheduler simulator (sim.c): what a
 * vCPU does with the CPU once it has it. A behaviour is a little state machine
 * driven by three questions the simulator asks: when does it next act if left
 * running (wl_deadline), how much CPU did it just use (wl_ran), and what does
 * it do when it acts (wl_act: block until some time, yield, or go on).
 * Randomness comes from a per-behaviour xorshift64* state, so runs replay.
 */
#ifndef TESTS_SIM_WORKLOAD_H
#define TESTS_SIM_WORKLOAD_H

#include <stdbool.h>
#include <stdint.h>

#define WL_NEVER UINT64_MAX

enum wl_kind {
	WL_HOG,	   /* always wants the CPU */
	WL_IO,	   /* runs run_ns, then blocks for sleep_ns (or to the next period) */
	WL_YIELD,  /* runs run_ns, then yields, forever runnable */
	WL_DODGER, /* runs up to margin_ns before each tick_ns boundary, sleeps across it */
	WL_BURSTY, /* on (hog) for ~run_ns, off for ~sleep_ns, lengths random */
};

enum wl_action {
	WL_CONTINUE, /* keeps running (a new deadline applies) */
	WL_BLOCK,    /* stops being runnable until *wake_at */
	WL_YIELDS,   /* asks to let others run */
};

struct wl {
	enum wl_kind kind;
	uint64_t run_ns;    /* IO, YIELD, BURSTY: CPU time per burst */
	uint64_t sleep_ns;  /* IO: block time, or period if periodic; BURSTY: mean off */
	bool periodic;	    /* IO: wakes at absolute multiples of sleep_ns */
	uint64_t tick_ns;   /* DODGER: the boundary it dodges */
	uint64_t margin_ns; /* DODGER: how far before/after the boundary it sleeps */
	uint64_t need_ns;   /* CPU time left in the current burst */
	uint64_t rng;	    /* PRNG state */
};

uint64_t wl_rng_next(uint64_t *state);
/* Uniform in [lo, hi]. */
uint64_t wl_rng_range(uint64_t *state, uint64_t lo, uint64_t hi);

struct wl wl_hog(void);
struct wl wl_io(uint64_t run_ns, uint64_t sleep_ns, bool periodic);
struct wl wl_yielder(uint64_t run_ns);
struct wl wl_dodger(uint64_t tick_ns, uint64_t margin_ns);
struct wl wl_bursty(uint64_t on_ns, uint64_t off_ns, uint64_t seed);

/* It became runnable at now: start a new burst. */
void wl_woken(struct wl *w, uint64_t now);
/* Wall time at which it acts if it runs uninterrupted from now. */
uint64_t wl_deadline(const struct wl *w, uint64_t now);
/* It ran ran_ns of CPU. */
void wl_ran(struct wl *w, uint64_t ran_ns);
/* It reached its deadline at now. */
enum wl_action wl_act(struct wl *w, uint64_t now, uint64_t *wake_at);

#endif /* TESTS_SIM_WORKLOAD_H */
