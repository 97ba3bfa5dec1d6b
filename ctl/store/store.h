/*
 * The Tarn store: an append-only log of named, checksummed records (guest
 * images, domain configs, later backups) on a partition of 512-byte sectors.
 * docs/store.md has the format, the guarantees and the reasoning; format.h
 * has the byte layout.
 *
 * The same code runs in the host tool (tools/tarn-store.c, on a file) and in
 * the control domain (on a virtio block device), so it needs nothing from its
 * surroundings: the caller passes the block device as function pointers, a
 * work buffer, and the array that holds the index; nothing is allocated and
 * nothing is printed. Errors are negative errno values (Xen's numbers, as
 * everywhere in Tarn; store_strerror() names them), and records skipped while
 * reading the log are handed to the caller's problem callback.
 *
 * Writing is transactional. Records written between store_txn_begin() and
 * store_txn_commit() count only once the commit record that closes them is
 * on the disk, and the commit is written only after the records are flushed:
 * a power cut at any moment leaves either the whole transaction or none of
 * it, and never touches what was committed before.
 *
 * One caller at a time: the store has no lock. A struct store is the caller's
 * memory and is valid from a successful store_open() on.
 */
#ifndef CTL_STORE_STORE_H
#define CTL_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_SECTOR_SIZE 512
#define STORE_NAME_MAX	  63 /* bytes of a name, without its NUL */
#define STORE_MIN_SECTORS 4  /* superblock, one header, one commit, and one sector to spare */
#define STORE_HELD_MAX	  8  /* problems held back until the scan knows if they are damage */

/* Errors (negated on return): Xen's numbers, so they travel unchanged. */
#define STORE_ENOENT	   2   /* no such name */
#define STORE_EIO	   5   /* the device failed a read, write or flush */
#define STORE_EBUSY	   16  /* a call out of order (see each function) */
#define STORE_EEXIST	   17  /* mkfs: the store being replaced has the same id */
#define STORE_ENODEV	   19  /* not a store: no superblock magic */
#define STORE_EINVAL	   22  /* bad argument */
#define STORE_ENOSPC	   28  /* the record does not fit in the store */
#define STORE_ENAMETOOLONG 36  /* a name over STORE_NAME_MAX bytes */
#define STORE_EBADMSG	   74  /* a checksum does not match: damaged data */
#define STORE_EOPNOTSUPP   95  /* a superblock of another format version */
#define STORE_ENXIO	   6   /* the superblock says the store is larger than the device */
#define STORE_ENOBUFS	   105 /* the caller's index array is full */

/* Record types. The numbers are on disk; never renumber. */
enum store_type {
	STORE_T_IMAGE = 1,  /* an arm64 Linux Image (the host tool checks the magic) */
	STORE_T_CONFIG = 2, /* an xl.cfg-subset domain config, text */
	STORE_T_DELETE = 3, /* a tombstone: hides every older version of its name */
	STORE_T_COMMIT = 4, /* closes a transaction (internal: never in the index) */
	STORE_T_BACKUP = 5, /* a domain backup (a later issue) */
};

/*
 * The block device: the partition that holds the store, sector 0 first.
 * Each function returns 0 or a negative errno; the store reports any failure
 * as -STORE_EIO. count is at least 1, and lba + count <= nr_sectors always:
 * the store never touches a sector outside its partition.
 */
struct store_dev {
	int (*read)(void *ctx, uint64_t lba, uint32_t count, void *buf);
	int (*write)(void *ctx, uint64_t lba, uint32_t count, const void *buf);
	/* Make every completed write durable (a cache flush): the commit barrier. */
	int (*flush)(void *ctx);
	void *ctx;
	uint64_t nr_sectors; /* size of the partition */
};

/* One live name in the index: its newest intact committed version. */
struct store_entry {
	char name[STORE_NAME_MAX + 1];
	uint16_t type; /* enum store_type, never DELETE or COMMIT */
	uint64_t seq;  /* sequence number of this version */
	uint64_t lba;  /* its header sector; the payload starts at lba + 1 */
	uint64_t size; /* payload bytes */
	uint32_t crc;  /* CRC32C of the payload */
};

