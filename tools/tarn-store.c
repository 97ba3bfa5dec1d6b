/*
 * tarn-store: the host's tool for a Tarn store (docs/store.md).
 *
 *   tarn-store [--offset BYTES] mkfs FILE SIZE[K|M|G] [--force]
 *   tarn-store [--offset BYTES] add FILE NAME SRC [--type image|config]
 *   tarn-store [--offset BYTES] rm FILE NAME
 *   tarn-store [--offset BYTES] list FILE
 *   tarn-store [--offset BYTES] verify FILE
 *   tarn-store [--offset BYTES] extract FILE NAME DST
 *
 * FILE is the store partition as a file, or a whole disk image with
 * --offset giving the partition's first byte. The store itself is the
 * library in ctl/store/, the same code the control domain runs; this file
 * only gives it a file as its block device, checks what users hand it
 * (Image magic, text configs, sizes), and prints.
 *
 * Exit status: 0 done; 1 an error, or verify found damage; 2 bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ctl/mbr.h"
#include "ctl/store/store.h"

#define IO_BUF	     (64 * 1024) /* work buffer: 128 sectors per I/O */
#define INDEX_START  1024
#define INDEX_MAX    (1u << 22)
#define CONFIG_MAX   (1024 * 1024)
#define IMAGE_MAGIC  "ARM\x64"
#define IMAGE_MAGOFF 56

static const char *prog = "tarn-store";

struct opts {
	long long offset;
	const char *type; /* add: NULL = from the name */
	bool force;	  /* mkfs: replace an existing store */
	const char *arg[4];
	int nargs;
};

/* The open store and what it sits on. */
struct tool {
	const char *path;
	int fd;
	long long offset;
	struct store st;
	uint8_t *buf;
	struct store_entry *index;
	size_t index_cap;
	bool show_tail; /* print notes about interrupted writes, not only damage */
	FILE *report;	/* where problems go */
};

static _Noreturn void die_usage(void)
{
	fprintf(stderr,
		"usage: %s [--offset BYTES] COMMAND ...\n"
		"  mkfs FILE SIZE[K|M|G] [--force]   make an empty store (creates or extends "
		"FILE)\n"
		"  add FILE NAME SRC [--type image|config]\n"
		"                                    add SRC as NAME (a new version if NAME "
		"exists)\n"
		"  rm FILE NAME                      delete NAME\n"
		"  list FILE                         list the names\n"
		"  verify FILE                       check every record; exit 1 if any is damaged\n"
		"  extract FILE NAME DST             write NAME's contents to DST ('-': stdout)\n"
		"--offset: FILE is a disk image and the store starts at byte BYTES of it.\n",
		prog);
	exit(2);
}

static int fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* ---- the file as a block device ----------------------------------------- */

static int file_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct tool *t = ctx;
	size_t len = (size_t)count * STORE_SECTOR_SIZE, done = 0;
	off_t at = (off_t)(t->offset + (long long)lba * STORE_SECTOR_SIZE);

	while (done < len) {
		ssize_t n = pread(t->fd, (uint8_t *)buf + done, len - done, at + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -STORE_EIO; /* a short file reads as an error, never as zeros */
		done += (size_t)n;
	}
	return 0;
}

static int file_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	struct tool *t = ctx;
	size_t len = (size_t)count * STORE_SECTOR_SIZE, done = 0;
	off_t at = (off_t)(t->offset + (long long)lba * STORE_SECTOR_SIZE);

	while (done < len) {
		ssize_t n =
			pwrite(t->fd, (const uint8_t *)buf + done, len - done, at + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -STORE_EIO;
		done += (size_t)n;
	}
	return 0;
}

static int file_flush(void *ctx)
{
	struct tool *t = ctx;

	return fdatasync(t->fd) == 0 ? 0 : -STORE_EIO;
}

static struct store_dev file_dev(struct tool *t, uint64_t nr_sectors)
{
	struct store_dev d = {
		.read = file_read,
		.write = file_write,
		.flush = file_flush,
		.ctx = t,
		.nr_sectors = nr_sectors,
	};
	return d;
}

/* ---- reporting ------------------------------------------------------------ */

