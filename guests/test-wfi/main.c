/*
 * test-wfi: a vCPU sleeping in WFI is woken by its virtual timer, reported
 * as TAP. Two roles, chosen by the bootargs:
 *
 * default (sleeper): rounds of "arm the timer for +2 ms, WFI", alternately
 *   with IRQs masked at the CPU (PSTATE.I set: WFI still wakes on the pending
 *   interrupt, which is taken once IRQs are unmasked) and with IRQs enabled
 *   (the handler runs, then WFI returns). Checks that no WFI returns before
 *   the compare value, that it returns at most late_ns after it (bootargs,
 *   LATE_NS_DEFAULT), and that the interrupt is taken exactly once per round,
 *   after the unmask in the masked case. It keeps going for at least min_ms
 *   (bootargs) so that a companion can watch it.
 *
 * companion: spins for window_ms reading the virtual counter; a step longer
 *   than AWAY_TICKS means another vCPU had the physical CPU. It checks it got
 *   at least min_share percent of the CPU: with a sleeper on the same CPU
 *   that only holds if the hypervisor really blocks a vCPU in WFI (had it let
 *   the sleeper spin or run its WFI natively, the share would be about half).
 *
 * Lines `# late ...` and `# share ...` carry the figures for the harness.
 */
#include <stdint.h>
#include <string.h>

#include <guestkit/guestkit.h>

#include "testguest.h"

#define WAIT_NS		  2000000ULL /* each round arms the timer for +2 ms */
#define ROUNDS_MIN	  6	     /* at least, half masked, half unmasked */
#define LATE_NS_DEFAULT	  20000ULL   /* alone on its CPU; see tests/qemu/test_guests.py */
#define GIVE_UP_WFIS	  1000	     /* WFIs a round may take before it is a failure */
#define AWAY_TICKS	  64	     /* 1 us at 62.5 MHz: any other vCPU's turn is longer */
#define WINDOW_MS_DEFAULT 100
#define MIN_SHARE_DEFAULT 90
#define CNTV_CTL_ISTATUS  (1u << 2)

static volatile uint32_t fired;
static volatile uint64_t fired_at;

static void on_timer(void *arg)
{
	fired_at = tg_counter();
	tg_atomic_inc(&fired);
}

static uint64_t read_ctl(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntv_ctl_el0" : "=r"(v));
	return v;
}

/* What the rounds of one kind (masked or unmasked) add up to. */
struct tally {
	unsigned int rounds, early, extra_wfis, wrong_irqs, no_istatus;
	int64_t late_min, late_max;
};

static void tally_late(struct tally *t, int64_t late)
{
	t->rounds++;
	t->early += late < 0;
	t->late_min = late < t->late_min ? late : t->late_min;
	t->late_max = late > t->late_max ? late : t->late_max;
}

/* Arms the timer WAIT_NS ahead; returns the compare value guest-kit programmed. */
static uint64_t arm(void)
{
	__atomic_store_n(&fired, 0, __ATOMIC_RELEASE);
	gk_timer_set(gk_ns_now() + WAIT_NS, on_timer, NULL);
	return tg_timer_cval();
}

/*
 * IRQs masked: the first WFI must return at the deadline (the timer's pending
 * interrupt wakes it), the handler must not run until the unmask, and then
 * exactly once.
 */
static void round_masked(struct tally *t)
{
	uint64_t flags = gk_irq_save();
	uint64_t cval = arm();
	uint64_t woke;
	unsigned int wfis = 1;

	gk_wait_for_interrupt();
	woke = tg_counter();
	tally_late(t, (int64_t)(woke - cval));
	t->no_istatus += !(read_ctl() & CNTV_CTL_ISTATUS);
	while (tg_counter() < cval && wfis++ < GIVE_UP_WFIS)
		gk_wait_for_interrupt(); /* woke early: let the check above report it */
	t->extra_wfis += wfis - 1;
	t->wrong_irqs += tg_load(&fired) != 0;
	gk_irq_restore(flags);
	__asm__ volatile("isb" : : : "memory");
	t->wrong_irqs += tg_load(&fired) != 1;
}

