/*
 * Host fakes for what hypercall handlers call in the rest of Tarn
 * (tests/unit/fake_guest.c), and the record they keep, which tests read.
 *
 * The running guest's virtual address space is one host buffer standing for
 * GVAs [FAKE_GVA_BASE, FAKE_GVA_BASE + FAKE_GVA_SIZE); any copy that touches
 * a byte outside it fails with -TARN_EFAULT and copies nothing. The domain's
 * RAM, as domain_ipa_to_pa() sees it, is [FAKE_RAM_IPA, +FAKE_RAM_SIZE),
 * backed at FAKE_RAM_PA onwards.
 */
#ifndef TESTS_UNIT_FAKE_GUEST_H
#define TESTS_UNIT_FAKE_GUEST_H

#include "arch/arm64/p2m.h"
#include "hyp/domain.h"

#define FAKE_GVA_BASE 0x1000ULL
#define FAKE_GVA_SIZE 0x10000ULL
#define FAKE_RAM_IPA  0x40000000ULL
#define FAKE_RAM_SIZE 0x1000000ULL /* 16 MiB */
#define FAKE_RAM_PA   0x880000000ULL

#define FAKE_CONSOLE_MAX 4096
#define FAKE_PRINTK_MAX	 4096
#define FAKE_P2M_MAX	 16

enum fake_p2m_op { FAKE_P2M_MAP, FAKE_P2M_UNMAP };

struct fake_p2m_call {
	enum fake_p2m_op op;
	struct domain *d;
	uint64_t ipa;
	paddr_t pa; /* map only */
	uint64_t size;
	enum p2m_type type; /* map only */
};

/* Everything the fakes saw; fake_reset() clears it and sets the defaults. */
struct fake_record {
	char console[FAKE_CONSOLE_MAX]; /* domain_console_put(), in order */
	size_t console_len;
	struct domain *console_domain; /* the last domain that wrote */
	char printk[FAKE_PRINTK_MAX];

	struct domain *shutdown_domain;
	unsigned int shutdown_reason;
	unsigned int shutdowns;
	struct domain *crashed_domain;
	struct vcpu *crashed_vcpu; /* set by domain_crash_vcpu() only */
	unsigned int crashes;

	struct vcpu *yielded, *blocked;
	unsigned int yields, blocks;

	struct fake_p2m_call p2m[FAKE_P2M_MAX];
	unsigned int np2m;
	int p2m_map_rc, p2m_unmap_rc; /* what the next p2m calls return */
	unsigned int ipa_bits;	      /* p2m_ipa_bits(), 44 by default */
};

extern struct fake_record fake;

void fake_reset(void);
/* The host address of guest byte gva (inside the fake address space). */
void *fake_gva(uint64_t gva);

#endif /* TESTS_UNIT_FAKE_GUEST_H */
