/*
 * The emulated GIC registers that hold a field per interrupt: IGROUPR,
 * I[SC]ENABLER, I[SC]PENDR, I[SC]ACTIVER (one bit each), IPRIORITYR (a byte)
 * and ICFGR (two bits). GICv2's and GICv3's distributors and GICv3's SGI
 * frame lay them out alike from offset 0x80; a struct vgic_bank says which
 * interrupts the frame serves and whose private ones INTIDs 0-31 are.
 *
 * May touch: the interrupts' state, through the virq_* functions of
 * arch/arm64/vdev/vgic/vgic.c, under d->vgic.lock (taken here).
 */
#include "lib/assert.h"
#include "arch/arm64/vdev/vgic/vgic-internal.h"

#define BANK_BITS_START 0x080
#define BANK_BITS_END	0x400 /* seven registers of 0x80 bytes */
#define BANK_PRIO_START 0x400
#define BANK_PRIO_END	0x800
#define BANK_CFG_START	0xc00
#define BANK_CFG_END	0xd00

enum bank_bits {
	BITS_GROUP,
	BITS_SENABLE,
	BITS_CENABLE,
	BITS_SPEND,
	BITS_CPEND,
	BITS_SACTIVE,
	BITS_CACTIVE,
};

bool vgic_size_ok(const struct mmio_access *a, bool bytes, bool dwords)
{
	if (!IS_ALIGNED(a->off, a->size))
		return false;
	return a->size == 4 || (bytes && a->size == 1) || (dwords && a->size == 8);
}

bool vgic_bank_has(uint64_t off)
{
	return (off >= BANK_BITS_START && off < BANK_PRIO_END) ||
	       (off >= BANK_CFG_START && off < BANK_CFG_END);
}

static struct virq *bank_irq(const struct vgic_bank *b, unsigned int intid)
{
	if (intid < b->first || intid >= b->end)
		return NULL;
	return vgic_irq(b->d, b->owner, intid);
}

static bool bits_get(const struct vgic_bank *b, enum bank_bits kind, struct virq *q)
{
	switch (kind) {
	case BITS_GROUP:
		return q->group1;
	case BITS_SENABLE:
	case BITS_CENABLE:
		return q->enabled;
	case BITS_SPEND:
	case BITS_CPEND:
		return virq_is_pending(b->d, q);
	default:
		return virq_is_active(b->d, q);
	}
}

/* A written 1 (or, for IGROUPR, the written bit) applied to q. */
static uint32_t bits_set(const struct vgic_bank *b, enum bank_bits kind, struct virq *q, bool bit)
{
	struct domain *d = b->d;

	if (kind == BITS_GROUP)
		return d->vgic.version == 2 ? virq_set_group(d, q, bit) : 0; /* v3: RAO/WI */
	if (!bit)
		return 0;
	switch (kind) {
	case BITS_SENABLE:
	case BITS_CENABLE:
		return virq_set_enabled(d, q, kind == BITS_SENABLE);
	case BITS_SPEND:
	case BITS_CPEND:
		return virq_set_pending(d, q, kind == BITS_SPEND);
	default:
		return virq_set_active(d, q, kind == BITS_SACTIVE);
	}
}

static uint32_t bits_read(const struct vgic_bank *b, uint64_t off)
{
	enum bank_bits kind = (enum bank_bits)((off - BANK_BITS_START) / 0x80);
	unsigned int base = (unsigned int)(off % 0x80) * 8;
	uint32_t val = 0;

	for (unsigned int i = 0; i < 32; i++) {
		struct virq *q = bank_irq(b, base + i);

		if (q && bits_get(b, kind, q))
			val |= 1u << i;
	}
	return val;
}

static uint32_t bits_write(const struct vgic_bank *b, uint64_t off, uint32_t val)
{
	enum bank_bits kind = (enum bank_bits)((off - BANK_BITS_START) / 0x80);
	unsigned int base = (unsigned int)(off % 0x80) * 8;
	uint32_t kick = 0;

	for (unsigned int i = 0; i < 32; i++) {
		struct virq *q = bank_irq(b, base + i);

		if (q)
			kick |= bits_set(b, kind, q, val & (1u << i));
	}
	return kick;
}

static uint64_t prio_read(const struct vgic_bank *b, uint64_t off, unsigned int size)
{
	unsigned int base = (unsigned int)(off - BANK_PRIO_START);
	uint64_t val = 0;

	for (unsigned int i = 0; i < size; i++) {
		struct virq *q = bank_irq(b, base + i);

		if (q)
			val |= (uint64_t)q->priority << (8 * i);
	}
	return val;
}

static uint32_t prio_write(const struct vgic_bank *b, uint64_t off, unsigned int size, uint64_t val)
{
	unsigned int base = (unsigned int)(off - BANK_PRIO_START);
	uint32_t kick = 0;

	for (unsigned int i = 0; i < size; i++) {
		struct virq *q = bank_irq(b, base + i);

		if (q)
			kick |= virq_set_priority(b->d, q, (uint8_t)(val >> (8 * i)));
	}
	return kick;
}

static uint32_t cfg_read(const struct vgic_bank *b, uint64_t off)
{
	unsigned int base = (unsigned int)(off - BANK_CFG_START) * 4;
	uint32_t val = 0;

	for (unsigned int i = 0; i < 16; i++) {
		struct virq *q = bank_irq(b, base + i);

		if (q && !q->level_sensitive)
			val |= 2u << (2 * i);
	}
	return val;
}

static uint32_t cfg_write(const struct vgic_bank *b, uint64_t off, uint32_t val)
{
	unsigned int base = (unsigned int)(off - BANK_CFG_START) * 4;
	uint32_t kick = 0;

	for (unsigned int i = 0; i < 16; i++) {
		struct virq *q = bank_irq(b, base + i);

		if (q)
			kick |= virq_set_edge(b->d, q, val & (2u << (2 * i)));
	}
	return kick;
}

static bool bank_size_ok(uint64_t off, unsigned int size)
{
	struct mmio_access a = {.off = off, .size = size};

	return vgic_size_ok(&a, off >= BANK_PRIO_START && off < BANK_PRIO_END, false);
}

bool vgic_bank_read(const struct vgic_bank *b, uint64_t off, unsigned int size, uint64_t *val)
{
	uint64_t flags;

	ASSERT(vgic_bank_has(off));
	if (!bank_size_ok(off, size))
		return false;
	flags = spin_lock_irqsave(&b->d->vgic.lock);
	if (off < BANK_BITS_END)
		*val = bits_read(b, off);
	else if (off < BANK_PRIO_END)
		*val = prio_read(b, off, size);
	else
		*val = cfg_read(b, off);
	spin_unlock_irqrestore(&b->d->vgic.lock, flags);
	return true;
}

bool vgic_bank_write(const struct vgic_bank *b, uint64_t off, unsigned int size, uint64_t val)
{
	uint64_t flags;
	uint32_t kick;

	ASSERT(vgic_bank_has(off));
	if (!bank_size_ok(off, size))
		return false;
	flags = spin_lock_irqsave(&b->d->vgic.lock);
	if (off < BANK_BITS_END)
		kick = bits_write(b, off, (uint32_t)val);
	else if (off < BANK_PRIO_END)
		kick = prio_write(b, off, size, val);
	else
		kick = cfg_write(b, off, (uint32_t)val);
	spin_unlock_irqrestore(&b->d->vgic.lock, flags);
	vgic_kick(b->d, kick);
	return true;
}
