/*
 * The EL2 physical timer (CNTHP_*) as Tarn's periodic tick. Each CPU counts
 * its ticks in its percpu data; the count shows the timer and the interrupt
 * path work on every CPU. The compare value advances by a fixed period so
 * ticks do not drift with interrupt latency.
 */
#include "hyp/timer.h"

#include "arch/arm64/sysreg.h"
#include "hyp/irq.h"
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

static void timer_tick(unsigned int intid, void *arg)
{
	struct percpu *pc = this_cpu();
	uint64_t next = read_sysreg(cnthp_cval_el2) + period;
	uint64_t now = timer_now();

	(void)intid;
	(void)arg;
	pc->ticks++;
	if (next <= now)
		next = now + period; /* fell behind (e.g. a stalled vCPU thread): resync */
	write_sysreg(cnthp_cval_el2, next);
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
	write_sysreg(cnthp_cval_el2, timer_now() + period);
	write_sysreg(cnthp_ctl_el2, CNTHP_CTL_ENABLE);
	isb();
	irq_enable_private(irq);
}
