/*
 * The commands that look: list, vcpu-list, info, sched-credit (which also
 * sets), dmesg and top. Output is laid out as xl's (ctl/xlfmt.c).
 */
#include <guestkit/hypercall.h>
#include <guestkit/timer.h>
#include <stdio.h>
#include <string.h>
#include <tarn/errno.h>
#include <tarn/vcpu.h>
#include <tarn/version.h>

#include "ctl/shell-args.h"
#include "ctl/xlfmt.h"
#include "hv.h"
#include "tarnctl.h"

#define LINE	  256
#define PAGE_KIB  4
#define TOP_BAR	  40
#define TOP_MS	  1000u
#define ESC_CLEAR "\x1b[H\x1b[2J"

static struct tarn_sysctl_domlist_entry doms[TARN_SYSCTL_DOMLIST_MAX];

static void put(size_t (*fmt)(char *, size_t))
{
	char line[LINE];

	fmt(line, sizeof(line));
	fputs(line, stdout);
}

/* Every domain, or only the one argv[1] names; -1 if it names none. */
static int doms_read(int argc, char **argv, uint32_t *nr)
{
	long rc = hv_domain_list(0, doms, TARN_SYSCTL_DOMLIST_MAX, nr);
	int only;

	if (rc) {
		printf("cannot list the domains: %s\n", errno_text(rc));
		return -1;
	}
	if (argc < 2)
		return 0;
	only = doms_resolve(argv[1]);
	if (only < 0)
		return -1;
	for (uint32_t i = 0; i < *nr; i++)
		if (doms[i].domain == (uint32_t)only) {
			doms[0] = doms[i];
			*nr = 1;
			return 0;
		}
	*nr = 0;
	return 0;
}

/* xl's state letters from Tarn's state and its vCPUs' run states. */
static uint32_t dom_flags(const struct tarn_sysctl_domlist_entry *e)
{
	switch (e->info.state) {
	case TARN_DOMSTATE_paused:
		return XLFMT_STATE_PAUSED;
	case TARN_DOMSTATE_shutdown:
		return XLFMT_STATE_SHUTDOWN;
	case TARN_DOMSTATE_crashed:
		return XLFMT_STATE_SHUTDOWN | XLFMT_STATE_CRASHED;
	case TARN_DOMSTATE_dying:
		return XLFMT_STATE_DYING;
	case TARN_DOMSTATE_building:
		return XLFMT_STATE_PAUSED;
	default:
		break;
	}
	for (uint32_t v = 0; v < e->info.nr_vcpus; v++) {
		struct tarn_domctl_vcpuinfo vi;

		if (!hv_vcpu_info(e->domain, v, &vi) &&
		    (vi.state == RUNSTATE_running || vi.state == RUNSTATE_runnable))
			return XLFMT_STATE_RUNNING;
	}
	return XLFMT_STATE_BLOCKED;
}

static void dom_fill(const struct tarn_sysctl_domlist_entry *e, struct xlfmt_dom *d)
{
	memset(d, 0, sizeof(*d));
	d->domid = e->domain;
	memcpy(d->name, e->info.name, sizeof(d->name));
	d->mem_kib = e->info.tot_pages * PAGE_KIB;
	d->vcpus = e->info.nr_vcpus;
	d->state = dom_flags(e);
	d->cpu_ns = e->info.run_ns;
}

static int cmd_list(int argc, char **argv)
{
	char line[LINE];
	uint32_t nr;

	if (argc > 2 || doms_read(argc, argv, &nr))
		return argc > 2 ? (printf("usage: list [<dom>]\n"), -TARN_EINVAL) : -TARN_ESRCH;
	put(xlfmt_list_header);
	for (uint32_t i = 0; i < nr; i++) {
		struct xlfmt_dom d;

		dom_fill(&doms[i], &d);
		xlfmt_list_row(line, sizeof(line), &d);
		fputs(line, stdout);
	}
	return 0;
}

