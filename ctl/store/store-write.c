/*
 * Writing the store: making a new one, and transactions of records.
 *
 * A transaction writes its records from the end of the committed log on,
 * over whatever an interrupted transaction left there, and never before it:
 * committed sectors are never written again. Each record goes payload first,
 * then its header (so a torn record rarely looks like one). Then one flush,
 * then the commit record, then another flush: the commit reaches the disk
 * only after everything it vouches for, and the caller hears "committed"
 * only once the commit itself is durable.
 *
 * Everything that can be refused (name, type, space, index room) is checked
 * before the first write, so a refused record leaves no trace; a record that
 * fails half-way on the device is not committed and so never counts either.
 *
 * May touch: the struct store, its buffer and index, and the device's
 * sectors from the end of the committed log on (and sector 0 in mkfs).
 */
#include <string.h>

#include "crc32c.h"
#include "store-internal.h"

/* The old superblock's id, if sector 0 holds an intact one; else false. */
static bool superblock_id(const uint8_t *sb, uint64_t *id)
{
	if (memcmp(sb + SB_OFF_MAGIC, SB_MAGIC, FORMAT_MAGIC_LEN) != 0 ||
	    le32_get(sb + SB_OFF_CRC) != format_crc(sb, SB_CRC_LEN, SB_OFF_CRC))
		return false;
	*id = le64_get(sb + SB_OFF_ID);
	return true;
}

int store_mkfs(const struct store_dev *dev, uint64_t nr_sectors, uint64_t store_id,
	       void *sector_buf)
{
	uint8_t *sb = sector_buf;
	uint64_t old_id;

	if (!dev || !sb || !dev->read || !dev->write || !dev->flush)
		return -STORE_EINVAL;
	if (nr_sectors < STORE_MIN_SECTORS || nr_sectors > dev->nr_sectors)
		return -STORE_EINVAL;
	/* The old store's records stay on the disk: only a new id hides them. */
	if (dev->read(dev->ctx, 0, 1, sb) != 0)
		return -STORE_EIO;
	if (superblock_id(sb, &old_id) && old_id == store_id)
		return -STORE_EEXIST;
	memset(sb, 0, STORE_SECTOR_SIZE);
	memcpy(sb + SB_OFF_MAGIC, SB_MAGIC, FORMAT_MAGIC_LEN);
	le32_put(sb + SB_OFF_VERSION, STORE_FORMAT_VERSION);
	le64_put(sb + SB_OFF_ID, store_id);
	le64_put(sb + SB_OFF_SECTORS, nr_sectors);
	le32_put(sb + SB_OFF_SECSIZE, STORE_SECTOR_SIZE);
	le32_put(sb + SB_OFF_CRC, format_crc(sb, SB_CRC_LEN, SB_OFF_CRC));
	if (dev->write(dev->ctx, 0, 1, sb) != 0 || dev->flush(dev->ctx) != 0)
		return -STORE_EIO;
	return 0;
}

/* Why a call that needs state want cannot run now. */
static int state_error(const struct store *st, int want)
{
	if (st->state == STORE_S_CLOSED)
		return -STORE_EINVAL;
	if (st->state == STORE_S_BROKEN)
		return -STORE_EIO;
	return st->state == want ? 0 : -STORE_EBUSY;
}

int store_txn_begin(struct store *st)
{
	int rc = state_error(st, STORE_S_IDLE);

	if (rc)
		return rc;
	st->state = STORE_S_TXN;
	st->wr_lba = st->end_lba;
	st->nr_pending = 0;
	return 0;
}

void store_txn_abort(struct store *st)
{
	if (st->state != STORE_S_TXN && st->state != STORE_S_RECORD)
		return;
	/* The written sectors stay, uncommitted: the next transaction overwrites them. */
	st->nr_pending = 0;
	st->state = STORE_S_IDLE;
	window_drop(st);
}

/* Room for a header, size payload bytes and the transaction's commit. */
static int space_check(const struct store *st, uint64_t size)
{
	uint64_t free = st->nr_sectors - st->wr_lba;

	if (free < 2 || sectors_for(size) > free - 2)
		return -STORE_ENOSPC;
	return 0;
}

/* Checks shared by every record: state, name, space, a free index entry. */
static int record_check(const struct store *st, const char *name, uint64_t size)
{
	int rc = state_error(st, STORE_S_TXN);

	if (!rc)
		rc = store_name_check(name);
	if (!rc)
		rc = space_check(st, size);
	if (!rc && !index_has_room(st))
		rc = -STORE_ENOBUFS;
	return rc;
}

int store_record_begin(struct store *st, enum store_type type, const char *name, uint64_t size)
{
	int rc;

	if (type != STORE_T_IMAGE && type != STORE_T_CONFIG && type != STORE_T_BACKUP)
		return st->state == STORE_S_TXN ? -STORE_EINVAL : state_error(st, STORE_S_TXN);
	rc = record_check(st, name, size);
	if (rc)
		return rc;
	memset(&st->rec, 0, sizeof(st->rec));
	st->rec.lba = st->wr_lba;
	st->rec.size = size;
	st->rec.seq = st->next_seq++;
	st->rec.type = (uint16_t)type;
	memcpy(st->rec.name, name, strlen(name) + 1);
	st->wr_lba++; /* the header goes in last, at rec.lba */
	st->state = STORE_S_RECORD;
	window_drop(st);
	return 0;
}

/* Write out the buffered payload bytes, the last sector zero-padded. */
static int record_drain(struct store *st)
{
	uint32_t n = (uint32_t)sectors_for(st->rec.fill);

	memset(st->buf + st->rec.fill, 0, (size_t)n * STORE_SECTOR_SIZE - st->rec.fill);
	if (st->dev.write(st->dev.ctx, st->wr_lba, n, st->buf) != 0)
		return -STORE_EIO;
	st->wr_lba += n;
	st->rec.fill = 0;
	return 0;
}

