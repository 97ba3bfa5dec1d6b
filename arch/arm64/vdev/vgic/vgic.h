/*
 * The virtual GIC each domain sees: a GICv3 or GICv2 matching the host's
 * (DESIGN §4), emulated distributor and redistributors (trapped MMIO), and the
 * hardware's virtual CPU interface fed through list registers.
 *
 * Guest memory map (Xen 4.17, xen-arm-abi.md §4): distributor at
 * VGIC_DIST_BASE; GICv3 redistributors from VGIC_V3_REDIST_BASE, one
 * 128 KiB frame pair per vCPU; GICv2 CPU interface at VGIC_V2_CPU_BASE (the
 * host's GICV mapped there).
 *
 * State lives here, arch-neutral; the list-register side is per version
 * (arch/arm64/vdev/vgic/vgic-v3-lr.c, vgic-v2-lr.c).
 *
 * Locking: a domain's vgic_lock protects its SPI state and every vCPU's
 * private interrupt state and pending list. Taken with IRQs masked; inner to
 * nothing else.
 */
#ifndef HYP_VGIC_H
#define HYP_VGIC_H

#include "lib/spinlock.h"
#include "lib/types.h"

#define VGIC_DIST_BASE	      0x03001000ULL
#define VGIC_DIST_SIZE	      0x10000ULL
#define VGIC_V3_REDIST_BASE   0x03020000ULL
#define VGIC_V3_REDIST_STRIDE 0x20000ULL
#define VGIC_V3_REDIST_SIZE   0x1000000ULL /* room for 128 vCPUs */
#define VGIC_V2_CPU_BASE      0x03002000ULL
#define VGIC_V2_CPU_SIZE      0x2000ULL

#define VGIC_NR_PRIVATE 32
#define VGIC_NR_SPIS	64 /* INTIDs 32..95: vpl011 at 32, room for devices */
#define VGIC_NR_IRQS	(VGIC_NR_PRIVATE + VGIC_NR_SPIS)

#define VIRQ_VTIMER 27
#define VIRQ_EVTCHN 31
#define VIRQ_VPL011 32

struct vcpu;
struct domain;

/* One virtual interrupt's state. */
struct virq {
	uint8_t priority;
	uint8_t target;	     /* vCPU index that receives it (SPIs: GICv3 route / GICv2 target) */
	uint8_t v2_targets;  /* GICv2 ITARGETSR byte as written */
	uint8_t sgi_sources; /* GICv2 SGIs: vCPUs whose copy waits for an LR */
	bool enabled;
	bool pending; /* latched (edge, or software-set) */
	bool level;   /* line level, for level-sensitive sources */
	bool level_sensitive;
	bool active;
	bool group1;
	bool forwarded; /* an SPI following a physical line (vgic_forward_spi) */
	bool in_lr;	/* currently held in a list register */
	uint8_t lr;	/* which one, if in_lr */
	uint16_t intid;
	struct virq *next_pending; /* link in the target vCPU's pending list */
	bool queued;
};

struct vgic_vcpu {
	struct virq private_irqs[VGIC_NR_PRIVATE];
	struct virq *pending_head; /* enabled, pending, not in an LR; priority order */
	uint64_t lr_used;	   /* bitmap of LRs holding an interrupt */
	uint64_t redist_base;	   /* GICv3 guest address of its redistributor */
	bool redist_awake;	   /* GICR_WAKER.ProcessorSleep clear */
};

/* Called when the guest has deactivated a forwarded SPI (vgic_forward_spi). */
typedef void (*vgic_eoi_fn)(struct domain *d, unsigned int intid);

struct vgic_domain {
	unsigned int version;	 /* 2 or 3, the host's */
	vgic_eoi_fn forward_eoi; /* for its forwarded SPIs */
	struct spinlock lock;
	bool enabled_grp0, enabled_grp1; /* GICD_CTLR */
	struct virq spis[VGIC_NR_SPIS];
};

/* Set up the domain's distributor and register its MMIO regions (and for
 * GICv2 map the host's GICV at VGIC_V2_CPU_BASE). 0 or -errno. */
int vgic_domain_init(struct domain *d);
void vgic_domain_destroy(struct domain *d);
int vgic_vcpu_init(struct vcpu *v);

/* Make intid pending for v (SGI/PPI: v's own; SPI: the domain's, v ignored
 * and the route decides). Wakes or kicks the receiving vCPU. */
void vgic_inject(struct vcpu *v, unsigned int intid);
void vgic_inject_spi(struct domain *d, unsigned int intid);
/* Level-sensitive sources (vpl011, event channels) drive their line. */
void vgic_set_level(struct domain *d, struct vcpu *v, unsigned int intid, bool level);

/*
 * Forwarding a physical level-sensitive SPI (device passthrough): the owner
 * masks the physical line when it fires and raises the virtual one with
 * vgic_set_level(d, NULL, intid, true). When the guest deactivates it (EOI),
 * the vGIC lowers the virtual line and calls eoi(d, intid), with d's vgic
 * lock held and IRQs masked, so the owner unmasks the physical line: still
 * high, it fires again. Every forwarded SPI of a domain shares one eoi.
 * vgic_forward_spi returns 0, or -EINVAL for an INTID that is no SPI of the
 * vGIC.
 */
int vgic_forward_spi(struct domain *d, unsigned int intid, vgic_eoi_fn eoi);
void vgic_unforward_spi(struct domain *d, unsigned int intid);

/* Something the guest would take if it unmasked interrupts: WFI must not block. */
bool vgic_vcpu_has_pending(struct vcpu *v);

/* Around guest execution on this CPU (called with IRQs masked): */
void vgic_flush_lrs(struct vcpu *v); /* pending → list registers, before entry */
void vgic_sync_lrs(struct vcpu *v);  /* list registers → state, after exit */
void vgic_save(struct vcpu *v);	     /* hardware virtual interface → v */
void vgic_restore(struct vcpu *v);   /* v → hardware */

/* GICv3: a trapped write of ICC_SGI1R_EL1 by v. */
void vgic_v3_send_sgi(struct vcpu *v, uint64_t sgi1r);

/* Per-CPU set-up of the hardware virtual interface (ICH_HCR_EL2 / GICH_HCR)
 * and the maintenance interrupt; called on every CPU at boot. */
int vgic_hw_cpu_init(void);

#endif /* HYP_VGIC_H */
