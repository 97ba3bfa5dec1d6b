/*
 * The shared_info page (event-channel bitmaps, wallclock). guest-kit maps it
 * only when asked: memory_op(add_to_physmap) puts it over a page of guest RAM
 * taken from the heap for good.
 */
#ifndef GUESTKIT_SHARED_INFO_H
#define GUESTKIT_SHARED_INFO_H

#include <stdbool.h>
#include <stdint.h>

#include <tarn/xen.h>

/* Maps it on the first call; NULL if the hypervisor refused (see errno). */
struct shared_info *gk_shared_info(void);
/* Already mapped, or NULL; never maps. */
struct shared_info *gk_shared_info_peek(void);
/*
 * The hypervisor's wallclock (wc_*) in ns since the epoch, false if
 * shared_info is not mapped or the wallclock is unset (0).
 */
bool gk_wallclock_base_ns(uint64_t *ns);

#endif /* GUESTKIT_SHARED_INFO_H */
