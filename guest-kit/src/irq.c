/*
 * Interrupt dispatch: the IRQ vector calls gk_irq_dispatch(), which takes
 * every pending interrupt from the GIC, runs its handler and ends it. An
 * interrupt without a handler is counted and disabled, so that it cannot
 * storm.
 */
#include <errno.h>

#include "internal.h"
#include <guestkit/gic.h>
#include <guestkit/irq.h>

struct handler {
	gk_irq_handler_t fn;
	void *arg;
};

static struct handler handlers[GK_IRQ_MAX];
static unsigned long unhandled;

int gk_irq_register(unsigned int intid, gk_irq_handler_t fn, void *arg)
{
	uint64_t flags;

	if (intid >= GK_IRQ_MAX)
		return -EINVAL;
	/* The pair must change together for this vCPU's dispatch. */
	flags = gk_irq_save();
	handlers[intid].arg = arg;
	__atomic_store_n(&handlers[intid].fn, fn, __ATOMIC_RELEASE);
	gk_irq_restore(flags);
	return 0;
}

unsigned long gk_irq_unhandled(void)
{
	return __atomic_load_n(&unhandled, __ATOMIC_RELAXED);
}

void gk_irq_dispatch(void)
{
	for (;;) {
		uint32_t iar = gk_gic_ack();
		unsigned int intid = gk_gic_intid(iar);
		gk_irq_handler_t fn;

		if (intid >= GK_IRQ_MAX)
			return; /* spurious: nothing (more) pending */
		fn = __atomic_load_n(&handlers[intid].fn, __ATOMIC_ACQUIRE);
		if (fn) {
			fn(intid, handlers[intid].arg);
		} else {
			__atomic_fetch_add(&unhandled, 1, __ATOMIC_RELAXED);
			gk_gic_disable(intid);
		}
		gk_gic_eoi(iar);
	}
}