static void problem_print(void *ctx, const struct store_problem *p)
{
	struct tool *t = ctx;

	if (p->in_tail && !t->show_tail)
		return;
	fprintf(t->report, "%s%s: LBA %llu", p->in_tail ? "note: " : "", t->path,
		(unsigned long long)p->lba);
	if (p->nr_sectors > 1)
		fprintf(t->report, "-%llu", (unsigned long long)(p->lba + p->nr_sectors - 1));
	if (p->name[0])
		fprintf(t->report, ": record '%s' (%s, seq %llu)", p->name,
			store_type_name(p->type), (unsigned long long)p->seq);
	fprintf(t->report, ": %s%s\n", store_problem_text(p->kind),
		p->in_tail ? " (after the last commit: left by an interrupted write; harmless)"
			   : "");
}

/* ---- opening -------------------------------------------------------------- */

/*
 * With --offset into a disk image that has an MBR, the store must be a
 * partition that starts exactly there: *limit becomes its length in sectors.
 * A wrong offset would otherwise put a store over another partition. No
 * MBR, or a GPT (protective 0xee entry): the offset is trusted as given.
 */
static int mbr_limit(struct tool *t, uint64_t *limit)
{
	uint8_t mbr[512];
	struct mbr_part p;

	if (t->offset == 0 || pread(t->fd, mbr, sizeof(mbr), 0) != (ssize_t)sizeof(mbr) ||
	    mbr_part(mbr, 1, &p) == -22)
		return 0; /* no MBR */
	for (unsigned int n = 1; n <= 4; n++) {
		if (mbr_part(mbr, n, &p))
			continue;
		if (p.type == 0xee)
			return 0; /* a GPT's protective entry */
		if ((long long)p.lba * STORE_SECTOR_SIZE == t->offset) {
			*limit = p.sectors;
			return 0;
		}
	}
	fprintf(stderr, "%s: %s: no partition starts at offset %lld; its partitions:\n", prog,
		t->path, t->offset);
	for (unsigned int n = 1; n <= 4; n++)
		if (mbr_part(mbr, n, &p) == 0)
			fprintf(stderr, "  %u: type %#04x, --offset %lld, %lld bytes\n", n, p.type,
				(long long)p.lba * STORE_SECTOR_SIZE,
				(long long)p.sectors * STORE_SECTOR_SIZE);
	return 1;
}

static int tool_open_file(struct tool *t, bool writable, uint64_t *nr_sectors)
{
	struct stat sb;

	t->fd = open(t->path, writable ? O_RDWR : O_RDONLY);
	if (t->fd < 0)
		return fail("%s: %s", t->path, strerror(errno));
	if (fstat(t->fd, &sb) != 0)
		return fail("%s: %s", t->path, strerror(errno));
	if (S_ISBLK(sb.st_mode))
		return fail("%s: block devices are not supported; use an image file", t->path);
	if (sb.st_size < t->offset + STORE_SECTOR_SIZE)
		return fail("%s: file is %lld bytes, too small for a store at offset %lld", t->path,
			    (long long)sb.st_size, t->offset);
	*nr_sectors = (uint64_t)(sb.st_size - t->offset) / STORE_SECTOR_SIZE;
	return mbr_limit(t, nr_sectors);
}

/* Open the store, growing the index until it holds every name. */
static int tool_open(struct tool *t, bool writable)
{
	uint64_t nr = 0;
	int rc;

	if (tool_open_file(t, writable, &nr))
		return 1;
	t->buf = malloc(IO_BUF);
	for (t->index_cap = INDEX_START;; t->index_cap *= 2) {
		struct store_config cfg = {
			.dev = file_dev(t, nr),
			.buf = t->buf,
			.buf_size = IO_BUF,
			.problem = problem_print,
			.problem_ctx = t,
		};

		free(t->index);
		t->index = calloc(t->index_cap, sizeof(*t->index));
		if (!t->buf || !t->index)
			return fail("out of memory");
		cfg.index = t->index;
		cfg.index_cap = t->index_cap;
		rc = store_open(&t->st, &cfg);
		if (rc != -STORE_ENOBUFS || t->index_cap >= INDEX_MAX)
			break;
	}
	if (rc)
		return fail("%s: %s", t->path, store_strerror(rc));
	return 0;
}

static void tool_close(struct tool *t)
{
	if (t->fd >= 0)
		close(t->fd);
	free(t->buf);
	free(t->index);
}

