/*
 * The GIC front end: finds the GIC the device tree describes (v3 first, then
 * v2) and checks arguments before handing calls to its driver. Without a
 * GIC, calls fail with -ENODEV and nothing is ever acknowledged.
 */
#include <errno.h>

#include "gic-ops.h"
#include "internal.h"
#include <guestkit/gic.h>
#include <guestkit/smp.h>

static struct gk_gic_ops *gic;

void gk_gic_init(void)
{
	gic = gk_gicv3_probe();
	if (!gic)
		gic = gk_gicv2_probe();
}

void gk_gic_cpu_init(void)
{
	if (gic)
		gic->cpu_init(gk_cpu_self());
}

int gk_gic_version(void)
{
	return gic ? gic->version : 0;
}

static int check(unsigned int intid)
{
	if (!gic)
		return -ENODEV;
	return intid < gic->lines ? 0 : -EINVAL;
}

int gk_gic_enable(unsigned int intid)
{
	int rc = check(intid);

	if (!rc)
		gic->set_enable(intid, true);
	return rc;
}

int gk_gic_disable(unsigned int intid)
{
	int rc = check(intid);

	if (!rc)
		gic->set_enable(intid, false);
	return rc;
}

int gk_gic_set_priority(unsigned int intid, uint8_t priority)
{
	int rc = check(intid);

	if (!rc)
		gic->set_priority(intid, priority);
	return rc;
}

int gk_gic_route_spi(unsigned int intid, unsigned int cpu)
{
	int rc = check(intid);

	if (!rc && (intid < 32 || cpu >= gk_cpu_count()))
		rc = -EINVAL;
	if (!rc)
		gic->route_spi(intid, cpu);
	return rc;
}

int gk_gic_send_sgi(unsigned int cpu, unsigned int intid)
{
	if (!gic)
		return -ENODEV;
	if (intid > 15 || cpu >= gk_cpu_count())
		return -EINVAL;
	gic->send_sgi(cpu, intid);
	return 0;
}

uint32_t gk_gic_ack(void)
{
	return gic ? gic->ack() : GIC_SPURIOUS;
}

unsigned int gk_gic_intid(uint32_t iar)
{
	return gic ? gic->intid(iar) : GIC_SPURIOUS;
}

void gk_gic_eoi(uint32_t iar)
{
	if (gic)
		gic->eoi(iar);
}
