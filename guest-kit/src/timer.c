/*
 * The generic timer: the virtual counter for time, the virtual timer (EL1,
 * CNTV_*) as a one-shot alarm per vCPU. The alarm's INTID comes from the
 * tree's timer node (third interrupt: the virtual timer), PPI 27 otherwise.
 */
#include <errno.h>

#include "internal.h"
#include "sysreg.h"
#include <guestkit/fdt.h>
#include <guestkit/gic.h>
#include <guestkit/irq.h>
#include <guestkit/timer.h>

#define NS_PER_SEC	1000000000ULL
#define CNTV_CTL_ENABLE 1
#define PPI_BASE	16
#define SPI_BASE	32

static uint64_t freq;
static unsigned int timer_intid = 27;

uint64_t gk_counter(void)
{
	isb(); /* no reading ahead of earlier instructions */
	return read_sysreg(cntvct_el0);
}

uint64_t gk_counter_freq(void)
{
	if (!freq)
		freq = read_sysreg(cntfrq_el0) & 0xFFFFFFFF;
	return freq;
}

/* Both conversions split off whole seconds to stay within 64 bits. */
uint64_t gk_ticks_to_ns(uint64_t ticks)
{
	uint64_t f = gk_counter_freq();

	return ticks / f * NS_PER_SEC + ticks % f * NS_PER_SEC / f;
}

uint64_t gk_ns_to_ticks(uint64_t ns)
{
	uint64_t f = gk_counter_freq();

	return ns / NS_PER_SEC * f + ns % NS_PER_SEC * f / NS_PER_SEC;
}

uint64_t gk_ns_now(void)
{
	return gk_ticks_to_ns(gk_counter());
}

void gk_udelay(uint64_t us)
{
	uint64_t end = gk_counter() + gk_ns_to_ticks(us * 1000);

	while (gk_counter() < end)
		cpu_relax();
}

unsigned int gk_timer_intid(void)
{
	return timer_intid;
}

static void timer_irq(unsigned int intid, void *unused)
{
	struct gk_percpu *pc = &gk_percpu[gk_cpu_self()];
	gk_timer_fn fn = pc->timer_fn;

	/* Disabling the timer drops its (level) interrupt. */
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	pc->timer_fn = NULL;
	if (fn)
		fn(pc->timer_arg);
}

int gk_timer_set(uint64_t deadline_ns, gk_timer_fn fn, void *arg)
{
	struct gk_percpu *pc;
	uint64_t flags;

	if (!gk_gic_version())
		return -ENODEV;
	flags = gk_irq_save();
	pc = &gk_percpu[gk_cpu_self()];
	pc->timer_fn = fn;
	pc->timer_arg = arg;
	write_sysreg(cntv_cval_el0, gk_ns_to_ticks(deadline_ns));
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
	gk_irq_restore(flags);
	return 0;
}

void gk_timer_cancel(void)
{
	uint64_t flags = gk_irq_save();

	write_sysreg(cntv_ctl_el0, 0);
	isb();
	gk_percpu[gk_cpu_self()].timer_fn = NULL;
	gk_irq_restore(flags);
}

static void read_intid(void)
{
	static const char *const compats[] = {"arm,armv8-timer", "arm,armv7-timer", NULL};
	int node = gk_fdt_find_compatible(compats);
	const fdt32_t *irqs;
	int len;

	if (node < 0)
		return;
	irqs = fdt_getprop(gk_fdt(), node, "interrupts", &len);
	/* <type number flags> per interrupt (GIC binding); the 3rd is virtual. */
	if (!irqs || len < 9 * 4)
		return;
	timer_intid = fdt32_ld(&irqs[7]) + (fdt32_ld(&irqs[6]) == 1 ? PPI_BASE : SPI_BASE);
}

void gk_timer_init(void)
{
	gk_counter_freq();
	read_intid();
	gk_irq_register(timer_intid, timer_irq, NULL);
}

void gk_timer_cpu_init(void)
{
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	gk_gic_enable(timer_intid);
}
