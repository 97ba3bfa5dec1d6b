/*
 * Device passthrough to the control domain (see passthrough.h and
 * docs/passthrough.md): the host's virtio-mmio transports.
 *
 * MMIO: every 4 KiB page the transports cover is mapped once into the
 * domain's stage 2 at IPA == PA as device memory. Interrupts: each transport's
 * SPI is taken by Tarn and forwarded to the same INTID of the domain's vGIC.
 * virtio-mmio's line is level-sensitive (high until the guest writes
 * InterruptACK), so the handler masks the physical SPI before Tarn's EOI and
 * raises the virtual line; when the guest deactivates the virtual interrupt
 * the vGIC lowers it and calls pt_eoi(), which unmasks the physical SPI. Still
 * high, it fires again at once. DMA: the devices reach host physical memory,
 * so the domain gets one physically contiguous block at IPA == PA, above its
 * RAM0, and its device tree says that every buffer must be in there.
 *
 * May touch: the domain's stage 2, extents and page counts (while it is being
 * built), the GIC's enables and handlers of the passed-through SPIs, the
 * devices' Status registers (to reset them).
 *
 * Locking: pt_lock protects pt_irqs. Taken with IRQs masked, outermost: the
 * handler calls vgic_set_level() (the vgic lock, then scheduler locks) with
 * it held, so that a release cannot free the domain under it. pt_eoi() runs
 * under the vgic lock and does not take it.
 */
#include "hyp/domain/passthrough.h"

#include "arch/arm64/gic.h"
#include "lib/io.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/p2m.h"
#include "hyp/boot/bootinfo.h"
#include "hyp/console/console.h"
#include "hyp/domain/domain.h"
#include "arch/arm64/cpu.h"
#include "arch/arm64/irq.h"
#include "lib/spinlock.h"
#include "arch/arm64/vdev/vgic/vgic.h"
#include "arch/arm64/vdev/vpl011.h"
#include "mm/page-alloc.h"
#include "tarn/errno.h"
#include "tarn/xen.h"

#define VIRTIO_MMIO_MAGIC	0x000
#define VIRTIO_MMIO_DEVICE_ID	0x008
#define VIRTIO_MMIO_STATUS	0x070
#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976 /* "virt" */

/* Blocks of the window's order tried before giving up (4 GiB of RAM). */
#define DMA_MAX_TRIES 1024
#define CHAIN_END     UINT64_MAX

struct pt_irq {
	struct domain *owner; /* NULL: free */
	unsigned int intid;
};

static struct pt_irq pt_irqs[BOOT_MAX_VIRTIO];
static struct guest_fdt_dev pt_devs[BOOT_MAX_VIRTIO];
static unsigned int pt_ndevs;
static unsigned int pt_mapped; /* of pt_devs, those Tarn has mapped (may reset) */
static struct domain *pt_owner;
static struct spinlock pt_lock = SPINLOCK_INIT;

/* IPA ranges of Tarn's guest memory map that passthrough must leave alone. */
static bool ipa_is_free(uint64_t base, uint64_t size, const struct guest_fdt_desc *g)
{
	static const struct {
		uint64_t base, size;
	} fixed[] = {
		{VGIC_DIST_BASE, VGIC_DIST_SIZE},     {VGIC_V3_REDIST_BASE, VGIC_V3_REDIST_SIZE},
		{VPL011_BASE, VPL011_SIZE},	      {GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE},
		{GUEST_MAGIC_BASE, GUEST_MAGIC_SIZE},
	};

	if (base + size < base || base + size > (1ULL << p2m_ipa_bits()))
		return false;
	if (range_overlaps(base, size, g->mem_base, g->mem_size))
		return false;
	for (unsigned int i = 0; i < ARRAY_SIZE(fixed); i++)
		if (range_overlaps(base, size, fixed[i].base, fixed[i].size))
			return false;
	return true;
}

