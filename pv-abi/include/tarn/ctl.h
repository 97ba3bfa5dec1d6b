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

#define TARN_CTL_INTERFACE_VERSION 0x54410001 /* "TA", 1 */

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
		uint8_t raw[128];
	} u;
};
TARN_ABI_SIZE(struct tarn_sysctl, 136);
TARN_ABI_OFFSET(struct tarn_sysctl, u, 8);

#endif /* TARN_CTL_H */
