/*
 * Test-and-set spinlocks on the exclusives (LDAXR/STXR: -mno-outline-atomics
 * keeps glibc's LSE detection out). Only valid with the MMU on.
 */
#include <guestkit/irq.h>
#include <guestkit/spinlock.h>

#include "sysreg.h"

void gk_spin_lock(struct gk_spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
}

void gk_spin_unlock(struct gk_spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

uint64_t gk_spin_lock_irqsave(struct gk_spinlock *l)
{
	uint64_t flags = gk_irq_save();

	gk_spin_lock(l);
	return flags;
}

void gk_spin_unlock_irqrestore(struct gk_spinlock *l, uint64_t flags)
{
	gk_spin_unlock(l);
	gk_irq_restore(flags);
}
