/*
 * What the parts of the store share and nobody else sees: the state of a
 * struct store, a record header in memory, and the helpers for headers, the
 * read window and the index (store.c). The scan (store-scan.c), the writer
 * (store-write.c) and the reader (store-read.c) are built on these.
 */
#ifndef CTL_STORE_STORE_INTERNAL_H
#define CTL_STORE_STORE_INTERNAL_H

#include "format.h"
#include "store.h"

/* st->state. Zero is deliberately "not open", so a zeroed struct is refused. */
enum {
	STORE_S_CLOSED = 0,
	STORE_S_IDLE,	/* open, no transaction */
	STORE_S_TXN,	/* a transaction open, between records */
	STORE_S_RECORD, /* a record open: buf holds its unwritten bytes */
	STORE_S_BROKEN, /* a commit failed half-way: only store_open() helps */
};

/* A record header, decoded. */
struct rec_header {
	uint16_t type;
	uint16_t flags;
	uint64_t store_id;
	uint64_t seq;
	uint64_t size;
	uint32_t payload_crc;
	uint64_t first, last; /* commit only */
	char name[STORE_NAME_MAX + 1];
};

/* What a sector holds, as far as its first 128 bytes can tell. */
enum header_verdict {
	HDR_NONE,    /* no record magic */
	HDR_BAD,     /* record magic, checksum or a field wrong */
	HDR_FOREIGN, /* an intact header of another store (an earlier mkfs) */
	HDR_OK,
};

static inline uint64_t sectors_for(uint64_t bytes)
{
	return bytes / STORE_SECTOR_SIZE + (bytes % STORE_SECTOR_SIZE != 0);
}

/* CRC32C of the first len bytes of p, with the 4 bytes at crc_off read as zero. */
uint32_t format_crc(const uint8_t *p, uint32_t len, uint32_t crc_off);

/* Fill a whole sector with h (store id from st), checksum included. */
void header_encode(const struct store *st, const struct rec_header *h, uint8_t *sector);
/* Decode and check a sector against this store (id, sizes, name rules). */
enum header_verdict header_decode(const struct store *st, uint64_t lba, const uint8_t *sector,
				  struct rec_header *h);

/*
 * The read window: buf caches sectors [win_lba, win_lba + win_len). Point
 * *out at sector lba, reading it (and up to want - 1 more) on a miss.
 */
int window_get(struct store *st, uint64_t lba, uint64_t want, const uint8_t **out);
static inline void window_drop(struct store *st)
{
	st->win_len = 0;
}

/* CRC32C of size payload bytes starting at sector lba, read through the window. */
int payload_crc(struct store *st, uint64_t lba, uint64_t size, uint32_t *crc);

/* The index. Pending entries follow the live ones. */
long index_find_live(const struct store *st, const char *name);
bool index_has_room(const struct store *st);
void index_add_pending(struct store *st, const struct rec_header *h, uint64_t lba);
/* Make a pending entry live: replace, add, or (a delete) remove its name. */
void index_apply(struct store *st, const struct store_entry *e);

#endif /* CTL_STORE_STORE_INTERNAL_H */