int store_record_write(struct store *st, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t cap = (size_t)st->buf_sectors * STORE_SECTOR_SIZE;
	int rc = state_error(st, STORE_S_RECORD);

	if (rc)
		return rc;
	if (len > st->rec.size - st->rec.done)
		return -STORE_EINVAL;
	st->rec.crc = crc32c_update(st->rec.crc, p, len);
	st->rec.done += len;
	while (len) {
		size_t n = cap - st->rec.fill < len ? cap - st->rec.fill : len;

		memcpy(st->buf + st->rec.fill, p, n);
		st->rec.fill += (uint32_t)n;
		p += n;
		len -= n;
		if (st->rec.fill == cap && record_drain(st) != 0) {
			store_txn_abort(st);
			return -STORE_EIO;
		}
	}
	return 0;
}

/* Write header h at lba (through buf) and queue it for the commit. */
static int header_write(struct store *st, struct rec_header *h, uint64_t lba)
{
	header_encode(st, h, st->buf);
	if (st->dev.write(st->dev.ctx, lba, 1, st->buf) != 0) {
		store_txn_abort(st);
		return -STORE_EIO;
	}
	index_add_pending(st, h, lba);
	return 0;
}

int store_record_end(struct store *st)
{
	struct rec_header h;
	int rc = state_error(st, STORE_S_RECORD);

	if (rc)
		return rc;
	if (st->rec.done != st->rec.size)
		return -STORE_EINVAL;
	if (st->rec.fill && record_drain(st) != 0) {
		store_txn_abort(st);
		return -STORE_EIO;
	}
	memset(&h, 0, sizeof(h));
	h.type = st->rec.type;
	h.seq = st->rec.seq;
	h.size = st->rec.size;
	h.payload_crc = st->rec.crc;
	memcpy(h.name, st->rec.name, sizeof(h.name));
	rc = header_write(st, &h, st->rec.lba);
	if (!rc)
		st->state = STORE_S_TXN;
	return rc;
}

/* Whether name exists once the transaction so far is applied. */
static bool name_visible(const struct store *st, const char *name)
{
	for (size_t i = st->nr_pending; i > 0; i--) {
		const struct store_entry *e = &st->index[st->nr_live + i - 1];

		if (strcmp(e->name, name) == 0)
			return e->type != STORE_T_DELETE;
	}
	return index_find_live(st, name) >= 0;
}

int store_txn_delete(struct store *st, const char *name)
{
	struct rec_header h;
	int rc = record_check(st, name, 0);

	if (rc)
		return rc;
	if (!name_visible(st, name))
		return -STORE_ENOENT;
	memset(&h, 0, sizeof(h));
	h.type = STORE_T_DELETE;
	h.seq = st->next_seq++;
	memcpy(h.name, name, strlen(name) + 1);
	window_drop(st);
	rc = header_write(st, &h, st->wr_lba);
	if (!rc)
		st->wr_lba++;
	return rc;
}

/* The commit is durable: the pending records become the live index. */
static void txn_apply(struct store *st, uint64_t commit_seq)
{
	size_t base = st->nr_live, n = st->nr_pending;

	for (size_t i = 0; i < n; i++)
		index_apply(st, &st->index[base + i]);
	st->nr_records += n;
	st->nr_pending = 0;
	st->last_commit_seq = commit_seq;
	st->end_lba = st->wr_lba + 1;
	st->state = STORE_S_IDLE;
}

int store_txn_commit(struct store *st)
{
	struct rec_header h;
	int rc = state_error(st, STORE_S_TXN);

	if (rc)
		return rc;
	if (st->nr_pending == 0)
		return -STORE_EINVAL;
	/* Barrier: every record is on the disk before the commit can be. */
	if (st->dev.flush(st->dev.ctx) != 0) {
		store_txn_abort(st);
		return -STORE_EIO;
	}
	memset(&h, 0, sizeof(h));
	h.type = STORE_T_COMMIT;
	h.seq = st->next_seq++;
	h.first = st->index[st->nr_live].seq;
	h.last = st->index[st->nr_live + st->nr_pending - 1].seq;
	header_encode(st, &h, st->buf);
	window_drop(st);
	/* From here a failure leaves the commit's fate unknown until a rescan. */
	if (st->dev.write(st->dev.ctx, st->wr_lba, 1, st->buf) != 0 ||
	    st->dev.flush(st->dev.ctx) != 0) {
		st->nr_pending = 0;
		st->state = STORE_S_BROKEN;
		return -STORE_EIO;
	}
	txn_apply(st, h.seq);
	return 0;
}

int store_put(struct store *st, enum store_type type, const char *name, const void *data,
	      uint64_t size)
{
	int rc;

	if (size > (size_t)-1)
		return -STORE_EINVAL;
	rc = store_txn_begin(st);
	if (rc)
		return rc;
	rc = store_record_begin(st, type, name, size);
	if (!rc)
		rc = store_record_write(st, data, (size_t)size);
	if (!rc)
		rc = store_record_end(st);
	if (!rc)
		rc = store_txn_commit(st);
	if (rc)
		store_txn_abort(st);
	return rc;
}

int store_remove(struct store *st, const char *name)
{
	int rc = store_txn_begin(st);

	if (rc)
		return rc;
	rc = store_txn_delete(st, name);
	if (!rc)
		rc = store_txn_commit(st);
	if (rc)
		store_txn_abort(st);
	return rc;
}
