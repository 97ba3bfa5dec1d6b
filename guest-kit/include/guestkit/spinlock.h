/*
 * Spinlocks for guests with several vCPUs (MMU on only: exclusives need
 * Normal memory). The _irqsave forms also mask IRQs on the calling vCPU.
 */
#ifndef GUESTKIT_SPINLOCK_H
#define GUESTKIT_SPINLOCK_H

#include <stdint.h>

struct gk_spinlock {
	uint32_t locked;
};

#define GK_SPINLOCK_INIT \
	{                \
		0        \
	}

void gk_spin_lock(struct gk_spinlock *l);
void gk_spin_unlock(struct gk_spinlock *l);
uint64_t gk_spin_lock_irqsave(struct gk_spinlock *l);
void gk_spin_unlock_irqrestore(struct gk_spinlock *l, uint64_t flags);

#endif /* GUESTKIT_SPINLOCK_H */
