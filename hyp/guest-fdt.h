/*
 * The device tree Tarn writes for each boot-time domain: what a guest built
 * for Xen's dom0less domUs expects to find (xen-arm-abi.md §4).
 */
#ifndef HYP_GUEST_FDT_H
#define HYP_GUEST_FDT_H

#include "hyp/types.h"

struct guest_fdt_desc {
	uint64_t mem_base, mem_size;
	unsigned int nvcpus;
	unsigned int gic_version; /* 2 or 3 */
	bool vpl011;
	bool hypervisor_node; /* the /hypervisor node (PV interfaces) */
	const char *bootargs;
};

/* Write the tree into buf (size bytes). Returns 0 or -TARN_ENOSPC/-TARN_EINVAL. */
int guest_fdt_build(void *buf, size_t size, const struct guest_fdt_desc *g);

#endif /* HYP_GUEST_FDT_H */
