/*
 * The formatters of xlfmt.h. Each fills a struct fmt_out, which counts every
 * byte it would write and stores those that fit, leaving room for the NUL:
 * that is the snprintf contract, without needing a printf at all (the lint
 * build has no <stdio.h>, and the control domain does not want %f).
 *
 * The column widths are xl's printf formats, noted above each function.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "xlfmt.h"

#define NS_PER_TENTH 100000000ull /* ns in 0.1 s */

struct fmt_out {
	char *buf;
	size_t len;
	size_t pos; /* bytes of the full text so far */
};

static struct fmt_out fmt_begin(char *buf, size_t len)
{
	struct fmt_out o = {buf, len, 0};

	if (len) {
		buf[0] = '\0';
	}
	return o;
}

static size_t fmt_end(struct fmt_out *o)
{
	if (o->len) {
		o->buf[o->pos < o->len ? o->pos : o->len - 1] = '\0';
	}
	return o->pos;
}

static void put_char(struct fmt_out *o, char c)
{
	if (o->pos + 1 < o->len) {
		o->buf[o->pos] = c;
	}
	o->pos++;
}

static void put_mem(struct fmt_out *o, const char *s, size_t n)
{
	while (n--) {
		put_char(o, *s++);
	}
}

static void put_str(struct fmt_out *o, const char *s)
{
	if (s) {
		put_mem(o, s, strlen(s));
	}
}

static void put_spaces(struct fmt_out *o, size_t n)
{
	while (n--) {
		put_char(o, ' ');
	}
}

/* n bytes padded to width: on the right (left-aligned) or on the left. */
static void put_field(struct fmt_out *o, const char *s, size_t n, size_t width, bool left)
{
	size_t pad = n < width ? width - n : 0;

	if (!left) {
		put_spaces(o, pad);
	}
	put_mem(o, s, n);
	if (left) {
		put_spaces(o, pad);
	}
}

/* "%-<width>s" of a name field, which may fill its array without a NUL. */
static void put_name(struct fmt_out *o, const char *name, size_t width)
{
	put_field(o, name, strnlen(name, XLFMT_NAME_MAX), width, true);
}

/* Decimal digits of v into the end of d[20]; returns where they start. */
static size_t udigits(char d[20], uint64_t v)
{
	size_t i = 20;

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return i;
}

/* "%<width>llu" */
static void put_uint(struct fmt_out *o, uint64_t v, size_t width)
{
	char d[20];
	size_t i = udigits(d, v);

	put_field(o, d + i, 20 - i, width, false);
}

/* "%<width>.1f" of tenths / 10. */
static void put_tenths(struct fmt_out *o, uint64_t tenths, size_t width)
{
	char d[22];
	size_t i;

	d[21] = (char)('0' + tenths % 10);
	d[20] = '.';
	i = udigits(d, tenths / 10);
	put_field(o, d + i, 22 - i, width, false);
}

/* Nanoseconds as tenths of a second, rounded half up (printf's %.1f). */
static uint64_t ns_to_tenths(uint64_t ns)
{
	return ns / NS_PER_TENTH + (ns % NS_PER_TENTH >= NS_PER_TENTH / 2);
}

/* ---- xl list ---------------------------------------------------------- */

size_t xlfmt_list_header(char *buf, size_t len)
{
	struct fmt_out o = fmt_begin(buf, len);

	put_str(&o, "Name                                        ID   Mem VCPUs\tState\tTime(s)\n");
	return fmt_end(&o);
}

static char flag(uint32_t state, uint32_t bit, char letter)
{
	return (state & bit) ? letter : '-';
}

/* "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f" */
size_t xlfmt_list_row(char *buf, size_t len, const struct xlfmt_dom *d)
{
	struct fmt_out o = fmt_begin(buf, len);

	put_name(&o, d->name, 40);
	put_char(&o, ' ');
	put_uint(&o, d->domid, 5);
	put_char(&o, ' ');
	put_uint(&o, d->mem_kib / 1024, 5);
	put_char(&o, ' ');
	put_uint(&o, d->vcpus, 5);
	put_spaces(&o, 5);
	put_char(&o, flag(d->state, XLFMT_STATE_RUNNING, 'r'));
	put_char(&o, flag(d->state, XLFMT_STATE_BLOCKED, 'b'));
	put_char(&o, flag(d->state, XLFMT_STATE_PAUSED, 'p'));
	put_char(&o, flag(d->state, XLFMT_STATE_SHUTDOWN, 's'));
	put_char(&o, flag(d->state, XLFMT_STATE_CRASHED, 'c'));
	put_char(&o, flag(d->state, XLFMT_STATE_DYING, 'd'));
	put_spaces(&o, 2);
	put_tenths(&o, ns_to_tenths(d->cpu_ns), 8);
	put_char(&o, '\n');
	return fmt_end(&o);
}

