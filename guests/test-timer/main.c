/*
 * test-timer: the virtual timer interrupt arrives at the right virtual time,
 * reported as TAP. One vCPU arms the timer for +1 ms, +5 ms and +10 ms
 * (REPS times each) and busy-waits; the handler records CNTVCT first thing.
 * The interrupt must never come before the compare value (CNTV_CVAL_EL0 as
 * guest-kit programmed it) and at most late_ns (bootargs; LATE_NS_DEFAULT)
 * after it.
 *
 * Lateness is the whole path from the timer condition to the guest's handler:
 * the physical interrupt at EL2, the hypervisor injecting the virtual one,
 * the exception into the guest and guest-kit's dispatch. Under QEMU
 * `-icount shift=0` one instruction is 1 ns, so it measures path length;
 * the figures are printed as `# late ...` lines for the harness to report.
 */
#include <stdint.h>
#include <time.h>

#include <guestkit/guestkit.h>
#include <guestkit/shared-info.h>

#include "testguest.h"

#define REPS		4
#define LATE_NS_DEFAULT 20000ULL     /* 20 us: why in tests/qemu/test_guests.py */
#define GIVE_UP_NS	100000000ULL /* 100 ms past the deadline: it is not coming */

static const uint64_t delays_us[] = {1000, 5000, 10000};

static volatile uint64_t fired_at;
static volatile uint32_t fired;

static void on_timer(void *arg)
{
	fired_at = tg_counter();
	__atomic_store_n(&fired, 1, __ATOMIC_RELEASE);
}

/*
 * Arms the timer delay_us from now and spins until it fires. Returns the
 * handler's counter minus the compare value, in ticks (negative: early), or
 * INT64_MAX if it never fired.
 */
static int64_t one_shot(uint64_t delay_us)
{
	uint64_t deadline_ns = gk_ticks_to_ns(tg_counter()) + delay_us * 1000;
	uint64_t cval, give_up;

	__atomic_store_n(&fired, 0, __ATOMIC_RELEASE);
	gk_timer_set(deadline_ns, on_timer, NULL);
	cval = tg_timer_cval();
	give_up = cval + gk_ns_to_ticks(GIVE_UP_NS);
	while (!tg_load(&fired) && tg_counter() < give_up)
		;
	if (!tg_load(&fired)) {
		gk_timer_cancel();
		return INT64_MAX;
	}
	return (int64_t)(fired_at - cval);
}

static int64_t ticks_to_ns_signed(int64_t t)
{
	return t < 0 ? -(int64_t)gk_ticks_to_ns((uint64_t)-t)
		     : (int64_t)gk_ticks_to_ns((uint64_t)t);
}

static void check_delay(uint64_t delay_us, uint64_t late_ns, int64_t *worst)
{
	int64_t min = INT64_MAX, max = INT64_MIN;

	for (unsigned int r = 0; r < REPS; r++) {
		int64_t late = one_shot(delay_us);

		min = late < min ? late : min;
		max = late > max ? late : max;
	}
	*worst = max > *worst ? max : *worst;
	if (max == INT64_MAX)
		tap_diag("timer +%llu us: did not fire within %llu ms of its compare value",
			 (unsigned long long)delay_us, GIVE_UP_NS / 1000000);
	else
		tap_diag("late +%llu us: min %lld ns, max %lld ns (%lld..%lld ticks)",
			 (unsigned long long)delay_us, (long long)ticks_to_ns_signed(min),
			 (long long)ticks_to_ns_signed(max), (long long)min, (long long)max);
	tap_ok(min >= 0 && max != INT64_MAX,
	       "timer +%llu us: fires, never before its compare value (earliest %lld ticks)",
	       (unsigned long long)delay_us, (long long)min);
	tap_ok(max != INT64_MAX && ticks_to_ns_signed(max) <= (int64_t)late_ns,
	       "timer +%llu us: at most %llu ns late (latest %lld ns)",
	       (unsigned long long)delay_us, (unsigned long long)late_ns,
	       (long long)ticks_to_ns_signed(max));
}

/*
 * wallclock_min=<seconds>: map shared_info and check that the wall clock it
 * carries (the hypervisor's real-time clock) reads at least that. Xen gives
 * dom0less domUs 0, so only Tarn's runs ask for it.
 */
static void check_wallclock(uint64_t wall_min)
{
	uint64_t base = 0;
	bool mapped = gk_shared_info() != NULL && gk_wallclock_base_ns(&base);
	time_t now = time(NULL);

	tap_ok(mapped && (uint64_t)now >= wall_min, "wall clock from shared_info: %lld s (at least %llu)",
	       (long long)now, (unsigned long long)wall_min);
}

int main(void)
{
	uint64_t late_ns = tg_arg_u64("late_ns", LATE_NS_DEFAULT);
	unsigned int n = sizeof(delays_us) / sizeof(delays_us[0]);
	int64_t worst = INT64_MIN;

	uint64_t wall_min = tg_arg_u64("wallclock_min", 0);

	tap_plan(1 + 2 * n + (wall_min ? 1 : 0));
	tap_ok(gk_gic_version() != 0 && gk_counter_freq() != 0,
	       "GICv%d, counter at %llu Hz, timer INTID %u", gk_gic_version(),
	       (unsigned long long)gk_counter_freq(), gk_timer_intid());
	for (unsigned int i = 0; i < n; i++)
		check_delay(delays_us[i], late_ns, &worst);
	if (worst != INT64_MAX)
		tap_diag("late max %lld ns", (long long)ticks_to_ns_signed(worst));
	if (wall_min)
		check_wallclock(wall_min);
	return tap_done();
}