static void tool_init(struct tool *t, const struct opts *o, const char *path)
{
	memset(t, 0, sizeof(*t));
	t->path = path;
	t->fd = -1;
	t->offset = o->offset;
	t->report = stderr;
}

/* ---- mkfs ------------------------------------------------------------------ */

/* "64M" and friends; 0 on a malformed size. */
static uint64_t size_parse(const char *s)
{
	char *end;
	unsigned long long v;
	uint64_t mult = 1;

	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return 0;
	switch (*end) {
	case 'k':
	case 'K':
		mult = 1ull << 10;
		end++;
		break;
	case 'm':
	case 'M':
		mult = 1ull << 20;
		end++;
		break;
	case 'g':
	case 'G':
		mult = 1ull << 30;
		end++;
		break;
	default:
		break;
	}
	if (*end != '\0' || v > UINT64_MAX / mult / 2)
		return 0;
	return v * mult;
}

static uint64_t store_id_pick(void)
{
	uint64_t id;

	if (getrandom(&id, sizeof(id), 0) == (ssize_t)sizeof(id))
		return id;
	return (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ull ^ (uint64_t)getpid();
}

/*
 * Whether the sectors at the offset already hold a store, even a damaged or
 * a full one (refused without --force): anything but "no magic here".
 */
static bool store_present(struct tool *t, uint64_t nr)
{
	struct store_config cfg = {
		.dev = file_dev(t, nr),
		.buf = t->buf,
		.buf_size = IO_BUF,
	};
	int rc = store_open(&t->st, &cfg);

	return rc != -STORE_ENODEV && rc != -STORE_EIO;
}

/* SIZE as a number of sectors; 0 after a message when it is unusable. */
static uint64_t mkfs_sectors(const char *arg)
{
	uint64_t size = size_parse(arg);

	if (size == 0)
		fail("bad size '%s': a number of bytes, with K, M or G after it", arg);
	else if (size % STORE_SECTOR_SIZE)
		fail("bad size '%s': not a multiple of %d bytes", arg, STORE_SECTOR_SIZE);
	else if (size / STORE_SECTOR_SIZE < STORE_MIN_SECTORS)
		fail("bad size '%s': a store needs at least %d bytes", arg,
		     STORE_MIN_SECTORS * STORE_SECTOR_SIZE);
	else
		return size / STORE_SECTOR_SIZE;
	return 0;
}

/* Open (or create) the file and make room for nr sectors at the offset. */
static int mkfs_prepare(struct tool *t, uint64_t nr, bool force)
{
	long long end = t->offset + (long long)(nr * STORE_SECTOR_SIZE);
	uint64_t limit = nr;
	struct stat sb;

	t->fd = open(t->path, O_RDWR | O_CREAT, 0644);
	t->buf = malloc(IO_BUF);
	if (t->fd < 0 || fstat(t->fd, &sb) != 0 || !t->buf)
		return fail("%s: %s", t->path, strerror(errno));
	if (mbr_limit(t, &limit))
		return 1;
	if (limit < nr)
		return fail("%s: the partition at offset %lld has only %llu bytes", t->path,
			    t->offset, (unsigned long long)limit * STORE_SECTOR_SIZE);
	/* Grow the file to hold the store; never shrink it (it may be a whole disk). */
	if (sb.st_size < end && ftruncate(t->fd, (off_t)end) != 0)
		return fail("%s: cannot extend to %lld bytes: %s", t->path, end, strerror(errno));
	if (!force && store_present(t, nr))
		return fail("%s already holds a Tarn store at offset %lld; --force replaces it",
			    t->path, t->offset);
	return 0;
}

static int cmd_mkfs(const struct opts *o)
{
	struct store_dev d;
	struct tool t;
	uint64_t nr;
	int rc;

	if (o->nargs != 2)
		die_usage();
	nr = mkfs_sectors(o->arg[1]);
	if (nr == 0)
		return 1;
	tool_init(&t, o, o->arg[0]);
	rc = mkfs_prepare(&t, nr, o->force);
	if (!rc) {
		d = file_dev(&t, nr);
		do
			rc = store_mkfs(&d, nr, store_id_pick(), t.buf);
		while (rc == -STORE_EEXIST); /* the old store had this id: draw again */
		if (rc)
			rc = fail("%s: %s", t.path, store_strerror(rc));
		else
			printf("%s: empty store of %llu bytes (%llu sectors) at offset %lld\n",
			       t.path, (unsigned long long)nr * STORE_SECTOR_SIZE,
			       (unsigned long long)nr, t.offset);
	}
	tool_close(&t);
	return rc;
}

/* ---- add ------------------------------------------------------------------- */

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return n >= m && strcmp(s + n - m, tail) == 0;
}

