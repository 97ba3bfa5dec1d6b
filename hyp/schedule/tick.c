/*
 * What a CPU does when its timer fires (the arch's hook, timer_expired()):
 * count the periodic tick (debug key 't' shows the counts, proof that every
 * CPU's timer and interrupt path work), wake the blocked vCPUs whose virtual
 * timer is due, and ask for a decision when the running slice has ended. The
 * next event is the earliest of the next tick, the next wake-up and the end
 * of the slice.
 */
#include "arch/arm64/timer.h"
#include "hyp/percpu.h"
#include "hyp/schedule/sched-internal.h"
#include "hyp/schedule/schedule.h"

#define TICK_HZ 100

static uint64_t period; /* counter ticks between periodic ticks */

void tick_cpu_start(void)
{
	struct percpu *pc = this_cpu();

	if (!period)
		period = timer_freq() / TICK_HZ; /* the boot CPU, before any other */
	pc->next_tick = timer_now() + period;
	timer_program_event(pc->next_tick);
}

uint64_t timer_expired(uint64_t now)
{
	struct percpu *pc = this_cpu();
	uint64_t next;

	if (now >= pc->next_tick) {
		pc->ticks++;
		pc->next_tick += period;
		if (pc->next_tick <= now)
			pc->next_tick = now + period; /* fell behind (a stalled CPU): resync */
	}
	next = MIN(pc->next_tick, sched_timer_check(now));
	/* A slice that has ended was just handled (need_resched): the scheduler
	 * sets the next one when it picks; an old end would fire at once forever.
	 * An idle CPU has one too: when the policy wants to look again. */
	if (pc->slice_end > now)
		next = MIN(next, pc->slice_end);
	return next;
}
