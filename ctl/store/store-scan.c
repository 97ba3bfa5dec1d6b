/*
 * Opening a store: check the superblock, then read the log once, front to
 * back, into the index.
 *
 * The walk expects a record header at each position: the sector after the
 * superblock, then after each record's payload. A record counts only when a
 * later, valid commit record covers its sequence number; until then it waits
 * in the pending part of the index. Anything that is not an intact header of
 * this store with a sequence number above every one seen so far (zeros, a
 * damaged header, a stale record of an interrupted write, a record of an
 * earlier store on the same sectors) sends the walk into resync: it tries
 * every following sector until such a header turns up, to the end of the
 * store. So the log's end is not written anywhere: it is where the last valid
 * commit is, and appends go right after it.
 *
 * Whether a problem is damage or the harmless leftover of an interrupted
 * write is known only later: leftovers lie after the last valid commit. So
 * problems are held (up to STORE_HELD_MAX) until the next valid commit, which
 * makes them damage, or the end of the scan, which makes them tail.
 *
 * May touch: the struct store being opened, its index and buffer; the device
 * is only read.
 */
#include <string.h>

#include "store-internal.h"

struct scan {
	uint64_t lba;	       /* where the walk is */
	bool resyncing;	       /* looking for a header, sector by sector */
	uint64_t resync_from;  /* where the header that was expected is missing */
	bool resync_explained; /* a damaged header was reported there: no gap report */
};

static void problem_emit(struct store *st, const struct store_problem *p)
{
	if (p->in_tail)
		st->nr_tail++;
	else
		st->nr_damage++;
	if (st->problem)
		st->problem(st->problem_ctx, p);
}

/* Full hold: report the oldest now, as damage (the stricter guess). */
static void problem_hold(struct store *st, const struct store_problem *p)
{
	if (st->nr_held == STORE_HELD_MAX) {
		problem_emit(st, &st->held[0]);
		memmove(&st->held[0], &st->held[1], sizeof(st->held[0]) * (STORE_HELD_MAX - 1));
		st->nr_held--;
	}
	st->held[st->nr_held++] = *p;
}

static void problems_release(struct store *st, bool in_tail)
{
	for (unsigned int i = 0; i < st->nr_held; i++) {
		st->held[i].in_tail = in_tail;
		problem_emit(st, &st->held[i]);
	}
	st->nr_held = 0;
}

static void problem_fill(struct store_problem *p, enum store_problem_kind kind, uint64_t lba,
			 uint64_t nr_sectors)
{
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->lba = lba;
	p->nr_sectors = nr_sectors;
}

static void hold_sectors(struct store *st, enum store_problem_kind kind, uint64_t lba,
			 uint64_t nr_sectors)
{
	struct store_problem p;

	problem_fill(&p, kind, lba, nr_sectors);
	problem_hold(st, &p);
}

static void hold_record(struct store *st, enum store_problem_kind kind, uint64_t lba,
			const struct rec_header *h)
{
	struct store_problem p;

	problem_fill(&p, kind, lba, 1 + sectors_for(h->size));
	p.seq = h->seq;
	p.type = h->type;
	memcpy(p.name, h->name, sizeof(p.name));
	problem_hold(st, &p);
}

/* A pending record that will never count: its commit is missing. */
static void emit_uncommitted(struct store *st, const struct store_entry *e, bool in_tail)
{
	struct store_problem p;

	problem_fill(&p, STORE_PROB_UNCOMMITTED, e->lba, 1 + sectors_for(e->size));
	p.in_tail = in_tail;
	p.seq = e->seq;
	p.type = e->type;
	memcpy(p.name, e->name, sizeof(p.name));
	problem_emit(st, &p);
}

static int superblock_read(struct store *st)
{
	const uint8_t *sb;
	uint64_t nr;
	int rc;

	st->nr_sectors = st->dev.nr_sectors; /* until the superblock says better */
	rc = window_get(st, 0, 1, &sb);
	if (rc)
		return rc;
	if (memcmp(sb + SB_OFF_MAGIC, SB_MAGIC, FORMAT_MAGIC_LEN) != 0)
		return -STORE_ENODEV;
	if (le32_get(sb + SB_OFF_CRC) != format_crc(sb, SB_CRC_LEN, SB_OFF_CRC))
		return -STORE_EBADMSG;
	if (le32_get(sb + SB_OFF_VERSION) != STORE_FORMAT_VERSION ||
	    le32_get(sb + SB_OFF_SECSIZE) != STORE_SECTOR_SIZE || le32_get(sb + SB_OFF_FLAGS) != 0)
		return -STORE_EOPNOTSUPP;
	nr = le64_get(sb + SB_OFF_SECTORS);
	if (nr < STORE_MIN_SECTORS)
		return -STORE_EBADMSG; /* checksummed, yet no store could be that small */
	if (nr > st->dev.nr_sectors)
		return -STORE_ENXIO;
	st->nr_sectors = nr;
	st->store_id = le64_get(sb + SB_OFF_ID);
	window_drop(st);
	return 0;
}

