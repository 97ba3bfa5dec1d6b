/*
 * The virtio-mmio transport (see virtio-mmio.h): finding devices in the
 * device tree, the status and feature handshake, queue 0 in either layout,
 * notification and completion.
 *
 * Layout of queue 0, in one zeroed block of the DMA window: the descriptor
 * table, the available ring right after it, the used ring at the next page
 * (the legacy layout with QueueAlign 4096, which version 2 accepts too).
 *
 * Ordering: the device reads the rings as memory, so descriptor and ring
 * stores are ordered before the index store (dmb ishst), the index store
 * before the QueueNotify write (dsb st: Normal memory before Device), and
 * the used index read before the used element (dmb ishld). The window is
 * dma-coherent: no cache maintenance.
 *
 * May touch: the device's registers, its DMA window, its interrupt's handler
 * and GIC enable.
 */
#include <stddef.h>
#include <string.h>

#include "mmio.h"
#include "virtio-mmio.h"
#include <guestkit/fdt.h>
#include <guestkit/gic.h>
#include <guestkit/irq.h>
#include <guestkit/smp.h>
#include <tarn/errno.h>

#define VIO_MAGIC	     0x000
#define VIO_VERSION	     0x004
#define VIO_DEVICE_ID	     0x008
#define VIO_DEVICE_FEATURES  0x010
#define VIO_DEVICE_FEAT_SEL  0x014
#define VIO_DRIVER_FEATURES  0x020
#define VIO_DRIVER_FEAT_SEL  0x024
#define VIO_GUEST_PAGE_SIZE  0x028 /* legacy */
#define VIO_QUEUE_SEL	     0x030
#define VIO_QUEUE_NUM_MAX    0x034
#define VIO_QUEUE_NUM	     0x038
#define VIO_QUEUE_ALIGN	     0x03c /* legacy */
#define VIO_QUEUE_PFN	     0x040 /* legacy */
#define VIO_QUEUE_READY	     0x044
#define VIO_QUEUE_NOTIFY     0x050
#define VIO_INTERRUPT_STATUS 0x060
#define VIO_INTERRUPT_ACK    0x064
#define VIO_STATUS	     0x070
#define VIO_QUEUE_DESC_LO    0x080
#define VIO_QUEUE_DESC_HI    0x084
#define VIO_QUEUE_DRIVER_LO  0x090
#define VIO_QUEUE_DRIVER_HI  0x094
#define VIO_QUEUE_DEVICE_LO  0x0a0
#define VIO_QUEUE_DEVICE_HI  0x0a4
#define VIO_CONFIG	     0x100

#define VIO_MAGIC_VALUE 0x74726976 /* "virt" */

#define STATUS_ACKNOWLEDGE 1
#define STATUS_DRIVER	   2
#define STATUS_DRIVER_OK   4
#define STATUS_FEATURES_OK 8
#define STATUS_FAILED	   128

#define PAGE		4096ULL
#define DMA_MAX_WINDOWS 4

static const char *const compat_virtio[] = {"virtio,mmio", NULL};

/* The DMA windows handed out so far: a bump allocator each. */
static struct {
	uint64_t base, size, used;
} windows[DMA_MAX_WINDOWS];

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static int next_virtio(int prev)
{
	const void *fdt = gk_fdt();

	for (;;) {
		prev = fdt_node_offset_by_compatible(fdt, prev, compat_virtio[0]);
		if (prev < 0 || gk_fdt_enabled(prev))
			return prev;
	}
}

/* The SPI of node's first interrupt specifier (GIC binding), 0 if none. */
static unsigned int node_spi(int node)
{
	int len;
	const fdt32_t *p = fdt_getprop(gk_fdt(), node, "interrupts", &len);

	if (!p || len < 12 || fdt32_to_cpu(p[0]) != 0)
		return 0;
	return 32 + fdt32_to_cpu(p[1]);
}

int vio_find(uint32_t device_id, unsigned int index, struct vio_dev *v)
{
	for (int node = next_virtio(-1); node >= 0; node = next_virtio(node)) {
		uint64_t base, size;
		uint32_t version;

		if (gk_fdt_reg(node, 0, &base, &size) || size < VIO_CONFIG)
			continue;
		if (mmio_read32(base + VIO_MAGIC) != VIO_MAGIC_VALUE)
			continue;
		version = mmio_read32(base + VIO_VERSION);
		if ((version != 1 && version != 2) ||
		    mmio_read32(base + VIO_DEVICE_ID) != device_id)
			continue;
		if (index--)
			continue;
		memset(v, 0, sizeof(*v));
		v->base = base;
		v->version = version;
		v->device_id = device_id;
		v->intid = node_spi(node);
		return node;
	}
	return -TARN_ENODEV;
}

