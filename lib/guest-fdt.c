/*
 * Writing a boot-time domain's device tree with libfdt's sequential-write API
 * (see guest-fdt.h). Layout and values follow what Xen 4.17 gives a dom0less
 * domU, so one guest binary finds the same tree on both: the GIC phandle
 * 65000, a PSCI 1.0 node with method "hvc", the architected timer's four
 * PPIs, the vpl011 as "arm,sbsa-uart" on SPI 32, and /hypervisor with the
 * grant-table window and the event-channel PPI 31 (level-low). The control
 * domain's tree may also list passed-through virtio-mmio devices and their
 * DMA window (docs/passthrough.md).
 *
 * Runs at boot only (libfdt uses FP/SIMD), and in host unit tests.
 */
#include "lib/guest-fdt.h"

#include <libfdt.h>

#include "lib/format.h"
#include "tarn/errno.h"
#include "tarn/xen.h"

#define IRQ_TYPE_SPI   0
#define IRQ_TYPE_PPI   1
#define IRQ_LEVEL_HIGH 4
#define IRQ_LEVEL_LOW  8

struct writer {
	void *fdt;
	int err;
	unsigned int gic_version;
};

static void w_check(struct writer *w, int rc)
{
	if (rc && !w->err)
		w->err = rc;
}

static void w_u32(struct writer *w, const char *name, uint32_t v)
{
	w_check(w, fdt_property_u32(w->fdt, name, v));
}

static void w_str(struct writer *w, const char *name, const char *s)
{
	w_check(w, fdt_property_string(w->fdt, name, s));
}

static void w_strs(struct writer *w, const char *name, const char *s, int len)
{
	w_check(w, fdt_property(w->fdt, name, s, len));
}

static void w_reg(struct writer *w, const uint64_t *pairs, unsigned int n)
{
	fdt64_t cells[8];

	for (unsigned int i = 0; i < n * 2 && i < 8; i++)
		cells[i] = cpu_to_fdt64(pairs[i]);
	w_check(w, fdt_property(w->fdt, "reg", cells, (int)(sizeof(fdt64_t) * n * 2)));
}

/* interrupts = <type num flags>...; GICv2 flags carry a CPU mask. */
static void w_irqs(struct writer *w, const uint32_t *spec, unsigned int n)
{
	fdt32_t cells[12];

	for (unsigned int i = 0; i < n * 3 && i < 12; i++) {
		uint32_t v = spec[i];

		if (i % 3 == 2 && spec[i - 2] == IRQ_TYPE_PPI && w->gic_version == 2)
			v |= 0xf00;
		cells[i] = cpu_to_fdt32(v);
	}
	w_check(w, fdt_property(w->fdt, "interrupts", cells, (int)(sizeof(fdt32_t) * n * 3)));
}

static void w_begin(struct writer *w, const char *name)
{
	w_check(w, fdt_begin_node(w->fdt, name));
}

static void w_end(struct writer *w)
{
	w_check(w, fdt_end_node(w->fdt));
}

static void node_chosen(struct writer *w, const struct guest_fdt_desc *g)
{
	w_begin(w, "chosen");
	w_str(w, "bootargs", g->bootargs ? g->bootargs : "");
	if (g->vpl011) {
		char path[48];

		fmt_snprintf(path, sizeof(path), "/sbsa-uart@%llx",
			     (unsigned long long)GUEST_PL011_BASE);
		w_str(w, "stdout-path", path);
	}
	w_end(w);
}

static void node_cpus(struct writer *w, const struct guest_fdt_desc *g)
{
	char name[16];

	w_begin(w, "cpus");
	w_u32(w, "#address-cells", 1);
	w_u32(w, "#size-cells", 0);
	for (unsigned int i = 0; i < g->nvcpus; i++) {
		fmt_snprintf(name, sizeof(name), "cpu@%u", i);
		w_begin(w, name);
		w_str(w, "device_type", "cpu");
		w_str(w, "compatible", "arm,armv8");
		w_u32(w, "reg", i);
		w_str(w, "enable-method", "psci");
		w_end(w);
	}
	w_end(w);
}

