/*
 * The virtio-mmio transport (virtio 1.2, §4.2), for guest-kit's device
 * drivers (virtio-blk.c): probing, feature negotiation, one split virtqueue
 * and its interrupt. Versions 1 (legacy: GuestPageSize, QueuePFN) and 2
 * (modern: QueueDesc/Driver/Device addresses) are both driven.
 *
 * Rings and request buffers live in the DMA window (vio_dma_alloc), at
 * addresses the device can use as they are (IPA == bus address).
 */
#ifndef GUESTKIT_VIRTIO_MMIO_H
#define GUESTKIT_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>

#define VIRTIO_ID_BLOCK 2

#define VIRTQ_DESC_F_NEXT  1
#define VIRTQ_DESC_F_WRITE 2

#define VIRTIO_F_VERSION_1 32

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct vio_dev {
	uint64_t base;	      /* registers */
	unsigned int version; /* 1 or 2 */
	unsigned int intid;
	uint32_t device_id;
	uint64_t features; /* negotiated */
	/* The one queue (index 0). */
	unsigned int qsize;
	volatile struct virtq_desc *desc;
	volatile uint16_t *avail; /* flags, idx, ring[qsize] */
	volatile uint16_t *used;  /* flags, idx, then struct virtq_used_elem[qsize] */
	uint16_t avail_idx;	  /* next free slot, as the driver counts */
	uint16_t used_seen;	  /* used idx already consumed */
	volatile uint32_t irqs;	  /* interrupts taken */
};

/*
 * The index-th "virtio,mmio" node (tree order, enabled) whose device is
 * device_id: fills v's base, version, intid and device_id and returns the
 * node offset, or -TARN_ENODEV.
 */
int vio_find(uint32_t device_id, unsigned int index, struct vio_dev *v);
/* size bytes (page aligned, zeroed) of the node's DMA window, or NULL. */
void *vio_dma_alloc(int node, uint64_t size);

/*
 * Reset, acknowledge, offer the wanted features (those the device has are
 * kept in v->features; VERSION_1 is added for version 2), set up queue 0 with
 * up to max_qsize entries and its interrupt, DRIVER_OK. 0 or -errno.
 */
int vio_init(struct vio_dev *v, int node, uint64_t wanted, unsigned int max_qsize);
/* Device-specific configuration space, byte offset off. */
uint32_t vio_config32(const struct vio_dev *v, unsigned int off);
uint64_t vio_config64(const struct vio_dev *v, unsigned int off);

/* Publish the chain whose head is descriptor head and notify the device. */
void vio_submit(struct vio_dev *v, uint16_t head);
/* Wait (in WFI) until the device has used a chain; the element it used. */
int vio_wait(struct vio_dev *v, struct virtq_used_elem *out);

#endif /* GUESTKIT_VIRTIO_MMIO_H */
