/*
 * newlib's time system calls. Time is the virtual counter (time since the
 * domain started, on Xen), plus the hypervisor's wallclock if the guest has
 * mapped shared_info (gk_shared_info()) and the hypervisor has set it; so
 * time() counts from the epoch only then. The wallclock refers to the
 * hypervisor's boot and the counter to the domain's start: the sum is off by
 * the difference, which is fine for what guests use time() for.
 */
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

#include "sys-errno.h"
#include <guestkit/shared-info.h>
#include <guestkit/timer.h>

#define NS_PER_SEC 1000000000ULL

int _gettimeofday(struct timeval *tv, void *tz);
clock_t _times(struct tms *t);

int _gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t base = 0, ns;

	gk_wallclock_base_ns(&base);
	ns = base + gk_ns_now();
	if (tv) {
		tv->tv_sec = (time_t)(ns / NS_PER_SEC);
		tv->tv_usec = (suseconds_t)(ns % NS_PER_SEC / 1000);
	}
	return 0;
}

/* clock() reads tms_utime + tms_stime, in CLOCKS_PER_SEC units. */
clock_t _times(struct tms *t)
{
	clock_t now = (clock_t)(gk_ns_now() / (NS_PER_SEC / CLOCKS_PER_SEC));

	if (t)
		*t = (struct tms){.tms_utime = now};
	return now;
}
