/*
 * newlib's malloc lock, made real: malloc() may be called from several vCPUs
 * and from interrupt handlers. A recursive spinlock (newlib re-enters it from
 * realloc and friends) that also masks IRQs while held, so that a handler
 * cannot interrupt its own vCPU's malloc. Defining these here keeps newlib's
 * empty versions out of the link.
 */
#include <reent.h>
#include <stdint.h>

#include <guestkit/irq.h>
#include <guestkit/smp.h>
#include <guestkit/spinlock.h>

void __malloc_lock(struct _reent *r);
void __malloc_unlock(struct _reent *r);

static struct gk_spinlock lock = GK_SPINLOCK_INIT;
static int owner = -1; /* vCPU holding the lock */
static unsigned int depth;
static uint64_t saved_daif;

void __malloc_lock(struct _reent *r)
{
	int self = (int)gk_cpu_self();
	uint64_t flags;

	/* Only this vCPU can have stored its own index here. */
	if (__atomic_load_n(&owner, __ATOMIC_RELAXED) == self) {
		depth++;
		return;
	}
	flags = gk_irq_save();
	gk_spin_lock(&lock);
	__atomic_store_n(&owner, self, __ATOMIC_RELAXED);
	depth = 1;
	saved_daif = flags;
}

void __malloc_unlock(struct _reent *r)
{
	uint64_t flags;

	if (--depth)
		return;
	flags = saved_daif;
	__atomic_store_n(&owner, -1, __ATOMIC_RELAXED);
	gk_spin_unlock(&lock);
	gk_irq_restore(flags);
}