/* The window node's memory-region names, registered on first use. */
static int window_of(int node)
{
	const void *fdt = gk_fdt();
	int len, pool;
	const fdt32_t *ph = fdt_getprop(fdt, node, "memory-region", &len);
	uint64_t base, size;

	if (!ph || len < 4)
		return -TARN_ENODEV;
	pool = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(ph[0]));
	if (pool < 0 || gk_fdt_reg(pool, 0, &base, &size) || !size)
		return -TARN_ENODEV;
	for (int i = 0; i < DMA_MAX_WINDOWS; i++) {
		if (windows[i].size && windows[i].base == base)
			return i;
		if (!windows[i].size) {
			windows[i].base = base;
			windows[i].size = size;
			windows[i].used = align_up(base, PAGE) - base;
			return i;
		}
	}
	return -TARN_ENOMEM;
}

void *vio_dma_alloc(int node, uint64_t size)
{
	int w = window_of(node);
	uint64_t bytes = align_up(size, PAGE);
	void *p;

	if (w < 0 || bytes > windows[w].size - windows[w].used)
		return NULL;
	p = (void *)(uintptr_t)(windows[w].base + windows[w].used);
	windows[w].used += bytes;
	memset(p, 0, bytes);
	return p;
}

uint32_t vio_config32(const struct vio_dev *v, unsigned int off)
{
	return mmio_read32(v->base + VIO_CONFIG + off);
}

/* Two halves, read until the high one is stable (no generation counter in v1). */
uint64_t vio_config64(const struct vio_dev *v, unsigned int off)
{
	uint32_t hi, lo;

	do {
		hi = vio_config32(v, off + 4);
		lo = vio_config32(v, off);
	} while (hi != vio_config32(v, off + 4));
	return (uint64_t)hi << 32 | lo;
}

static void status_set(const struct vio_dev *v, uint32_t bits)
{
	mmio_write32(v->base + VIO_STATUS, mmio_read32(v->base + VIO_STATUS) | bits);
}

static uint64_t features_read(const struct vio_dev *v)
{
	uint64_t f = 0;

	for (uint32_t sel = 0; sel < (v->version == 2 ? 2u : 1u); sel++) {
		mmio_write32(v->base + VIO_DEVICE_FEAT_SEL, sel);
		f |= (uint64_t)mmio_read32(v->base + VIO_DEVICE_FEATURES) << (32 * sel);
	}
	return f;
}

static void features_write(const struct vio_dev *v, uint64_t f)
{
	for (uint32_t sel = 0; sel < (v->version == 2 ? 2u : 1u); sel++) {
		mmio_write32(v->base + VIO_DRIVER_FEAT_SEL, sel);
		mmio_write32(v->base + VIO_DRIVER_FEATURES, (uint32_t)(f >> (32 * sel)));
	}
}

static int negotiate(struct vio_dev *v, uint64_t wanted)
{
	uint64_t offered = features_read(v);

	if (v->version == 2) {
		if (!(offered & (1ULL << VIRTIO_F_VERSION_1)))
			return -TARN_ENODEV; /* a modern transport with a legacy device */
		wanted |= 1ULL << VIRTIO_F_VERSION_1;
	}
	v->features = offered & wanted;
	features_write(v, v->features);
	if (v->version == 1)
		return 0; /* legacy devices have no FEATURES_OK step */
	status_set(v, STATUS_FEATURES_OK);
	if (!(mmio_read32(v->base + VIO_STATUS) & STATUS_FEATURES_OK))
		return -TARN_ENODEV;
	return 0;
}

static void addr_write(const struct vio_dev *v, unsigned int lo, uint64_t addr)
{
	mmio_write32(v->base + lo, (uint32_t)addr);
	mmio_write32(v->base + lo + 4, (uint32_t)(addr >> 32));
}

static int queue_setup(struct vio_dev *v, int node, unsigned int max_qsize)
{
	uint32_t max;
	uint64_t ring_bytes, q;

	mmio_write32(v->base + VIO_QUEUE_SEL, 0);
	max = mmio_read32(v->base + VIO_QUEUE_NUM_MAX);
	if (!max || (v->version == 2 && mmio_read32(v->base + VIO_QUEUE_READY)))
		return -TARN_EIO;
	v->qsize = max < max_qsize ? max : max_qsize;
	ring_bytes = 16ULL * v->qsize + 6 + 2ULL * v->qsize;
	q = (uint64_t)(uintptr_t)vio_dma_alloc(node, align_up(ring_bytes, PAGE) + PAGE);
	if (!q)
		return -TARN_ENOMEM;
	v->desc = (volatile struct virtq_desc *)(uintptr_t)q;
	v->avail = (volatile uint16_t *)(uintptr_t)(q + 16ULL * v->qsize);
	v->used = (volatile uint16_t *)(uintptr_t)(q + align_up(ring_bytes, PAGE));
	mmio_write32(v->base + VIO_QUEUE_NUM, v->qsize);
	if (v->version == 1) {
		mmio_write32(v->base + VIO_GUEST_PAGE_SIZE, PAGE);
		mmio_write32(v->base + VIO_QUEUE_ALIGN, PAGE);
		mmio_write32(v->base + VIO_QUEUE_PFN, (uint32_t)(q / PAGE));
		return 0;
	}
	addr_write(v, VIO_QUEUE_DESC_LO, q);
	addr_write(v, VIO_QUEUE_DRIVER_LO, (uint64_t)(uintptr_t)v->avail);
	addr_write(v, VIO_QUEUE_DEVICE_LO, (uint64_t)(uintptr_t)v->used);
	mmio_write32(v->base + VIO_QUEUE_READY, 1);
	return 0;
}

