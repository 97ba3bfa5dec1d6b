/*
 * Host-side support for the unit tests: what the hypervisor provides to the
 * arch-neutral code under test, done the cmocka way.
 *
 * hyp_assert_fail() reports through cmocka's mock_assert(), so a test can
 * check that Tarn catches its own invariant violations with
 * expect_assert_failure().
 *
 * The spinlocks are single-threaded stand-ins for arch/arm64/spinlock.c. They
 * still keep the ticket counters, so that taking a lock twice (a deadlock on
 * the real machine) or releasing a free one fails loudly instead of passing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "lib/assert.h"
#include "lib/spinlock.h"

void hyp_assert_fail(const char *expr, const char *file, int line)
{
	mock_assert(0, expr, file, line);
	abort(); /* mock_assert() returns only outside expect_assert_failure() */
}

void spin_lock(struct spinlock *l)
{
	ASSERT(l->owner == l->next); /* held already: would spin forever */
	l->next++;
}

void spin_unlock(struct spinlock *l)
{
	ASSERT(l->owner != l->next); /* not held */
	l->owner++;
}

bool spin_trylock(struct spinlock *l)
{
	if (l->owner != l->next)
		return false;
	l->next++;
	return true;
}

/* No interrupts on the host: the flags only have to round-trip. */
uint64_t spin_lock_irqsave(struct spinlock *l)
{
	spin_lock(l);
	return 0;
}

void spin_unlock_irqrestore(struct spinlock *l, uint64_t flags)
{
	(void)flags;
	spin_unlock(l);
}
