/*
 * Host unit tests for the Tarn store (ctl/store/).
 *
 * The store runs on an in-memory block device that counts every access,
 * fails the test on any access outside the store, can fail writes or
 * flushes on demand, and can log every sector write and flush. The log is
 * how power cuts are simulated: a transaction is recorded once, then for
 * every point in it the disk is rebuilt as a power cut there would leave it
 * (writes in order; the write in flight torn; a write cache that loses
 * everything since the last flush; one that kept only the newest write), the
 * store reopened, and its contents compared with what was committed.
 *
 * Damage is made by flipping bytes in the device image at offsets that
 * ctl/store/format.h defines; payloads are deterministic patterns, so every
 * read-back is compared byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/store/crc32c.h"
#include "ctl/store/format.h"
#include "ctl/store/store.h"

#define SECTOR	    STORE_SECTOR_SIZE
#define DEV_SECTORS 256
#define LOG_MAX	    256

/* ---- the in-memory block device ------------------------------------------ */

enum ev_kind { EV_WRITE, EV_FLUSH };

struct event {
	enum ev_kind kind;
	uint64_t lba;
	uint8_t data[SECTOR];
};

struct memdev {
	uint8_t *img;
	uint64_t nr; /* sectors the store may touch */
	unsigned int sectors_written, flushes, reads;
	long writes_left;  /* sector writes that succeed before -EIO; < 0: unlimited */
	long flushes_left; /* flushes that succeed before -EIO; < 0: unlimited */
	bool fail_reads;
	uint64_t max_lba;  /* highest sector read or written */
	struct event *log; /* when non-NULL, every write and flush is appended */
	size_t nlog;
};

static void touch(struct memdev *d, uint64_t lba, uint32_t count)
{
	assert_true(count >= 1);
	assert_true(lba + count <= d->nr); /* the store stays inside its partition */
	if (lba + count - 1 > d->max_lba)
		d->max_lba = lba + count - 1;
}

static int md_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct memdev *d = ctx;

	touch(d, lba, count);
	if (d->fail_reads)
		return -5;
	d->reads++;
	memcpy(buf, d->img + lba * SECTOR, (size_t)count * SECTOR);
	return 0;
}

static int md_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	struct memdev *d = ctx;
	const uint8_t *p = buf;

	touch(d, lba, count);
	for (uint32_t i = 0; i < count; i++) {
		if (d->writes_left == 0)
			return -5;
		if (d->writes_left > 0)
			d->writes_left--;
		memcpy(d->img + (lba + i) * SECTOR, p + (size_t)i * SECTOR, SECTOR);
		d->sectors_written++;
		if (d->log) {
			assert_true(d->nlog < LOG_MAX);
			d->log[d->nlog].kind = EV_WRITE;
			d->log[d->nlog].lba = lba + i;
			memcpy(d->log[d->nlog++].data, p + (size_t)i * SECTOR, SECTOR);
		}
	}
	return 0;
}

static int md_flush(void *ctx)
{
	struct memdev *d = ctx;

	if (d->flushes_left == 0)
		return -5;
	if (d->flushes_left > 0)
		d->flushes_left--;
	d->flushes++;
	if (d->log) {
		assert_true(d->nlog < LOG_MAX);
		d->log[d->nlog++].kind = EV_FLUSH;
	}
	return 0;
}

/* ---- a store on it ------------------------------------------------------- */

#define MAX_PROBLEMS 64
#define INDEX_CAP    32

struct fix {
	struct memdev dev;
	struct store st;
	uint8_t buf[8 * SECTOR];
	size_t buf_size;
	struct store_entry index[INDEX_CAP];
	size_t index_cap;
	struct store_problem probs[MAX_PROBLEMS];
	unsigned int nprobs;
};

static void problem_log(void *ctx, const struct store_problem *p)
{
	struct fix *f = ctx;

	assert_true(f->nprobs < MAX_PROBLEMS);
	f->probs[f->nprobs++] = *p;
}

static struct store_dev dev_of(struct fix *f)
{
	struct store_dev d = {
		.read = md_read,
		.write = md_write,
		.flush = md_flush,
		.ctx = &f->dev,
		.nr_sectors = f->dev.nr,
	};
	return d;
}

static int fix_open(struct fix *f)
{
	struct store_config cfg = {
		.dev = dev_of(f),
		.buf = f->buf,
		.buf_size = f->buf_size,
		.index = f->index,
		.index_cap = f->index_cap,
		.problem = problem_log,
		.problem_ctx = f,
	};

	f->nprobs = 0;
	return store_open(&f->st, &cfg);
}

static void fix_reopen(struct fix *f)
{
	assert_int_equal(fix_open(f), 0);
}

/* A fresh store of nr sectors, id 1, opened with a buf_sectors work buffer. */
static struct fix *fix_new(uint64_t nr, size_t buf_sectors)
{
	struct fix *f = calloc(1, sizeof(*f));
	uint8_t sector[SECTOR];
	struct store_dev d;

	assert_non_null(f);
	f->dev.nr = nr;
	f->dev.img = calloc(nr, SECTOR);
	assert_non_null(f->dev.img);
	f->dev.writes_left = -1;
	f->dev.flushes_left = -1;
	f->buf_size = buf_sectors * SECTOR;
	f->index_cap = INDEX_CAP;
	d = dev_of(f);
	assert_int_equal(store_mkfs(&d, nr, 1, sector), 0);
	fix_reopen(f);
	return f;
}

static void fix_free(struct fix *f)
{
	free(f->dev.img);
	free(f);
}