/* The device's interrupt: acknowledge what it says, wake the waiter. */
static void vio_irq(unsigned int intid, void *arg)
{
	struct vio_dev *v = arg;
	uint32_t isr = mmio_read32(v->base + VIO_INTERRUPT_STATUS);

	(void)intid;
	if (isr)
		mmio_write32(v->base + VIO_INTERRUPT_ACK, isr);
	v->irqs++;
}

static int irq_setup(struct vio_dev *v)
{
	int rc;

	if (!v->intid)
		return -TARN_ENODEV;
	rc = gk_irq_register(v->intid, vio_irq, v);
	if (!rc)
		rc = gk_gic_set_priority(v->intid, GK_GIC_DEFAULT_PRIORITY);
	if (!rc)
		rc = gk_gic_route_spi(v->intid, gk_cpu_self());
	if (!rc)
		rc = gk_gic_enable(v->intid);
	return rc ? -TARN_ENODEV : 0;
}

int vio_init(struct vio_dev *v, int node, uint64_t wanted, unsigned int max_qsize)
{
	int rc;

	mmio_write32(v->base + VIO_STATUS, 0);
	while (mmio_read32(v->base + VIO_STATUS))
		; /* version 2: reset done when it reads 0 */
	status_set(v, STATUS_ACKNOWLEDGE);
	status_set(v, STATUS_DRIVER);
	rc = negotiate(v, wanted);
	if (!rc)
		rc = queue_setup(v, node, max_qsize);
	if (!rc)
		rc = irq_setup(v);
	if (rc) {
		status_set(v, STATUS_FAILED);
		return rc;
	}
	status_set(v, STATUS_DRIVER_OK);
	return 0;
}

void vio_submit(struct vio_dev *v, uint16_t head)
{
	v->avail[2 + v->avail_idx % v->qsize] = head;
	__asm__ volatile("dmb ishst" : : : "memory");
	v->avail_idx++;
	v->avail[1] = v->avail_idx;
	__asm__ volatile("dsb st" : : : "memory");
	mmio_write32(v->base + VIO_QUEUE_NOTIFY, 0);
}

static uint16_t used_idx(const struct vio_dev *v)
{
	uint16_t idx = v->used[1];

	__asm__ volatile("dmb ishld" : : : "memory");
	return idx;
}

#define VIO_POLL_SPINS 20000 /* a few hundred microseconds on QEMU, less on hardware */

/*
 * No timeout: a guest timer is no measure of a device's progress. Under
 * QEMU's -icount sleep=off, an idle vCPU's clock jumps straight to its next
 * timer, so any deadline passes at once while the host still does the I/O.
 * A device that never answers leaves the caller waiting here (the
 * hypervisor and the other domains are not affected).
 */
int vio_wait(struct vio_dev *v, struct virtq_used_elem *out)
{
	const volatile struct virtq_used_elem *ring;
	uint64_t flags;

	/*
	 * Poll a little first: a virtio-blk request on an idle host completes
	 * within microseconds, sooner than a sleep and its interrupt would
	 * bring the vCPU back (and, under QEMU's icount, an idle vCPU's clock
	 * jumps to its next timer). Then sleep until the interrupt.
	 */
	for (unsigned int i = 0; i < VIO_POLL_SPINS && used_idx(v) == v->used_seen; i++)
		__asm__ volatile("yield" : : : "memory");
	/* Check and sleep with IRQs masked: WFI still wakes for a pending one. */
	flags = gk_irq_save();
	while (used_idx(v) == v->used_seen) {
		gk_wait_for_interrupt();
		gk_irq_restore(flags); /* take it */
		flags = gk_irq_save();
	}
	gk_irq_restore(flags);
	if (used_idx(v) == v->used_seen)
		return -TARN_EIO;
	ring = (const volatile struct virtq_used_elem *)(v->used + 2);
	out->id = ring[v->used_seen % v->qsize].id;
	out->len = ring[v->used_seen % v->qsize].len;
	v->used_seen++;
	return 0;
}
