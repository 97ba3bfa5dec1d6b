/*
 * Domains and vCPUs (DESIGN §4): what a domain owns and the states it and
 * its vCPUs go through.
 *
 * Locking: domain_list_lock protects the table of domains. A domain's lock
 * protects its state, memory list and vCPU array. Order: domain_list_lock,
 * then a domain's lock, then its vgic lock.
 */
#ifndef HYP_DOMAIN_H
#define HYP_DOMAIN_H

#include "arch/arm64/arch-domain.h"
#include "arch/arm64/vdev/mmio.h"
#include "lib/spinlock.h"
#include "lib/types.h"
#include "arch/arm64/vdev/vgic/vgic.h"
#include "sched/sched.h"

#define DOMAIN_MAX	   64
#define DOMAIN_MAX_VCPUS   8
#define DOMAIN_NAME_LEN	   64
#define DOMAIN_MAX_EXTENTS 1024 /* the extent table's first size (it grows when ballooning) */

enum domain_state {
	DOMAIN_BUILDING,
	DOMAIN_RUNNING,
	DOMAIN_PAUSED,
	DOMAIN_SHUTDOWN, /* shut down by itself: see shutdown_reason */
	DOMAIN_CRASHED,
	DOMAIN_DYING,
};

enum vcpu_state {
	VCPU_OFFLINE,  /* never started, or PSCI CPU_OFF */
	VCPU_RUNNABLE, /* on a run queue or running */
	VCPU_BLOCKED,  /* WFI or SCHEDOP_block: waits for an interrupt */
	VCPU_STOPPED,  /* its domain is not running */
};

/* A run of guest RAM: 2^order pages at pa, mapped at ipa. */
struct mem_extent {
	paddr_t pa;
	uint64_t ipa;
	unsigned int order;
};

struct vpl011;

struct vcpu {
	struct domain *domain;
	unsigned int id;
	enum vcpu_state state;
	struct sched_unit unit; /* the scheduler's view */
	/* Run state for accounting and the guest's runstate area (RUNSTATE_*,
	 * ns in each since creation); its CPU's sched_lock protects it. */
	struct {
		unsigned int state;
		uint64_t entry_ns;
		uint64_t time[4];
	} rs;
	struct arch_vcpu arch;
	struct vgic_vcpu vgic;
	uint64_t vcpu_info_gpa; /* registered vcpu_info, 0 if none */
	uint64_t runstate_gva;	/* registered runstate area, 0 if none */
	uint64_t wake_deadline; /* counter value at which a blocked vCPU's timer fires */
	bool timer_armed;	/* on its CPU's timer_list */
	struct vcpu *timer_next;
	volatile bool loaded; /* its state is on a CPU right now */
};

struct domain {
	uint16_t id;
	char name[DOMAIN_NAME_LEN];
	bool privileged; /* the control domain */
	enum domain_state state;
	unsigned int shutdown_reason;
	struct spinlock lock;
	struct arch_domain arch;
	struct vgic_domain vgic;
	struct mmio_regions mmio;
	struct vpl011 *vpl011;
	struct sched_dom sdom; /* the scheduler's view */
	uint64_t max_pages;    /* pages it may own */
	uint64_t tot_pages;    /* pages it owns */
	struct mem_extent *extents;
	unsigned int nextents;
	unsigned int extents_cap; /* entries extents[] has room for */
	paddr_t shared_info;	  /* its shared_info page (Tarn's, mapped into it on request) */
	uint64_t shared_info_gfn; /* where the guest mapped it ... */
	bool shared_info_mapped;  /* ... if it did */
	uint64_t dtb_ipa;
	uint64_t entry_ipa;
	struct vcpu *vcpus[DOMAIN_MAX_VCPUS];
	unsigned int nvcpus;
	unsigned int vcpus_loaded; /* how many are on a CPU right now */
	char console_line[160];	   /* guest console output, line-buffered */
	unsigned int console_len;
	char *console_ring;    /* all its output, TARN_CONSOLE_RING bytes (console_read) */
	uint64_t console_head; /* bytes it ever wrote */
	bool console_quiet;    /* not printed on Tarn's console (created by the control domain) */
	bool reap_on_unload;   /* destroyed: its last vCPU to leave a CPU frees it */
	bool releasing;	       /* its memory is being released (domain_vcpu_left) */
};

extern struct domain *domains[DOMAIN_MAX];
extern struct spinlock domain_list_lock;

/* Allocate an empty domain (state BUILDING) with nvcpus vCPUs. */
int domain_create(const char *name, bool privileged, unsigned int nvcpus, uint64_t max_pages,
		  struct domain **out);
/* Give d nbytes of RAM at guest-physical ipa (page aligned), scrubbed. */
int domain_populate(struct domain *d, uint64_t ipa, uint64_t nbytes);
/* Release everything d holds, scrubbed, and free it. None of its vCPUs may
 * be on a CPU (boot-time failures; domain_kill() sees to it at run time). */
void domain_destroy(struct domain *d);
/* Ballooning (domain-balloon.c): give back d's RAM page at ipa (scrubbed),
 * or give d a fresh page at ipa. -EINVAL (no RAM there / RAM there already),
 * -ENOMEM (at max_pages, or no free page), -ENOSPC (extent table full). */
int domain_page_release(struct domain *d, uint64_t ipa);
int domain_page_add(struct domain *d, uint64_t ipa);
/* Give back every page d owns, scrubbed. Its vCPUs must be off every CPU. */
void domain_release_memory(struct domain *d);
struct domain *domain_get(unsigned int id);
/* Stop d for good with a reason; its vCPUs never run again. */
void domain_shutdown(struct domain *d, unsigned int reason);
void domain_crash(struct domain *d, const char *why);
/* d's vCPU v crashed while Tarn handled its trap: print why and its registers
 * (the trap frame), then crash the domain. */
void domain_crash_vcpu(struct vcpu *v, const char *why);
/* Start d's vCPU 0 (BUILDING → RUNNING) or its stopped vCPUs (PAUSED →
 * RUNNING); -EINVAL from other states. */
int domain_unpause(struct domain *d);
/* RUNNING → PAUSED: stop its vCPUs that are not offline; -EINVAL otherwise. */
int domain_pause(struct domain *d);
/* Destroy at run time: d is DYING from now on; it is freed (memory scrubbed)
 * here if none of its vCPUs is on a CPU, else by the last to leave one.
 * -ESRCH if it is already dying. */
int domain_kill(struct domain *d);
/* Copy bytes of d's console output from *index on (see TARN_DOMCTL_console_read). */
size_t domain_console_read(struct domain *d, char *buf, size_t len, uint64_t *index,
			   uint64_t *lost);
/* The host physical address backing ipa in d, false if none (RAM only). */
bool domain_ipa_to_pa(struct domain *d, uint64_t ipa, paddr_t *pa);

/* The scheduler calls this each time one of d's vCPUs has left its CPU. */
void domain_vcpu_left(struct domain *d);

/* Guest console output from d (vpl011 or console_io), line-buffered and
 * printed as "(d<id>) <line>". */
void domain_console_put(struct domain *d, char c);

#endif /* HYP_DOMAIN_H */
