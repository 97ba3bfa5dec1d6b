/*
 * The generic timer (see timer.h): the counter, and the EL2 physical timer
 * whose compare value is the earliest event this CPU's core wants. The
 * interrupt hands the time to the core's hook and sets what it returns.
 */
#include "arch/arm64/timer.h"

#include <stddef.h>

#include "arch/arm64/irq.h"
#include "arch/arm64/sysreg.h"
#include "tarn/errno.h"

#define CNTHP_CTL_ENABLE 1

static uint64_t freq;
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

static void timer_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	write_sysreg(cnthp_cval_el2, timer_expired(timer_now()));
	isb();
}

int timer_init(unsigned int hyp_irq, uint32_t dt_freq)
{
	freq = read_sysreg(cntfrq_el0);
	if (!freq)
		freq = dt_freq; /* firmware left CNTFRQ unset: trust the tree */
	if (!freq)
		return -TARN_EINVAL;
	irq = hyp_irq;
	write_sysreg(cntvoff_el2, 0);
	return irq_request(irq, timer_irq, NULL);
}

void timer_cpu_start(void)
{
	write_sysreg(cnthp_cval_el2, UINT64_MAX); /* the core sets the first event */
	write_sysreg(cnthp_ctl_el2, CNTHP_CTL_ENABLE);
	isb();
	irq_enable_private(irq);
}
