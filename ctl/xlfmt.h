/*
 * tarnctl's output: the tables of xl list, xl vcpu-list, xl info and xl
 * sched-credit, byte for byte as xl prints them, and tarnctl's own top.
 *
 * Each formatter writes one or more whole lines ("\n"-terminated) into the
 * caller's buffer and returns the length the full text has, like snprintf:
 * the buffer always ends in a NUL when len > 0 and is never overrun; a return
 * of len or more means the text was cut. The inputs are plain structs filled
 * from the domctl and sysctl results (pv-abi/include/tarn/ctl.h), which this
 * code does not include. Numbers are formatted with integers only (no
 * floating point in the control domain): where xl prints "%.1f" of seconds,
 * this rounds to the nearest tenth, as printf would.
 *
 * Pure C: no allocation, no global state, <stdint.h> and <string.h> only.
 */
#ifndef CTL_XLFMT_H
#define CTL_XLFMT_H

#include <stddef.h>
#include <stdint.h>

#define XLFMT_NAME_MAX 64 /* bytes of a name field, NUL included */

/* struct xlfmt_dom.state: xl list's six flag letters, r b p s c d. */
#define XLFMT_STATE_RUNNING  (1u << 0) /* r: a vCPU is on a CPU */
#define XLFMT_STATE_BLOCKED  (1u << 1) /* b: every vCPU waits for an event */
#define XLFMT_STATE_PAUSED   (1u << 2) /* p */
#define XLFMT_STATE_SHUTDOWN (1u << 3) /* s: shut down, not yet destroyed */
#define XLFMT_STATE_CRASHED  (1u << 4) /* c: shut down by a crash (set s as well) */
#define XLFMT_STATE_DYING    (1u << 5) /* d: being destroyed */

struct xlfmt_dom {
	uint32_t domid;
	char name[XLFMT_NAME_MAX]; /* need not be NUL-terminated if full */
	uint64_t mem_kib;
	uint32_t vcpus;
	uint32_t state;	 /* XLFMT_STATE_* */
	uint64_t cpu_ns; /* all its vCPUs' running time */
};

/* struct xlfmt_vcpu.state: the numbers of Tarn's (and Xen's) RUNSTATE_*. */
enum xlfmt_vcpu_state {
	XLFMT_VCPU_RUNNING = 0,	 /* "r--" */
	XLFMT_VCPU_RUNNABLE = 1, /* "---" */
	XLFMT_VCPU_BLOCKED = 2,	 /* "-b-" */
	XLFMT_VCPU_OFFLINE = 3,	 /* "--p" and CPU "-", as xl prints an offline vCPU */
};

struct xlfmt_vcpu {
	uint32_t domid;
	char name[XLFMT_NAME_MAX]; /* the domain's */
	uint32_t vcpu;
	uint32_t cpu;	/* the physical CPU it runs on or last ran on */
	uint32_t state; /* enum xlfmt_vcpu_state */
	uint64_t time_ns;
	uint64_t hard_affinity; /* bit n = physical CPU n */
};

/* xl info. NULL or "" strings print as empty values; cc_compiler NULL or "" is left out. */
struct xlfmt_info {
	const char *host;
	const char *release;
	const char *version;
	const char *machine; /* "aarch64" */
	uint32_t nr_cpus;
	uint64_t total_mib;
	uint64_t free_mib;
	uint32_t xen_major; /* the Xen ABI version Tarn reports */
	uint32_t xen_minor;
	const char *xen_extra;	   /* e.g. ".0-tarn"; NULL or "" for none */
	const char *xen_scheduler; /* "credit" */
	const char *cc_compiler;
};

/*
 * xl list:
 * "Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
 * "Domain-0                                     0  1024     4     r-----      12.3\n"
 * Mem is MiB (KiB / 1024, rounded down); a name longer than 40 pushes the row right.
 */
size_t xlfmt_list_header(char *buf, size_t len);
size_t xlfmt_list_row(char *buf, size_t len, const struct xlfmt_dom *d);

/*
 * xl vcpu-list:
 * "Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)\n"
 * "Domain-0                             0     0     1   r--       5.2  all / all\n"
 * Hard affinity as xlfmt_cpumap() with nr_cpus online CPUs; soft is always "all".
 */
size_t xlfmt_vcpu_header(char *buf, size_t len);
size_t xlfmt_vcpu_row(char *buf, size_t len, const struct xlfmt_vcpu *v, unsigned int nr_cpus);

/*
 * A CPU map as xl prints one, over CPUs 0 .. nr_cpus - 1 (bits above are
 * ignored; nr_cpus above 64 counts as 64): "all" when each is set, "none"
 * when none is, else ascending runs such as "0-1,3" (a run of one is "n").
 * No newline.
 */
size_t xlfmt_cpumap(char *buf, size_t len, uint64_t map, unsigned int nr_cpus);

/* xl info: "host                   : tarn\n" ... one line per field. */
size_t xlfmt_info(char *buf, size_t len, const struct xlfmt_info *info);

/*
 * tarnctl top (xl has none; xentop is a full-screen program):
 * "Name                    ID  CPU(%) Usage        Mem(MiB)\n"
 * "Domain-0                 0    12.5 [#         ]     1024\n"
 * The name is cut to 20 bytes; the bar is bar_width '#'s at 100% (cut to
 * XLFMT_BAR_MAX), rounded, and never longer than the bar. CPU% can pass
 * 100 for a domain with several vCPUs.
 */
#define XLFMT_BAR_MAX 100
size_t xlfmt_top_header(char *buf, size_t len, unsigned int bar_width);
size_t xlfmt_top_row(char *buf, size_t len, const struct xlfmt_dom *d, uint64_t prev_cpu_ns,
		     uint64_t elapsed_ns, unsigned int bar_width);

/*
 * The CPU use between two samples in tenths of a percent of one CPU, rounded:
 * (now - prev) / elapsed * 1000. 0 when elapsed is 0 or the counter went
 * back (the domain id was reused); saturates at UINT32_MAX.
 */
uint32_t xlfmt_cpu_permille(uint64_t prev_cpu_ns, uint64_t now_cpu_ns, uint64_t elapsed_ns);

/*
 * xl sched-credit:
 * "Name                                ID Weight  Cap\n"
 * "Domain-0                             0    256    0\n"
 * and the pool line of xl sched-credit -s (and of a bare xl sched-credit):
 * "Cpupool Pool-0: tslice=30ms ratelimit=1000us migration-delay=0us\n"
 */
size_t xlfmt_sched_credit_header(char *buf, size_t len);
size_t xlfmt_sched_credit_row(char *buf, size_t len, const char *name, uint32_t domid,
			      uint32_t weight, uint32_t cap);
size_t xlfmt_sched_credit_pool(char *buf, size_t len, const char *pool, uint32_t tslice_ms,
			       uint32_t ratelimit_us, uint32_t migration_delay_us);

#endif /* CTL_XLFMT_H */
