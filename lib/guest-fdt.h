/*
 * The device tree Tarn writes for each boot-time domain: what a guest built
 * for Xen's dom0less domUs expects to find (xen-arm-abi.md §4).
 */
#ifndef HYP_GUEST_FDT_H
#define HYP_GUEST_FDT_H

#include "lib/types.h"

/* Phandle of the DMA window's /reserved-memory node (the GIC's is 65000). */
#define GUEST_PHANDLE_DMA 65001

/* A passed-through "virtio,mmio" transport, at IPA == PA. */
struct guest_fdt_dev {
	uint64_t base, size;
	unsigned int spi; /* INTID, 32.. */
};

struct guest_fdt_desc {
	uint64_t mem_base, mem_size;
	unsigned int nvcpus;
	unsigned int gic_version; /* 2 or 3 */
	bool vpl011;
	bool hypervisor_node; /* the /hypervisor node (PV interfaces) */
	const char *bootargs;
	/*
	 * Optional (the control domain's): passed-through virtio-mmio devices,
	 * each a node "virtio_mmio@<base>" (level-high SPI, dma-coherent,
	 * memory-region = the DMA window), and the DMA window every buffer
	 * they are handed must lie in: a memory bank of its own, carved out
	 * by /reserved-memory/dma@<base>, compatible "restricted-dma-pool".
	 * dma_size 0: no window (and no memory-region).
	 */
	const struct guest_fdt_dev *devs;
	unsigned int ndevs;
	uint64_t dma_base, dma_size;
};

/* Write the tree into buf (size bytes). Returns 0 or -TARN_ENOSPC/-TARN_EINVAL
 * (also for a device whose INTID is no SPI). */
int guest_fdt_build(void *buf, size_t size, const struct guest_fdt_desc *g);

#endif /* HYP_GUEST_FDT_H */
