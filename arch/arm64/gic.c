/*
 * The GIC front end: picks the v2 or v3 driver from the device tree, keeps
 * the table of interrupt handlers and dispatches taken interrupts.
 */
#include "arch/arm64/gic.h"

#include "hyp/console/console.h"
#include "arch/arm64/irq.h"
#include "hyp/percpu.h"
#include "tarn/errno.h"

static const struct gic_ops *gic;
static unsigned int gic_ver;
static struct boot_gic gic_desc;

static struct {
	irq_handler_t fn;
	void *arg;
} handlers[IRQ_MAX];

int gic_init(const struct boot_gic *g)
{
	int rc;

	gic_desc = *g;
	gic = g->version == 3 ? &gic_v3_ops : &gic_v2_ops;
	gic_ver = g->version;
	rc = gic->init(g);
	if (rc)
		return rc;
	return gic->cpu_init();
}

const struct boot_gic *gic_hw(void)
{
	return &gic_desc;
}

int gic_cpu_init(void)
{
	return gic->cpu_init();
}

unsigned int gic_version(void)
{
	return gic_ver;
}

unsigned int gic_nr_lines(void)
{
	return gic->nr_lines();
}

void gic_send_sgi(unsigned int cpu, unsigned int sgi)
{
	gic->send_sgi(cpu, sgi);
}

int irq_request(unsigned int intid, irq_handler_t handler, void *arg)
{
	if (intid >= IRQ_MAX || intid >= gic->nr_lines())
		return -TARN_EINVAL;
	handlers[intid].arg = arg;
	handlers[intid].fn = handler;
	gic->enable(intid);
	return 0;
}

void irq_mask(unsigned int intid)
{
	if (intid < IRQ_MAX && intid < gic->nr_lines())
		gic->disable(intid);
}

void irq_unmask(unsigned int intid)
{
	if (intid < IRQ_MAX && intid < gic->nr_lines())
		gic->enable(intid);
}

void irq_release(unsigned int intid)
{
	if (intid >= IRQ_MAX || intid >= gic->nr_lines())
		return;
	gic->disable(intid);
	handlers[intid].fn = NULL;
	handlers[intid].arg = NULL;
}

void irq_enable_private(unsigned int intid)
{
	if (intid < 32)
		gic->enable(intid);
}

void irq_send_sgi(unsigned int cpu, unsigned int sgi)
{
	gic->send_sgi(cpu, sgi);
}

void irq_dispatch(void)
{
	for (;;) {
		/* GICv2's IAR also carries the SGI source CPU, which EOIR wants back. */
		uint32_t iar = gic->ack();
		uint32_t intid = iar & (gic_ver == 2 ? 0x3ff : 0xffffff);

		if (intid >= GIC_SPURIOUS && intid < 1024)
			return;
		if (intid < IRQ_MAX && handlers[intid].fn)
			handlers[intid].fn(intid, handlers[intid].arg);
		else
			printk("unexpected interrupt %u on CPU %u\n", intid, this_cpu()->id);
		gic->eoi(iar);
	}
}
