/*
 * The parts of the store that reading, scanning and writing share: record
 * headers to and from their sector, the read window over the work buffer,
 * the index of live names, the lookups callers make, and the texts for
 * errors, types and problems.
 *
 * May touch: the struct store it is given and that store's device (reads
 * only); never anything global.
 */
#include <string.h>

#include "crc32c.h"
#include "store-internal.h"

uint32_t format_crc(const uint8_t *p, uint32_t len, uint32_t crc_off)
{
	static const uint8_t zero[4];
	uint32_t crc = crc32c_update(0, p, crc_off);

	crc = crc32c_update(crc, zero, sizeof(zero));
	return crc32c_update(crc, p + crc_off + 4, len - crc_off - 4);
}

void header_encode(const struct store *st, const struct rec_header *h, uint8_t *sector)
{
	memset(sector, 0, STORE_SECTOR_SIZE);
	memcpy(sector + RH_OFF_MAGIC, RH_MAGIC, FORMAT_MAGIC_LEN);
	le16_put(sector + RH_OFF_TYPE, h->type);
	le64_put(sector + RH_OFF_ID, st->store_id);
	le64_put(sector + RH_OFF_SEQ, h->seq);
	le64_put(sector + RH_OFF_LEN, h->size);
	le32_put(sector + RH_OFF_PAYLOAD_CRC, h->payload_crc);
	le64_put(sector + RH_OFF_FIRST, h->first);
	le64_put(sector + RH_OFF_LAST, h->last);
	memcpy(sector + RH_OFF_NAME, h->name, strlen(h->name));
	le32_put(sector + RH_OFF_CRC, format_crc(sector, RH_CRC_LEN, RH_OFF_CRC));
}

/* The name field: NUL-terminated within its 64 bytes, valid, or "" for a commit. */
static bool header_name_ok(const uint8_t *field, uint16_t type)
{
	if (field[STORE_NAME_MAX] != '\0')
		return false;
	if (type == STORE_T_COMMIT)
		return field[0] == '\0';
	return store_name_check((const char *)field) == 0;
}

/* Fields that only make sense together; lengths never trusted beyond the store. */
static bool header_fields_ok(const struct store *st, uint64_t lba, const struct rec_header *h)
{
	uint64_t room = st->nr_sectors - lba - 1; /* sectors after the header */

	if (h->flags != 0)
		return false;
	switch (h->type) {
	case STORE_T_IMAGE:
	case STORE_T_CONFIG:
	case STORE_T_BACKUP:
		return sectors_for(h->size) <= room;
	case STORE_T_DELETE:
	case STORE_T_COMMIT:
		return h->size == 0 && h->payload_crc == 0;
	default:
		return false;
	}
}

enum header_verdict header_decode(const struct store *st, uint64_t lba, const uint8_t *sector,
				  struct rec_header *h)
{
	if (memcmp(sector + RH_OFF_MAGIC, RH_MAGIC, FORMAT_MAGIC_LEN) != 0)
		return HDR_NONE;
	if (le32_get(sector + RH_OFF_CRC) != format_crc(sector, RH_CRC_LEN, RH_OFF_CRC))
		return HDR_BAD;
	if (le64_get(sector + RH_OFF_ID) != st->store_id)
		return HDR_FOREIGN;
	h->type = le16_get(sector + RH_OFF_TYPE);
	h->flags = le16_get(sector + RH_OFF_FLAGS);
	h->store_id = st->store_id;
	h->seq = le64_get(sector + RH_OFF_SEQ);
	h->size = le64_get(sector + RH_OFF_LEN);
	h->payload_crc = le32_get(sector + RH_OFF_PAYLOAD_CRC);
	h->first = le64_get(sector + RH_OFF_FIRST);
	h->last = le64_get(sector + RH_OFF_LAST);
	if (le32_get(sector + RH_OFF_RESERVED) != 0 ||
	    !header_name_ok(sector + RH_OFF_NAME, h->type))
		return HDR_BAD;
	memcpy(h->name, sector + RH_OFF_NAME, sizeof(h->name));
	return header_fields_ok(st, lba, h) ? HDR_OK : HDR_BAD;
}

int window_get(struct store *st, uint64_t lba, uint64_t want, const uint8_t **out)
{
	uint64_t count = want;

	if (lba >= st->nr_sectors)
		return -STORE_EINVAL;
	if (st->win_len == 0 || lba < st->win_lba || lba >= st->win_lba + st->win_len) {
		if (count > st->buf_sectors)
			count = st->buf_sectors;
		if (count > st->nr_sectors - lba)
			count = st->nr_sectors - lba;
		if (count == 0)
			count = 1;
		st->win_len = 0;
		if (st->dev.read(st->dev.ctx, lba, (uint32_t)count, st->buf) != 0)
			return -STORE_EIO;
		st->win_lba = lba;
		st->win_len = (uint32_t)count;
	}
	*out = st->buf + (lba - st->win_lba) * STORE_SECTOR_SIZE;
	return 0;
}