static int type_pick(const struct opts *o, const char *name, enum store_type *type)
{
	if (!o->type) {
		*type = ends_with(name, ".cfg") ? STORE_T_CONFIG : STORE_T_IMAGE;
		return 0;
	}
	if (strcmp(o->type, "image") == 0)
		*type = STORE_T_IMAGE;
	else if (strcmp(o->type, "config") == 0)
		*type = STORE_T_CONFIG;
	else
		return fail("bad --type '%s': image or config", o->type);
	return 0;
}

/* An arm64 Image carries "ARM\x64" at byte 56 of its header. */
static int image_check(int fd, const char *src, uint64_t size)
{
	uint8_t hdr[64];

	if (size < sizeof(hdr) || pread(fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr) ||
	    memcmp(hdr + IMAGE_MAGOFF, IMAGE_MAGIC, 4) != 0)
		return fail("%s is not an arm64 Image (no \"ARM\\x64\" magic at offset 56); "
			    "nothing written (use --type config for a config)",
			    src);
	return 0;
}

/* A config is text: no NUL, no control characters but tab, CR and LF. */
static int config_check(int fd, const char *src, uint64_t size)
{
	uint8_t *p;
	int rc = 0;

	if (size > CONFIG_MAX)
		return fail("%s: %llu bytes is too large for a config (at most %d)", src,
			    (unsigned long long)size, CONFIG_MAX);
	p = malloc(size ? size : 1);
	if (!p || pread(fd, p, size, 0) != (ssize_t)size) {
		free(p);
		return fail("%s: cannot read: %s", src, strerror(errno));
	}
	for (uint64_t i = 0; i < size && !rc; i++) {
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
			rc = fail("%s is not a text config (byte %#x at offset %llu); nothing "
				  "written",
				  src, p[i], (unsigned long long)i);
	}
	free(p);
	return rc;
}

/* Stream src into one record of its own transaction. */
static int add_stream(struct tool *t, enum store_type type, const char *name, int fd, uint64_t size)
{
	static uint8_t chunk[IO_BUF];
	uint64_t done = 0;
	int rc = store_txn_begin(&t->st);

	if (!rc)
		rc = store_record_begin(&t->st, type, name, size);
	while (!rc && done < size) {
		ssize_t n = pread(fd, chunk, sizeof(chunk), (off_t)done);

		if (n <= 0 || (uint64_t)n > size - done) {
			store_txn_abort(&t->st);
			return fail("source changed or unreadable while adding; nothing added");
		}
		rc = store_record_write(&t->st, chunk, (size_t)n);
		done += (uint64_t)n;
	}
	if (!rc)
		rc = store_record_end(&t->st);
	if (!rc)
		rc = store_txn_commit(&t->st);
	if (rc)
		store_txn_abort(&t->st);
	return rc;
}

static int add_report(struct tool *t, const char *name, uint64_t size, int rc)
{
	struct store_stat s;
	const struct store_entry *e;

	store_stat(&t->st, &s);
	if (rc == -STORE_ENOSPC)
		return fail("%s: store full: '%s' needs %llu KiB, %llu KiB free; nothing added",
			    t->path, name, (unsigned long long)(size / 1024 + 2),
			    (unsigned long long)((s.nr_sectors - s.used_sectors) / 2));
	if (rc)
		return fail("%s: adding '%s': %s", t->path, name, store_strerror(rc));
	e = store_find(&t->st, name);
	printf("added %s (%s, %llu bytes, seq %llu)\n", name, store_type_name(e->type),
	       (unsigned long long)e->size, (unsigned long long)e->seq);
	return 0;
}

