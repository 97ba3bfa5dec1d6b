/*
 * GICv3 driver: distributor (GICD) with affinity routing, one redistributor
 * (GICR) per vCPU, found by matching GICR_TYPER's affinity with the vCPU's
 * MPIDR, and the ICC_* system-register CPU interface. Everything is
 * non-secure Group 1; SPIs go to the boot vCPU unless routed elsewhere.
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

#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IGROUPR	0x0080
#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER	0x6000
#define GICD_CTLR_RWP	(1u << 31)
#define GICD_CTLR_ARE	(1u << 4)
#define GICD_CTLR_G1A	(1u << 1)
#define GICD_CTLR_G1	(1u << 0)

#define GICR_CTLR	  0x0000
#define GICR_TYPER	  0x0008
#define GICR_WAKER	  0x0014
#define GICR_CTLR_RWP	  (1u << 3)
#define GICR_WAKER_SLEEP  (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_TYPER_VLPIS  (1ULL << 1)
#define GICR_TYPER_LAST	  (1ULL << 4)
#define GICR_FRAME	  0x10000 /* RD_base, then SGI_base */
#define GICR_SGI	  GICR_FRAME

#define MAX_RDIST_REGIONS 8
#define POLL_LIMIT	  1000000

static uint64_t gicd;
static uint64_t rdist_base[MAX_RDIST_REGIONS], rdist_size[MAX_RDIST_REGIONS];
static unsigned int nrdist;
static uint64_t rdist_stride; /* 0: from GICR_TYPER */
static struct gk_spinlock lock = GK_SPINLOCK_INIT;

static void wait_rwp(uint64_t reg, uint32_t bit)
{
	for (int i = 0; i < POLL_LIMIT && (mmio_read32(reg) & bit); i++)
		cpu_relax();
}

/* GICR_TYPER[63:32] and ICC_SGI1R use the affinity without MPIDR's gaps. */
static uint32_t packed_affinity(uint64_t mpidr)
{
	return (uint32_t)((mpidr >> 32 & 0xFF) << 24 | (mpidr & 0xFFFFFF));
}

static uint64_t find_rdist(uint64_t mpidr)
{
	for (unsigned int r = 0; r < nrdist; r++) {
		uint64_t rd = rdist_base[r];

		while (rd + 2 * GICR_FRAME <= rdist_base[r] + rdist_size[r]) {
			uint64_t typer = mmio_read64(rd + GICR_TYPER);

			if ((uint32_t)(typer >> 32) == packed_affinity(mpidr))
				return rd;
			if (typer & GICR_TYPER_LAST)
				break;
			rd += rdist_stride ? rdist_stride
					   : 2 * GICR_FRAME * ((typer & GICR_TYPER_VLPIS) ? 2 : 1);
		}
	}
	return 0;
}

static uint64_t rdist_sgi(void)
{
	return gk_percpu[gk_cpu_self()].gicr + GICR_SGI;
}

static void v3_set_enable(unsigned int intid, bool on)
{
	uint32_t bit = 1u << (intid % 32);

	if (intid < 32) {
		mmio_write32(rdist_sgi() + (on ? GICD_ISENABLER : GICD_ICENABLER), bit);
		if (!on)
			wait_rwp(gk_percpu[gk_cpu_self()].gicr + GICR_CTLR, GICR_CTLR_RWP);
		return;
	}
	mmio_write32(gicd + (on ? GICD_ISENABLER : GICD_ICENABLER) + 4 * (intid / 32), bit);
	if (!on)
		wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);
}

static void v3_set_priority(unsigned int intid, uint8_t priority)
{
	uint64_t reg = (intid < 32 ? rdist_sgi() : gicd) + GICD_IPRIORITYR + (intid & ~3u);
	unsigned int shift = 8 * (intid % 4);
	uint64_t flags = gk_spin_lock_irqsave(&lock);
	uint32_t v = mmio_read32(reg);

	v = (v & ~(0xFFu << shift)) | (uint32_t)priority << shift;
	mmio_write32(reg, v);
	gk_spin_unlock_irqrestore(&lock, flags);
}

static void v3_route_spi(unsigned int intid, unsigned int cpu)
{
	mmio_write64(gicd + GICD_IROUTER + 8ULL * intid, gk_percpu[cpu].mpidr & MPIDR_AFF_MASK);
}

static void v3_send_sgi(unsigned int cpu, unsigned int intid)
{
	uint64_t mpidr = gk_percpu[cpu].mpidr;
	uint64_t aff0 = mpidr & 0xFF;
	uint64_t v = (mpidr >> 32 & 0xFF) << 48 | (mpidr >> 16 & 0xFF) << 32 |
		     (mpidr >> 8 & 0xFF) << 16 | (uint64_t)intid << 24 | (aff0 >> 4) << 44 |
		     1ULL << (aff0 & 0xF);

	/* Memory written before the SGI must be visible to its handler. */
	dsb(ishst);
	write_sysreg(icc_sgi1r_el1, v);
	isb();
}

