/*
 * The fake list-register backend (see fake_vgic_hw.h). Its LR format is its
 * own: the core must only ever go through lr_encode/lr_decode.
 */
#include <string.h>

#include "tests/unit/fake_vgic_hw.h"

#define LR_PRIO_SHIFT 16
#define LR_SRC_SHIFT  24
#define LR_PENDING    (1ULL << 32)
#define LR_ACTIVE     (1ULL << 33)
#define LR_GROUP1     (1ULL << 34)
#define LR_EOI	      (1ULL << 35)

struct fake_vgic_hw fake_hw;

static unsigned int fake_nr_lrs(void)
{
	return fake_hw.nr_lrs;
}

static uint64_t fake_lr_read(unsigned int i)
{
	return fake_hw.lr[i];
}

static void fake_lr_write(unsigned int i, uint64_t val)
{
	fake_hw.lr[i] = val;
}

static uint64_t fake_lr_encode(const struct vgic_lr *lr)
{
	return (lr->intid & 0xffff) | ((uint64_t)lr->priority << LR_PRIO_SHIFT) |
	       ((uint64_t)(lr->source & 7) << LR_SRC_SHIFT) | (lr->pending ? LR_PENDING : 0) |
	       (lr->active ? LR_ACTIVE : 0) | (lr->group1 ? LR_GROUP1 : 0) |
	       (lr->eoi_notify ? LR_EOI : 0);
}

static void fake_lr_decode(uint64_t val, struct vgic_lr *lr)
{
	*lr = (struct vgic_lr){
		.intid = val & 0xffff,
		.priority = (uint8_t)(val >> LR_PRIO_SHIFT),
		.source = (val >> LR_SRC_SHIFT) & 7,
		.pending = (val & LR_PENDING) != 0,
		.active = (val & LR_ACTIVE) != 0,
		.group1 = (val & LR_GROUP1) != 0,
		.eoi_notify = (val & LR_EOI) != 0,
	};
}

static void fake_set_underflow(bool on)
{
	fake_hw.enabled = true;
	fake_hw.underflow = on;
}

static void fake_save(struct vgic_cpu_hw *hw)
{
	hw->vmcr = 0x1234;
	fake_hw.enabled = false;
	fake_hw.underflow = false;
	fake_hw.saves++;
}

static void fake_restore(const struct vgic_cpu_hw *hw)
{
	fake_hw.enabled = hw->hcr != 0;
	fake_hw.restores++;
}

static void fake_vcpu_init(struct vgic_cpu_hw *hw)
{
	memset(hw, 0, sizeof(*hw));
	hw->hcr = 1;
}

static int fake_domain_init(struct domain *d)
{
	(void)d;
	fake_hw.domain_inits++;
	return 0;
}

static int fake_cpu_init(void)
{
	return 0;
}

static void fake_quiesce(void)
{
	fake_hw.enabled = false;
}

static struct vgic_lr_ops fake_ops = {
	.nr_lrs = fake_nr_lrs,
	.lr_read = fake_lr_read,
	.lr_write = fake_lr_write,
	.lr_encode = fake_lr_encode,
	.lr_decode = fake_lr_decode,
	.set_underflow = fake_set_underflow,
	.save = fake_save,
	.restore = fake_restore,
	.vcpu_init = fake_vcpu_init,
	.domain_init = fake_domain_init,
	.cpu_init = fake_cpu_init,
	.quiesce = fake_quiesce,
};

const struct vgic_lr_ops *vgic_lr_ops_get(void)
{
	fake_ops.version = fake_hw.version;
	return &fake_ops;
}

void fake_vgic_reset(unsigned int version, unsigned int nr_lrs)
{
	memset(&fake_hw, 0, sizeof(fake_hw));
	fake_hw.version = version;
	fake_hw.nr_lrs = nr_lrs;
}

struct vgic_lr fake_lr(unsigned int i)
{
	struct vgic_lr lr;

	fake_lr_decode(fake_hw.lr[i], &lr);
	return lr;
}

int fake_lr_find(unsigned int intid)
{
	for (unsigned int i = 0; i < fake_hw.nr_lrs; i++) {
		struct vgic_lr lr = fake_lr(i);

		if (lr.intid == intid && (lr.pending || lr.active))
			return (int)i;
	}
	return -1;
}

unsigned int fake_lrs_valid(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < fake_hw.nr_lrs; i++)
		n += (fake_hw.lr[i] & (LR_PENDING | LR_ACTIVE)) != 0;
	return n;
}

void fake_guest_ack(unsigned int i)
{
	if (fake_hw.lr[i] & LR_PENDING)
		fake_hw.lr[i] = (fake_hw.lr[i] & ~LR_PENDING) | LR_ACTIVE;
}

/* An EOI of an active and pending LR leaves it pending, as the GIC does. */
void fake_guest_eoi(unsigned int i)
{
	fake_hw.lr[i] &= ~LR_ACTIVE;
}
