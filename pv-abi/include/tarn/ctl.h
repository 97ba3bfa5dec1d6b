/*
 * domctl(struct tarn_domctl *) and sysctl(struct tarn_sysctl *): Tarn's own
 * control interface (DESIGN §1), hypercalls 36 and 35. Not Xen's: Xen's
 * toolstack interface is unstable by design, so these structures are
 * Tarn's, with one version constant for both.
 *
 * Who may call: only the control domain (the privileged one). Anyone else
 * gets -EPERM, whatever the arguments (once the structure can be read).
 *
 * Every call: the one argument is the guest virtual address of the
 * structure, read whole. A command with results (getdomaininfo,
 * getvcpuinfo, the *_get ones, getvcpuaffinity, physinfo, getcpuinfo)
 * writes it back whole on success, results in it; the setting ones have no
 * results and write nothing back. Errors, checked in this order: -EFAULT the
 * structure cannot be read; -EPERM not the control domain; -EACCES
 * interface_version is not TARN_CTL_INTERFACE_VERSION; -ENOSYS an unknown
 * cmd; -ESRCH no such domain (a dying domain counts as none); then the
 * command's own (below). A failed call changes nothing and writes nothing.
 *
 * Times are nanoseconds of Tarn's system time (the generic counter).
 */
#ifndef TARN_CTL_H
#define TARN_CTL_H

#include <stdint.h>

#include "tarn/xen.h"

#define TARN_CTL_INTERFACE_VERSION 0x54410002 /* "TA", 2 */

/* ---- domctl: about one domain ------------------------------------------- */

/* u.info out: the domain's state, memory and run times. */
#define TARN_DOMCTL_getdomaininfo 1
/* u.vcpu: in vcpu; out the rest. -EINVAL for a vcpu the domain lacks. */
#define TARN_DOMCTL_getvcpuinfo 2
/* u.credit out: weight and cap. */
#define TARN_DOMCTL_sched_credit_get 3
/* u.credit in: weight 1..65535, cap 0 (none) or 1..100 × vCPUs; -EINVAL
 * otherwise. */
#define TARN_DOMCTL_sched_credit_set 4
/* u.affinity in: vcpu and cpumap (bit n = physical CPU n). -EINVAL for a
 * vcpu the domain lacks or a map with no online CPU. The vCPU moves at once
 * if it is on a CPU the map leaves out. */
#define TARN_DOMCTL_setvcpuaffinity 5
/* u.affinity: in vcpu; out cpumap. */
#define TARN_DOMCTL_getvcpuaffinity 6

/* ---- domctl: building, steering and ending domains ------------------------ */

/* u.create in: a new, empty domain (state building, no memory, its vCPUs
 * offline); out: op.domain = its id. -EINVAL for an empty or unterminated
 * name, max_vcpus outside 1..8, flags not 0; -EEXIST for a name in use;
 * -ENOMEM, -ENOSPC (no free id). Xen 4.17 also takes max_vcpus here: there
 * is no separate max_vcpus command. */
#define TARN_DOMCTL_createdomain 7
/* Stop every vCPU, release everything the domain holds, scrub every page,
 * free its VMID and id. -EPERM for the control domain. The domain is dying
 * (gone, for every other command) from the call on; what it held is free
 * once its last vCPU has left its CPU, at the latest shortly after. */
#define TARN_DOMCTL_destroydomain 8
/* Stop its vCPUs (running -> paused); -EINVAL if not running. -EPERM for the
 * control domain. */
#define TARN_DOMCTL_pausedomain 9
/* Paused -> running, or building -> running (vCPU 0 starts at the context
 * set by setvcpucontext); -EINVAL from any other state. */
#define TARN_DOMCTL_unpausedomain 10
/* u.max_mem in: pages the domain may own from now on (may be below what it
 * owns: a balloon target). -EINVAL for 0 or above the machine's pages. */
#define TARN_DOMCTL_max_mem 11
/* u.vcpuctx in: where a vCPU starts (EL1h, MMU off, x0 = arg). Building
 * domains only (-EBUSY otherwise); -EINVAL for a vcpu the domain lacks or a
 * pc that is not 4-byte aligned. */
#define TARN_DOMCTL_setvcpucontext 12
/* u.populate in: give the domain nbytes of scrubbed RAM at guest-physical
 * ipa (both 4 KiB aligned, inside guest RAM bank 0, not overlapping what it
 * has). Building domains only (-EBUSY). -ENOMEM beyond max_pages or the free
 * pages (checked first: nothing is given); -EINVAL for a bad range. */
