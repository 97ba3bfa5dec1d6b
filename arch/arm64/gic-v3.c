/*
 * GICv3 driver: distributor with affinity routing, one redistributor per CPU
 * (found by matching GICR_TYPER's affinity against MPIDR), and the system-
 * register CPU interface. All interrupts are non-secure Group 1; SPIs are
 * routed to the boot CPU.
 */
#include "arch/arm64/gic.h"

#include "lib/io.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/sysreg.h"
#include "hyp/console/console.h"
#include "hyp/percpu.h"
#include "tarn/errno.h"

#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IGROUPR	0x0080
#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_ICPENDR	0x0280
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER	0x6000
#define GICD_CTLR_RWP	(1u << 31)
#define GICD_CTLR_ARE	(1u << 4)
#define GICD_CTLR_GRP1	(1u << 1)

#define GICR_CTLR	  0x0000
#define GICR_CTLR_RWP	  (1u << 3)
#define GICR_TYPER	  0x0008
#define GICR_WAKER	  0x0014
#define GICR_WAKER_SLEEP  (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_TYPER_VLPIS  (1ULL << 1)
#define GICR_TYPER_LAST	  (1ULL << 4)
#define GICR_SGI	  0x10000 /* SGI_base frame */

static uint64_t dist;
static unsigned int lines;
static struct mem_range redist[BOOT_MAX_REDIST];
static unsigned int nredist;

static void dist_wait_rwp(void)
{
	while (mmio_read32(dist + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

static uint64_t mpidr_to_affinity(uint64_t mpidr)
{
	/* GICD_IROUTER wants Aff3 at [39:32] and Aff2..0 at [23:0], like MPIDR. */
	return mpidr & MPIDR_AFF_MASK;
}

static int v3_init(const struct boot_gic *g)
{
	uint64_t boot_aff = mpidr_to_affinity(read_sysreg(mpidr_el1));

	dist = g->dist.base;
	if (mmu_map_device(pa_init(g->dist.base), g->dist.size))
		return -TARN_ENOMEM;
	for (unsigned int i = 0; i < g->nredist; i++) {
		redist[i] = g->redist[i];
		if (mmu_map_device(pa_init(redist[i].base), redist[i].size))
			return -TARN_ENOMEM;
	}
	nredist = g->nredist;
	lines = MIN(32 * ((mmio_read32(dist + GICD_TYPER) & 0x1f) + 1), 1020u);

	mmio_write32(dist + GICD_CTLR, 0);
	dist_wait_rwp();
	for (unsigned int i = 32; i < lines; i += 32) {
		mmio_write32(dist + GICD_IGROUPR + i / 8, ~0u);
		mmio_write32(dist + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(dist + GICD_ICPENDR + i / 8, ~0u);
	}
	for (unsigned int i = 32; i < lines; i++) {
		mmio_write8(dist + GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT);
		mmio_write64(dist + GICD_IROUTER + 8 * i, boot_aff);
	}
	dist_wait_rwp();
	mmio_write32(dist + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	dist_wait_rwp();
	return 0;
}

/* Walk the redistributor frames for the one whose affinity is this CPU's. */
static uint64_t redist_find(uint64_t mpidr)
{
	uint64_t aff = ((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff);

	for (unsigned int r = 0; r < nredist; r++) {
		uint64_t base = redist[r].base;
		uint64_t end = base + redist[r].size;

		while (base < end) {
			uint64_t typer = mmio_read64(base + GICR_TYPER);

			if ((typer >> 32) == aff)
				return base;
			if (typer & GICR_TYPER_LAST)
				break;
			base += (typer & GICR_TYPER_VLPIS) ? 0x40000 : 0x20000;
		}
	}
	return 0;
}

static int v3_cpu_init(void)
{
	struct percpu *pc = this_cpu();
	uint64_t rd = redist_find(read_sysreg(mpidr_el1));
	uint64_t sgi;

	if (!rd) {
		printk("GICv3: no redistributor for CPU %u (MPIDR 0x%llx)\n", pc->id,
		       (unsigned long long)read_sysreg(mpidr_el1));
		return -TARN_ENODEV;
	}
	pc->arch.gic_redist = rd;
	sgi = rd + GICR_SGI;
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP)
		;
	mmio_write32(sgi + GICD_IGROUPR, ~0u);
	mmio_write32(sgi + GICD_ICENABLER, ~0u);
	mmio_write32(sgi + GICD_ICPENDR, ~0u);
	for (unsigned int i = 0; i < 32; i++)
		mmio_write8(sgi + GICD_IPRIORITYR + i, GIC_PRIO_DEFAULT);

	/* System-register interface for EL2 and, later, EL1. */
	write_sysreg(ICC_SRE_EL2, read_sysreg(ICC_SRE_EL2) | 0xf);
	isb();
	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1, 0);
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
	return 0;
}

static uint32_t v3_ack(void)
{
	uint32_t intid = (uint32_t)read_sysreg(ICC_IAR1_EL1);

	dsb_sy();
	return intid;
}

static void v3_eoi(uint32_t intid)
{
	write_sysreg(ICC_EOIR1_EL1, intid);
	isb();
}

static void v3_enable(uint32_t intid)
{
	if (intid < 32)
		mmio_write32(this_cpu()->arch.gic_redist + GICR_SGI + GICD_ISENABLER, 1u << intid);
	else
		mmio_write32(dist + GICD_ISENABLER + (intid / 32) * 4, 1u << (intid % 32));
}

/* ICENABLER takes effect when RWP clears (the redistributor's for SGIs/PPIs). */
static void v3_disable(uint32_t intid)
{
	if (intid < 32) {
		uint64_t rd = this_cpu()->arch.gic_redist;

		mmio_write32(rd + GICR_SGI + GICD_ICENABLER, 1u << intid);
		while (mmio_read32(rd + GICR_CTLR) & GICR_CTLR_RWP)
			;
	} else {
		mmio_write32(dist + GICD_ICENABLER + (intid / 32) * 4, 1u << (intid % 32));
		dist_wait_rwp();
	}
}

static void v3_send_sgi(unsigned int cpu, unsigned int sgi)
{
	uint64_t mpidr = percpu_data[cpu].arch.mpidr;
	uint64_t v = ((mpidr >> 32 & 0xff) << 48) | ((mpidr >> 16 & 0xff) << 32) |
		     ((uint64_t)(sgi & 0xf) << 24) | ((mpidr >> 8 & 0xff) << 16) |
		     (1ULL << (mpidr & 0xf));

	dsb_ish();
	write_sysreg(ICC_SGI1R_EL1, v);
	isb();
}

static unsigned int v3_nr_lines(void)
{
	return lines;
}

const struct gic_ops gic_v3_ops = {
	.init = v3_init,
	.cpu_init = v3_cpu_init,
	.ack = v3_ack,
	.eoi = v3_eoi,
	.enable = v3_enable,
	.disable = v3_disable,
	.send_sgi = v3_send_sgi,
	.nr_lines = v3_nr_lines,
};
