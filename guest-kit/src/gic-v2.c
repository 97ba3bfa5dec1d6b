/*
 * GICv2 driver: distributor (GICD) and CPU interface (GICC), both MMIO. On
 * Xen the GICC page is the hardware's virtual CPU interface, mapped straight
 * through; the GICD is emulated. Interrupts stay in Group 0, which a virtual
 * CPU interface signals as IRQ. SGIs target CPU interfaces, whose mask each
 * vCPU reads from its banked GICD_ITARGETSR0.
 */
#include <stdbool.h>
#include <stdint.h>

#include "gic-ops.h"
#include "internal.h"
#include "mmio.h"
#include "sysreg.h"
#include <guestkit/fdt.h>
#include <guestkit/gic.h>
#include <guestkit/mmu.h>
#include <guestkit/spinlock.h>

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_SGIR	0xF00

#define GICC_CTLR 0x00
#define GICC_PMR  0x04
#define GICC_BPR  0x08
#define GICC_IAR  0x0C
#define GICC_EOIR 0x10

static uint64_t gicd, gicc;
static struct gk_spinlock lock = GK_SPINLOCK_INIT;

/* Read-modify-write of one byte lane of a shared 32-bit GICD register. */
static void gicd_write_byte(uint64_t reg_base, unsigned int intid, uint8_t val)
{
	uint64_t reg = gicd + reg_base + (intid & ~3u);
	unsigned int shift = 8 * (intid % 4);
	uint64_t flags = gk_spin_lock_irqsave(&lock);
	uint32_t v = mmio_read32(reg);

	mmio_write32(reg, (v & ~(0xFFu << shift)) | (uint32_t)val << shift);
	gk_spin_unlock_irqrestore(&lock, flags);
}

static void v2_set_enable(unsigned int intid, bool on)
{
	mmio_write32(gicd + (on ? GICD_ISENABLER : GICD_ICENABLER) + 4 * (intid / 32),
		     1u << (intid % 32));
}

static void v2_set_priority(unsigned int intid, uint8_t priority)
{
	gicd_write_byte(GICD_IPRIORITYR, intid, priority);
}

static uint8_t cpu_target(unsigned int cpu)
{
	uint32_t t = gk_percpu[cpu].gicv2_target;

	return (uint8_t)(t ? t : 1u << (cpu % 8));
}

static void v2_route_spi(unsigned int intid, unsigned int cpu)
{
	gicd_write_byte(GICD_ITARGETSR, intid, cpu_target(cpu));
}

static void v2_send_sgi(unsigned int cpu, unsigned int intid)
{
	dsb(ishst);
	mmio_write32(gicd + GICD_SGIR, (uint32_t)cpu_target(cpu) << 16 | intid);
}

static uint32_t v2_ack(void)
{
	return mmio_read32(gicc + GICC_IAR);
}

static unsigned int v2_intid(uint32_t iar)
{
	return iar & 0x3FF; /* bits 12:10 name an SGI's sender */
}

static void v2_eoi(uint32_t iar)
{
	mmio_write32(gicc + GICC_EOIR, iar);
}

static void v2_cpu_init(unsigned int cpu)
{
	/* Banked: the byte for SGI 0 holds this CPU interface's own bit. */
	gk_percpu[cpu].gicv2_target = mmio_read32(gicd + GICD_ITARGETSR) & 0xFF;
	mmio_write32(gicd + GICD_ICENABLER, ~0u);
	for (unsigned int i = 0; i < 32; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, GK_GIC_DEFAULT_PRIORITY * 0x01010101u);
	mmio_write32(gicc + GICC_PMR, GIC_PRIORITY_MASK);
	mmio_write32(gicc + GICC_BPR, 0);
	mmio_write32(gicc + GICC_CTLR, 1);
}

static struct gk_gic_ops v2_ops = {
	.version = 2,
	.cpu_init = v2_cpu_init,
	.set_enable = v2_set_enable,
	.set_priority = v2_set_priority,
	.route_spi = v2_route_spi,
	.send_sgi = v2_send_sgi,
	.ack = v2_ack,
	.intid = v2_intid,
	.eoi = v2_eoi,
};

static void v2_dist_init(void)
{
	unsigned int lines = ((mmio_read32(gicd + GICD_TYPER) & 0x1F) + 1) * 32;
	uint32_t self = mmio_read32(gicd + GICD_ITARGETSR) & 0xFF;

	v2_ops.lines = lines > 1020 ? 1020 : lines;
	if (!self)
		self = 1; /* a uniprocessor GIC reads as 0 */
	mmio_write32(gicd + GICD_CTLR, 0);
	for (unsigned int i = 32; i < v2_ops.lines; i += 32)
		mmio_write32(gicd + GICD_ICENABLER + i / 8, ~0u);
	for (unsigned int i = 32; i < v2_ops.lines; i += 4) {
		mmio_write32(gicd + GICD_IPRIORITYR + i, GK_GIC_DEFAULT_PRIORITY * 0x01010101u);
		mmio_write32(gicd + GICD_ITARGETSR + i, self * 0x01010101u);
	}
	mmio_write32(gicd + GICD_CTLR, 1);
}

struct gk_gic_ops *gk_gicv2_probe(void)
{
	static const char *const compats[] = {"arm,gic-400", "arm,cortex-a15-gic",
					      "arm,cortex-a9-gic", "arm,cortex-a7-gic", NULL};
	int node = gk_fdt_find_compatible(compats);
	uint64_t dsize, csize;

	if (node < 0 || gk_fdt_reg(node, 0, &gicd, &dsize) || gk_fdt_reg(node, 1, &gicc, &csize))
		return NULL;
	if (gk_mmu_map(gicd, dsize, GK_MEM_DEVICE) || gk_mmu_map(gicc, csize, GK_MEM_DEVICE))
		return NULL;
	v2_dist_init();
	return &v2_ops;
}
