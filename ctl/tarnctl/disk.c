/*
 * The Tarn store on the boot disk (see tarnctl.h, docs/store.md): the
 * second MBR partition of the first virtio disk, type 0xda, opened with the
 * store library over guest-kit's block driver. Problems the scan finds
 * (damaged records, leftovers of an interrupted write) are printed and
 * skipped; the rest of the store works.
 */
#include <guestkit/blk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tarn/errno.h>

#include "ctl/mbr.h"
#include "ctl/store/store.h"
#include "tarnctl.h"

#define STORE_PART   2
#define INDEX_CAP    256
#define WORK_SECTORS 64 /* 32 KiB: fewer, larger requests */

static struct blk_dev *disk;
static uint64_t part_lba;
static struct store store;
static struct store_entry index_mem[INDEX_CAP];
static uint8_t work[WORK_SECTORS * STORE_SECTOR_SIZE] __attribute__((aligned(64)));
static bool opened;

static int part_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	return blk_read(disk, part_lba + lba, buf, count) ? -STORE_EIO : 0;
}

static int part_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	return blk_write(disk, part_lba + lba, buf, count) ? -STORE_EIO : 0;
}

static int part_flush(void *ctx)
{
	return blk_flush(disk) ? -STORE_EIO : 0;
}

static void report_problem(void *ctx, const struct store_problem *p)
{
	printf("store: %s at sector %llu (%llu sectors)%s%s: skipped\n",
	       store_problem_text(p->kind), (unsigned long long)p->lba,
	       (unsigned long long)p->nr_sectors, p->name[0] ? ", record " : "", p->name);
}

/* The store partition from the disk's MBR. */
static int find_partition(struct mbr_part *part)
{
	int rc = blk_read(disk, 0, work, 1);

	if (rc) {
		printf("store: cannot read the boot disk's MBR (%s)\n", errno_text(rc));
		return rc;
	}
	rc = mbr_part(work, STORE_PART, part);
	if (rc || part->type != MBR_TYPE_STORE) {
		printf("store: the boot disk has no store partition (partition 2, type 0xda)\n");
		return -TARN_ENOENT;
	}
	return 0;
}

int disk_open_store(void)
{
	struct mbr_part part;
	struct store_config cfg = {
		.dev = {part_read, part_write, part_flush, NULL, 0},
		.buf = work,
		.buf_size = sizeof(work),
		.index = index_mem,
		.index_cap = INDEX_CAP,
		.problem = report_problem,
	};
	struct store_stat s;
	int rc = blk_open(0, &disk);

	if (rc) {
		printf("store: no boot disk (%s)\n", errno_text(rc));
		return rc;
	}
	rc = find_partition(&part);
	if (rc)
		return rc;
	part_lba = part.lba;
	cfg.dev.nr_sectors = part.sectors;
	rc = store_open(&store, &cfg);
	if (rc) {
		printf("store: partition 2 holds no usable store: %s%s\n", store_strerror(rc),
		       rc == -STORE_ENODEV ? " (make one with tools/tarn-store mkfs)" : "");
		return rc;
	}
	store_stat(&store, &s);
	printf("store: %zu names, %llu of %llu KiB used%s\n", s.nr_names,
	       (unsigned long long)(s.used_sectors / 2), (unsigned long long)(s.nr_sectors / 2),
	       s.nr_damage ? ", damaged records skipped" : "");
	opened = true;
	return 0;
}

bool disk_have_store(void)
{
	return opened;
}

bool disk_entry(size_t i, const char **name, unsigned int *type, uint64_t *size)
{
	struct store_stat s;
	const struct store_entry *e;

	if (!opened)
		return false;
	store_stat(&store, &s);
	if (i >= s.nr_names)
		return false;
	e = store_entry_at(&store, i);
	*name = e->name;
	*type = e->type;
	*size = e->size;
	return true;
}

static int read_whole(const struct store_entry *e, char *buf)
{
	struct store_reader r;
	uint64_t got = 0;

	store_read_open(e, &r);
	while (got < e->size) {
		long n = store_read(&store, &r, buf + got, (size_t)(e->size - got));

		/* The checksum is judged with the last chunk: -EBADMSG then. */
		if (n <= 0)
			return n ? (int)n : -STORE_EIO;
		got += (uint64_t)n;
	}
	return 0;
}

int disk_load(const char *name, unsigned int type, char **out, size_t *len, char *err,
	      size_t errlen)
{
	const struct store_entry *e;
	char *buf;
	int rc;

	if (!opened) {
		snprintf(err, errlen, "there is no store");
		return -TARN_ENOENT;
	}
	e = store_find(&store, name);
	if (!e || e->type != type) {
		snprintf(err, errlen, e ? "is not %s" : "not in the store",
			 type == STORE_T_IMAGE ? "an image" : "a config");
		return -TARN_ENOENT;
	}
	buf = malloc((size_t)e->size + 1);
	if (!buf) {
		snprintf(err, errlen, "%llu bytes: out of memory", (unsigned long long)e->size);
		return -TARN_ENOMEM;
	}
	rc = read_whole(e, buf);
	if (rc < 0) {
		free(buf);
		snprintf(err, errlen, "%s", store_strerror(rc));
		return rc;
	}
	buf[e->size] = '\0';
	*out = buf;
	*len = (size_t)e->size;
	return 0;
}
