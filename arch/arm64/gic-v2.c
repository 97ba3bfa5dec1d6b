/*
 * GICv2 driver (QEMU virt with gic-version=2, the Raspberry Pi 4's GIC-400):
 * memory-mapped distributor and CPU interface. All interrupts are Group 0,
 * signalled as IRQ; SPIs target the boot CPU.
 */
#include "arch/arm64/gic.h"

#include "lib/io.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/sysreg.h"
#include "hyp/percpu.h"
#include "tarn/errno.h"

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_IGROUPR	0x080
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ICPENDR	0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_SGIR	0xf00

#define GICC_CTLR 0x000
#define GICC_PMR  0x004
#define GICC_BPR  0x008
#define GICC_IAR  0x00c
#define GICC_EOIR 0x010

static uint64_t dist, cpuif;
static unsigned int lines;
static uint8_t boot_mask;

/* Reading a banked ITARGETSR of SGIs/PPIs gives the reading CPU's own bit. */
static uint8_t cpu_mask_read(void)
{
	uint32_t t = mmio_read32(dist + GICD_ITARGETSR);

	t |= t >> 16;
	t |= t >> 8;
	return (uint8_t)t;
}

static int v2_init(const struct boot_gic *g)
{
	dist = g->dist.base;
	cpuif = g->cpu.base;
	if (mmu_map_device(pa_init(g->dist.base), g->dist.size) ||
	    mmu_map_device(pa_init(g->cpu.base), MAX(g->cpu.size, 0x2000)))
		return -TARN_ENOMEM;
	lines = MIN(32 * ((mmio_read32(dist + GICD_TYPER) & 0x1f) + 1), 1020u);
	boot_mask = cpu_mask_read();

	mmio_write32(dist + GICD_CTLR, 0);
	for (unsigned int i = 32; i < lines; i += 32) {
		mmio_write32(dist + GICD_IGROUPR + i / 8, 0);
		mmio_write32(dist + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(dist + GICD_ICPENDR + i / 8, ~0u);
	}
	for (unsigned int i = 32; i < lines; i++) {
		mmio_write8(dist + GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT);
		mmio_write8(dist + GICD_ITARGETSR + i, boot_mask);
	}
	mmio_write32(dist + GICD_CTLR, 1);
	return 0;
}

static int v2_cpu_init(void)
{
	this_cpu()->arch.gic_mask = cpu_mask_read();
	mmio_write32(dist + GICD_IGROUPR, 0);
	mmio_write32(dist + GICD_ICENABLER, ~0u);
	mmio_write32(dist + GICD_ICPENDR, ~0u);
	for (unsigned int i = 0; i < 32; i++)
		mmio_write8(dist + GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT);
	mmio_write32(cpuif + GICC_PMR, 0xff);
	mmio_write32(cpuif + GICC_BPR, 0);
	mmio_write32(cpuif + GICC_CTLR, 1);
	return 0;
}

static uint32_t v2_ack(void)
{
	return mmio_read32(cpuif + GICC_IAR);
}

static void v2_eoi(uint32_t intid)
{
	mmio_write32(cpuif + GICC_EOIR, intid);
}

static void v2_enable(uint32_t intid)
{
	mmio_write32(dist + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

static void v2_disable(uint32_t intid)
{
	mmio_write32(dist + GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
	dsb_sy();
}

static void v2_send_sgi(unsigned int cpu, unsigned int sgi)
{
	dsb_ish();
	mmio_write32(dist + GICD_SGIR, ((uint32_t)percpu_data[cpu].arch.gic_mask << 16) | (sgi & 0xf));
}

static unsigned int v2_nr_lines(void)
{
	return lines;
}

const struct gic_ops gic_v2_ops = {
	.init = v2_init,
	.cpu_init = v2_cpu_init,
	.ack = v2_ack,
	.eoi = v2_eoi,
	.enable = v2_enable,
	.disable = v2_disable,
	.send_sgi = v2_send_sgi,
	.nr_lines = v2_nr_lines,
};
