/*
 * Disjoint range sets for boot-time memory accounting (see memmap.h).
 * Ranges are kept sorted by base so that removal and search are simple
 * linear walks; there are never more than a few dozen.
 */
#include "mm/memmap.h"

#include "tarn/errno.h"

static void memmap_delete(struct memmap *m, unsigned int i)
{
	for (; i + 1 < m->n; i++)
		m->r[i] = m->r[i + 1];
	m->n--;
}

static int memmap_insert(struct memmap *m, unsigned int at, uint64_t base, uint64_t size)
{
	if (m->n == MEMMAP_MAX)
		return -TARN_ENOSPC;
	for (unsigned int i = m->n; i > at; i--)
		m->r[i] = m->r[i - 1];
	m->r[at].base = base;
	m->r[at].size = size;
	m->n++;
	return 0;
}

int memmap_add(struct memmap *m, uint64_t base, uint64_t size)
{
	unsigned int at = 0;

	if (!size || base + size < base)
		return -TARN_EINVAL;
	for (unsigned int i = 0; i < m->n; i++)
		if (range_overlaps(base, size, m->r[i].base, m->r[i].size))
			return -TARN_EINVAL;
	while (at < m->n && m->r[at].base < base)
		at++;
	return memmap_insert(m, at, base, size);
}

int memmap_remove(struct memmap *m, uint64_t base, uint64_t size)
{
	uint64_t end = base + size;

	if (!size)
		return 0;
	if (end < base)
		end = UINT64_MAX;
	for (unsigned int i = 0; i < m->n;) {
		uint64_t rb = m->r[i].base;
		uint64_t re = rb + m->r[i].size;

		if (end <= rb || base >= re) {
			i++;
		} else if (base <= rb && end >= re) {
			memmap_delete(m, i);
		} else if (base <= rb) {
			m->r[i].base = end;
			m->r[i].size = re - end;
			i++;
		} else if (end >= re) {
			m->r[i].size = base - rb;
			i++;
		} else {
			/* A hole in the middle: keep the low part, insert the high part. */
			if (memmap_insert(m, i + 1, end, re - end))
				return -TARN_ENOSPC;
			m->r[i].size = base - rb;
			i += 2;
		}
	}
	return 0;
}

void memmap_page_align(struct memmap *m)
{
	for (unsigned int i = 0; i < m->n;) {
		uint64_t b = ALIGN_UP(m->r[i].base, PAGE_SIZE);
		uint64_t e = ALIGN_DOWN(m->r[i].base + m->r[i].size, PAGE_SIZE);

		if (e <= b) {
			memmap_delete(m, i);
			continue;
		}
		m->r[i].base = b;
		m->r[i].size = e - b;
		i++;
	}
}

uint64_t memmap_total(const struct memmap *m)
{
	uint64_t t = 0;

	for (unsigned int i = 0; i < m->n; i++)
		t += m->r[i].size;
	return t;
}

int memmap_find_top(const struct memmap *m, uint64_t size, uint64_t align, uint64_t *out)
{
	for (unsigned int i = m->n; i-- > 0;) {
		uint64_t b = m->r[i].base;
		uint64_t e = b + m->r[i].size;
		uint64_t at;

		if (m->r[i].size < size)
			continue;
		at = ALIGN_DOWN(e - size, align);
		if (at >= b) {
			*out = at;
			return 0;
		}
	}
	return -TARN_ENOMEM;
}