static int cmd_add(const struct opts *o)
{
	const char *name = o->arg[1], *src = o->arg[2];
	enum store_type type;
	struct tool t;
	struct stat sb;
	int fd, rc;

	if (o->nargs != 3)
		die_usage();
	rc = store_name_check(name);
	if (rc)
		return fail("bad name '%s': %s", name,
			    rc == -STORE_ENAMETOOLONG
				    ? store_strerror(rc)
				    : "use 1 to 63 printable ASCII characters, no spaces");
	if (type_pick(o, name, &type))
		return 1;
	fd = open(src, O_RDONLY);
	if (fd < 0)
		return fail("%s: %s", src, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return fail("%s: not a regular file", src);
	}
	if (type == STORE_T_IMAGE ? image_check(fd, src, (uint64_t)sb.st_size)
				  : config_check(fd, src, (uint64_t)sb.st_size)) {
		close(fd);
		return 1;
	}
	tool_init(&t, o, o->arg[0]);
	rc = tool_open(&t, true);
	if (!rc) {
		const struct store_entry *old = store_find(&t.st, name);

		if (old)
			printf("%s exists (seq %llu): adding a new version\n", name,
			       (unsigned long long)old->seq);
		rc = add_report(&t, name, (uint64_t)sb.st_size,
				add_stream(&t, type, name, fd, (uint64_t)sb.st_size));
	}
	close(fd);
	tool_close(&t);
	return rc;
}

/* ---- rm, list, verify, extract ---------------------------------------------- */

/* After a failed lookup: the name may have been in a record the scan skipped. */
static const char *damage_hint(const struct tool *t)
{
	struct store_stat s;

	store_stat(&t->st, &s);
	return s.nr_damage ? " (damaged records were skipped: see verify)" : "";
}

static int cmd_rm(const struct opts *o)
{
	struct tool t;
	int rc;

	if (o->nargs != 2)
		die_usage();
	tool_init(&t, o, o->arg[0]);
	rc = tool_open(&t, true);
	if (!rc) {
		rc = store_remove(&t.st, o->arg[1]);
		if (rc == -STORE_ENOENT)
			rc = fail("%s: no '%s' in the store%s", t.path, o->arg[1], damage_hint(&t));
		else if (rc)
			rc = fail("%s: removing '%s': %s", t.path, o->arg[1], store_strerror(rc));
		else
			printf("removed %s\n", o->arg[1]);
	}
	tool_close(&t);
	return rc;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct store_entry *)a)->name, ((const struct store_entry *)b)->name);
}

static int cmd_list(const struct opts *o)
{
	struct store_stat s;
	struct store_entry *sorted;
	struct tool t;
	int rc;

	if (o->nargs != 1)
		die_usage();
	tool_init(&t, o, o->arg[0]);
	rc = tool_open(&t, false);
	if (rc)
		goto out;
	store_stat(&t.st, &s);
	sorted = malloc((s.nr_names ? s.nr_names : 1) * sizeof(*sorted));
	if (!sorted) {
		rc = fail("out of memory");
		goto out;
	}
	memcpy(sorted, t.index, s.nr_names * sizeof(*sorted));
	qsort(sorted, s.nr_names, sizeof(*sorted), entry_cmp);
	printf("%-40s %-7s %12s %8s\n", "Name", "Type", "Size", "Seq");
	for (size_t i = 0; i < s.nr_names; i++)
		printf("%-40s %-7s %12llu %8llu\n", sorted[i].name, store_type_name(sorted[i].type),
		       (unsigned long long)sorted[i].size, (unsigned long long)sorted[i].seq);
	free(sorted);
out:
	tool_close(&t);
	return rc;
}

static int cmd_verify(const struct opts *o)
{
	struct store_stat s;
	struct tool t;
	int rc;

	if (o->nargs != 1)
		die_usage();
	tool_init(&t, o, o->arg[0]);
	t.show_tail = true;
	t.report = stdout;
	rc = tool_open(&t, false);
	if (!rc) {
		store_stat(&t.st, &s);
		printf("%s: %zu names, %llu committed records, %llu of %llu sectors used: ", t.path,
		       s.nr_names, (unsigned long long)s.nr_records,
		       (unsigned long long)s.used_sectors, (unsigned long long)s.nr_sectors);
		if (s.nr_damage)
			printf("%u problem%s\n", s.nr_damage, s.nr_damage == 1 ? "" : "s");
		else
			printf("OK\n");
		rc = s.nr_damage ? 1 : 0;
	}
	tool_close(&t);
	return rc;
}