int payload_crc(struct store *st, uint64_t lba, uint64_t size, uint32_t *crc)
{
	uint64_t left = size;

	*crc = 0;
	while (left) {
		const uint8_t *s;
		uint32_t n = left < STORE_SECTOR_SIZE ? (uint32_t)left : STORE_SECTOR_SIZE;
		/* Read ahead to the end of the payload, and one more: the next header. */
		int rc = window_get(st, lba, sectors_for(left) + 1, &s);

		if (rc)
			return rc;
		*crc = crc32c_update(*crc, s, n);
		left -= n;
		lba++;
	}
	return 0;
}

int store_name_check(const char *name)
{
	size_t n = 0;

	for (; name[n] != '\0'; n++) {
		if (n == STORE_NAME_MAX)
			return -STORE_ENAMETOOLONG;
		/* Printable ASCII without spaces: names appear in configs and columns. */
		if ((unsigned char)name[n] <= ' ' || (unsigned char)name[n] > '~')
			return -STORE_EINVAL;
	}
	return n ? 0 : -STORE_EINVAL;
}

long index_find_live(const struct store *st, const char *name)
{
	for (size_t i = 0; i < st->nr_live; i++) {
		if (strcmp(st->index[i].name, name) == 0)
			return (long)i;
	}
	return -1;
}

bool index_has_room(const struct store *st)
{
	return st->nr_live + st->nr_pending < st->index_cap;
}

void index_add_pending(struct store *st, const struct rec_header *h, uint64_t lba)
{
	struct store_entry *e = &st->index[st->nr_live + st->nr_pending++];

	memcpy(e->name, h->name, sizeof(e->name));
	e->type = h->type;
	e->seq = h->seq;
	e->lba = lba;
	e->size = h->size;
	e->crc = h->payload_crc;
}

/*
 * e may point into the pending area: copy it first, since adding a name
 * writes the slot at nr_live, which can be e's own or an earlier pending slot
 * (both already consumed when entries are applied in order).
 */
void index_apply(struct store *st, const struct store_entry *e)
{
	struct store_entry copy = *e;
	long i = index_find_live(st, copy.name);

	if (copy.type == STORE_T_DELETE) {
		if (i < 0)
			return;
		/* Shift, not swap: the index keeps the order names first appeared in. */
		memmove(&st->index[i], &st->index[i + 1],
			(st->nr_live - (size_t)i - 1) * sizeof(st->index[0]));
		st->nr_live--;
		return;
	}
	if (i >= 0)
		st->index[i] = copy;
	else
		st->index[st->nr_live++] = copy;
}

void store_stat(const struct store *st, struct store_stat *out)
{
	out->store_id = st->store_id;
	out->nr_sectors = st->nr_sectors;
	out->used_sectors = st->end_lba;
	out->nr_records = st->nr_records;
	out->nr_names = st->nr_live;
	out->nr_damage = st->nr_damage;
	out->nr_tail = st->nr_tail;
}

const struct store_entry *store_entry_at(const struct store *st, size_t i)
{
	return i < st->nr_live ? &st->index[i] : NULL;
}

const struct store_entry *store_find(const struct store *st, const char *name)
{
	long i = index_find_live(st, name);

	return i < 0 ? NULL : &st->index[i];
}

const char *store_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case 0:
		return "success";
	case STORE_ENOENT:
		return "no such name in the store";
	case STORE_EIO:
		return "I/O error on the device";
	case STORE_EBUSY:
		return "operation out of order (transaction or record open?)";
	case STORE_ENODEV:
		return "not a Tarn store (no superblock magic)";
	case STORE_EINVAL:
		return "invalid argument";
	case STORE_ENOSPC:
		return "store full: the record does not fit in the free space";
	case STORE_ENAMETOOLONG:
		return "name too long (at most 63 characters)";
	case STORE_EBADMSG:
		return "checksum mismatch: the data is damaged";
	case STORE_EOPNOTSUPP:
		return "unsupported store format version";
	case STORE_ENXIO:
		return "the store is larger than its device (truncated image?)";
	case STORE_ENOBUFS:
		return "index full: too many names for the index given";
	default:
		return "unknown error";
	}
}

const char *store_type_name(unsigned int type)
{
	switch (type) {
	case STORE_T_IMAGE:
		return "image";
	case STORE_T_CONFIG:
		return "config";
	case STORE_T_DELETE:
		return "delete";
	case STORE_T_COMMIT:
		return "commit";
	case STORE_T_BACKUP:
		return "backup";
	default:
		return "unknown";
	}
}

const char *store_problem_text(enum store_problem_kind kind)
{
	switch (kind) {
	case STORE_PROB_PAYLOAD:
		return "payload checksum mismatch; record skipped";
	case STORE_PROB_HEADER:
		return "damaged record header; skipped, looking for the next record";
	case STORE_PROB_GAP:
		return "no readable record here; sectors skipped";
	case STORE_PROB_UNCOMMITTED:
		return "record not covered by any commit; not counted";
	case STORE_PROB_COMMIT:
		return "commit record contradicts the log; ignored";
	default:
		return "unknown problem";
	}
}