#define TARN_DOMCTL_populate 13
/* u.copy in: copy len bytes (at most TARN_DOMCTL_COPY_MAX) between the
 * caller's buffer at virtual address buf and the domain's RAM at ipa; dir
 * TARN_COPY_TO_DOMAIN or TARN_COPY_FROM_DOMAIN. -EINVAL for a bad dir or
 * len, or RAM the domain lacks (nothing copied); -EFAULT the caller's buffer;
 * -EPERM for the control domain as the target. */
#define TARN_DOMCTL_copy 14
/* u.shutdown in: stop the domain for good with SHUTDOWN_* reason (poweroff,
 * reboot, crash...), as if it had asked; -EINVAL for an unknown reason or a
 * domain not running or paused; -EPERM for the control domain. */
#define TARN_DOMCTL_shutdown 15
/* u.console: read the domain's console output (what it wrote with
 * console_io or its vpl011), kept in a ring of TARN_CONSOLE_RING bytes. In:
 * buf, size, index (bytes of its output read before: 0 the first time); out:
 * index after the bytes copied, len copied, lost (bytes that had left the
 * ring before they were read). */
#define TARN_DOMCTL_console_read 16

#define TARN_DOMCTL_COPY_MAX  65536
#define TARN_COPY_TO_DOMAIN   0
#define TARN_COPY_FROM_DOMAIN 1
#define TARN_CONSOLE_RING     16384
#define TARN_CONSOLE_READ_MAX 1024 /* bytes one console_read or readconsole returns at most */

struct tarn_domctl_create {
	char name[64];
	uint32_t max_vcpus;
	uint32_t flags; /* 0 */
	uint64_t max_pages;
};
TARN_ABI_SIZE(struct tarn_domctl_create, 80);

struct tarn_domctl_max_mem {
	uint64_t max_pages;
};
TARN_ABI_SIZE(struct tarn_domctl_max_mem, 8);

struct tarn_domctl_vcpuctx {
	uint32_t vcpu;
	uint32_t pad;
	uint64_t pc;
	uint64_t arg; /* x0 */
};
TARN_ABI_SIZE(struct tarn_domctl_vcpuctx, 24);

struct tarn_domctl_populate {
	uint64_t ipa;
	uint64_t nbytes;
};
TARN_ABI_SIZE(struct tarn_domctl_populate, 16);

struct tarn_domctl_copy {
	uint64_t ipa;
	uint64_t buf; /* the caller's virtual address */
	uint32_t len;
	uint32_t dir; /* TARN_COPY_* */
};
TARN_ABI_SIZE(struct tarn_domctl_copy, 24);

struct tarn_domctl_shutdown {
	uint32_t reason; /* SHUTDOWN_* */
};
TARN_ABI_SIZE(struct tarn_domctl_shutdown, 4);

struct tarn_domctl_console {
	uint64_t buf; /* the caller's virtual address */
	uint32_t size;
	uint32_t len;	/* out */
	uint64_t index; /* in and out */
	uint64_t lost;	/* out */
};
TARN_ABI_SIZE(struct tarn_domctl_console, 32);

/* tarn_domctl_domaininfo.state */
#define TARN_DOMSTATE_building 0
#define TARN_DOMSTATE_running  1
#define TARN_DOMSTATE_paused   2
#define TARN_DOMSTATE_shutdown 3
#define TARN_DOMSTATE_crashed  4
#define TARN_DOMSTATE_dying    5

#define TARN_DOMINFO_PRIVILEGED 1 /* flags: the control domain */

struct tarn_domctl_domaininfo {
	uint32_t state;		  /* TARN_DOMSTATE_* */
	uint32_t shutdown_reason; /* SHUTDOWN_*, when state is shutdown */
	uint32_t flags;		  /* TARN_DOMINFO_* */
	uint32_t nr_vcpus;
	uint64_t tot_pages; /* pages it owns */
	uint64_t max_pages; /* pages it may own */
	uint64_t run_ns;    /* its vCPUs' time running, summed */
	uint64_t wait_ns;   /* their time runnable but waiting for a CPU */
	char name[64];
};
TARN_ABI_SIZE(struct tarn_domctl_domaininfo, 112);
TARN_ABI_OFFSET(struct tarn_domctl_domaininfo, run_ns, 32);
TARN_ABI_OFFSET(struct tarn_domctl_domaininfo, name, 48);

struct tarn_domctl_vcpuinfo {
	uint32_t vcpu;	/* in */
	uint32_t state; /* RUNSTATE_* (tarn/vcpu.h) */
	uint32_t cpu;	/* physical CPU it runs on or waits for */
	uint32_t pad;
	uint64_t time[4]; /* ns in each RUNSTATE_*: running, runnable, blocked, offline */
};
TARN_ABI_SIZE(struct tarn_domctl_vcpuinfo, 48);
TARN_ABI_OFFSET(struct tarn_domctl_vcpuinfo, time, 16);

