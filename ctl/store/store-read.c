/*
 * Reading payloads back: a sequential reader that hands out a payload in
 * chunks of the caller's size and checks its checksum at the end, and a
 * whole-payload check.
 *
 * The scan checked every payload when the store was opened; these check
 * again because the disk may have changed since (or the caller wants to be
 * sure before it builds anything from the data, as a restore must).
 *
 * May touch: the struct store's buffer (as a read window) and the device,
 * read only.
 */
#include <string.h>

#include "crc32c.h"
#include "store-internal.h"

/* Reading uses buf, which an open record holds its unwritten bytes in. */
static int read_state(const struct store *st)
{
	if (st->state == STORE_S_CLOSED)
		return -STORE_EINVAL;
	return st->state == STORE_S_RECORD ? -STORE_EBUSY : 0;
}

void store_read_open(const struct store_entry *e, struct store_reader *r)
{
	r->lba = e->lba + 1;
	r->size = e->size;
	r->pos = 0;
	r->crc = 0;
	r->want = e->crc;
}

long store_read(struct store *st, struct store_reader *r, void *out, size_t len)
{
	uint8_t *o = out;
	size_t done = 0;
	int rc = read_state(st);

	if (rc)
		return rc;
	if (len > ((size_t)-1 >> 1))
		len = (size_t)-1 >> 1; /* the count must fit the return value */
	while (done < len && r->pos < r->size) {
		uint32_t off = (uint32_t)(r->pos % STORE_SECTOR_SIZE);
		uint64_t left = r->size - r->pos;
		size_t n = STORE_SECTOR_SIZE - off;
		const uint8_t *s;

		if (n > left)
			n = (size_t)left;
		if (n > len - done)
			n = len - done;
		/* Read ahead to the end of the payload: the caller will want it. */
		rc = window_get(st, r->lba + r->pos / STORE_SECTOR_SIZE, sectors_for(left + off),
				&s);
		if (rc)
			return rc;
		memcpy(o + done, s + off, n);
		r->crc = crc32c_update(r->crc, s + off, n);
		r->pos += n;
		done += n;
	}
	if (done && r->pos == r->size && r->crc != r->want)
		return -STORE_EBADMSG;
	return (long)done;
}

int store_check(struct store *st, const struct store_entry *e)
{
	uint32_t crc;
	int rc = read_state(st);

	if (!rc)
		rc = payload_crc(st, e->lba + 1, e->size, &crc);
	if (rc)
		return rc;
	return crc == e->crc ? 0 : -STORE_EBADMSG;
}
