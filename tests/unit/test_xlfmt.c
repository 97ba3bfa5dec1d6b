/*
 * Host unit tests for tarnctl's tables (ctl/xlfmt.c). The expected rows were
 * written with xl's own printf formats (noted in xlfmt.c), so a difference
 * here is a difference from xl. Truncation is checked against buffers of
 * every size from 0 up, each a heap block of exactly that size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ctl/xlfmt.h"

#define BUF 1024

/* Into a zeroed name field, so it stays NUL-terminated. */
static void copy_name(char name[XLFMT_NAME_MAX], const char *s)
{
	size_t n = strlen(s);

	memcpy(name, s, n < XLFMT_NAME_MAX - 1 ? n : XLFMT_NAME_MAX - 1);
}

static struct xlfmt_dom dom(uint32_t id, const char *name, uint64_t mem_kib, uint32_t vcpus,
			    uint32_t state, uint64_t cpu_ns)
{
	struct xlfmt_dom d = {
		.domid = id, .mem_kib = mem_kib, .vcpus = vcpus, .state = state, .cpu_ns = cpu_ns};

	copy_name(d.name, name);
	return d;
}

static struct xlfmt_vcpu vcpu(const char *name, uint32_t id, uint32_t nr, uint32_t cpu, uint32_t st,
			      uint64_t ns, uint64_t affinity)
{
	struct xlfmt_vcpu v = {.domid = id,
			       .vcpu = nr,
			       .cpu = cpu,
			       .state = st,
			       .time_ns = ns,
			       .hard_affinity = affinity};

	copy_name(v.name, name);
	return v;
}

/* ---- xl list ---------------------------------------------------------- */

static void test_list(void **state)
{
	char buf[BUF];
	struct xlfmt_dom d;
	size_t n;

	n = xlfmt_list_header(buf, sizeof(buf));
	assert_string_equal(buf,
			    "Name                                        ID   Mem VCPUs\tState\t"
			    "Time(s)\n");
	assert_int_equal(n, strlen(buf));

	d = dom(0, "Domain-0", 2048 * 1024 + 1023, 4, XLFMT_STATE_RUNNING, 12340000000ull);
	n = xlfmt_list_row(buf, sizeof(buf), &d);
	assert_string_equal(buf,
			    "Domain-0                                     0  2048     4     r-----"
			    "      12.3\n");
	assert_int_equal(n, strlen(buf));

	d = dom(7, "web", 128 * 1024, 1, XLFMT_STATE_BLOCKED, 49999999);
	xlfmt_list_row(buf, sizeof(buf), &d);
	assert_string_equal(buf,
			    "web                                          7   128     1     -b----"
			    "       0.0\n");

	d = dom(3, "dying", 1023, 2,
		XLFMT_STATE_PAUSED | XLFMT_STATE_SHUTDOWN | XLFMT_STATE_CRASHED | XLFMT_STATE_DYING,
		123456750000000ull);
	xlfmt_list_row(buf, sizeof(buf), &d);
	assert_string_equal(buf,
			    "dying                                        3     0     2     --pscd"
			    "  123456.8\n");
}

static void test_list_long_and_unterminated_name(void **state)
{
	char buf[BUF];
	struct xlfmt_dom d = dom(65535, "", 1ull << 40, 8, 0, 0);

	/* a full name array without a NUL: printed whole, never read past */
	memset(d.name, 'n', sizeof(d.name));
	xlfmt_list_row(buf, sizeof(buf), &d);
	assert_int_equal(strspn(buf, "n"), XLFMT_NAME_MAX);
	assert_string_equal(buf + XLFMT_NAME_MAX, " 65535 1073741824     8     ------       0.0\n");
}

/* ---- xl vcpu-list ----------------------------------------------------- */

