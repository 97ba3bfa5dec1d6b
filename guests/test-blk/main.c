/*
 * test-blk: the block-device scenario's guest (tests/qemu/test_blk.py).
 *
 * As the control domain (no bootargs) it drives the boot disk Tarn passes
 * through, with guest-kit's virtio-blk (<guestkit/blk.h>): it checks the DMA
 * window in its device tree, opens block device 0, reads the MBR (signature
 * 0x55AA; partition 2 of type 0xda at LBA 67584, as tools/mkdisk.sh makes
 * it), writes patterns inside partition 2 only (the disk is the one Tarn
 * booted from), flushes, reads them back: one sector, a few, and a transfer
 * of many pages (several requests through the bounce buffer); and checks
 * that transfers past the end, of no sectors, or of a second disk fail.
 *
 * As a domU (bootarg "domu"), it checks that it has no virtio-mmio device in
 * its tree and that the disk's registers (0x0a000000.., the first and the
 * last transport) fault when it reads or writes them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <guestkit/blk.h>
#include <guestkit/guestkit.h>
#include <tarn/errno.h>

#include "testguest.h"

#define MBR_SIG_OFF	510
#define MBR_PART_OFF	446
#define MBR_PART_SIZE	16
#define PART_TYPE_OFF	4
#define PART_LBA_OFF	8
#define PART_COUNT_OFF	12
#define STORE_TYPE	0xda
#define STORE_LBA	67584
#define STORE_SECTORS	131072 /* 64 MiB */
#define BIG_SECTORS	300    /* 150 KiB: many pages, several requests */
#define VIRTIO_FIRST	0x0a000000ULL
#define VIRTIO_LAST_STS 0x0a003e70ULL /* Status of transport 31 (the disk on QEMU virt) */
#define EC_DABT_CUR	0x25
#define IO_MS_MAX	4000 /* below one request's 5 s timeout; icount idles jump ahead */

/* Shared with probe.S (TB_* offsets). */
struct tb_probe {
	uint64_t armed;
	uint64_t esr;
	uint64_t far;
	uint64_t count;
};

volatile struct tb_probe tb_probe;
extern char tb_vectors[];
uint32_t tb_load32(uint64_t addr);
void tb_store32(uint64_t addr, uint32_t value);

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void fill(uint8_t *buf, size_t len, uint32_t seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)((i * 131 + seed * 7 + (i >> 9)) ^ (seed >> 3));
}

/* --- the DMA window ----------------------------------------------------------- */

/* The memory bank holding addr (the image: RAM0). */
static void ram_bank(uint64_t addr, uint64_t *base, uint64_t *size)
{
	const void *fdt = gk_fdt();

	for (int n = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory", 7); n >= 0;
	     n = fdt_node_offset_by_prop_value(fdt, n, "device_type", "memory", 7))
		if (!gk_fdt_reg(n, 0, base, size) && addr >= *base && addr - *base < *size)
			return;
	*base = *size = 0;
}

static void check_window(void)
{
	const void *fdt = gk_fdt();
	int node = fdt_node_offset_by_compatible(fdt, -1, "restricted-dma-pool");
	uint64_t base = 0, size = 0, ram_base = 0, ram_size = 0;

	if (node >= 0)
		gk_fdt_reg(node, 0, &base, &size);
	ram_bank((uint64_t)(uintptr_t)&tb_probe, &ram_base, &ram_size);
	tap_ok(node >= 0 && size >= 0x100000 &&
		       (base >= ram_base + ram_size || base + size <= ram_base),
	       "DMA window in the device tree: 0x%llx, %llu KiB, outside RAM0 0x%llx+%llu MiB",
	       (unsigned long long)base, (unsigned long long)(size >> 10),
	       (unsigned long long)ram_base, (unsigned long long)(ram_size >> 20));
}

/* --- the control domain's checks ------------------------------------------------ */

static void check_mbr(struct blk_dev *dev)
{
	uint8_t mbr[BLK_SECTOR_SIZE];
	const uint8_t *p2 = mbr + MBR_PART_OFF + MBR_PART_SIZE;
	int rc = blk_read(dev, 0, mbr, 1);

	tap_ok(rc == 0 && mbr[MBR_SIG_OFF] == 0x55 && mbr[MBR_SIG_OFF + 1] == 0xaa,
	       "MBR read (rc %d): signature 0x%02x%02x", rc, mbr[MBR_SIG_OFF],
	       mbr[MBR_SIG_OFF + 1]);
	tap_ok(rc == 0 && p2[PART_TYPE_OFF] == STORE_TYPE && le32(p2 + PART_LBA_OFF) == STORE_LBA &&
		       le32(p2 + PART_COUNT_OFF) == STORE_SECTORS,
	       "partition 2: type 0x%02x at LBA %u, %u sectors", p2[PART_TYPE_OFF],
	       (unsigned)le32(p2 + PART_LBA_OFF), (unsigned)le32(p2 + PART_COUNT_OFF));
}

