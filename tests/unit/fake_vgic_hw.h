/*
 * A fake list-register backend for the vGIC's host tests: the LRs are an
 * array, and the test plays the guest's CPU interface by acknowledging and
 * EOIing them.
 */
#ifndef TESTS_UNIT_FAKE_VGIC_HW_H
#define TESTS_UNIT_FAKE_VGIC_HW_H

#include "arch/arm64/vdev/vgic/vgic-internal.h"

struct fake_vgic_hw {
	unsigned int version;
	unsigned int nr_lrs;
	uint64_t lr[VGIC_MAX_LRS];
	bool enabled;	/* interface on (set_underflow / restore), off (save) */
	bool underflow; /* underflow maintenance interrupt requested */
	unsigned int saves, restores, domain_inits;
};

extern struct fake_vgic_hw fake_hw;

void fake_vgic_reset(unsigned int version, unsigned int nr_lrs);
struct vgic_lr fake_lr(unsigned int i);
/* The LR holding intid in a pending or active state, -1 if none. */
int fake_lr_find(unsigned int intid);
unsigned int fake_lrs_valid(void);
/* The guest acknowledges LR i (pending → active) and EOIs it (active → done). */
void fake_guest_ack(unsigned int i);
void fake_guest_eoi(unsigned int i);

#endif /* TESTS_UNIT_FAKE_VGIC_HW_H */