enum store_problem_kind {
	STORE_PROB_PAYLOAD = 1, /* header intact, payload checksum wrong: record skipped */
	STORE_PROB_HEADER,	/* record magic, but header checksum or fields wrong */
	STORE_PROB_GAP,		/* sectors without any readable record, between records */
	STORE_PROB_UNCOMMITTED, /* an intact record no commit covers: not counted */
	STORE_PROB_COMMIT,	/* a commit record whose range contradicts the log */
};

/*
 * A record or stretch of sectors the scan skipped. in_tail says it lies after
 * the last valid commit: the leftovers of an interrupted write (expected after
 * a power cut, and overwritten by the next transaction), not damage to
 * anything committed. Fields that are not known are 0 or "".
 */
struct store_problem {
	enum store_problem_kind kind;
	bool in_tail;
	uint64_t lba;	     /* first sector concerned */
	uint64_t nr_sectors; /* sectors concerned */
	uint64_t seq;
	uint16_t type;
	char name[STORE_NAME_MAX + 1];
};

typedef void (*store_problem_fn)(void *ctx, const struct store_problem *p);

/* What store_open() needs from the caller. */
struct store_config {
	struct store_dev dev;
	/*
	 * Work buffer for every read and write: at least one sector; a
	 * multiple of the sector size is used whole (more = fewer, larger I/Os).
	 */
	void *buf;
	size_t buf_size;
	/*
	 * The index: one entry per live name, plus one per record of the
	 * transaction being written or read (so a store with N names needs
	 * N + 1 entries to replace one of them).
	 */
	struct store_entry *index;
	size_t index_cap;
	store_problem_fn problem; /* may be NULL */
	void *problem_ctx;
};

/* Totals after store_open(), kept up to date by commits. */
struct store_stat {
	uint64_t store_id;
	uint64_t nr_sectors;	/* size of the store */
	uint64_t used_sectors;	/* superblock and committed log: appends start here */
	uint64_t nr_records;	/* committed records read or written (all versions) */
	size_t nr_names;	/* live names in the index */
	unsigned int nr_damage; /* problems inside the committed log */
	unsigned int nr_tail;	/* problems after the last commit (interrupted writes) */
};

/* A sequential reader of one payload (store_read_open). */
struct store_reader {
	uint64_t lba;  /* first payload sector */
	uint64_t size; /* payload bytes */
	uint64_t pos;  /* bytes delivered so far */
	uint32_t crc;  /* CRC32C of those bytes */
	uint32_t want; /* the header's CRC32C */
};

/* The store itself: the caller's memory, fields private to ctl/store/. */
struct store {
	struct store_dev dev;
	uint8_t *buf;
	uint32_t buf_sectors;
	struct store_entry *index;
	size_t index_cap;
	size_t nr_live;	   /* index[0 .. nr_live): the live names */
	size_t nr_pending; /* index[nr_live ..]: records not yet committed */
	store_problem_fn problem;
	void *problem_ctx;

	uint64_t store_id;
	uint64_t nr_sectors;
	uint64_t end_lba;	  /* after the last committed record */
	uint64_t next_seq;	  /* above every sequence number seen on the disk */
	uint64_t last_commit_seq; /* 0 before the first commit */
	uint64_t nr_records;
	unsigned int nr_damage, nr_tail;

	uint64_t win_lba; /* buf holds sectors [win_lba, win_lba + win_len) */
	uint32_t win_len; /* 0: buf holds no sectors */

	int state;	 /* STORE_S_*, store-internal.h */
	uint64_t wr_lba; /* transaction: next sector to write */
	struct {	 /* the record being written */
		uint64_t lba;
		uint64_t size;
		uint64_t done; /* payload bytes received */
		uint64_t seq;
		uint32_t crc;
		uint32_t fill; /* bytes in buf not yet written */
		uint16_t type;
		char name[STORE_NAME_MAX + 1];
	} rec;

	struct store_problem held[STORE_HELD_MAX];
	unsigned int nr_held;
};

/*
 * Make a new, empty store on the first nr_sectors sectors of dev: writes the
 * superblock (sector 0) and flushes. store_id tells this store's records from
 * those of any earlier store on the same sectors, which are then ignored:
 * pick it at random. sector_buf is one sector of scratch.
 * Errors: -EINVAL (nr_sectors below STORE_MIN_SECTORS or above the device),
 * -EIO.
 */