/* Is page pg covered by one of the first n devices (mapped already)? */
static bool page_seen(uint64_t pg, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint64_t b = ALIGN_DOWN(pt_devs[i].base, PAGE_SIZE);
		uint64_t e = ALIGN_UP(pt_devs[i].base + pt_devs[i].size, PAGE_SIZE);

		if (pg >= b && pg < e)
			return true;
	}
	return false;
}

/* Map dev's pages into d and into Tarn (to reset it), each page once. */
static int map_device(struct domain *d, unsigned int n)
{
	const struct guest_fdt_dev *dev = &pt_devs[n];
	uint64_t end = ALIGN_UP(dev->base + dev->size, PAGE_SIZE);

	for (uint64_t pg = ALIGN_DOWN(dev->base, PAGE_SIZE); pg < end; pg += PAGE_SIZE) {
		int rc;

		if (page_seen(pg, n))
			continue;
		rc = p2m_map(d, pg, pa_init(pg), PAGE_SIZE, P2M_DEVICE_RW);
		if (!rc)
			rc = mmu_map_device(pa_init(pg), PAGE_SIZE);
		if (rc)
			return rc;
	}
	return 0;
}

/* A transport with a device behind it goes back to its reset state. */
static void device_reset(const struct guest_fdt_dev *dev)
{
	if (mmio_read32(dev->base + VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE ||
	    !mmio_read32(dev->base + VIRTIO_MMIO_DEVICE_ID))
		return;
	mmio_write32(dev->base + VIRTIO_MMIO_STATUS, 0);
}

/* Which host devices d can have: those whose pages and SPI fit its map. */
static void devices_pick(const struct bootinfo *bi, const struct guest_fdt_desc *g)
{
	pt_ndevs = 0;
	for (unsigned int i = 0; i < bi->nvirtio; i++) {
		const struct boot_virtio *v = &bi->virtio[i];
		uint64_t b = ALIGN_DOWN(v->base, PAGE_SIZE);
		uint64_t e = ALIGN_UP(v->base + v->size, PAGE_SIZE);

		if (v->spi <= VIRQ_VPL011 || v->spi >= VGIC_NR_IRQS || v->spi >= gic_nr_lines() ||
		    !ipa_is_free(b, e - b, g)) {
			printk("passthrough: virtio-mmio at 0x%llx (INTID %u) does not fit the "
			       "control domain's map; not passed through\n",
			       (unsigned long long)v->base, v->spi);
			continue;
		}
		pt_devs[pt_ndevs++] = (struct guest_fdt_dev){v->base, v->size, v->spi};
	}
}

/*
 * A free block of the window's size that fits d's map at IPA == PA. Blocks
 * that do not (inside its RAM0's IPA range, say) are held, chained through
 * their first word, until one does, then given back.
 */
static int dma_block_alloc(const struct guest_fdt_desc *g, paddr_t *out)
{
	uint64_t chain = CHAIN_END;
	int rc = -TARN_ENOMEM;

	for (unsigned int i = 0; i < DMA_MAX_TRIES; i++) {
		paddr_t pa;

		if (page_alloc(PASSTHROUGH_DMA_ORDER, &pa))
			break;
		if (ipa_is_free(pa_val(pa), PASSTHROUGH_DMA_SIZE, g)) {
			*out = pa;
			rc = 0;
			break;
		}
		*(uint64_t *)pa_to_ptr(pa) = chain;
		chain = pa_val(pa);
	}
	while (chain != CHAIN_END) {
		uint64_t next = *(uint64_t *)pa_to_ptr(pa_init(chain));

		page_free(pa_init(chain), PASSTHROUGH_DMA_ORDER);
		chain = next;
	}
	return rc;
}

/* The window joins d's memory as an extent: counted, scrubbed and freed with it. */
static int dma_window_give(struct domain *d, const struct guest_fdt_desc *g, paddr_t *out)
{
	paddr_t pa;
	int rc;

	if (d->nextents == d->extents_cap)
		return -TARN_ENOSPC;
	rc = dma_block_alloc(g, &pa);
	if (rc)
		return rc;
	arch_zero_pages(pa_to_ptr(pa), PASSTHROUGH_DMA_SIZE);
	rc = p2m_map(d, pa_val(pa), pa, PASSTHROUGH_DMA_SIZE, P2M_RAM_RW);
	if (rc) {
		page_free(pa, PASSTHROUGH_DMA_ORDER);
		return rc;
	}
	d->extents[d->nextents++] = (struct mem_extent){pa, pa_val(pa), PASSTHROUGH_DMA_ORDER};
	d->tot_pages += 1ULL << PASSTHROUGH_DMA_ORDER;
	d->max_pages += 1ULL << PASSTHROUGH_DMA_ORDER;
	*out = pa;
	return 0;
}

static void pt_eoi(struct domain *d, unsigned int intid)
{
	(void)d;
	irq_unmask(intid);
}

static void pt_irq_fire(unsigned int intid, void *arg)
{
	struct pt_irq *p = arg;

	spin_lock(&pt_lock); /* in an interrupt handler: IRQs are masked */
	irq_mask(intid);
	if (p->owner)
		vgic_set_level(p->owner, NULL, intid, true);
	spin_unlock(&pt_lock);
}

static int irqs_forward(struct domain *d)
{
	for (unsigned int i = 0; i < pt_ndevs; i++) {
		unsigned int intid = pt_devs[i].spi;
		uint64_t flags;
		int rc = vgic_forward_spi(d, intid, pt_eoi);

		if (rc)
			return rc;
		flags = spin_lock_irqsave(&pt_lock);
		pt_irqs[i] = (struct pt_irq){d, intid};
		spin_unlock_irqrestore(&pt_lock, flags);
		rc = irq_request(intid, pt_irq_fire, &pt_irqs[i]);
		if (rc)
			return rc;
	}
	return 0;
}

int passthrough_assign(struct domain *d, struct guest_fdt_desc *g)
{
	const struct bootinfo *bi = bootinfo_host();
	paddr_t dma;
	int rc;

	if (!bi || !bi->nvirtio)
		return 0;
	if (pt_owner)
		return -TARN_EBUSY;
	devices_pick(bi, g);
	if (!pt_ndevs)
		return 0;
	pt_owner = d;
	for (pt_mapped = 0; pt_mapped < pt_ndevs; pt_mapped++) {
		rc = map_device(d, pt_mapped);
		if (rc)
			return rc;
		device_reset(&pt_devs[pt_mapped]);
	}
	rc = dma_window_give(d, g, &dma);
	if (!rc)
		rc = irqs_forward(d);
	if (rc)
		return rc;
	g->devs = pt_devs;
	g->ndevs = pt_ndevs;
	g->dma_base = pa_val(dma);
	g->dma_size = PASSTHROUGH_DMA_SIZE;
	printk("domain %u (%s): %u virtio-mmio devices passed through (0x%llx.., INTIDs %u..%u), "
	       "DMA window 0x%llx, %llu KiB\n",
	       d->id, d->name, pt_ndevs, (unsigned long long)pt_devs[0].base, pt_devs[0].spi,
	       pt_devs[pt_ndevs - 1].spi, (unsigned long long)g->dma_base,
	       (unsigned long long)(g->dma_size >> 10));
	return 0;
}

void passthrough_release(struct domain *d)
{
	uint64_t flags;

	if (!d || pt_owner != d)
		return;
	flags = spin_lock_irqsave(&pt_lock);
	for (unsigned int i = 0; i < pt_ndevs; i++) {
		if (pt_irqs[i].owner != d)
			continue;
		irq_release(pt_irqs[i].intid);
		vgic_unforward_spi(d, pt_irqs[i].intid);
		pt_irqs[i].owner = NULL;
	}
	spin_unlock_irqrestore(&pt_lock, flags);
	for (unsigned int i = 0; i < pt_mapped; i++)
		device_reset(&pt_devs[i]);
	pt_owner = NULL;
}