/* Deterministic payload bytes: content of (seed, offset). */
static uint8_t pattern(unsigned int seed, uint64_t off)
{
	uint64_t x = (off + 1) * 0x9e3779b97f4a7c15ULL ^ seed * 0xbf58476d1ce4e5b9ULL;

	return (uint8_t)(x >> 29);
}

static uint8_t *pattern_buf(unsigned int seed, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	assert_non_null(p);
	for (size_t i = 0; i < len; i++)
		p[i] = pattern(seed, i);
	return p;
}

static void put_ok(struct fix *f, enum store_type type, const char *name, unsigned int seed,
		   size_t len)
{
	uint8_t *p = pattern_buf(seed, len);

	assert_int_equal(store_put(&f->st, type, name, p, len), 0);
	free(p);
}

/* name is live with payload (seed, len), read back in chunks of chunk bytes. */
static void expect_content(struct fix *f, const char *name, unsigned int seed, size_t len,
			   size_t chunk)
{
	const struct store_entry *e = store_find(&f->st, name);
	struct store_reader r;
	uint8_t *got = malloc(len + chunk);
	size_t have = 0;
	long n;

	assert_non_null(e);
	assert_non_null(got);
	assert_int_equal(e->size, len);
	store_read_open(e, &r);
	while ((n = store_read(&f->st, &r, got + have, chunk)) > 0)
		have += (size_t)n;
	assert_int_equal(n, 0);
	assert_int_equal(have, len);
	for (size_t i = 0; i < len; i++) {
		if (got[i] != pattern(seed, i))
			fail_msg("%s: byte %zu is %#x, want %#x", name, i, got[i],
				 pattern(seed, i));
	}
	assert_int_equal(store_check(&f->st, e), 0);
	free(got);
}

static size_t nr_names(const struct fix *f)
{
	struct store_stat s;

	store_stat(&f->st, &s);
	return s.nr_names;
}

static unsigned int nr_damage(const struct fix *f)
{
	struct store_stat s;

	store_stat(&f->st, &s);
	return s.nr_damage;
}

static void flip(struct fix *f, uint64_t lba, size_t off)
{
	f->dev.img[lba * SECTOR + off] ^= 0x40;
}

/* Recompute a header's checksum after editing it, as a writer would have. */
static void reseal_header(struct fix *f, uint64_t lba)
{
	uint8_t *h = f->dev.img + lba * SECTOR;
	uint32_t crc;

	memset(h + RH_OFF_CRC, 0, 4);
	crc = crc32c(h, RH_CRC_LEN);
	le32_put(h + RH_OFF_CRC, crc);
}

/* ---- CRC32C -------------------------------------------------------------- */

static void test_crc32c_check_value(void **state)
{
	uint8_t zeros[32] = {0}, ones[32], inc[32];
	uint32_t crc = 0;

	assert_int_equal(crc32c("123456789", 9), 0xE3069283u);
	assert_int_equal(crc32c("", 0), 0);
	/* RFC 3720 (iSCSI) appendix B.4 vectors. */
	memset(ones, 0xff, sizeof(ones));
	for (unsigned int i = 0; i < 32; i++)
		inc[i] = (uint8_t)i;
	assert_int_equal(crc32c(zeros, 32), 0x8A9136AAu);
	assert_int_equal(crc32c(ones, 32), 0x62A8AB43u);
	assert_int_equal(crc32c(inc, 32), 0x46DD794Eu);
	/* Chunk by chunk equals all at once. */
	for (unsigned int i = 0; i < 9; i += 2)
		crc = crc32c_update(crc, "123456789" + i, i + 2 > 9 ? 1 : 2);
	assert_int_equal(crc, 0xE3069283u);
}

/* ---- basic operation ----------------------------------------------------- */

static void test_mkfs_open_empty(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	struct store_dev d = dev_of(f);
	uint8_t sector[SECTOR];
	struct store_stat s;

	store_stat(&f->st, &s);
	assert_int_equal(s.nr_names, 0);
	assert_int_equal(s.nr_sectors, DEV_SECTORS);
	assert_int_equal(s.used_sectors, 1);
	assert_int_equal(s.store_id, 1);
	assert_int_equal(f->nprobs, 0);
	assert_null(store_find(&f->st, "anything"));
	assert_int_equal(store_mkfs(&d, STORE_MIN_SECTORS - 1, 2, sector), -STORE_EINVAL);
	assert_int_equal(store_mkfs(&d, DEV_SECTORS + 1, 2, sector), -STORE_EINVAL);
	/* Reusing the id would bring the old store's records back. */
	assert_int_equal(store_mkfs(&d, DEV_SECTORS, 1, sector), -STORE_EEXIST);
	fix_free(f);
}

static void roundtrip(size_t buf_sectors)
{
	struct fix *f = fix_new(DEV_SECTORS, buf_sectors);
	static const size_t chunks[] = {1, 37, 512, 4096};

	put_ok(f, STORE_T_IMAGE, "hello.img", 1, 3000);
	put_ok(f, STORE_T_CONFIG, "hello.cfg", 2, 700);
	put_ok(f, STORE_T_CONFIG, "empty.cfg", 3, 0);
	put_ok(f, STORE_T_BACKUP, "one-sector", 4, 512);
	for (int pass = 0; pass < 2; pass++) {
		assert_int_equal(nr_names(f), 4);
		assert_string_equal(store_entry_at(&f->st, 0)->name, "hello.img");
		assert_int_equal(store_entry_at(&f->st, 0)->type, STORE_T_IMAGE);
		assert_string_equal(store_entry_at(&f->st, 1)->name, "hello.cfg");
		assert_int_equal(store_entry_at(&f->st, 1)->type, STORE_T_CONFIG);
		assert_null(store_entry_at(&f->st, 4));
		for (size_t i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
			expect_content(f, "hello.img", 1, 3000, chunks[i]);
			expect_content(f, "hello.cfg", 2, 700, chunks[i]);
			expect_content(f, "empty.cfg", 3, 0, chunks[i]);
			expect_content(f, "one-sector", 4, 512, chunks[i]);
		}
		fix_reopen(f);
		assert_int_equal(f->nprobs, 0);
	}
	fix_free(f);
}

