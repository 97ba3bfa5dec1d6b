/*
 * What the vGIC's own files share and nothing else of Tarn uses: the
 * list-register backend (one per GIC version, arch/arm64/vgic-v[23]-lr.c, a
 * fake in the host tests), the state changes the emulated registers make
 * (arch/arm64/vdev/vgic/vgic.c), the per-interrupt register banks (arch/arm64/vdev/vgic/vgic-dist.c) and the
 * MMIO front ends of each GIC version.
 *
 * Every function named virq_* or vgic_bank_* expects d->vgic.lock held. Those
 * returning a uint32_t return the vCPUs (bit n = vCPU n) that got something
 * new to deliver; the caller kicks them with vgic_kick() once the lock is
 * dropped, since vcpu_kick() takes scheduler locks, which come first.
 */
#ifndef HYP_VGIC_INTERNAL_H
#define HYP_VGIC_INTERNAL_H

#include "hyp/domain/domain.h"
#include "arch/arm64/vdev/mmio.h"
#include "arch/arm64/vdev/vgic/vgic.h"

/* One list register, decoded. */
struct vgic_lr {
	uint32_t intid;
	uint8_t priority;
	uint8_t source; /* GICv2 SGIs: the sending vCPU */
	bool pending;
	bool active;
	bool group1;
	bool eoi_notify; /* maintenance interrupt when the guest EOIs it */
};

/* The hardware virtual CPU interface of one GIC version. */
struct vgic_lr_ops {
	unsigned int version;
	unsigned int (*nr_lrs)(void);
	uint64_t (*lr_read)(unsigned int i);
	void (*lr_write)(unsigned int i, uint64_t val);
	uint64_t (*lr_encode)(const struct vgic_lr *lr);
	void (*lr_decode)(uint64_t val, struct vgic_lr *lr);
	/* Enable the interface, with the underflow interrupt if on. */
	void (*set_underflow)(bool on);
	/* Everything but the LRs, and the interface disabled afterwards. */
	void (*save)(struct vgic_cpu_hw *hw);
	void (*restore)(const struct vgic_cpu_hw *hw);
	void (*vcpu_init)(struct vgic_cpu_hw *hw);
	int (*domain_init)(struct domain *d);
	int (*cpu_init)(void);
	/* Silence the maintenance interrupt until the next vgic_flush_lrs(). */
	void (*quiesce)(void);
};

extern const struct vgic_lr_ops vgic_v3_lr_ops;
extern const struct vgic_lr_ops vgic_v2_lr_ops;
/* The backend for the host's GIC. */
const struct vgic_lr_ops *vgic_lr_ops_get(void);

/* GIC register values common to the versions. */
#define VGIC_IIDR	   0x5400043bu /* ProductID 'T', implementer Arm (JEP106 0x43b) */
#define VGIC_PRIO_MASK	   0xf8u       /* five priority bits, as the LRs keep */
#define VGIC_CTLR_GRP0	   (1u << 0)
#define VGIC_CTLR_GRP1	   (1u << 1)
#define VGIC_SGI_RAW_CFG   0xaaaaaaaau /* ICFGR0: SGIs are edge-triggered */
#define VGIC_NR_SGIS	   16
#define VGIC_RAZ_WI_ACCESS 4 /* the one size Tarn accepts for reserved words */

/* arch/arm64/vdev/vgic/vgic.c: state. */
struct virq *vgic_irq(struct domain *d, struct vcpu *v, unsigned int intid);
struct vcpu *virq_vcpu(struct domain *d, const struct virq *q);
bool virq_group_enabled(const struct domain *d, const struct virq *q);
bool virq_is_pending(struct domain *d, const struct virq *q);
bool virq_is_active(struct domain *d, const struct virq *q);
uint8_t virq_sgi_sources(struct domain *d, const struct virq *q);
uint32_t virq_update(struct domain *d, struct virq *q);
uint32_t virq_set_enabled(struct domain *d, struct virq *q, bool on);
uint32_t virq_set_pending(struct domain *d, struct virq *q, bool on);
uint32_t virq_set_active(struct domain *d, struct virq *q, bool on);
uint32_t virq_set_group(struct domain *d, struct virq *q, bool group1);
uint32_t virq_set_priority(struct domain *d, struct virq *q, uint8_t prio);
uint32_t virq_set_edge(struct domain *d, struct virq *q, bool edge);
uint32_t virq_set_target(struct domain *d, struct virq *q, unsigned int vcpu_id);
uint32_t virq_set_v2_targets(struct domain *d, struct virq *q, uint8_t mask);
uint32_t virq_send_sgi(struct domain *d, struct virq *q, unsigned int source);
uint32_t virq_clear_sgi(struct domain *d, struct virq *q, uint8_t sources);
uint32_t vgic_set_ctlr(struct domain *d, bool grp0, bool grp1);
uint32_t vgic_vcpu_mask(const struct domain *d);
void vgic_kick(struct domain *d, uint32_t mask);

/* arch/arm64/vdev/vgic/vgic-lr.c: what the distributors need to know about interrupts held in LRs. */
bool vgic_lr_state(struct domain *d, const struct virq *q, struct vgic_lr *out);
void vgic_lr_edit(struct domain *d, const struct virq *q, bool clear_pending, bool clear_active);
uint32_t vgic_lr_owner_mask(struct domain *d, const struct virq *q);

/*
 * arch/arm64/vdev/vgic/vgic-dist.c: the registers with a field per interrupt (IGROUPR, the
 * set/clear enable, pending and active registers, IPRIORITYR, ICFGR), laid
 * out alike in the GICv2 and GICv3 distributors and the GICv3 SGI frame.
 */
struct vgic_bank {
	struct domain *d;
	struct vcpu *owner;	 /* whose private interrupts INTIDs 0-31 are */
	unsigned int first, end; /* INTIDs served; the others are RAZ/WI */
};

bool vgic_bank_has(uint64_t off);
bool vgic_bank_read(const struct vgic_bank *b, uint64_t off, unsigned int size, uint64_t *val);
bool vgic_bank_write(const struct vgic_bank *b, uint64_t off, unsigned int size, uint64_t val);
/* a is naturally aligned and a word, or a byte / doubleword where allowed. */
bool vgic_size_ok(const struct mmio_access *a, bool bytes, bool dwords);

/* The MMIO front ends, registered by vgic_domain_init(). */
extern const struct mmio_ops vgic_v3_redist_ops;
int vgic_v3_mmio_register(struct domain *d);
int vgic_v2_mmio_register(struct domain *d);

#endif /* HYP_VGIC_INTERNAL_H */