struct tarn_domctl_sched_credit {
	uint32_t weight;
	int32_t cap; /* percent of one CPU; 0 = none */
};
TARN_ABI_SIZE(struct tarn_domctl_sched_credit, 8);

struct tarn_domctl_vcpuaffinity {
	uint32_t vcpu;
	uint32_t pad;
	uint64_t cpumap;
};
TARN_ABI_SIZE(struct tarn_domctl_vcpuaffinity, 16);

struct tarn_domctl {
	uint32_t cmd;		    /* TARN_DOMCTL_* */
	uint32_t interface_version; /* TARN_CTL_INTERFACE_VERSION */
	uint32_t domain;
	uint32_t pad;
	union {
		struct tarn_domctl_domaininfo info;
		struct tarn_domctl_vcpuinfo vcpu;
		struct tarn_domctl_sched_credit credit;
		struct tarn_domctl_vcpuaffinity affinity;
		struct tarn_domctl_create create;
		struct tarn_domctl_max_mem max_mem;
		struct tarn_domctl_vcpuctx vcpuctx;
		struct tarn_domctl_populate populate;
		struct tarn_domctl_copy copy;
		struct tarn_domctl_shutdown shutdown;
		struct tarn_domctl_console console;
		uint8_t raw[128];
	} u;
};
TARN_ABI_SIZE(struct tarn_domctl, 144);
TARN_ABI_OFFSET(struct tarn_domctl, u, 16);

/* ---- sysctl: about the whole machine --------------------------------------- */

/* u.physinfo out. */
#define TARN_SYSCTL_physinfo 1
/* u.credit out: the credit scheduler's global parameters. */
#define TARN_SYSCTL_sched_credit_get 2
/* u.credit in: tslice_ms 1..1000; ratelimit_us 0 (off) or 100..500000 and
 * not above the slice; -EINVAL otherwise. */
#define TARN_SYSCTL_sched_credit_set 3
/* u.cpuinfo: in first_cpu; out nr (up to 8) CPUs' idle time from there. */
#define TARN_SYSCTL_getcpuinfo 4

/* u.domlist: in first_domain, max and buf (the caller's virtual address of
 * max struct tarn_sysctl_domlist_entry); out nr entries written, for the
 * domains with ids from first_domain up in order, dying ones left out.
 * -EINVAL for max 0 or above TARN_SYSCTL_DOMLIST_MAX; -EFAULT the buffer. */
#define TARN_SYSCTL_getdomaininfolist 5
/* u.console: Tarn's own console log (what `xl dmesg` shows), the same
 * fields as TARN_DOMCTL_console_read's; the log keeps the last
 * TARN_SYSCTL_LOG_SIZE bytes. */
#define TARN_SYSCTL_readconsole 6

#define TARN_SYSCTL_DOMLIST_MAX 64
#define TARN_SYSCTL_LOG_SIZE	16384

struct tarn_sysctl_domlist_entry {
	uint32_t domain;
	uint32_t pad;
	struct tarn_domctl_domaininfo info;
};
TARN_ABI_SIZE(struct tarn_sysctl_domlist_entry, 120);

struct tarn_sysctl_domlist {
	uint32_t first_domain;
	uint32_t max;
	uint64_t buf;
	uint32_t nr; /* out */
	uint32_t pad;
};
TARN_ABI_SIZE(struct tarn_sysctl_domlist, 24);

struct tarn_sysctl_physinfo {
	uint32_t nr_cpus; /* online */
	uint32_t pad;
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t cpu_khz; /* the generic counter's frequency */
};
TARN_ABI_SIZE(struct tarn_sysctl_physinfo, 32);

struct tarn_sysctl_sched_credit {
	uint32_t tslice_ms;
	uint32_t ratelimit_us;
};
TARN_ABI_SIZE(struct tarn_sysctl_sched_credit, 8);

#define TARN_SYSCTL_CPUINFO_MAX 8
struct tarn_sysctl_cpuinfo {
	uint32_t first_cpu;
	uint32_t nr;
	uint64_t idle_ns[TARN_SYSCTL_CPUINFO_MAX];
};
TARN_ABI_SIZE(struct tarn_sysctl_cpuinfo, 72);

struct tarn_sysctl {
	uint32_t cmd;		    /* TARN_SYSCTL_* */
	uint32_t interface_version; /* TARN_CTL_INTERFACE_VERSION */
	union {
		struct tarn_sysctl_physinfo physinfo;
		struct tarn_sysctl_sched_credit credit;
		struct tarn_sysctl_cpuinfo cpuinfo;
		struct tarn_sysctl_domlist domlist;
		struct tarn_domctl_console console;
		uint8_t raw[128];
	} u;
};
TARN_ABI_SIZE(struct tarn_sysctl, 136);
TARN_ABI_OFFSET(struct tarn_sysctl, u, 8);

#endif /* TARN_CTL_H */