static void test_roundtrip(void **state)
{
	roundtrip(1); /* every I/O one sector */
	roundtrip(8);
}

static void test_streaming_write(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 2);
	uint8_t *p = pattern_buf(9, 10000);
	size_t off = 0;

	assert_int_equal(store_record_begin(&f->st, STORE_T_IMAGE, "big", 10000), -STORE_EBUSY);
	assert_int_equal(store_txn_commit(&f->st), -STORE_EBUSY);
	assert_int_equal(store_txn_begin(&f->st), 0);
	assert_int_equal(store_txn_begin(&f->st), -STORE_EBUSY);
	assert_int_equal(store_txn_commit(&f->st), -STORE_EINVAL); /* nothing to commit */
	assert_int_equal(store_record_begin(&f->st, STORE_T_IMAGE, "big", 10000), 0);
	assert_int_equal(store_txn_commit(&f->st), -STORE_EBUSY); /* record open */
	for (size_t n = 1; off < 10000; n = n * 3 + 1) {
		size_t len = off + n > 10000 ? 10000 - off : n;

		if (off == 0)
			assert_int_equal(store_record_end(&f->st), -STORE_EINVAL); /* too few */
		assert_int_equal(store_record_write(&f->st, p + off, len), 0);
		off += len;
	}
	assert_int_equal(store_record_write(&f->st, p, 1), -STORE_EINVAL); /* too many */
	assert_int_equal(store_record_end(&f->st), 0);
	assert_int_equal(store_record_write(&f->st, p, 1), -STORE_EBUSY);
	assert_null(store_find(&f->st, "big")); /* not before the commit */
	assert_int_equal(store_txn_commit(&f->st), 0);
	expect_content(f, "big", 9, 10000, 1000);
	fix_reopen(f);
	expect_content(f, "big", 9, 10000, 333);
	free(p);
	fix_free(f);
}

static void test_newest_version_wins(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	struct store_stat s;

	put_ok(f, STORE_T_CONFIG, "x.cfg", 1, 100);
	put_ok(f, STORE_T_CONFIG, "other", 2, 10);
	put_ok(f, STORE_T_CONFIG, "x.cfg", 3, 900);
	put_ok(f, STORE_T_IMAGE, "x.cfg", 4, 50); /* a new version may change type */
	for (int pass = 0; pass < 2; pass++) {
		store_stat(&f->st, &s);
		assert_int_equal(s.nr_names, 2);
		assert_int_equal(s.nr_records, 4);
		expect_content(f, "x.cfg", 4, 50, 64);
		assert_int_equal(store_find(&f->st, "x.cfg")->type, STORE_T_IMAGE);
		assert_string_equal(store_entry_at(&f->st, 0)->name, "x.cfg"); /* keeps its place */
		expect_content(f, "other", 2, 10, 64);
		fix_reopen(f);
	}
	fix_free(f);
}

static void test_delete_hides(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	unsigned int writes;

	put_ok(f, STORE_T_CONFIG, "a", 1, 100);
	put_ok(f, STORE_T_CONFIG, "a", 2, 200);
	put_ok(f, STORE_T_CONFIG, "b", 3, 300);
	assert_int_equal(store_remove(&f->st, "a"), 0);
	for (int pass = 0; pass < 2; pass++) {
		assert_null(store_find(&f->st, "a")); /* neither version */
		assert_int_equal(nr_names(f), 1);
		assert_string_equal(store_entry_at(&f->st, 0)->name, "b");
		expect_content(f, "b", 3, 300, 100);
		fix_reopen(f);
		assert_int_equal(f->nprobs, 0);
	}
	writes = f->dev.sectors_written;
	assert_int_equal(store_remove(&f->st, "a"), -STORE_ENOENT);
	assert_int_equal(store_remove(&f->st, "never"), -STORE_ENOENT);
	assert_int_equal(f->dev.sectors_written, writes); /* refused: nothing written */
	put_ok(f, STORE_T_CONFIG, "a", 4, 40);
	fix_reopen(f);
	expect_content(f, "a", 4, 40, 7);
	fix_free(f);
}

static void test_transaction_and_abort(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	uint8_t *p = pattern_buf(5, 600);

	put_ok(f, STORE_T_CONFIG, "keep", 1, 10);
	/* Aborted: written to the disk, but never counted. */
	assert_int_equal(store_txn_begin(&f->st), 0);
	assert_int_equal(store_record_begin(&f->st, STORE_T_CONFIG, "gone", 600), 0);
	assert_int_equal(store_record_write(&f->st, p, 600), 0);
	assert_int_equal(store_record_end(&f->st), 0);
	assert_int_equal(store_txn_delete(&f->st, "keep"), 0);
	store_txn_abort(&f->st);
	assert_null(store_find(&f->st, "gone"));
	assert_non_null(store_find(&f->st, "keep"));
	fix_reopen(f);
	assert_null(store_find(&f->st, "gone"));
	assert_non_null(store_find(&f->st, "keep"));
	assert_int_equal(nr_damage(f), 0);
	/* Several records, one commit; a delete of a name added in the same transaction. */
	assert_int_equal(store_txn_begin(&f->st), 0);
	assert_int_equal(store_record_begin(&f->st, STORE_T_CONFIG, "t1", 600), 0);
	assert_int_equal(store_record_write(&f->st, p, 600), 0);
	assert_int_equal(store_record_end(&f->st), 0);
	assert_int_equal(store_record_begin(&f->st, STORE_T_CONFIG, "t2", 600), 0);
	assert_int_equal(store_record_write(&f->st, p, 600), 0);
	assert_int_equal(store_record_end(&f->st), 0);
	assert_int_equal(store_txn_delete(&f->st, "t2"), 0);
	assert_int_equal(store_txn_delete(&f->st, "t2"), -STORE_ENOENT);
	assert_int_equal(store_txn_delete(&f->st, "keep"), 0);
	assert_int_equal(store_txn_commit(&f->st), 0);
	for (int pass = 0; pass < 2; pass++) {
		expect_content(f, "t1", 5, 600, 100);
		assert_null(store_find(&f->st, "t2"));
		assert_null(store_find(&f->st, "keep"));
		assert_null(store_find(&f->st, "gone"));
		assert_int_equal(nr_names(f), 1);
		fix_reopen(f);
		assert_int_equal(nr_damage(f), 0);
	}
	free(p);
	fix_free(f);
}