/* Copy e to fd; on a checksum failure the caller removes what was written. */
static int extract_copy(struct tool *t, const struct store_entry *e, int fd)
{
	static uint8_t chunk[IO_BUF];
	struct store_reader r;
	long n;

	store_read_open(e, &r);
	while ((n = store_read(&t->st, &r, chunk, sizeof(chunk))) > 0) {
		size_t done = 0;

		while (done < (size_t)n) {
			ssize_t w = write(fd, chunk + done, (size_t)n - done);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return fail("writing: %s", strerror(errno));
			done += (size_t)w;
		}
	}
	if (n < 0)
		return fail("%s: reading '%s': %s", t->path, e->name, store_strerror((int)n));
	return 0;
}

static int cmd_extract(const struct opts *o)
{
	const char *dst = o->arg[2];
	const struct store_entry *e;
	bool to_stdout;
	struct tool t;
	int fd, rc;

	if (o->nargs != 3)
		die_usage();
	to_stdout = strcmp(dst, "-") == 0;
	tool_init(&t, o, o->arg[0]);
	rc = tool_open(&t, false);
	if (rc)
		goto out;
	e = store_find(&t.st, o->arg[1]);
	if (!e) {
		rc = fail("%s: no '%s' in the store%s", t.path, o->arg[1], damage_hint(&t));
		goto out;
	}
	fd = to_stdout ? STDOUT_FILENO : open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		rc = fail("%s: %s", dst, strerror(errno));
		goto out;
	}
	rc = extract_copy(&t, e, fd);
	if (!to_stdout && close(fd) != 0 && !rc)
		rc = fail("%s: %s", dst, strerror(errno));
	if (rc && !to_stdout)
		unlink(dst); /* never leave a damaged copy behind */
out:
	tool_close(&t);
	return rc;
}

/* ---- main -------------------------------------------------------------------- */

static long long offset_parse(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 0);
	if (errno || end == s || *end != '\0' || v < 0) {
		fail("bad --offset '%s': a number of bytes", s);
		exit(2);
	}
	if (v % STORE_SECTOR_SIZE) {
		fail("bad --offset '%s': not a multiple of %d (a partition starts on a sector)", s,
		     STORE_SECTOR_SIZE);
		exit(2);
	}
	return v;
}

static _Noreturn void option_bad(const char *what)
{
	fail("unexpected '%s' (an unknown option, an option without its value, or one "
	     "argument too many)",
	     what);
	die_usage();
}

/* The command, then its arguments. */
static void word_add(struct opts *o, const char **cmd, const char *a)
{
	if (!*cmd)
		*cmd = a;
	else if (o->nargs < 4)
		o->arg[o->nargs++] = a;
	else
		option_bad(a); /* more words than any command takes */
}

static void opts_parse(int argc, char **argv, struct opts *o, const char **cmd)
{
	*cmd = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--offset") == 0 && i + 1 < argc)
			o->offset = offset_parse(argv[++i]);
		else if (strcmp(a, "--type") == 0 && i + 1 < argc)
			o->type = argv[++i];
		else if (strcmp(a, "--force") == 0)
			o->force = true;
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			die_usage();
		else if (a[0] == '-' && a[1] == '-')
			option_bad(a);
		else
			word_add(o, cmd, a);
	}
	if (!*cmd)
		die_usage();
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(const struct opts *o);
	} cmds[] = {
		{"mkfs", cmd_mkfs}, {"add", cmd_add},	    {"rm", cmd_rm},
		{"list", cmd_list}, {"verify", cmd_verify}, {"extract", cmd_extract},
	};
	struct opts o = {0};
	const char *cmd;

	opts_parse(argc, argv, &o, &cmd);
	if (o.type && strcmp(cmd, "add") != 0)
		option_bad("--type (only for add)");
	if (o.force && strcmp(cmd, "mkfs") != 0)
		option_bad("--force (only for mkfs)");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(cmd, cmds[i].name) == 0)
			return cmds[i].run(&o);
	}
	fail("unknown command '%s'", cmd);
	die_usage();
}
