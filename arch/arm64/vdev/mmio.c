/*
 * Emulated MMIO regions of a domain (see mmio.h).
 */
#include "arch/arm64/vdev/mmio.h"

#include "tarn/errno.h"

int mmio_register(struct mmio_regions *m, uint64_t base, uint64_t size, const struct mmio_ops *ops,
		  void *priv)
{
	for (unsigned int i = 0; i < m->n; i++)
		if (range_overlaps(base, size, m->r[i].base, m->r[i].size))
			return -TARN_EEXIST;
	if (m->n == MMIO_MAX_REGIONS)
		return -TARN_ENOSPC;
	m->r[m->n++] = (struct mmio_region){base, size, ops, priv};
	return 0;
}

bool mmio_dispatch(struct mmio_regions *m, struct vcpu *v, struct mmio_access *a)
{
	for (unsigned int i = 0; i < m->n; i++) {
		struct mmio_region *r = &m->r[i];

		if (a->addr < r->base || a->addr - r->base >= r->size)
			continue;
		if (a->addr - r->base + a->size > r->size)
			return false;
		a->off = a->addr - r->base;
		return a->write ? r->ops->write(v, a, r->priv) : r->ops->read(v, a, r->priv);
	}
	return false;
}