/* ---- xl vcpu-list ----------------------------------------------------- */

static void put_cpumap(struct fmt_out *o, uint64_t map, unsigned int nr_cpus)
{
	unsigned int cpu = 0;
	bool first = true;

	if (nr_cpus > 64) {
		nr_cpus = 64;
	}
	if (nr_cpus < 64) {
		map &= (1ull << nr_cpus) - 1;
	}
	if (nr_cpus && map == (nr_cpus < 64 ? (1ull << nr_cpus) - 1 : UINT64_MAX)) {
		put_str(o, "all");
		return;
	}
	if (!map) {
		put_str(o, "none");
		return;
	}
	while (cpu < nr_cpus) {
		unsigned int start;

		if (!(map >> cpu & 1)) {
			cpu++;
			continue;
		}
		start = cpu;
		while (cpu + 1 < nr_cpus && (map >> (cpu + 1) & 1)) {
			cpu++;
		}
		if (!first) {
			put_char(o, ',');
		}
		first = false;
		put_uint(o, start, 0);
		if (cpu > start) {
			put_char(o, '-');
			put_uint(o, cpu, 0);
		}
		cpu++;
	}
}

size_t xlfmt_cpumap(char *buf, size_t len, uint64_t map, unsigned int nr_cpus)
{
	struct fmt_out o = fmt_begin(buf, len);

	put_cpumap(&o, map, nr_cpus);
	return fmt_end(&o);
}

/* "%-32s %5s %5s %5s %5s %9s %s" */
size_t xlfmt_vcpu_header(char *buf, size_t len)
{
	struct fmt_out o = fmt_begin(buf, len);

	put_str(&o, "Name                                ID  VCPU   CPU State   Time(s) "
		    "Affinity (Hard / Soft)\n");
	return fmt_end(&o);
}

/* "%-32s %5u %5u", then "%5u %3c%c- " or "%5c %3c%cp ", then "%9.1f  " and the maps. */
size_t xlfmt_vcpu_row(char *buf, size_t len, const struct xlfmt_vcpu *v, unsigned int nr_cpus)
{
	struct fmt_out o = fmt_begin(buf, len);

	put_name(&o, v->name, 32);
	put_char(&o, ' ');
	put_uint(&o, v->domid, 5);
	put_char(&o, ' ');
	put_uint(&o, v->vcpu, 5);
	if (v->state == XLFMT_VCPU_OFFLINE) {
		put_str(&o, "    -   --p ");
	} else {
		put_uint(&o, v->cpu, 5);
		put_spaces(&o, 3);
		put_char(&o, v->state == XLFMT_VCPU_RUNNING ? 'r' : '-');
		put_char(&o, v->state == XLFMT_VCPU_BLOCKED ? 'b' : '-');
		put_str(&o, "- ");
	}
	put_tenths(&o, ns_to_tenths(v->time_ns), 9);
	put_spaces(&o, 2);
	put_cpumap(&o, v->hard_affinity, nr_cpus);
	put_str(&o, " / all\n");
	return fmt_end(&o);
}

/* ---- xl info ---------------------------------------------------------- */

/* xl's "%-23s: " key column. */
static void put_key(struct fmt_out *o, const char *key)
{
	put_field(o, key, strlen(key), 23, true);
	put_str(o, ": ");
}

static void info_str(struct fmt_out *o, const char *key, const char *value)
{
	put_key(o, key);
	put_str(o, value);
	put_char(o, '\n');
}

static void info_uint(struct fmt_out *o, const char *key, uint64_t value)
{
	put_key(o, key);
	put_uint(o, value, 0);
	put_char(o, '\n');
}

size_t xlfmt_info(char *buf, size_t len, const struct xlfmt_info *info)
{
	struct fmt_out o = fmt_begin(buf, len);

	info_str(&o, "host", info->host);
	info_str(&o, "release", info->release);
	info_str(&o, "version", info->version);
	info_str(&o, "machine", info->machine);
	info_uint(&o, "nr_cpus", info->nr_cpus);
	info_uint(&o, "total_memory", info->total_mib);
	info_uint(&o, "free_memory", info->free_mib);
	info_uint(&o, "xen_major", info->xen_major);
	info_uint(&o, "xen_minor", info->xen_minor);
	info_str(&o, "xen_extra", info->xen_extra);
	put_key(&o, "xen_version");
	put_uint(&o, info->xen_major, 0);
	put_char(&o, '.');
	put_uint(&o, info->xen_minor, 0);
	put_str(&o, info->xen_extra);
	put_char(&o, '\n');
	info_str(&o, "xen_scheduler", info->xen_scheduler);
	if (info->cc_compiler && *info->cc_compiler) {
		info_str(&o, "cc_compiler", info->cc_compiler);
	}
	return fmt_end(&o);
}