static int cmd_vcpu_list(int argc, char **argv)
{
	struct tarn_sysctl_physinfo pi = {0};
	char line[LINE];
	uint32_t nr;

	if (argc > 2 || doms_read(argc, argv, &nr))
		return -TARN_EINVAL;
	hv_physinfo(&pi);
	put(xlfmt_vcpu_header);
	for (uint32_t i = 0; i < nr; i++)
		for (uint32_t v = 0; v < doms[i].info.nr_vcpus; v++) {
			struct tarn_domctl_vcpuinfo vi;
			struct xlfmt_vcpu x = {.domid = doms[i].domain, .vcpu = v};

			if (hv_vcpu_info(x.domid, v, &vi) ||
			    hv_vcpu_affinity(x.domid, v, &x.hard_affinity))
				continue;
			memcpy(x.name, doms[i].info.name, sizeof(x.name));
			x.cpu = vi.cpu;
			x.state = vi.state;
			x.time_ns = vi.time[RUNSTATE_running];
			xlfmt_vcpu_row(line, sizeof(line), &x, pi.nr_cpus);
			fputs(line, stdout);
		}
	return 0;
}

static int cmd_info(int argc, char **argv)
{
	struct tarn_sysctl_physinfo pi;
	char extra[XEN_EXTRAVERSION_LEN + 1] = "";
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL);
	struct xlfmt_info x = {
		.host = "tarn",
		.release = "Tarn",
		.version = "Tarn, Xen on Arm guest ABI",
		.machine = "aarch64",
		.xen_major = (uint32_t)ver >> 16,
		.xen_minor = (uint32_t)ver & 0xffff,
		.xen_extra = extra,
		.xen_scheduler = "credit",
	};
	char buf[1024];
	long rc = hv_physinfo(&pi);

	HYPERVISOR_xen_version(XENVER_extraversion, extra);
	if (rc) {
		printf("info: %s\n", errno_text(rc));
		return (int)rc;
	}
	x.nr_cpus = pi.nr_cpus;
	x.total_mib = pi.total_pages * PAGE_KIB / 1024;
	x.free_mib = pi.free_pages * PAGE_KIB / 1024;
	xlfmt_info(buf, sizeof(buf), &x);
	fputs(buf, stdout);
	return 0;
}

/* sched-credit's options: -d dom -w weight -c cap -s -t tslice -r ratelimit. */
struct credit_opts {
	const char *dom;
	bool pool;
	bool set_w, set_c, set_t, set_r;
	uint64_t w, c, t, r;
};

static int credit_parse(int argc, char **argv, struct credit_opts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i];
		bool *set = NULL;
		uint64_t *val = NULL;

		if (!strcmp(opt, "-s")) {
			o->pool = true;
			continue;
		}
		if (i + 1 >= argc)
			return -1;
		if (!strcmp(opt, "-d")) {
			o->dom = argv[++i];
			continue;
		}
		if (!strcmp(opt, "-w"))
			set = &o->set_w, val = &o->w;
		else if (!strcmp(opt, "-c"))
			set = &o->set_c, val = &o->c;
		else if (!strcmp(opt, "-t"))
			set = &o->set_t, val = &o->t;
		else if (!strcmp(opt, "-r"))
			set = &o->set_r, val = &o->r;
		if (!set || args_parse_uint(argv[++i], UINT32_MAX, val))
			return -1;
		*set = true;
	}
	if ((o->set_w || o->set_c) && !o->dom)
		return -1;
	return (o->set_t || o->set_r) && !o->pool ? -1 : 0;
}

static int credit_pool(const struct credit_opts *o)
{
	struct tarn_sysctl_sched_credit p;
	char line[LINE];
	long rc = hv_sched_get(&p);

	if (!rc && (o->set_t || o->set_r)) {
		if (o->set_t)
			p.tslice_ms = (uint32_t)o->t;
		if (o->set_r)
			p.ratelimit_us = (uint32_t)o->r;
		rc = hv_sched_set(&p);
		if (rc) {
			printf("sched-credit -s: tslice 1..1000 ms, ratelimit 0 or 100..500000 us "
			       "and at most the slice: %s\n",
			       errno_text(rc));
			return (int)rc;
		}
		return 0;
	}
	if (rc)
		return (int)rc;
	xlfmt_sched_credit_pool(line, sizeof(line), "Pool-0", p.tslice_ms, p.ratelimit_us, 0);
	fputs(line, stdout);
	return 0;
}