static void test_vcpu(void **state)
{
	char buf[BUF];
	struct xlfmt_vcpu v;

	xlfmt_vcpu_header(buf, sizeof(buf));
	assert_string_equal(buf,
			    "Name                                ID  VCPU   CPU State   Time(s) "
			    "Affinity (Hard / Soft)\n");

	/* xl's row has no blank between the VCPU and CPU columns: neither has this */
	v = vcpu("Domain-0", 0, 0, 1, XLFMT_VCPU_RUNNING, 5249999999ull, 0xf);
	xlfmt_vcpu_row(buf, sizeof(buf), &v, 4);
	assert_string_equal(buf,
			    "Domain-0                             0     0    1   r--       5.2  "
			    "all / all\n");

	v = vcpu("guest", 2, 1, 3, XLFMT_VCPU_OFFLINE, 0, 0xb);
	xlfmt_vcpu_row(buf, sizeof(buf), &v, 4);
	assert_string_equal(buf,
			    "guest                                2     1    -   --p       0.0  "
			    "0-1,3 / all\n");

	v = vcpu("guest", 2, 0, 3, XLFMT_VCPU_BLOCKED, 9950000000ull, 0x4);
	xlfmt_vcpu_row(buf, sizeof(buf), &v, 4);
	assert_string_equal(buf,
			    "guest                                2     0    3   -b-      10.0  "
			    "2 / all\n");

	v = vcpu("guest", 2, 0, 0, XLFMT_VCPU_RUNNABLE, 0, 0x1);
	xlfmt_vcpu_row(buf, sizeof(buf), &v, 4);
	assert_string_equal(buf,
			    "guest                                2     0    0   ---       0.0  "
			    "0 / all\n");
}