/* ---- power cuts ---------------------------------------------------------- */

enum cut_policy {
	CUT_IN_ORDER,	  /* writes reach the disk in order; the cut stops them */
	CUT_TORN,	  /* ... and the write in flight lands in part (TORN_BYTES) */
	CUT_CACHE_LOST,	  /* a write cache: everything since the last flush is lost */
	CUT_CACHE_NEWEST, /* a write cache that kept only the newest write since the flush */
};

/* Inside a header's checksummed bytes: a torn header cannot pass for whole. */
#define TORN_BYTES 20

/* The committed state before the cut transaction: A, B (v1), C. */
static void cut_base(struct fix *f)
{
	put_ok(f, STORE_T_IMAGE, "A", 1, 2000);
	put_ok(f, STORE_T_CONFIG, "B", 2, 300);
	put_ok(f, STORE_T_CONFIG, "C", 3, 100);
}

/* The transaction cut: add D, a new version of B, delete C. */
static int cut_txn(struct fix *f)
{
	uint8_t *d = pattern_buf(4, 3000), *b = pattern_buf(5, 700);
	int rc = store_txn_begin(&f->st);

	if (!rc)
		rc = store_record_begin(&f->st, STORE_T_IMAGE, "D", 3000);
	if (!rc)
		rc = store_record_write(&f->st, d, 3000);
	if (!rc)
		rc = store_record_end(&f->st);
	if (!rc)
		rc = store_record_begin(&f->st, STORE_T_CONFIG, "B", 700);
	if (!rc)
		rc = store_record_write(&f->st, b, 700);
	if (!rc)
		rc = store_record_end(&f->st);
	if (!rc)
		rc = store_txn_delete(&f->st, "C");
	if (!rc)
		rc = store_txn_commit(&f->st);
	free(d);
	free(b);
	return rc;
}

static void expect_before(struct fix *f)
{
	expect_content(f, "A", 1, 2000, 512);
	expect_content(f, "B", 2, 300, 512);
	expect_content(f, "C", 3, 100, 512);
	assert_null(store_find(&f->st, "D"));
}

static void expect_after(struct fix *f)
{
	expect_content(f, "A", 1, 2000, 512);
	expect_content(f, "B", 5, 700, 512);
	expect_content(f, "D", 4, 3000, 512);
	assert_null(store_find(&f->st, "C"));
}

/*
 * Rebuild the disk as a power cut before event k of the log leaves it, from
 * the image base the transaction started on. Returns whether the commit (the
 * last write of the log) is on the disk whole, so the store must show it.
 */
static bool cut_apply(struct fix *f, const uint8_t *base, const struct event *log, size_t nlog,
		      size_t k, enum cut_policy pol)
{
	size_t last_flush = 0, newest = (size_t)-1, commit = 0;

	memcpy(f->dev.img, base, f->dev.nr * SECTOR);
	for (size_t i = 0; i < nlog; i++) {
		if (log[i].kind == EV_WRITE)
			commit = i;
	}
	for (size_t i = 0; i < k; i++) {
		if (log[i].kind == EV_FLUSH)
			last_flush = i + 1;
		else
			newest = i;
	}
	for (size_t i = 0; i < k; i++) {
		bool durable = i < last_flush;

		if (log[i].kind != EV_WRITE)
			continue;
		if (!durable && pol == CUT_CACHE_LOST)
			continue;
		if (!durable && pol == CUT_CACHE_NEWEST && i != newest)
			continue;
		memcpy(f->dev.img + log[i].lba * SECTOR, log[i].data, SECTOR);
	}
	if (pol == CUT_TORN && k < nlog && log[k].kind == EV_WRITE)
		memcpy(f->dev.img + log[k].lba * SECTOR, log[k].data, TORN_BYTES);
	return memcmp(f->dev.img + log[commit].lba * SECTOR, log[commit].data, SECTOR) == 0;
}