int store_mkfs(const struct store_dev *dev, uint64_t nr_sectors, uint64_t store_id,
	       void *sector_buf);

/*
 * Read the superblock and scan the whole log into cfg->index, reporting every
 * skipped record through cfg->problem (damage first, as found; leftovers of
 * interrupted writes at the end). Reads every sector of the store once.
 * Errors: -EINVAL (bad config), -ENODEV (no superblock magic: not a store),
 * -EBADMSG (superblock checksum), -EOPNOTSUPP (format version), -ENXIO (store
 * larger than the device), -ENOBUFS (index full: pass a larger one), -EIO.
 * Writes nothing, whatever it finds.
 */
int store_open(struct store *st, const struct store_config *cfg);

void store_stat(const struct store *st, struct store_stat *out);

/* The live names, in the order they first appeared; i < store_stat().nr_names. */
const struct store_entry *store_entry_at(const struct store *st, size_t i);

/* The live version of name, or NULL. */
const struct store_entry *store_find(const struct store *st, const char *name);

/*
 * Check a name: 1..STORE_NAME_MAX printable ASCII characters, no spaces.
 * 0, -EINVAL or -ENAMETOOLONG.
 */
int store_name_check(const char *name);

/*
 * Transactions. store_txn_begin() opens one (-EBUSY if one is open). Each
 * record is store_record_begin(), any number of store_record_write() calls
 * whose lengths add up to exactly size, then store_record_end(); or a single
 * store_txn_delete(). store_txn_commit() makes them all count at once;
 * store_txn_abort() forgets them (nothing of them will ever count).
 *
 * store_record_begin() checks everything before writing anything:
 * -EBUSY (no transaction, or a record is open), -EINVAL/-ENAMETOOLONG (name,
 * type: IMAGE, CONFIG or BACKUP), -ENOSPC (the record and a commit do not fit
 * in the free space), -ENOBUFS (no index entry free). The transaction stays
 * open after these. A record with a name already in the store is a new
 * version of it; the newest committed version wins.
 *
 * store_record_write(): -EBUSY (no record open), -EINVAL (more bytes than
 * size). store_record_end(): -EINVAL (fewer bytes than size; the record stays
 * open). -EIO from either aborts the whole transaction.
 *
 * store_txn_commit(): -EBUSY (no transaction, or a record open), -EINVAL
 * (no records). -EIO: the transaction may or may not be committed; the store
 * refuses further writes (-EIO) until it is opened again, which finds out.
 */
int store_txn_begin(struct store *st);
int store_record_begin(struct store *st, enum store_type type, const char *name, uint64_t size);
int store_record_write(struct store *st, const void *data, size_t len);
int store_record_end(struct store *st);
/* A tombstone for name: -ENOENT if the store (with this transaction) has no such name. */
int store_txn_delete(struct store *st, const char *name);
int store_txn_commit(struct store *st);
void store_txn_abort(struct store *st);

/* One record in its own transaction: begin, record, commit (abort on error). */
int store_put(struct store *st, enum store_type type, const char *name, const void *data,
	      uint64_t size);

/* Delete name in its own transaction. */
int store_remove(struct store *st, const char *name);

/*
 * Read a payload front to back, in chunks of any size. store_read() returns
 * the bytes delivered (0 at the end), -EIO, or -EBADMSG when the last chunk
 * shows the payload no longer matches its checksum: the caller then discards
 * everything it read. Not while a record is being written (-EBUSY).
 */
void store_read_open(const struct store_entry *e, struct store_reader *r);
long store_read(struct store *st, struct store_reader *r, void *out, size_t len);

/* Read a whole payload again and check its checksum: 0, -EBADMSG, -EIO, -EBUSY. */
int store_check(struct store *st, const struct store_entry *e);

/* Short text for an error (negative or positive), a type and a problem kind. */
const char *store_strerror(int err);
const char *store_type_name(unsigned int type);
const char *store_problem_text(enum store_problem_kind kind);

#endif /* CTL_STORE_STORE_H */
