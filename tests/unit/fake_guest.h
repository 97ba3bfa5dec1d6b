/*
 * Host fakes for what hypercall handlers call in the rest of Tarn
 * (tests/unit/fake_guest.c), and the record they keep, which tests read.
 *
 * The running guest's virtual address space is one host buffer standing for
 * GVAs [FAKE_GVA_BASE, FAKE_GVA_BASE + FAKE_GVA_SIZE); any copy that touches
 * a byte outside it fails with -TARN_EFAULT and copies nothing. The domain's
 * RAM, as domain_ipa_to_pa() sees it, is [FAKE_RAM_IPA, +FAKE_RAM_SIZE),
 * backed at FAKE_RAM_PA onwards.
 *
 * For the control hypercalls (hyp/hypercall/domctl.c): domain_get() looks in domains[]
 * (cleared by fake_reset(), filled by the test); FAKE_CPUS CPUs are possible
 * and online (percpu_data[], cpus_possible); the scheduler core's control
 * calls and the physical facts answer from fake.sched and record what they
 * were asked there.
 */
#ifndef TESTS_UNIT_FAKE_GUEST_H
#define TESTS_UNIT_FAKE_GUEST_H

#include "arch/arm64/p2m.h"
#include "hyp/domain/domain.h"
#include "hyp/percpu.h"
#include "hyp/schedule/schedule.h"

#define FAKE_GVA_BASE 0x1000ULL
#define FAKE_GVA_SIZE 0x10000ULL
#define FAKE_RAM_IPA  0x40000000ULL
#define FAKE_RAM_SIZE 0x1000000ULL /* 16 MiB */
#define FAKE_RAM_PA   0x880000000ULL

#define FAKE_CONSOLE_MAX 8192
#define FAKE_PRINTK_MAX	 4096
#define FAKE_P2M_MAX	 16

#define FAKE_CPUS 4

enum fake_p2m_op { FAKE_P2M_MAP, FAKE_P2M_UNMAP };

/* The scheduler core's control API (hyp/schedule/schedule.h) and physinfo's sources. */
struct fake_sched {
	/* What the fakes answer. */
	unsigned int weight, cap;			 /* sched_dom_get() */
	struct sched_params params;			 /* sched_get_params() */
	uint64_t affinity;				 /* sched_vcpu_get_affinity() */
	struct sched_vcpu_times times[DOMAIN_MAX_VCPUS]; /* sched_vcpu_times(), by vCPU id */
	uint64_t idle_ns[TARN_MAX_CPUS];		 /* sched_cpu_idle_ns() */
	int set_rc;					 /* what the three setters return */
	uint64_t total_pages, free_pages, timer_freq;

	/* What they were asked. */
	unsigned int calls; /* every call above, getters and physinfo included */
	unsigned int dom_sets, param_sets, affinity_sets;
	struct domain *set_dom;
	unsigned int set_weight, set_cap;
	struct sched_params set_params;
	struct vcpu *set_vcpu;
	uint64_t set_mask;
};

struct fake_p2m_call {
	enum fake_p2m_op op;
	struct domain *d;
	uint64_t ipa;
	paddr_t pa; /* map only */
	uint64_t size;
	enum p2m_type type; /* map only */
};

/* The domain life calls of hyp/hypercall/domctl-domain.c (tests/unit/fake_domain.c). */
struct fake_life {
	/* What the fakes answer. */
	int rc;			   /* every call below */
	struct domain *new_domain; /* what domain_create() gives (id set by the test) */
	const char *console;	   /* domain_console_read()'s and console_log_read()'s text */

	/* What they were asked (each call also counts in fake.sched.calls). */
	struct domain *d; /* the last call's domain */
	unsigned int creates, kills, pauses, unpauses, populates, resets;
	char create_name[64];
	unsigned int create_vcpus;
	uint64_t create_pages;
	uint64_t populate_ipa, populate_bytes;
	uint64_t reset_pc, reset_arg;
	unsigned int page_calls, page_fail_at; /* domain_page_release/add */
	uint64_t page_last_ipa;
	bool page_release;
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
	unsigned int continuations; /* hypercall_continue() */
	uint64_t cont_args[2];

	struct fake_p2m_call p2m[FAKE_P2M_MAX];
	unsigned int np2m;
	int p2m_map_rc, p2m_unmap_rc; /* what the next p2m calls return */
	unsigned int ipa_bits;	      /* p2m_ipa_bits(), 44 by default */

	struct fake_sched sched;
	struct fake_life life;
};

extern struct fake_record fake;

void fake_reset(void);
/* The host address of guest byte gva (inside the fake address space). */
void *fake_gva(uint64_t gva);

#endif /* TESTS_UNIT_FAKE_GUEST_H */