static void node_psci(struct writer *w)
{
	static const char compat[] = "arm,psci-1.0\0arm,psci-0.2\0arm,psci";

	w_begin(w, "psci");
	w_strs(w, "compatible", compat, sizeof(compat));
	w_str(w, "method", "hvc");
	w_u32(w, "cpu_off", 0x84000002);
	w_u32(w, "cpu_on", 0xc4000003);
	w_end(w);
}

static void node_gic(struct writer *w, const struct guest_fdt_desc *g)
{
	char name[48];

	fmt_snprintf(name, sizeof(name), "interrupt-controller@%llx",
		     (unsigned long long)GUEST_GICD_BASE);
	w_begin(w, name);
	if (g->gic_version == 3) {
		uint64_t reg[4] = {GUEST_GICV3_GICD_BASE, GUEST_GICV3_GICD_SIZE, GUEST_GICV3_GICR0_BASE,
				   GUEST_GICV3_RDIST_STRIDE * g->nvcpus};

		w_str(w, "compatible", "arm,gic-v3");
		w_u32(w, "#redistributor-regions", 1);
		w_reg(w, reg, 2);
	} else {
		uint64_t reg[4] = {GUEST_GICD_BASE, GUEST_GICD_SIZE, GUEST_GICC_BASE, GUEST_GICC_SIZE};

		w_str(w, "compatible", "arm,cortex-a15-gic");
		w_reg(w, reg, 2);
	}
	w_u32(w, "#interrupt-cells", 3);
	w_u32(w, "#address-cells", 0);
	w_check(w, fdt_property(w->fdt, "interrupt-controller", NULL, 0));
	w_u32(w, "phandle", GUEST_PHANDLE_GIC);
	w_end(w);
}

static void node_timer(struct writer *w)
{
	static const char compat[] = "arm,armv8-timer\0arm,armv7-timer";
	const uint32_t irqs[12] = {
		IRQ_TYPE_PPI, 13, IRQ_LEVEL_LOW, IRQ_TYPE_PPI, 14, IRQ_LEVEL_LOW,
		IRQ_TYPE_PPI, 11, IRQ_LEVEL_LOW, IRQ_TYPE_PPI, 10, IRQ_LEVEL_LOW,
	};

	w_begin(w, "timer");
	w_strs(w, "compatible", compat, sizeof(compat));
	w_irqs(w, irqs, 4);
	w_check(w, fdt_property(w->fdt, "always-on", NULL, 0));
	w_end(w);
}

static void node_hypervisor(struct writer *w)
{
	static const char compat[] = "xen,xen-4.17\0xen,xen";
	const uint64_t reg[2] = {GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE};
	const uint32_t irq[3] = {IRQ_TYPE_PPI, GUEST_EVTCHN_PPI - 16, IRQ_LEVEL_LOW};

	w_begin(w, "hypervisor");
	w_strs(w, "compatible", compat, sizeof(compat));
	w_reg(w, reg, 1);
	w_irqs(w, irq, 1);
	w_end(w);
}

static void node_vpl011(struct writer *w)
{
	char name[32];
	const uint64_t reg[2] = {GUEST_PL011_BASE, GUEST_PL011_SIZE};
	const uint32_t irq[3] = {IRQ_TYPE_SPI, GUEST_VPL011_SPI - 32, IRQ_LEVEL_HIGH};

	fmt_snprintf(name, sizeof(name), "sbsa-uart@%llx", (unsigned long long)GUEST_PL011_BASE);
	w_begin(w, name);
	w_str(w, "compatible", "arm,sbsa-uart");
	w_reg(w, reg, 1);
	w_irqs(w, irq, 1);
	w_u32(w, "current-speed", 115200);
	w_end(w);
}