static int credit_dom(const struct credit_opts *o)
{
	uint32_t nr, w, c;
	char *argv[2] = {"sched-credit", (char *)o->dom};
	char line[LINE];

	if (doms_read(o->dom ? 2 : 1, argv, &nr))
		return -TARN_ESRCH;
	if (o->set_w || o->set_c) {
		long rc = hv_credit_get(doms[0].domain, &w, &c);

		if (!rc)
			rc = hv_credit_set(doms[0].domain, o->set_w ? (uint32_t)o->w : w,
					   o->set_c ? (uint32_t)o->c : c);
		if (rc)
			printf("sched-credit: weight 1..65535, cap 0..100 x vCPUs: %s\n",
			       errno_text(rc));
		return (int)rc;
	}
	put(xlfmt_sched_credit_header);
	for (uint32_t i = 0; i < nr; i++) {
		if (hv_credit_get(doms[i].domain, &w, &c))
			continue;
		xlfmt_sched_credit_row(line, sizeof(line), doms[i].info.name, doms[i].domain, w, c);
		fputs(line, stdout);
	}
	return 0;
}

static int cmd_sched_credit(int argc, char **argv)
{
	struct credit_opts o;

	if (credit_parse(argc, argv, &o)) {
		printf("usage: sched-credit [-d <dom> [-w <weight>] [-c <cap>]] | "
		       "-s [-t <tslice ms>] [-r <ratelimit us>]\n");
		return -TARN_EINVAL;
	}
	if (o.pool)
		return credit_pool(&o);
	if (!o.dom && credit_pool(&o))
		return -TARN_EIO;
	return credit_dom(&o);
}

static int cmd_dmesg(int argc, char **argv)
{
	char buf[TARN_CONSOLE_READ_MAX];
	uint64_t index = 0;
	long n;

	while ((n = hv_console_read(HV_LOG, buf, sizeof(buf), &index)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	if (n < 0)
		printf("dmesg: %s\n", errno_text(n));
	return n < 0 ? (int)n : 0;
}

/* One frame of top: each domain's CPU use since the last frame. */
static void top_frame(uint64_t *prev_at)
{
	static uint64_t last[TARN_SYSCTL_DOMLIST_MAX];
	static uint32_t last_id[TARN_SYSCTL_DOMLIST_MAX];
	uint64_t now = gk_ns_now();
	char line[LINE];
	uint32_t nr;

	if (doms_read(1, NULL, &nr))
		return;
	printf(ESC_CLEAR "tarnctl top: every %u ms, any key quits\n", TOP_MS);
	xlfmt_top_header(line, sizeof(line), TOP_BAR);
	fputs(line, stdout);
	for (uint32_t i = 0; i < nr; i++) {
		struct xlfmt_dom d;
		uint64_t before;

		dom_fill(&doms[i], &d);
		before = d.cpu_ns; /* new since the last frame: 0% */
		for (uint32_t j = 0; j < TARN_SYSCTL_DOMLIST_MAX; j++)
			if (last_id[j] == d.domid + 1)
				before = last[j];
		xlfmt_top_row(line, sizeof(line), &d, before, now - *prev_at, TOP_BAR);
		fputs(line, stdout);
	}
	memset(last_id, 0, sizeof(last_id));
	for (uint32_t i = 0; i < nr; i++) {
		last_id[i] = doms[i].domain + 1;
		last[i] = doms[i].info.run_ns;
	}
	*prev_at = now;
	fflush(stdout);
}

static int cmd_top(int argc, char **argv)
{
	uint64_t prev_at = gk_ns_now();

	top_frame(&prev_at);
	for (;;) {
		uint64_t until = gk_ns_now() + TOP_MS * 1000000ULL;

		while (gk_ns_now() < until) {
			if (shell_getc() >= 0)
				return 0;
			shell_wait(50);
		}
		top_frame(&prev_at);
	}
}

const struct cmd info_cmds[] = {
	{"list", "[<dom>]", "the domains: memory, vCPUs, state, CPU time", cmd_list},
	{"vcpu-list", "[<dom>]", "each vCPU: its CPU, state, time and affinity", cmd_vcpu_list},
	{"info", "", "the machine: CPUs, memory, versions", cmd_info},
	{"sched-credit", "[-d <dom> -w -c | -s -t -r]", "credit scheduler weights, caps, slice",
	 cmd_sched_credit},
	{"dmesg", "", "Tarn's console log", cmd_dmesg},
	{"top", "", "each domain's CPU use, refreshed every second", cmd_top},
};
const size_t info_cmds_count = sizeof(info_cmds) / sizeof(info_cmds[0]);
