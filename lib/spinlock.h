/*
 * Spinlocks: a ticket lock, fair between CPUs. The arch provides the
 * functions (arch/arm64/spinlock.c); host tests provide single-threaded ones.
 *
 * Locks do not mask interrupts by themselves: a lock also taken from an
 * interrupt handler must be taken with spin_lock_irqsave().
 */
#ifndef HYP_SPINLOCK_H
#define HYP_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct __attribute__((aligned(4))) spinlock {
	uint16_t owner;
	uint16_t next;
};

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
/* Take l only if it is free right now; true if taken. Never waits. */
bool spin_trylock(struct spinlock *l);
uint64_t spin_lock_irqsave(struct spinlock *l);
void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags);

#endif /* HYP_SPINLOCK_H */