/* ---- top -------------------------------------------------------------- */

uint32_t xlfmt_cpu_permille(uint64_t prev_cpu_ns, uint64_t now_cpu_ns, uint64_t elapsed_ns)
{
	uint64_t delta, whole, rest, v;

	if (!elapsed_ns || now_cpu_ns <= prev_cpu_ns) {
		return 0;
	}
	delta = now_cpu_ns - prev_cpu_ns;
	if (elapsed_ns > UINT64_MAX / 1000) {
		/* over 213 days between samples: drop the precision rest * 1000 needs */
		delta /= 1000;
		elapsed_ns /= 1000;
	}
	whole = delta / elapsed_ns;
	rest = delta % elapsed_ns;
	if (whole >= UINT32_MAX / 1000) {
		return UINT32_MAX;
	}
	v = whole * 1000 + (rest * 1000 + elapsed_ns / 2) / elapsed_ns;
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static unsigned int bar_clamp(unsigned int width)
{
	return width > XLFMT_BAR_MAX ? XLFMT_BAR_MAX : width;
}

size_t xlfmt_top_header(char *buf, size_t len, unsigned int bar_width)
{
	struct fmt_out o = fmt_begin(buf, len);

	put_field(&o, "Name", 4, 20, true);
	put_str(&o, "    ID  CPU(%) ");
	put_field(&o, "Usage", 5, bar_clamp(bar_width) + 2, true);
	put_str(&o, " Mem(MiB)\n");
	return fmt_end(&o);
}

/* "%-20.20s %5u %7.1f [%-<w>s] %8llu" */
size_t xlfmt_top_row(char *buf, size_t len, const struct xlfmt_dom *d, uint64_t prev_cpu_ns,
		     uint64_t elapsed_ns, unsigned int bar_width)
{
	struct fmt_out o = fmt_begin(buf, len);
	uint32_t permille = xlfmt_cpu_permille(prev_cpu_ns, d->cpu_ns, elapsed_ns);
	unsigned int width = bar_clamp(bar_width);
	uint64_t bars = ((uint64_t)permille * width + 500) / 1000;

	put_field(&o, d->name, strnlen(d->name, 20), 20, true);
	put_char(&o, ' ');
	put_uint(&o, d->domid, 5);
	put_char(&o, ' ');
	put_tenths(&o, permille, 7);
	put_str(&o, " [");
	if (bars > width) {
		bars = width;
	}
	for (unsigned int i = 0; i < width; i++) {
		put_char(&o, i < bars ? '#' : ' ');
	}
	put_char(&o, ']');
	put_char(&o, ' ');
	put_uint(&o, d->mem_kib / 1024, 8);
	put_char(&o, '\n');
	return fmt_end(&o);
}

/* ---- xl sched-credit -------------------------------------------------- */

/* "%-33s %4s %6s %4s" */
size_t xlfmt_sched_credit_header(char *buf, size_t len)
{
	struct fmt_out o = fmt_begin(buf, len);

	put_str(&o, "Name                                ID Weight  Cap\n");
	return fmt_end(&o);
}

/* "%-33s %4d %6d %4d" */
size_t xlfmt_sched_credit_row(char *buf, size_t len, const char *name, uint32_t domid,
			      uint32_t weight, uint32_t cap)
{
	struct fmt_out o = fmt_begin(buf, len);

	put_name(&o, name, 33);
	put_char(&o, ' ');
	put_uint(&o, domid, 4);
	put_char(&o, ' ');
	put_uint(&o, weight, 6);
	put_char(&o, ' ');
	put_uint(&o, cap, 4);
	put_char(&o, '\n');
	return fmt_end(&o);
}

/* "Cpupool %s: tslice=%dms ratelimit=%dus migration-delay=%dus" */
size_t xlfmt_sched_credit_pool(char *buf, size_t len, const char *pool, uint32_t tslice_ms,
			       uint32_t ratelimit_us, uint32_t migration_delay_us)
{
	struct fmt_out o = fmt_begin(buf, len);

	put_str(&o, "Cpupool ");
	put_str(&o, pool);
	put_str(&o, ": tslice=");
	put_uint(&o, tslice_ms, 0);
	put_str(&o, "ms ratelimit=");
	put_uint(&o, ratelimit_us, 0);
	put_str(&o, "us migration-delay=");
	put_uint(&o, migration_delay_us, 0);
	put_str(&o, "us\n");
	return fmt_end(&o);
}
