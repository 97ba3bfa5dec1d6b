/*
 * Emulated MMIO: a domain's guest-physical regions that are not mapped in
 * stage 2 and are served by Tarn when the guest touches them (vGIC, vpl011).
 * A data abort on any other unmapped address is the guest's own fault and is
 * reflected back to it as a synchronous external abort.
 */
#ifndef HYP_MMIO_H
#define HYP_MMIO_H

#include "lib/types.h"

#define MMIO_MAX_REGIONS 8

struct vcpu;

struct mmio_access {
	uint64_t addr;	   /* guest physical */
	uint64_t off;	   /* from the region's base */
	unsigned int size; /* 1, 2, 4 or 8 bytes */
	bool write;
	uint64_t data; /* in for writes, out for reads */
};

struct mmio_ops {
	/* Return true if handled; false makes the access fault in the guest. */
	bool (*read)(struct vcpu *v, struct mmio_access *a, void *priv);
	bool (*write)(struct vcpu *v, const struct mmio_access *a, void *priv);
};

struct mmio_region {
	uint64_t base, size;
	const struct mmio_ops *ops;
	void *priv;
};

struct mmio_regions {
	struct mmio_region r[MMIO_MAX_REGIONS];
	unsigned int n;
};

int mmio_register(struct mmio_regions *m, uint64_t base, uint64_t size, const struct mmio_ops *ops,
		  void *priv);
/* Find the region of a->addr, fill a->off, call it. False if none or refused. */
bool mmio_dispatch(struct mmio_regions *m, struct vcpu *v, struct mmio_access *a);

#endif /* HYP_MMIO_H */