static uint32_t v3_ack(void)
{
	uint32_t iar = (uint32_t)read_sysreg(icc_iar1_el1);

	dsb(sy);
	return iar;
}

static unsigned int v3_intid(uint32_t iar)
{
	return iar & 0xFFFFFF;
}

static void v3_eoi(uint32_t iar)
{
	write_sysreg(icc_eoir1_el1, iar);
	isb();
}

static void v3_cpu_iface_init(void)
{
	write_sysreg(icc_sre_el1, read_sysreg(icc_sre_el1) | 1);
	isb();
	write_sysreg(icc_pmr_el1, GIC_PRIORITY_MASK);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_ctlr_el1, 0); /* EOImode 0: EOI also deactivates */
	write_sysreg(icc_igrpen1_el1, 1);
	isb();
}

static void v3_cpu_init(unsigned int cpu)
{
	uint64_t rd = find_rdist(gk_percpu[cpu].mpidr);
	uint64_t sgi = rd + GICR_SGI;

	if (!rd)
		return; /* no redistributor: this vCPU gets no SGIs or PPIs */
	gk_percpu[cpu].gicr = rd;
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	wait_rwp(rd + GICR_WAKER, GICR_WAKER_ASLEEP);
	mmio_write32(sgi + GICD_IGROUPR, ~0u);
	mmio_write32(sgi + GICD_ICENABLER, ~0u);
	wait_rwp(rd + GICR_CTLR, GICR_CTLR_RWP);
	for (unsigned int i = 0; i < 32; i += 4)
		mmio_write32(sgi + GICD_IPRIORITYR + i, GK_GIC_DEFAULT_PRIORITY * 0x01010101u);
	v3_cpu_iface_init();
}

static struct gk_gic_ops v3_ops = {
	.version = 3,
	.cpu_init = v3_cpu_init,
	.set_enable = v3_set_enable,
	.set_priority = v3_set_priority,
	.route_spi = v3_route_spi,
	.send_sgi = v3_send_sgi,
	.ack = v3_ack,
	.intid = v3_intid,
	.eoi = v3_eoi,
};

static void v3_dist_init(uint64_t boot_mpidr)
{
	unsigned int lines = ((mmio_read32(gicd + GICD_TYPER) & 0x1F) + 1) * 32;

	v3_ops.lines = lines > 1020 ? 1020 : lines;
	mmio_write32(gicd + GICD_CTLR, 0);
	wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);
	for (unsigned int i = 32; i < v3_ops.lines; i += 32) {
		mmio_write32(gicd + GICD_IGROUPR + i / 8, ~0u);
		mmio_write32(gicd + GICD_ICENABLER + i / 8, ~0u);
	}
	wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);
	for (unsigned int i = 32; i < v3_ops.lines; i += 4)
		mmio_write32(gicd + GICD_IPRIORITYR + i, GK_GIC_DEFAULT_PRIORITY * 0x01010101u);
	for (unsigned int i = 32; i < v3_ops.lines; i++)
		mmio_write64(gicd + GICD_IROUTER + 8ULL * i, boot_mpidr & MPIDR_AFF_MASK);
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_G1A | GICD_CTLR_G1);
	wait_rwp(gicd + GICD_CTLR, GICD_CTLR_RWP);
}

static void read_stride(int node)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(gk_fdt(), node, "redistributor-stride", &len);
	if (p && len == 8)
		rdist_stride = fdt64_ld((const fdt64_t *)p);
	else if (p && len == 4)
		rdist_stride = fdt32_ld(p);
}

struct gk_gic_ops *gk_gicv3_probe(void)
{
	static const char *const compats[] = {"arm,gic-v3", NULL};
	int node = gk_fdt_find_compatible(compats);
	uint64_t size;
	const fdt32_t *p;
	unsigned int regions = 1;

	if (node < 0 || gk_fdt_reg(node, 0, &gicd, &size) || gk_mmu_map(gicd, size, GK_MEM_DEVICE))
		return NULL;
	p = fdt_getprop(gk_fdt(), node, "#redistributor-regions", NULL);
	if (p)
		regions = fdt32_ld(p);
	for (unsigned int i = 0; i < regions && nrdist < MAX_RDIST_REGIONS; i++) {
		if (gk_fdt_reg(node, 1 + (int)i, &rdist_base[nrdist], &rdist_size[nrdist]))
			break;
		if (!gk_mmu_map(rdist_base[nrdist], rdist_size[nrdist], GK_MEM_DEVICE))
			nrdist++;
	}
	if (!nrdist)
		return NULL;
	read_stride(node);
	v3_dist_init(gk_percpu[gk_cpu_self()].mpidr);
	return &v3_ops;
}
