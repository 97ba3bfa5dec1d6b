/*
 * Device passthrough to the control domain (docs/passthrough.md): the host's
 * virtio-mmio transports, with their interrupts, and the DMA window their
 * buffers must lie in.
 */
#ifndef HYP_PASSTHROUGH_H
#define HYP_PASSTHROUGH_H

#include "lib/guest-fdt.h"

struct domain;

/* The DMA window: one physically contiguous block, mapped at IPA == PA. */
#define PASSTHROUGH_DMA_ORDER 10 /* 4 MiB */
#define PASSTHROUGH_DMA_SIZE  (PAGE_SIZE << PASSTHROUGH_DMA_ORDER)

/*
 * Give d, being built, every virtio-mmio transport of the host (bootinfo's
 * list): their MMIO pages at IPA == PA as device memory, their SPIs forwarded
 * to its vGIC, and a scrubbed DMA window counted in its pages (and its
 * limit). Fills g's devs, ndevs, dma_base and dma_size for its device tree;
 * g's mem_base/mem_size (RAM0) must be set. A host without virtio-mmio
 * leaves g alone. Returns 0, -EBUSY if another domain has them, -ENOMEM
 * without a fitting block, or a mapping error; on error what was done is
 * undone by passthrough_release() from domain_destroy().
 */
int passthrough_assign(struct domain *d, struct guest_fdt_desc *g);

/*
 * d goes away: mask its passthrough SPIs and remove their handlers, stop
 * forwarding them, and reset its devices (so none writes to the DMA window
 * once it is freed with d's memory). Nothing if d has none; safe to call
 * twice.
 */
void passthrough_release(struct domain *d);

#endif /* HYP_PASSTHROUGH_H */