/* IRQs enabled: WFI until the handler ran; it and the wake-up come after the deadline. */
static void round_unmasked(struct tally *t)
{
	uint64_t cval = arm();
	unsigned int wfis = 0;
	uint64_t woke;

	while (!tg_load(&fired) && wfis++ < GIVE_UP_WFIS)
		gk_wait_for_interrupt();
	woke = tg_counter();
	tally_late(t, (int64_t)(woke - cval));
	t->extra_wfis += wfis > 1 ? wfis - 1 : 0;
	t->wrong_irqs += tg_load(&fired) != 1;
	t->early += tg_load(&fired) && fired_at < cval;
}

static int64_t ns(int64_t ticks)
{
	uint64_t mag = gk_ticks_to_ns((uint64_t)(ticks < 0 ? -ticks : ticks));

	return ticks < 0 ? -(int64_t)mag : (int64_t)mag;
}

static void report(const struct tally *t, const char *kind, uint64_t late_ns)
{
	tap_diag("late %s: %u rounds, min %lld ns, max %lld ns", kind, t->rounds,
		 (long long)ns(t->late_min), (long long)ns(t->late_max));
	tap_ok(t->early == 0 && t->extra_wfis == 0 && t->no_istatus == 0,
	       "WFI with IRQs %s: returns once, never before the compare value (%u early, "
	       "%u extra WFIs, %u without ISTATUS)",
	       kind, t->early, t->extra_wfis, t->no_istatus);
	tap_ok(ns(t->late_max) <= (int64_t)late_ns,
	       "WFI with IRQs %s: returns at most %llu ns after it (latest %lld ns)", kind,
	       (unsigned long long)late_ns, (long long)ns(t->late_max));
	tap_ok(t->wrong_irqs == 0, "WFI with IRQs %s: the handler runs once per round%s (%u wrong)",
	       kind, strcmp(kind, "masked") ? "" : ", only after the unmask", t->wrong_irqs);
}

static int sleeper(void)
{
	uint64_t late_ns = tg_arg_u64("late_ns", LATE_NS_DEFAULT);
	uint64_t until = gk_ns_now() + tg_arg_u64("min_ms", 0) * 1000000ULL;
	struct tally masked = {.late_min = INT64_MAX, .late_max = INT64_MIN};
	struct tally unmasked = masked;
	unsigned int r = 0;

	tap_plan(6);
	while (r < ROUNDS_MIN || gk_ns_now() < until) {
		if (r++ % 2)
			round_unmasked(&unmasked);
		else
			round_masked(&masked);
	}
	report(&masked, "masked", late_ns);
	report(&unmasked, "unmasked", late_ns);
	return tap_done();
}

static int companion(void)
{
	uint64_t window = gk_ns_to_ticks(tg_arg_u64("window_ms", WINDOW_MS_DEFAULT) * 1000000ULL);
	uint64_t min_share = tg_arg_u64("min_share", MIN_SHARE_DEFAULT);
	uint64_t start = tg_counter(), prev = start, now = start, own = 0, away = 0;

	tap_plan(1);
	while (now - start < window) {
		now = tg_counter();
		if (now - prev < AWAY_TICKS)
			own += now - prev;
		else
			away++;
		prev = now;
	}
	tap_diag("share %llu%% of %llu ms, away %llu times",
		 (unsigned long long)(own * 100 / window),
		 (unsigned long long)(gk_ticks_to_ns(window) / 1000000), (unsigned long long)away);
	tap_ok(own * 100 >= min_share * window,
	       "companion: had at least %llu%% of the CPU (%llu%%)", (unsigned long long)min_share,
	       (unsigned long long)(own * 100 / window));
	return tap_done();
}

int main(void)
{
	return tg_arg_flag("companion") ? companion() : sleeper();
}
