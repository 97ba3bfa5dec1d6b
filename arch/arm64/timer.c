/*
 * The EL2 physical timer (CNTHP_*) as Tarn's periodic tick. Each CPU counts
 * its ticks in its percpu data; the count shows the timer and the interrupt
 * path work on every CPU. The compare value advances by a fixed period so
 * ticks do not drift with interrupt latency.
 */
#include "arch/arm64/timer.h"

#include "arch/arm64/sysreg.h"
#include "arch/arm64/irq.h"
#include "hyp/percpu.h"
#include "tarn/errno.h"

#define CNTHP_CTL_ENABLE 1

static uint64_t freq;
static uint64_t period;
static unsigned int irq;

uint64_t timer_now(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

uint64_t timer_freq(void)
{
	return freq;
}

uint64_t timer_ns(uint64_t count)
{
	return freq ? count / freq * 1000000000ULL + count % freq * 1000000000ULL / freq : 0;
}

uint64_t timer_ns_to_count(uint64_t ns)
{
	return ns / 1000000000ULL * freq + ns % 1000000000ULL * freq / 1000000000ULL;
}

void timer_program_event(uint64_t when)
{
	if (when < read_sysreg(cnthp_cval_el2)) {
		write_sysreg(cnthp_cval_el2, when);
		isb();
	}
}

static void timer_tick(unsigned int intid, void *arg)
{
	struct percpu *pc = this_cpu();
	uint64_t now = timer_now();
	uint64_t next;

	(void)intid;
	(void)arg;
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
	write_sysreg(cnthp_cval_el2, next);
	isb();
}

int timer_init(unsigned int hyp_irq, uint32_t dt_freq)
{
	freq = read_sysreg(cntfrq_el0);
	if (!freq)
		freq = dt_freq; /* firmware left CNTFRQ unset: trust the tree */
	if (!freq)
		return -TARN_EINVAL;
	period = freq / TIMER_TICK_HZ;
	irq = hyp_irq;
	write_sysreg(cntvoff_el2, 0);
	return irq_request(irq, timer_tick, NULL);
}

void timer_cpu_start(void)
{
	this_cpu()->next_tick = timer_now() + period;
	write_sysreg(cnthp_cval_el2, this_cpu()->next_tick);
	write_sysreg(cnthp_ctl_el2, CNTHP_CTL_ENABLE);
	isb();
	irq_enable_private(irq);
}