static void power_cut_matrix(const enum cut_policy *pols, size_t npols)
{
	struct fix *f = fix_new(DEV_SECTORS, 2); /* small buffer: many separate writes */
	uint8_t *base = malloc(DEV_SECTORS * SECTOR);
	struct event *log = calloc(LOG_MAX, sizeof(*log));
	size_t nlog, cuts = 0;

	assert_non_null(base);
	assert_non_null(log);
	cut_base(f);
	memcpy(base, f->dev.img, DEV_SECTORS * SECTOR);
	f->dev.log = log;
	assert_int_equal(cut_txn(f), 0);
	f->dev.log = NULL;
	nlog = f->dev.nlog;
	assert_true(nlog > 10);
	for (size_t p = 0; p < npols; p++) {
		for (size_t k = 0; k <= nlog; k++) {
			bool committed = cut_apply(f, base, log, nlog, k, pols[p]);

			/* Once commit has returned, the transaction survives any power cut. */
			if (k == nlog)
				assert_true(committed);

			fix_reopen(f);
			assert_int_equal(nr_damage(f), 0); /* leftovers are tail, never damage */
			assert_int_equal(nr_names(f), 3);
			if (committed)
				expect_after(f);
			else
				expect_before(f);
			/* The store takes new records over the torn tail, and keeps them. */
			put_ok(f, STORE_T_CONFIG, "E", 6, 40);
			fix_reopen(f);
			assert_int_equal(nr_damage(f), 0);
			expect_content(f, "E", 6, 40, 512);
			if (committed)
				expect_after(f);
			else
				expect_before(f);
			assert_int_equal(nr_names(f), 4);
			cuts += committed;
		}
	}
	assert_true(cuts >= npols); /* each policy saw the commit land at least once */
	free(log);
	free(base);
	fix_free(f);
}

static void test_power_cut_every_write(void **state)
{
	static const enum cut_policy pols[] = {CUT_IN_ORDER, CUT_TORN};

	power_cut_matrix(pols, 2);
}

static void test_power_cut_write_cache(void **state)
{
	static const enum cut_policy pols[] = {CUT_CACHE_LOST, CUT_CACHE_NEWEST};

	power_cut_matrix(pols, 2);
}

/*
 * A commit that reappears after the log moved past it (say, a sector that
 * read as zeros once) must not bring its transaction back.
 */
static void test_stale_commit_not_believed(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	const struct store_entry *e;
	uint8_t saved[SECTOR];
	uint64_t commit_lba;

	put_ok(f, STORE_T_CONFIG, "A", 1, 100);
	put_ok(f, STORE_T_IMAGE, "T", 2, 5000);
	e = store_find(&f->st, "T");
	commit_lba = e->lba + 1 + (5000 + SECTOR - 1) / SECTOR;
	memcpy(saved, f->dev.img + commit_lba * SECTOR, SECTOR);
	memset(f->dev.img + commit_lba * SECTOR, 0, SECTOR);
	fix_reopen(f);
	assert_null(store_find(&f->st, "T")); /* its commit is gone: the tail */
	assert_int_equal(nr_damage(f), 0);
	put_ok(f, STORE_T_CONFIG, "U", 3, 30); /* over T's first sectors */
	memcpy(f->dev.img + commit_lba * SECTOR, saved, SECTOR);
	fix_reopen(f);
	assert_null(store_find(&f->st, "T"));
	expect_content(f, "U", 3, 30, 512);
	expect_content(f, "A", 1, 100, 512);
	assert_int_equal(nr_damage(f), 0);
	/* Sequence numbers keep growing past the stale commit's: V is not mistaken for stale. */
	put_ok(f, STORE_T_CONFIG, "V", 4, 20);
	fix_reopen(f);
	expect_content(f, "V", 4, 20, 512);
	assert_true(store_find(&f->st, "V")->seq > store_find(&f->st, "U")->seq);
	assert_null(store_find(&f->st, "T"));
	fix_free(f);
}

/* A commit record at sector lba for [first, last], sealed as the store would. */
static void craft_commit(struct fix *f, uint64_t lba, uint64_t seq, uint64_t first, uint64_t last)
{
	uint8_t *h = f->dev.img + lba * SECTOR;

	memset(h, 0, SECTOR);
	memcpy(h + RH_OFF_MAGIC, RH_MAGIC, FORMAT_MAGIC_LEN);
	le16_put(h + RH_OFF_TYPE, STORE_T_COMMIT);
	le64_put(h + RH_OFF_ID, 1);
	le64_put(h + RH_OFF_SEQ, seq);
	le64_put(h + RH_OFF_FIRST, first);
	le64_put(h + RH_OFF_LAST, last);
	reseal_header(f, lba);
}

/* A commit whose range reaches back into an earlier commit's is not believed. */
static void test_overlapping_commit_refused(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	struct store_stat s;
	uint64_t x_lba, x_seq;

	put_ok(f, STORE_T_CONFIG, "a", 1, 10); /* seq 1, commit 2 */
	put_ok(f, STORE_T_CONFIG, "b", 2, 10); /* seq 3, commit 4 */
	store_stat(&f->st, &s);
	x_lba = s.used_sectors;
	assert_int_equal(store_txn_begin(&f->st), 0);
	assert_int_equal(store_record_begin(&f->st, STORE_T_CONFIG, "x", 1), 0);
	assert_int_equal(store_record_write(&f->st, "x", 1), 0);
	assert_int_equal(store_record_end(&f->st), 0);
	store_txn_abort(&f->st);
	x_seq = 5;
	craft_commit(f, x_lba + 2, x_seq + 1, 3, x_seq); /* re-commits b's seq 3 */
	fix_reopen(f);
	assert_null(store_find(&f->st, "x"));
	assert_int_equal(f->nprobs, 2);
	assert_int_equal(f->probs[0].kind, STORE_PROB_COMMIT);
	assert_int_equal(f->probs[0].lba, x_lba + 2);
	assert_int_equal(f->probs[1].kind, STORE_PROB_UNCOMMITTED);
	assert_string_equal(f->probs[1].name, "x");
	store_stat(&f->st, &s);
	assert_int_equal(s.used_sectors, x_lba);
	/* The same commit with a range of its own is believed. */
	craft_commit(f, x_lba + 2, x_seq + 1, x_seq, x_seq);
	fix_reopen(f);
	assert_non_null(store_find(&f->st, "x"));
	assert_int_equal(store_check(&f->st, store_find(&f->st, "x")), 0);
	assert_int_equal(f->nprobs, 0);
	fix_free(f);
}