static void cpumap_is(uint64_t map, unsigned int nr_cpus, const char *want)
{
	char buf[BUF];
	size_t n = xlfmt_cpumap(buf, sizeof(buf), map, nr_cpus);

	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void test_cpumap(void **state)
{
	cpumap_is(0x1, 4, "0");
	cpumap_is(0xf, 4, "all");
	cpumap_is(0x5, 4, "0,2");
	cpumap_is(0xb, 4, "0-1,3");
	cpumap_is(0x8, 4, "3");
	cpumap_is(0xe, 4, "1-3");
	cpumap_is(0x0, 4, "none");
	cpumap_is(0xf0, 4, "none"); /* only CPUs that are not there */
	cpumap_is(0x1f, 4, "all");  /* and more than there are */
	cpumap_is(0x1, 1, "all");
	cpumap_is(0xf, 8, "0-3");
	cpumap_is(0x6d, 8, "0,2-3,5-6");
	cpumap_is(UINT64_MAX, 64, "all");
	cpumap_is(UINT64_MAX, 200, "all");
	cpumap_is(UINT64_MAX - 1, 64, "1-63");
	cpumap_is(1ull << 63, 64, "63");
	cpumap_is(0x1, 0, "none");
}

/* ---- xl info ---------------------------------------------------------- */

static void test_info(void **state)
{
	char buf[BUF];
	struct xlfmt_info info = {
		.host = "tarn",
		.release = "0.1",
		.version = "#1 Tarn",
		.machine = "aarch64",
		.nr_cpus = 4,
		.total_mib = 2048,
		.free_mib = 1536,
		.xen_major = 4,
		.xen_minor = 19,
		.xen_extra = ".0-tarn",
		.xen_scheduler = "credit",
		.cc_compiler = "gcc 12.2.0",
	};
	size_t n = xlfmt_info(buf, sizeof(buf), &info);

	assert_string_equal(buf, "host                   : tarn\n"
				 "release                : 0.1\n"
				 "version                : #1 Tarn\n"
				 "machine                : aarch64\n"
				 "nr_cpus                : 4\n"
				 "total_memory           : 2048\n"
				 "free_memory            : 1536\n"
				 "xen_major              : 4\n"
				 "xen_minor              : 19\n"
				 "xen_extra              : .0-tarn\n"
				 "xen_version            : 4.19.0-tarn\n"
				 "xen_scheduler          : credit\n"
				 "cc_compiler            : gcc 12.2.0\n");
	assert_int_equal(n, strlen(buf));

	info.cc_compiler = "";
	info.xen_extra = NULL;
	info.machine = NULL;
	xlfmt_info(buf, sizeof(buf), &info);
	assert_non_null(strstr(buf, "machine                : \n"));
	assert_non_null(strstr(buf, "xen_extra              : \nxen_version            : 4.19\n"));
	assert_null(strstr(buf, "cc_compiler"));
}

/* ---- top -------------------------------------------------------------- */

static void test_cpu_permille(void **state)
{
	const uint64_t s = 1000000000ull;

	assert_int_equal(xlfmt_cpu_permille(0, s / 2, s), 500);
	assert_int_equal(xlfmt_cpu_permille(10, 10 + s, s), 1000);
	assert_int_equal(xlfmt_cpu_permille(0, 2 * s, s), 2000); /* two vCPUs busy */
	assert_int_equal(xlfmt_cpu_permille(0, 1234567, s), 1);	 /* 0.123%: rounds to 0.1 */
	assert_int_equal(xlfmt_cpu_permille(0, 1250000, s), 1);
	assert_int_equal(xlfmt_cpu_permille(0, 1500000, s), 2);
	assert_int_equal(xlfmt_cpu_permille(0, 1000, 3000), 333);
	assert_int_equal(xlfmt_cpu_permille(0, 2000, 3000), 667);
	assert_int_equal(xlfmt_cpu_permille(5, 5, s), 0);
	assert_int_equal(xlfmt_cpu_permille(9, 5, s), 0); /* counter went back */
	assert_int_equal(xlfmt_cpu_permille(0, s, 0), 0);
	assert_int_equal(xlfmt_cpu_permille(0, UINT64_MAX, 1), UINT32_MAX);
	assert_int_equal(xlfmt_cpu_permille(0, UINT64_MAX, UINT64_MAX), 1000);
	assert_int_equal(xlfmt_cpu_permille(0, UINT64_MAX / 2, UINT64_MAX), 500);
}

static void test_top(void **state)
{
	char buf[BUF];
	const uint64_t s = 1000000000ull;
	struct xlfmt_dom d = dom(0, "Domain-0", 1024 * 1024, 4, 0, 10 * s + s / 8);

	xlfmt_top_header(buf, sizeof(buf), 10);
	assert_string_equal(buf, "Name                    ID  CPU(%) Usage        Mem(MiB)\n");
	xlfmt_top_row(buf, sizeof(buf), &d, 10 * s, s, 10);
	assert_string_equal(buf, "Domain-0                 0    12.5 [#         ]     1024\n");

	/* 100% fills the bar, more is clamped to it */
	d = dom(12, "a-very-long-domain-name-indeed", 512 * 1024, 2, 0, 2 * s);
	xlfmt_top_row(buf, sizeof(buf), &d, 0, s, 10);
	assert_string_equal(buf, "a-very-long-domain-n    12   200.0 [##########]      512\n");
	xlfmt_top_row(buf, sizeof(buf), &d, s, s, 4);
	assert_string_equal(buf, "a-very-long-domain-n    12   100.0 [####]      512\n");
	xlfmt_top_row(buf, sizeof(buf), &d, 2 * s, s, 0);
	assert_string_equal(buf, "a-very-long-domain-n    12     0.0 []      512\n");

	/* the bar is cut to XLFMT_BAR_MAX */
	assert_int_equal(xlfmt_top_row(buf, sizeof(buf), &d, s, s, 1000),
			 xlfmt_top_row(buf, sizeof(buf), &d, s, s, XLFMT_BAR_MAX));
	assert_int_equal(strspn(strchr(buf, '[') + 1, "#"), XLFMT_BAR_MAX);
	xlfmt_top_header(buf, sizeof(buf), 0);
	assert_string_equal(buf, "Name                    ID  CPU(%) Usage Mem(MiB)\n");
}

/* ---- xl sched-credit -------------------------------------------------- */

static void test_sched_credit(void **state)
{
	char buf[BUF];

	xlfmt_sched_credit_header(buf, sizeof(buf));
	assert_string_equal(buf, "Name                                ID Weight  Cap\n");
	xlfmt_sched_credit_row(buf, sizeof(buf), "Domain-0", 0, 256, 0);
	assert_string_equal(buf, "Domain-0                             0    256    0\n");
	xlfmt_sched_credit_row(buf, sizeof(buf), "web", 12, 65535, 400);
	assert_string_equal(buf, "web                                 12  65535  400\n");
	xlfmt_sched_credit_pool(buf, sizeof(buf), "Pool-0", 30, 1000, 0);
	assert_string_equal(buf,
			    "Cpupool Pool-0: tslice=30ms ratelimit=1000us migration-delay=0us\n");
}

/* ---- truncation ------------------------------------------------------- */

/* Format into heap buffers of every size up to the full length: each time the
 * result is the full length and the buffer holds its prefix and a NUL. */
static void check_truncation(const char *full, size_t (*fmt)(char *, size_t, const void *),
			     const void *arg)
{
	size_t want = strlen(full), len;

	for (len = 0; len <= want + 1; len++) {
		char *buf = malloc(len ? len : 1);

		assert_non_null(buf);
		assert_int_equal(fmt(len ? buf : NULL, len, arg), want);
		if (len) {
			size_t kept = len - 1 < want ? len - 1 : want;

			assert_int_equal(strlen(buf), kept);
			assert_memory_equal(buf, full, kept);
		}
		free(buf);
	}
}

static size_t fmt_list_row(char *buf, size_t len, const void *arg)
{
	return xlfmt_list_row(buf, len, arg);
}

static size_t fmt_vcpu_row(char *buf, size_t len, const void *arg)
{
	return xlfmt_vcpu_row(buf, len, arg, 4);
}

static size_t fmt_info(char *buf, size_t len, const void *arg)
{
	return xlfmt_info(buf, len, arg);
}

static size_t fmt_cpumap(char *buf, size_t len, const void *arg)
{
	return xlfmt_cpumap(buf, len, *(const uint64_t *)arg, 16);
}

static size_t fmt_top(char *buf, size_t len, const void *arg)
{
	return xlfmt_top_row(buf, len, arg, 0, 1000, 8);
}

static size_t fmt_header(char *buf, size_t len, const void *arg)
{
	return xlfmt_list_header(buf, len);
}

static void test_truncation(void **state)
{
	char full[BUF];
	struct xlfmt_dom d = dom(5, "trunc", 4096, 1, XLFMT_STATE_PAUSED, 1500000000ull);
	struct xlfmt_vcpu v = vcpu("trunc", 5, 0, 2, XLFMT_VCPU_RUNNING, 0, 0x5);
	struct xlfmt_info info = {.host = "h", .nr_cpus = 1, .xen_scheduler = "credit"};
	uint64_t map = 0x5a5a;

	xlfmt_list_row(full, sizeof(full), &d);
	check_truncation(full, fmt_list_row, &d);
	xlfmt_vcpu_row(full, sizeof(full), &v, 4);
	check_truncation(full, fmt_vcpu_row, &v);
	xlfmt_info(full, sizeof(full), &info);
	check_truncation(full, fmt_info, &info);
	xlfmt_cpumap(full, sizeof(full), map, 16);
	assert_string_equal(full, "1,3-4,6,9,11-12,14");
	check_truncation(full, fmt_cpumap, &map);
	xlfmt_top_row(full, sizeof(full), &d, 0, 1000, 8);
	check_truncation(full, fmt_top, &d);
	xlfmt_list_header(full, sizeof(full));
	check_truncation(full, fmt_header, NULL);
}

static void test_small_buffer(void **state)
{
	char buf[8];
	size_t n;

	memset(buf, 'x', sizeof(buf));
	n = xlfmt_sched_credit_pool(buf, 5, "Pool-0", 30, 1000, 0);
	assert_int_equal(n, strlen("Cpupool Pool-0: tslice=30ms ratelimit=1000us "
				   "migration-delay=0us\n"));
	assert_string_equal(buf, "Cpup");
	assert_int_equal(buf[5], 'x');
	n = xlfmt_sched_credit_header(buf, 1);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'p'); /* untouched from the call before */
	assert_int_equal(n, 51);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_long_and_unterminated_name),
		cmocka_unit_test(test_vcpu),
		cmocka_unit_test(test_cpumap),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_cpu_permille),
		cmocka_unit_test(test_top),
		cmocka_unit_test(test_sched_credit),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
