/*
 * Block devices: virtio-blk over virtio-mmio, as Tarn passes the host's disk
 * to the control domain (docs/passthrough.md). Devices are found in the
 * guest's device tree ("virtio,mmio" nodes with a block device behind them,
 * in tree order). Every buffer the device sees lies in the DMA window the
 * node's memory-region names; the caller's buffers may be anywhere, they are
 * copied through a bounce buffer there.
 *
 * Calls are synchronous: one request at a time per device, each waited for
 * (in WFI, woken by the device's interrupt; no timeout, see virtio-mmio.c:
 * the caller's gk_timer_set() alarm is left alone). Not for interrupt handlers;
 * callers on several vCPUs must serialise per device.
 *
 * Errors are negative Xen errno values (<tarn/errno.h>): -TARN_ENODEV no such
 * device (or no DMA window), -TARN_EINVAL a transfer past the end or of 0
 * sectors, -TARN_EACCES a write to a read-only disk, -TARN_EIO the device
 * failed it, -TARN_ENOMEM the DMA window is full.
 */
#ifndef GUESTKIT_BLK_H
#define GUESTKIT_BLK_H

#include <stdbool.h>
#include <stdint.h>

#define BLK_SECTOR_SIZE 512

struct blk_dev;

/* The index-th block device (0 = first), set up on first use. 0 or -errno. */
int blk_open(unsigned int index, struct blk_dev **out);
int blk_read(struct blk_dev *dev, uint64_t sector, void *buf, uint32_t nsectors);
int blk_write(struct blk_dev *dev, uint64_t sector, const void *buf, uint32_t nsectors);
/* Writes done so far reach stable storage (VIRTIO_BLK_T_FLUSH; 0 at once if
 * the device has no write cache to flush). */
int blk_flush(struct blk_dev *dev);
/* Capacity in 512-byte sectors. */
uint64_t blk_sectors(const struct blk_dev *dev);
bool blk_read_only(const struct blk_dev *dev);
/* Transport version the device speaks: 1 (legacy) or 2 (modern). */
unsigned int blk_transport_version(const struct blk_dev *dev);
/* Interrupts taken from the device so far (diagnostics). */
unsigned long blk_interrupts(const struct blk_dev *dev);

#endif /* GUESTKIT_BLK_H */
