/*
 * ticker: the guest of the tarnctl scenarios. It prints "ticker: tick N"
 * every period_ms of its own time (default 100), so its progress shows
 * whether it runs (pause stops the count, unpause resumes it), and a TAP
 * check first: the control interface refuses a domU (-EPERM).
 *
 * Each tick it also follows its memory target (guest-kit's balloon: tarnctl
 * mem-set) and says so when what the balloon holds changes.
 *
 * Its command line (the config's cmdline): period_ms=P; crash_after=N makes
 * it crash with a data abort after tick N (for on_crash); exit_after=N makes
 * it power off after tick N.
 */
#include <stdint.h>
#include <stdio.h>

#include <guestkit/balloon.h>
#include <guestkit/hypercall.h>
#include <guestkit/irq.h>
#include <guestkit/timer.h>
#include <tarn/errno.h>

#include "testguest.h"

static void sleep_ms(uint64_t ms)
{
	gk_timer_set(gk_ns_now() + ms * 1000000ULL, NULL, NULL);
	gk_wait_for_interrupt();
}

static void check_domctl_refused(void)
{
	struct tarn_domctl op = {
		.cmd = TARN_DOMCTL_getdomaininfo,
		.interface_version = TARN_CTL_INTERFACE_VERSION,
	};
	long rc = HYPERVISOR_domctl(&op);

	printf("1..1\n%s 1 - domctl from a domU is refused with -EPERM (got %ld)\n",
	       rc == -TARN_EPERM ? "ok" : "not ok", rc);
}

int main(void)
{
	uint64_t period = tg_arg_u64("period_ms", 100);
	uint64_t crash_after = tg_arg_u64("crash_after", 0);
	uint64_t exit_after = tg_arg_u64("exit_after", 0);

	/* The first line: when (system time) the guest got to print it. */
	printf("ticker: up at %llu ns\n", (unsigned long long)gk_ns_now());
	check_domctl_refused();
	for (uint64_t n = 1;; n++) {
		uint64_t until = gk_ns_now() + period * 1000000ULL;

		while (gk_ns_now() < until)
			sleep_ms(period);
		printf("ticker: tick %llu\n", (unsigned long long)n);
		if (gk_balloon_poll())
			printf("ticker: balloon holds %llu pages\n",
			       (unsigned long long)gk_balloon_pages());
		fflush(stdout);
		if (n == crash_after) {
			printf("ticker: crashing on purpose\n");
			fflush(stdout);
			/* No RAM there: a data abort guest-kit reports as a crash. */
			__asm__ volatile("str wzr, [%0]" : : "r"(0x10UL) : "memory");
		}
		if (n == exit_after)
			return 0;
	}
}