static void node_memory(struct writer *w, uint64_t base, uint64_t size)
{
	char name[32];
	uint64_t reg[2] = {base, size};

	fmt_snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)base);
	w_begin(w, name);
	w_str(w, "device_type", "memory");
	w_reg(w, reg, 1);
	w_end(w);
}

/*
 * The DMA window: RAM of the guest's (its own memory node, so a kernel maps
 * it), reserved from general use; "restricted-dma-pool" tells Linux to bounce
 * every DMA of the devices naming it through the pool, which is the rule.
 */
static void node_dma_window(struct writer *w, const struct guest_fdt_desc *g)
{
	char name[32];
	uint64_t reg[2] = {g->dma_base, g->dma_size};

	w_begin(w, "reserved-memory");
	w_u32(w, "#address-cells", 2);
	w_u32(w, "#size-cells", 2);
	w_check(w, fdt_property(w->fdt, "ranges", NULL, 0));
	fmt_snprintf(name, sizeof(name), "dma@%llx", (unsigned long long)g->dma_base);
	w_begin(w, name);
	w_str(w, "compatible", "restricted-dma-pool");
	w_reg(w, reg, 1);
	w_u32(w, "phandle", GUEST_PHANDLE_DMA);
	w_end(w);
	w_end(w);
}

static void node_virtio(struct writer *w, const struct guest_fdt_desc *g,
			const struct guest_fdt_dev *dev)
{
	char name[32];
	uint64_t reg[2] = {dev->base, dev->size};
	uint32_t irq[3] = {IRQ_TYPE_SPI, dev->spi - 32, IRQ_LEVEL_HIGH};

	fmt_snprintf(name, sizeof(name), "virtio_mmio@%llx", (unsigned long long)dev->base);
	w_begin(w, name);
	w_str(w, "compatible", "virtio,mmio");
	w_reg(w, reg, 1);
	w_irqs(w, irq, 1);
	w_check(w, fdt_property(w->fdt, "dma-coherent", NULL, 0));
	if (g->dma_size)
		w_u32(w, "memory-region", GUEST_PHANDLE_DMA);
	w_end(w);
}

static bool devs_valid(const struct guest_fdt_desc *g)
{
	if (g->ndevs && !g->devs)
		return false;
	for (unsigned int i = 0; i < g->ndevs; i++)
		if (g->devs[i].spi < 32 || g->devs[i].spi >= 1020 || !g->devs[i].size)
			return false;
	return true;
}

int guest_fdt_build(void *buf, size_t size, const struct guest_fdt_desc *g)
{
	static const char compat[] = "xen,xenvm-4.17\0xen,xenvm";
	struct writer w = {buf, 0, g->gic_version};

	if (g->nvcpus == 0 || (g->gic_version != 2 && g->gic_version != 3) || !devs_valid(g))
		return -TARN_EINVAL;
	if (fdt_create(buf, (int)size))
		return -TARN_ENOSPC; /* not even the header fits: libfdt has not started */
	w_check(&w, fdt_finish_reservemap(buf));
	w_begin(&w, "");
	w_strs(&w, "compatible", compat, sizeof(compat));
	w_u32(&w, "#address-cells", 2);
	w_u32(&w, "#size-cells", 2);
	w_u32(&w, "interrupt-parent", GUEST_PHANDLE_GIC);
	node_chosen(&w, g);
	node_memory(&w, g->mem_base, g->mem_size);
	if (g->dma_size) {
		node_memory(&w, g->dma_base, g->dma_size);
		node_dma_window(&w, g);
	}
	node_cpus(&w, g);
	node_psci(&w);
	node_gic(&w, g);
	node_timer(&w);
	if (g->hypervisor_node)
		node_hypervisor(&w);
	if (g->vpl011)
		node_vpl011(&w);
	for (unsigned int i = 0; i < g->ndevs; i++)
		node_virtio(&w, g, &g->devs[i]);
	w_end(&w);
	w_check(&w, fdt_finish(buf));
	return w.err == -FDT_ERR_NOSPACE ? -TARN_ENOSPC : w.err ? -TARN_EINVAL : 0;
}