/* ---- damage -------------------------------------------------------------- */

/* a, b (b1 then b2), c, each in its own transaction. */
static void damage_base(struct fix *f)
{
	put_ok(f, STORE_T_CONFIG, "a", 1, 700);
	put_ok(f, STORE_T_CONFIG, "b", 2, 300);
	put_ok(f, STORE_T_CONFIG, "b", 3, 900);
	put_ok(f, STORE_T_CONFIG, "c", 4, 600);
}

static void expect_others_fine(struct fix *f)
{
	expect_content(f, "a", 1, 700, 256);
	expect_content(f, "c", 4, 600, 256);
}

static void test_payload_flip(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	const struct store_entry *e;
	uint64_t lba, seq;

	damage_base(f);
	e = store_find(&f->st, "b");
	lba = e->lba;
	seq = e->seq;
	flip(f, lba + 2, 17); /* in the second payload sector of b v2 */
	fix_reopen(f);
	assert_int_equal(f->nprobs, 1);
	assert_int_equal(f->probs[0].kind, STORE_PROB_PAYLOAD);
	assert_false(f->probs[0].in_tail);
	assert_string_equal(f->probs[0].name, "b");
	assert_int_equal(f->probs[0].lba, lba);
	assert_int_equal(f->probs[0].seq, seq);
	assert_int_equal(nr_damage(f), 1);
	expect_others_fine(f);
	expect_content(f, "b", 2, 300, 256); /* the newest intact version */
	/* The store keeps working: a new version of b replaces the old one. */
	put_ok(f, STORE_T_CONFIG, "b", 5, 50);
	fix_reopen(f);
	expect_content(f, "b", 5, 50, 256);
	expect_others_fine(f);
	fix_free(f);
}

static void test_header_flip_resync(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	uint64_t lba;

	damage_base(f);
	lba = store_find(&f->st, "b")->lba;
	flip(f, lba, RH_OFF_NAME + 1); /* the name's checksum no longer matches */
	fix_reopen(f);
	assert_int_equal(f->nprobs, 1);
	assert_int_equal(f->probs[0].kind, STORE_PROB_HEADER);
	assert_false(f->probs[0].in_tail);
	assert_int_equal(f->probs[0].lba, lba);
	expect_others_fine(f); /* c lies after the damage: resync found it */
	expect_content(f, "b", 2, 300, 256);
	fix_free(f);
}

static void test_header_magic_flip_gap(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	uint64_t lba;

	damage_base(f);
	lba = store_find(&f->st, "b")->lba;
	flip(f, lba, 0); /* no magic: the header is not even recognisable */
	fix_reopen(f);
	assert_int_equal(f->nprobs, 1);
	assert_int_equal(f->probs[0].kind, STORE_PROB_GAP);
	assert_false(f->probs[0].in_tail);
	assert_int_equal(f->probs[0].lba, lba);
	assert_int_equal(f->probs[0].nr_sectors, 1 + 2); /* header and payload up to the commit */
	expect_others_fine(f);
	expect_content(f, "b", 2, 300, 256);
	fix_free(f);
}

static void test_lost_commit(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	uint64_t lba, commit;

	damage_base(f);
	lba = store_find(&f->st, "b")->lba;
	commit = lba + 1 + 2;
	flip(f, commit, RH_OFF_SEQ);
	fix_reopen(f);
	assert_int_equal(f->nprobs, 2);
	assert_int_equal(f->probs[0].kind, STORE_PROB_HEADER);
	assert_int_equal(f->probs[0].lba, commit);
	assert_int_equal(f->probs[1].kind, STORE_PROB_UNCOMMITTED);
	assert_string_equal(f->probs[1].name, "b");
	assert_int_equal(f->probs[1].lba, lba);
	assert_false(f->probs[0].in_tail);
	assert_false(f->probs[1].in_tail);
	expect_others_fine(f);
	expect_content(f, "b", 2, 300, 256);
	fix_free(f);
}

static void test_length_beyond_partition(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 8);
	struct store_dev d = dev_of(f);
	uint8_t sector[SECTOR];
	uint64_t lba;

	/* The device is larger than the store: the store must stay inside its own size. */
	assert_int_equal(store_mkfs(&d, 200, 2, sector), 0);
	fix_reopen(f);
	damage_base(f);
	lba = store_find(&f->st, "b")->lba;
	/* A header that checksums but whose payload would run past the store. */
	le64_put(f->dev.img + lba * SECTOR + RH_OFF_LEN, 200ULL * SECTOR);
	reseal_header(f, lba);
	f->dev.max_lba = 0;
	fix_reopen(f);
	assert_true(f->dev.max_lba < 200);
	assert_int_equal(f->nprobs, 1);
	assert_int_equal(f->probs[0].kind, STORE_PROB_HEADER);
	assert_int_equal(f->probs[0].lba, lba);
	expect_others_fine(f);
	expect_content(f, "b", 2, 300, 256);
	fix_free(f);
}

static void test_reader_sees_late_damage(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	const struct store_entry *e;
	struct store_reader r;
	uint8_t out[2048];
	long n, total = 0;

	damage_base(f);
	e = store_find(&f->st, "a");
	flip(f, e->lba + 1, 3); /* after the open checked it */
	assert_int_equal(store_check(&f->st, e), -STORE_EBADMSG);
	store_read_open(e, &r);
	while ((n = store_read(&f->st, &r, out, 100)) > 0)
		total += n;
	assert_int_equal(n, -STORE_EBADMSG);
	assert_int_equal(total, 600); /* the last chunk comes back as the error */
	fix_free(f);
}

