/*
 * Ticket spinlocks for ARMv8.0 (no LSE atomics needed: the Cortex-A57 and
 * the Raspberry Pi 4's Cortex-A72 lack them). A CPU takes a ticket with an
 * exclusive load/store pair, then waits in WFE until owner reaches it; the
 * unlocking store-release wakes waiters through the exclusive monitor.
 */
#include "lib/spinlock.h"

#include "arch/arm64/sysreg.h"

void spin_lock(struct spinlock *l)
{
	uint32_t tmp, ticket, fail;
	uint32_t *word = (uint32_t *)(void *)l; /* owner and next as one word */

	/* Take a ticket: bump 'next' (high half) atomically. */
	__asm__ volatile("1:	ldaxr	%w0, [%3]\n"
			 "	add	%w1, %w0, #0x10000\n"
			 "	stxr	%w2, %w1, [%3]\n"
			 "	cbnz	%w2, 1b\n"
			 : "=&r"(ticket), "=&r"(tmp), "=&r"(fail)
			 : "r"(word)
			 : "memory");
	ticket >>= 16;
	/* Wait until 'owner' (low half) reaches our ticket. */
	__asm__ volatile("	sevl\n"
			 "2:	wfe\n"
			 "	ldaxrh	%w0, [%1]\n"
			 "	cmp	%w0, %w2\n"
			 "	b.ne	2b\n"
			 : "=&r"(tmp)
			 : "r"(&l->owner), "r"(ticket)
			 : "memory", "cc");
}

bool spin_trylock(struct spinlock *l)
{
	uint32_t old, fail = 0;
	uint32_t *word = (uint32_t *)(void *)l;

	/* Free means owner == next: then take the next ticket, which is ours. */
	do {
		__asm__ volatile("ldaxr %w0, [%1]" : "=&r"(old) : "r"(word) : "memory");
		if ((old & 0xffff) != (old >> 16)) {
			__asm__ volatile("clrex" : : : "memory");
			return false;
		}
		__asm__ volatile("stxr %w0, %w1, [%2]"
				 : "=&r"(fail)
				 : "r"(old + 0x10000), "r"(word)
				 : "memory");
	} while (fail);
	return true;
}

void spin_unlock(struct spinlock *l)
{
	uint16_t next = (uint16_t)(l->owner + 1);

	__asm__ volatile("stlrh %w0, [%1]" : : "r"(next), "r"(&l->owner) : "memory");
}

uint64_t spin_lock_irqsave(struct spinlock *l)
{
	uint64_t flags = irq_save();

	spin_lock(l);
	return flags;
}

void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
	spin_unlock(l);
	irq_restore(flags);
}
