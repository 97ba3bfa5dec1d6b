/*
 * The balloon: following the memory target the control domain sets
 * (`tarnctl mem-set`, as `xl mem-set`). The target is the domain's maximum
 * reservation (XENMEM_maximum_reservation); there is no xenstore yet to
 * carry it as Xen's memory/target, so a guest calls gk_balloon_poll() now
 * and then (its main loop, a timer).
 *
 * Like Linux's balloon driver, it takes the pages it gives back from the
 * guest's own allocator (malloc), so nothing else can be using them, and
 * gives them back with XENMEM_decrease_reservation; when the target rises
 * again it asks for them with XENMEM_populate_physmap and frees them.
 */
#ifndef GUESTKIT_BALLOON_H
#define GUESTKIT_BALLOON_H

#include <stdint.h>

/*
 * Move towards the target by at most one 2 MiB chunk. Returns the pages
 * given back (> 0), taken back (< 0), 0 when at the target (or nothing
 * left to give: the heap is what the balloon can take from).
 */
long gk_balloon_poll(void);

/* Pages the balloon holds (given back to the hypervisor). */
uint64_t gk_balloon_pages(void);

#endif /* GUESTKIT_BALLOON_H */