/* ---- refusals ------------------------------------------------------------ */

static void test_bad_superblock(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	uint8_t *sb = f->dev.img, saved[SECTOR];
	unsigned int flushes;
	struct store_config cfg = {.dev = dev_of(f), .buf = f->buf, .buf_size = 100};

	put_ok(f, STORE_T_CONFIG, "a", 1, 10);
	memcpy(saved, sb, SECTOR);
	f->dev.sectors_written = 0;
	flushes = f->dev.flushes;

	memset(sb, 0, SECTOR);
	assert_int_equal(fix_open(f), -STORE_ENODEV);
	memcpy(sb, saved, SECTOR);
	flip(f, 0, SB_OFF_SECTORS);
	assert_int_equal(fix_open(f), -STORE_EBADMSG);
	memcpy(sb, saved, SECTOR);
	le32_put(sb + SB_OFF_VERSION, 2);
	le32_put(sb + SB_OFF_CRC, 0);
	le32_put(sb + SB_OFF_CRC, crc32c(sb, SB_CRC_LEN));
	assert_int_equal(fix_open(f), -STORE_EOPNOTSUPP);
	memcpy(sb, saved, SECTOR);
	le64_put(sb + SB_OFF_SECTORS, DEV_SECTORS + 1);
	le32_put(sb + SB_OFF_CRC, 0);
	le32_put(sb + SB_OFF_CRC, crc32c(sb, SB_CRC_LEN));
	assert_int_equal(fix_open(f), -STORE_ENXIO);
	le64_put(sb + SB_OFF_SECTORS, 2);
	le32_put(sb + SB_OFF_CRC, 0);
	le32_put(sb + SB_OFF_CRC, crc32c(sb, SB_CRC_LEN));
	assert_int_equal(fix_open(f), -STORE_EBADMSG);
	/* A refused store cannot be written to. */
	assert_int_equal(store_txn_begin(&f->st), -STORE_EINVAL);
	assert_int_equal(store_put(&f->st, STORE_T_CONFIG, "x", "x", 1), -STORE_EINVAL);
	assert_int_equal(f->dev.sectors_written, 0);
	assert_int_equal(f->dev.flushes, flushes);
	/* Bad configuration. */
	assert_int_equal(store_open(&f->st, &cfg), -STORE_EINVAL);
	cfg.buf_size = SECTOR;
	cfg.dev.flush = NULL;
	assert_int_equal(store_open(&f->st, &cfg), -STORE_EINVAL);
	memcpy(sb, saved, SECTOR);
	fix_reopen(f);
	expect_content(f, "a", 1, 10, 10);
	fix_free(f);
}

static void test_store_full(void **state)
{
	struct fix *f = fix_new(24, 4);
	struct store_stat before, after;
	unsigned int writes, i = 0;
	char name[8];
	int rc;

	/* Each 600-byte record: header + 2 payload sectors + commit = 4 sectors. */
	do {
		uint8_t *p = pattern_buf(i, 600);

		snprintf(name, sizeof(name), "r%u", i);
		writes = f->dev.sectors_written;
		store_stat(&f->st, &before);
		rc = store_put(&f->st, STORE_T_CONFIG, name, p, 600);
		free(p);
		i++;
	} while (rc == 0);
	assert_int_equal(rc, -STORE_ENOSPC);
	assert_int_equal(i - 1, 5);			  /* 1 + 5 * 4 = 21 sectors used of 24 */
	assert_int_equal(f->dev.sectors_written, writes); /* refused before any write */
	store_stat(&f->st, &after);
	assert_int_equal(after.used_sectors, before.used_sectors);
	assert_int_equal(after.nr_names, 5);
	/* A transaction whose second record does not fit counts for nothing. */
	assert_int_equal(store_txn_begin(&f->st), 0);
	assert_int_equal(store_record_begin(&f->st, STORE_T_CONFIG, "small", 1), 0);
	assert_int_equal(store_record_write(&f->st, "x", 1), 0);
	assert_int_equal(store_record_end(&f->st), 0);
	assert_int_equal(store_record_begin(&f->st, STORE_T_CONFIG, "more", 1), -STORE_ENOSPC);
	store_txn_abort(&f->st);
	fix_reopen(f);
	assert_int_equal(nr_damage(f), 0);
	assert_null(store_find(&f->st, "small"));
	assert_int_equal(nr_names(f), 5);
	for (unsigned int j = 0; j < 5; j++) {
		snprintf(name, sizeof(name), "r%u", j);
		expect_content(f, name, j, 600, 600);
	}
	/* What still fits, fits: a header, one sector and the commit. */
	put_ok(f, STORE_T_CONFIG, "last", 7, 512);
	fix_reopen(f);
	expect_content(f, "last", 7, 512, 512);
	assert_int_equal(store_put(&f->st, STORE_T_CONFIG, "x", "", 0), -STORE_ENOSPC);
	assert_int_equal(store_remove(&f->st, "r0"), -STORE_ENOSPC);
	fix_free(f);
}

