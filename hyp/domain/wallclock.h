/*
 * Wall-clock time for guests: the shared_info wc_* fields (xen-arm-abi.md §5,
 * step 9) hold the wall-clock time at which the system counter read zero, so
 * a guest adds its counter to get the time of day.
 */
#ifndef HYP_WALLCLOCK_H
#define HYP_WALLCLOCK_H

#include <stdint.h>

struct shared_info;

/* Read the real-time clock (a PL031 at rtc_pa, 0 for none) once at boot. */
void wallclock_init(uint64_t rtc_pa, uint64_t rtc_size);
/* Fill s's wc_* fields with the even-version protocol guests read them by. */
void wallclock_fill(struct shared_info *s);

#endif /* HYP_WALLCLOCK_H */
