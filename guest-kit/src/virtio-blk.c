/*
 * virtio-blk (virtio 1.2, §5.2) on the virtio-mmio transport: the block
 * devices of <guestkit/blk.h>.
 *
 * One request at a time, as a chain of three descriptors: the header
 * (device-readable), the data (device-writable for reads) and the status
 * byte (device-writable). Header, status and a bounce buffer of
 * BOUNCE_BYTES live in the DMA window; a larger transfer goes as several
 * requests, each copied through the bounce buffer.
 *
 * May touch: the devices' registers and DMA windows (virtio-mmio.c).
 */
#include <string.h>

#include "virtio-mmio.h"
#include <guestkit/blk.h>
#include <tarn/errno.h>

#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_RO	      5
#define VIRTIO_BLK_F_FLUSH    9

#define VIRTIO_BLK_T_IN	   0
#define VIRTIO_BLK_T_OUT   1
#define VIRTIO_BLK_T_FLUSH 4

#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define CFG_CAPACITY 0 /* le64, 512-byte sectors */
#define CFG_SIZE_MAX 8 /* le32, if VIRTIO_BLK_F_SIZE_MAX */

#define BLK_MAX_DEVS	 8
#define BLK_QSIZE	 16
#define BOUNCE_BYTES	 (64 * 1024)
#define STATUS_UNTOUCHED 0xff

struct blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

struct blk_dev {
	struct vio_dev vio;
	uint64_t sectors;
	uint32_t max_bytes; /* per request */
	volatile struct blk_req_hdr *hdr;
	volatile uint8_t *status; /* right after the header */
	uint8_t *bounce;
};

static struct blk_dev devs[BLK_MAX_DEVS];
static bool opened[BLK_MAX_DEVS];

static int blk_setup(struct blk_dev *b, int node)
{
	uint64_t wanted = 1ULL << VIRTIO_BLK_F_RO | 1ULL << VIRTIO_BLK_F_FLUSH |
			  1ULL << VIRTIO_BLK_F_SIZE_MAX;
	uint8_t *page = vio_dma_alloc(node, 4096);
	int rc;

	b->bounce = vio_dma_alloc(node, BOUNCE_BYTES);
	if (!page || !b->bounce)
		return -TARN_ENOMEM;
	b->hdr = (volatile struct blk_req_hdr *)page;
	b->status = page + sizeof(struct blk_req_hdr);
	rc = vio_init(&b->vio, node, wanted, BLK_QSIZE);
	if (rc)
		return rc;
	b->sectors = vio_config64(&b->vio, CFG_CAPACITY);
	b->max_bytes = BOUNCE_BYTES;
	if (b->vio.features & (1ULL << VIRTIO_BLK_F_SIZE_MAX)) {
		uint32_t sm = vio_config32(&b->vio, CFG_SIZE_MAX) & ~(BLK_SECTOR_SIZE - 1u);

		if (sm && sm < b->max_bytes)
			b->max_bytes = sm;
	}
	return 0;
}

int blk_open(unsigned int index, struct blk_dev **out)
{
	struct blk_dev *b;

	if (index >= BLK_MAX_DEVS)
		return -TARN_ENODEV;
	b = &devs[index];
	if (!opened[index]) {
		int node = vio_find(VIRTIO_ID_BLOCK, index, &b->vio);
		int rc;

		if (node < 0)
			return node;
		rc = blk_setup(b, node);
		if (rc)
			return rc;
		opened[index] = true;
	}
	*out = b;
	return 0;
}

static void desc_set(struct blk_dev *b, unsigned int i, const volatile void *p, uint32_t len,
		     uint16_t flags)
{
	volatile struct virtq_desc *d = &b->vio.desc[i];

	d->addr = (uint64_t)(uintptr_t)p;
	d->len = len;
	d->flags = flags;
	d->next = (uint16_t)(i + 1);
}

/* One request: header, optional data of len bytes in the bounce buffer, status. */
static int blk_do(struct blk_dev *b, uint32_t type, uint64_t sector, uint32_t len)
{
	struct virtq_used_elem used;
	unsigned int n = 0;
	int rc;

	b->hdr->type = type;
	b->hdr->reserved = 0;
	b->hdr->sector = sector;
	*b->status = STATUS_UNTOUCHED;
	desc_set(b, n++, b->hdr, sizeof(struct blk_req_hdr), VIRTQ_DESC_F_NEXT);
	if (len)
		desc_set(b, n++, b->bounce, len,
			 VIRTQ_DESC_F_NEXT | (type == VIRTIO_BLK_T_IN ? VIRTQ_DESC_F_WRITE : 0));
	desc_set(b, n, b->status, 1, VIRTQ_DESC_F_WRITE);
	vio_submit(&b->vio, 0);
	rc = vio_wait(&b->vio, &used);
	if (rc)
		return rc;
	if (used.id != 0)
		return -TARN_EIO;
	switch (*b->status) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_UNSUPP:
		return -TARN_ENOSYS;
	default:
		return -TARN_EIO;
	}
}

static int blk_check(const struct blk_dev *b, uint64_t sector, uint32_t nsectors)
{
	if (!b || !nsectors || sector >= b->sectors || nsectors > b->sectors - sector)
		return -TARN_EINVAL;
	return 0;
}

int blk_read(struct blk_dev *b, uint64_t sector, void *buf, uint32_t nsectors)
{
	uint8_t *dst = buf;
	int rc = blk_check(b, sector, nsectors);

	while (!rc && nsectors) {
		uint32_t n = b->max_bytes / BLK_SECTOR_SIZE;

		n = n < nsectors ? n : nsectors;
		rc = blk_do(b, VIRTIO_BLK_T_IN, sector, n * BLK_SECTOR_SIZE);
		if (rc)
			break;
		memcpy(dst, b->bounce, n * BLK_SECTOR_SIZE);
		dst += n * BLK_SECTOR_SIZE;
		sector += n;
		nsectors -= n;
	}
	return rc;
}

int blk_write(struct blk_dev *b, uint64_t sector, const void *buf, uint32_t nsectors)
{
	const uint8_t *src = buf;
	int rc = blk_check(b, sector, nsectors);

	if (!rc && blk_read_only(b))
		rc = -TARN_EACCES;
	while (!rc && nsectors) {
		uint32_t n = b->max_bytes / BLK_SECTOR_SIZE;

		n = n < nsectors ? n : nsectors;
		memcpy(b->bounce, src, n * BLK_SECTOR_SIZE);
		rc = blk_do(b, VIRTIO_BLK_T_OUT, sector, n * BLK_SECTOR_SIZE);
		src += n * BLK_SECTOR_SIZE;
		sector += n;
		nsectors -= n;
	}
	return rc;
}

int blk_flush(struct blk_dev *b)
{
	if (!b)
		return -TARN_EINVAL;
	if (!(b->vio.features & (1ULL << VIRTIO_BLK_F_FLUSH)))
		return 0;
	return blk_do(b, VIRTIO_BLK_T_FLUSH, 0, 0);
}

uint64_t blk_sectors(const struct blk_dev *b)
{
	return b ? b->sectors : 0;
}

bool blk_read_only(const struct blk_dev *b)
{
	return b && (b->vio.features & (1ULL << VIRTIO_BLK_F_RO));
}

unsigned int blk_transport_version(const struct blk_dev *b)
{
	return b ? b->vio.version : 0;
}

unsigned long blk_interrupts(const struct blk_dev *b)
{
	return b ? b->vio.irqs : 0;
}