/*
 * A commit is believed only if its range lies after the previous commit's:
 * a commit can never re-commit sequence numbers, so a stale one (an earlier
 * transaction's, exposed again) cannot bring back records the log moved past.
 */
static void scan_commit(struct store *st, uint64_t lba, const struct rec_header *h)
{
	size_t base = st->nr_live, n = st->nr_pending;

	if (h->first > h->last || h->last >= h->seq || h->first <= st->last_commit_seq) {
		hold_record(st, STORE_PROB_COMMIT, lba, h);
		return;
	}
	problems_release(st, false);
	for (size_t i = 0; i < n; i++) {
		const struct store_entry *e = &st->index[base + i];

		if (e->seq >= h->first && e->seq <= h->last) {
			index_apply(st, e);
			st->nr_records++;
		} else {
			emit_uncommitted(st, e, false);
		}
	}
	st->nr_pending = 0;
	st->last_commit_seq = h->seq;
	st->end_lba = lba + 1;
}

static int scan_record(struct store *st, struct scan *sc, const struct rec_header *h)
{
	uint64_t lba = sc->lba;
	uint32_t crc;
	int rc;

	if (sc->resyncing && !sc->resync_explained)
		hold_sectors(st, STORE_PROB_GAP, sc->resync_from, lba - sc->resync_from);
	sc->resyncing = false;
	st->next_seq = h->seq + 1;
	if (h->type == STORE_T_COMMIT) {
		sc->lba = lba + 1;
		scan_commit(st, lba, h);
		return 0;
	}
	sc->lba = lba + 1 + sectors_for(h->size);
	rc = payload_crc(st, lba + 1, h->size, &crc);
	if (rc)
		return rc;
	if (crc != h->payload_crc) {
		hold_record(st, STORE_PROB_PAYLOAD, lba, h);
		return 0;
	}
	if (!index_has_room(st))
		return -STORE_ENOBUFS;
	index_add_pending(st, h, lba);
	return 0;
}

static int scan_step(struct store *st, struct scan *sc)
{
	const uint8_t *s;
	struct rec_header h;
	enum header_verdict v;
	int rc = window_get(st, sc->lba, st->buf_sectors, &s);

	if (rc)
		return rc;
	v = header_decode(st, sc->lba, s, &h);
	/* Sequence numbers only grow, so a lower one is a stale leftover. */
	if (v == HDR_OK && h.seq >= st->next_seq)
		return scan_record(st, sc, &h);
	if (!sc->resyncing) {
		sc->resyncing = true;
		sc->resync_from = sc->lba;
		sc->resync_explained = false;
	}
	if (v == HDR_BAD) {
		hold_sectors(st, STORE_PROB_HEADER, sc->lba, 1);
		if (sc->lba == sc->resync_from)
			sc->resync_explained = true;
	}
	sc->lba++;
	return 0;
}

static int scan_log(struct store *st)
{
	struct scan sc = {.lba = 1};

	while (sc.lba < st->nr_sectors) {
		int rc = scan_step(st, &sc);

		if (rc)
			return rc;
	}
	/* After the last valid commit: an interrupted transaction, not damage. */
	problems_release(st, true);
	for (size_t i = 0; i < st->nr_pending; i++)
		emit_uncommitted(st, &st->index[st->nr_live + i], true);
	st->nr_pending = 0;
	return 0;
}

static int config_check(const struct store_config *cfg)
{
	const struct store_dev *d = &cfg->dev;

	if (!d->read || !d->write || !d->flush || d->nr_sectors == 0)
		return -STORE_EINVAL;
	if (!cfg->buf || cfg->buf_size < STORE_SECTOR_SIZE || (!cfg->index && cfg->index_cap))
		return -STORE_EINVAL;
	return 0;
}

int store_open(struct store *st, const struct store_config *cfg)
{
	size_t sectors;
	int rc = config_check(cfg);

	if (rc)
		return rc;
	memset(st, 0, sizeof(*st));
	sectors = cfg->buf_size / STORE_SECTOR_SIZE;
	st->dev = cfg->dev;
	st->buf = cfg->buf;
	st->buf_sectors = sectors > 0x10000 ? 0x10000 : (uint32_t)sectors; /* 32 MiB per I/O */
	st->index = cfg->index;
	st->index_cap = cfg->index_cap;
	st->problem = cfg->problem;
	st->problem_ctx = cfg->problem_ctx;
	st->end_lba = 1;
	st->next_seq = 1;
	rc = superblock_read(st);
	if (!rc)
		rc = scan_log(st);
	if (rc) {
		st->nr_live = 0;
		st->state = STORE_S_CLOSED;
		return rc;
	}
	st->state = STORE_S_IDLE;
	return 0;
}
