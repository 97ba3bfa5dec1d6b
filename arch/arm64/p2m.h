/*
 * Stage-2 translation (guest physical → host physical) for a domain: the
 * VMID, the tables, mapping RAM and devices, and the per-CPU VTCR set-up.
 */
#ifndef ARCH_ARM64_P2M_H
#define ARCH_ARM64_P2M_H

#include "lib/types.h"

struct domain;

enum p2m_type {
	P2M_RAM_RW,    /* normal write-back memory, read/write/execute */
	P2M_DEVICE_RW, /* device memory (e.g. the host GICV), no execute */
};

/* Once per CPU: program VTCR_EL2 with the IPA size. */
void p2m_cpu_init(void);
/* IPA bits every domain gets. */
unsigned int p2m_ipa_bits(void);
int p2m_domain_init(struct domain *d);
void p2m_domain_destroy(struct domain *d);
int p2m_map(struct domain *d, uint64_t ipa, paddr_t pa, uint64_t size, enum p2m_type t);
int p2m_unmap(struct domain *d, uint64_t ipa, uint64_t size);
/* Host physical address of a RAM ipa, false if unmapped or not RAM. */
bool p2m_lookup_ram(struct domain *d, uint64_t ipa, paddr_t *pa);
/* Load d's stage 2 on this CPU (VTTBR_EL2). */
void p2m_load(struct domain *d);

#endif /* ARCH_ARM64_P2M_H */