/* Write n sectors at lba (inside partition 2), flush, read back, compare. */
static void check_roundtrip(struct blk_dev *dev, uint64_t lba, uint32_t n, uint32_t seed)
{
	size_t len = (size_t)n * BLK_SECTOR_SIZE;
	uint8_t *out = malloc(len), *in = malloc(len);
	int wrc = -1, frc = -1, rrc = -1;

	if (out && in) {
		fill(out, len, seed);
		memset(in, 0, len);
		wrc = blk_write(dev, lba, out, n);
		frc = blk_flush(dev);
		rrc = blk_read(dev, lba, in, n);
	}
	tap_ok(wrc == 0 && frc == 0 && rrc == 0 && !memcmp(out, in, len),
	       "%u sectors at LBA %llu (%zu bytes): write %d, flush %d, read %d, %s", n,
	       (unsigned long long)lba, len, wrc, frc, rrc,
	       in && out && !memcmp(out, in, len) ? "the same" : "DIFFERENT");
	free(out);
	free(in);
}

static void check_bounds(struct blk_dev *dev)
{
	uint8_t buf[2 * BLK_SECTOR_SIZE];
	uint64_t cap = blk_sectors(dev);
	int past = blk_read(dev, cap, buf, 1);
	int straddle = blk_read(dev, cap - 1, buf, 2);
	int wpast = blk_write(dev, cap, buf, 1);
	int none = blk_read(dev, 0, buf, 0);
	int last = blk_read(dev, cap - 1, buf, 1);

	tap_ok(past == -TARN_EINVAL && straddle == -TARN_EINVAL && wpast == -TARN_EINVAL,
	       "past the end (%llu sectors): read %d, straddling read %d, write %d",
	       (unsigned long long)cap, past, straddle, wpast);
	tap_ok(none == -TARN_EINVAL && last == 0, "read of 0 sectors %d; of the last sector %d",
	       none, last);
}

static int control_domain(void)
{
	struct blk_dev *dev = NULL, *other = NULL;
	uint64_t start, ms;
	int rc, rc1;

	tap_plan(12);
	check_window();
	rc = blk_open(0, &dev);
	tap_ok(rc == 0, "blk_open(0): %d", rc);
	if (rc) {
		tap_diag("no disk: the remaining checks cannot run");
		return tap_done();
	}
	tap_diag("disk: %llu sectors, virtio-mmio version %u%s",
		 (unsigned long long)blk_sectors(dev), blk_transport_version(dev),
		 blk_read_only(dev) ? ", read-only" : "");
	tap_ok(blk_sectors(dev) >= STORE_LBA + STORE_SECTORS && !blk_read_only(dev),
	       "capacity %llu sectors, writable, holds partition 2",
	       (unsigned long long)blk_sectors(dev));
	check_mbr(dev);
	start = gk_ns_now();
	check_roundtrip(dev, STORE_LBA + 1, 1, 1);
	check_roundtrip(dev, STORE_LBA + 16, 7, 2);
	check_roundtrip(dev, STORE_LBA + 1024, BIG_SECTORS, 3);
	/* Each request waits in WFI for the disk's interrupt, with a 5 s timeout
	 * behind it: a lost (or never unmasked) interrupt shows as time. */
	ms = (gk_ns_now() - start) / 1000000;
	tap_ok(ms < IO_MS_MAX && blk_interrupts(dev) > 0,
	       "the round trips above took %llu ms; %lu interrupts from the disk",
	       (unsigned long long)ms, blk_interrupts(dev));
	check_bounds(dev);
	rc1 = blk_open(1, &other);
	tap_ok(rc1 == -TARN_ENODEV, "blk_open(1), no second disk: %d", rc1);
	return tap_done();
}

/* --- the domU's checks --------------------------------------------------------- */

/* ESR of the fault an access to addr took, 0 if none. */
static uint64_t probe(uint64_t addr, bool write)
{
	uint64_t vbar;

	__asm__ volatile("mrs %0, vbar_el1" : "=r"(vbar));
	tb_probe.esr = 0;
	tb_probe.armed = 1;
	__asm__ volatile("msr vbar_el1, %0\n\tisb" : : "r"(tb_vectors) : "memory");
	if (write)
		tb_store32(addr, 0);
	else
		(void)tb_load32(addr);
	__asm__ volatile("msr vbar_el1, %0\n\tisb" : : "r"(vbar) : "memory");
	tb_probe.armed = 0;
	return tb_probe.esr;
}

static void check_fault(uint64_t addr, bool write)
{
	uint64_t esr = probe(addr, write);

	tap_ok(esr >> 26 == EC_DABT_CUR && tb_probe.far == addr,
	       "%s 0x%llx faults: ESR 0x%llx, FAR 0x%llx", write ? "write of" : "read of",
	       (unsigned long long)addr, (unsigned long long)esr, (unsigned long long)tb_probe.far);
}

static int domu(void)
{
	const char *const compat[] = {"virtio,mmio", NULL};
	struct blk_dev *dev = NULL;
	int rc;

	tap_plan(4);
	tap_ok(gk_fdt_find_compatible(compat) < 0, "no virtio-mmio node in its device tree");
	rc = blk_open(0, &dev);
	tap_ok(rc == -TARN_ENODEV, "blk_open(0): %d", rc);
	check_fault(VIRTIO_FIRST, false);
	check_fault(VIRTIO_LAST_STS, true);
	return tap_done();
}

int main(void)
{
	return tg_arg_flag("domu") ? domu() : control_domain();
}