static void test_index_full(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	unsigned int writes;

	f->index_cap = 3;
	fix_reopen(f);
	put_ok(f, STORE_T_CONFIG, "a", 1, 10);
	put_ok(f, STORE_T_CONFIG, "b", 2, 10);
	put_ok(f, STORE_T_CONFIG, "c", 3, 10);
	writes = f->dev.sectors_written;
	assert_int_equal(store_put(&f->st, STORE_T_CONFIG, "d", "d", 1), -STORE_ENOBUFS);
	/* Replacing needs a free entry too, while the transaction is open. */
	assert_int_equal(store_put(&f->st, STORE_T_CONFIG, "a", "a", 1), -STORE_ENOBUFS);
	assert_int_equal(store_remove(&f->st, "a"), -STORE_ENOBUFS);
	assert_int_equal(f->dev.sectors_written, writes);
	f->index_cap = 2;
	assert_int_equal(fix_open(f), -STORE_ENOBUFS);
	f->index_cap = 4;
	fix_reopen(f);
	assert_int_equal(nr_names(f), 3);
	assert_int_equal(store_remove(&f->st, "a"), 0);
	fix_reopen(f); /* with the capacity it was written with */
	put_ok(f, STORE_T_CONFIG, "d", 4, 10);
	expect_content(f, "d", 4, 10, 10);
	fix_free(f);
}

static void test_names(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	char name[STORE_NAME_MAX + 2];

	memset(name, 'n', sizeof(name));
	name[STORE_NAME_MAX + 1] = '\0';
	assert_int_equal(store_put(&f->st, STORE_T_CONFIG, name, "", 0), -STORE_ENAMETOOLONG);
	name[STORE_NAME_MAX] = '\0';
	put_ok(f, STORE_T_CONFIG, name, 1, 5);
	assert_int_equal(store_put(&f->st, STORE_T_CONFIG, "", "", 0), -STORE_EINVAL);
	assert_int_equal(store_put(&f->st, STORE_T_CONFIG, "a b", "", 0), -STORE_EINVAL);
	assert_int_equal(store_put(&f->st, STORE_T_CONFIG, "tab\t", "", 0), -STORE_EINVAL);
	assert_int_equal(store_put(&f->st, STORE_T_CONFIG, "\xc3\xa9", "", 0), -STORE_EINVAL);
	assert_int_equal(store_put(&f->st, STORE_T_DELETE, "x", "", 0), -STORE_EINVAL);
	assert_int_equal(store_put(&f->st, STORE_T_COMMIT, "x", "", 0), -STORE_EINVAL);
	assert_int_equal(store_name_check("hello-1.0_img+x"), 0);
	fix_reopen(f);
	expect_content(f, name, 1, 5, 5);
	assert_int_equal(nr_names(f), 1);
	fix_free(f);
}

/* A new store on the same sectors: the old records are someone else's. */
static void test_foreign_records_ignored(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 4);
	struct store_dev d = dev_of(f);
	uint8_t sector[SECTOR];

	damage_base(f);
	put_ok(f, STORE_T_IMAGE, "big", 9, 20000);
	assert_int_equal(store_mkfs(&d, DEV_SECTORS, 2, sector), 0);
	fix_reopen(f);
	assert_int_equal(nr_names(f), 0);
	assert_int_equal(f->nprobs, 0);
	put_ok(f, STORE_T_CONFIG, "new", 1, 10);
	fix_reopen(f);
	assert_int_equal(nr_names(f), 1);
	assert_int_equal(f->nprobs, 0);
	fix_free(f);
}

static void test_io_errors(void **state)
{
	struct fix *f = fix_new(DEV_SECTORS, 2);
	uint8_t *p = pattern_buf(3, 3000);

	put_ok(f, STORE_T_CONFIG, "a", 1, 100);
	/* A write fails half-way through a record: the transaction is gone. */
	f->dev.writes_left = 3;
	assert_int_equal(store_put(&f->st, STORE_T_IMAGE, "x", p, 3000), -STORE_EIO);
	f->dev.writes_left = -1;
	assert_null(store_find(&f->st, "x"));
	put_ok(f, STORE_T_CONFIG, "b", 2, 100); /* the store carries on */
	fix_reopen(f);
	assert_null(store_find(&f->st, "x"));
	assert_int_equal(nr_damage(f), 0);
	/* The flush after the commit fails: unknown, so the store stops writing. */
	f->dev.flushes_left = 1;
	assert_int_equal(store_put(&f->st, STORE_T_CONFIG, "c", p, 10), -STORE_EIO);
	f->dev.flushes_left = -1;
	assert_int_equal(store_put(&f->st, STORE_T_CONFIG, "d", p, 10), -STORE_EIO);
	fix_reopen(f); /* finds out: here the commit had reached the disk */
	assert_non_null(store_find(&f->st, "c"));
	expect_content(f, "a", 1, 100, 100);
	expect_content(f, "b", 2, 100, 100);
	f->dev.fail_reads = true;
	assert_int_equal(fix_open(f), -STORE_EIO);
	f->dev.fail_reads = false;
	free(p);
	fix_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c_check_value),
		cmocka_unit_test(test_mkfs_open_empty),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_streaming_write),
		cmocka_unit_test(test_newest_version_wins),
		cmocka_unit_test(test_delete_hides),
		cmocka_unit_test(test_transaction_and_abort),
		cmocka_unit_test(test_power_cut_every_write),
		cmocka_unit_test(test_power_cut_write_cache),
		cmocka_unit_test(test_stale_commit_not_believed),
		cmocka_unit_test(test_overlapping_commit_refused),
		cmocka_unit_test(test_payload_flip),
		cmocka_unit_test(test_header_flip_resync),
		cmocka_unit_test(test_header_magic_flip_gap),
		cmocka_unit_test(test_lost_commit),
		cmocka_unit_test(test_length_beyond_partition),
		cmocka_unit_test(test_reader_sees_late_damage),
		cmocka_unit_test(test_bad_superblock),
		cmocka_unit_test(test_store_full),
		cmocka_unit_test(test_index_full),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_foreign_records_ignored),
		cmocka_unit_test(test_io_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
