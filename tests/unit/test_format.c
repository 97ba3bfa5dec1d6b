/*
 * Host unit tests for Tarn's vsnprintf (lib/format.c).
 *
 * The host C library is the reference: every format in the table is run
 * through both fmt_snprintf() and snprintf() with the same arguments, and
 * output and return value must agree. All mismatches are printed before the
 * test fails, so one run shows every divergence. The only behaviour checked
 * against literals is what C leaves undefined and Tarn defines (a NULL %s).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "lib/format.h"

static unsigned int mismatches;

static void compare(const char *where, const char *fmt, const char *have, int have_rc,
		    const char *want, int want_rc)
{
	if (have_rc == want_rc && !strcmp(have, want))
		return;
	print_error("%s: format \"%s\": Tarn \"%s\" (%d), host \"%s\" (%d)\n", where, fmt, have,
		    have_rc, want, want_rc);
	mismatches++;
}

#define STR2(x) #x
#define STR(x)	STR2(x)

/* One row of the table: the same literal format, checked by gcc, through both. */
#define SAME(fmt, ...)                                                              \
	do {                                                                        \
		char have_[256], want_[256];                                        \
		int hrc_ = fmt_snprintf(have_, sizeof(have_), fmt, ##__VA_ARGS__);  \
		int wrc_ = snprintf(want_, sizeof(want_), fmt, ##__VA_ARGS__);      \
		compare(__FILE__ ":" STR(__LINE__), fmt, have_, hrc_, want_, wrc_); \
	} while (0)

static void test_integers(void **state)
{
	mismatches = 0;
	SAME("%d|%i|%u", 0, -1, 0u);
	SAME("%d %d %d", 42, -42, INT_MAX);
	SAME("%d", INT_MIN);
	SAME("%u %u", 4000000000u, UINT_MAX);
	SAME("%x %X %o", 0xdeadbeefu, 0xdeadbeefu, 0755u);
	SAME("%x %o", 0u, 0u);
	SAME("%5d|%-5d|%05d", 42, 42, 42);
	SAME("%5d|%-5d|%05d", -42, -42, -42);
	SAME("%+d|%+d|% d|% d", 42, -42, 42, -42);
	/*
	 * Flags that gcc calls redundant but C defines: '+' beats ' ', '-' beats
	 * '0', a precision turns '0' off. Tarn's code may never write them, but
	 * the formatter must not misbehave if it does.
	 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
	SAME("%+ d|% +d", 7, -7);
	SAME("%-05d|", 42);
	SAME("%08.5d|%08.3x|", 42, 0xabu);
#pragma GCC diagnostic pop
	SAME("%+5d|%-+5d|%+05d|% 05d", 42, 42, 42, 42);
	SAME("%.5d|%.5d|%8.5d|%-8.5d|", 42, -42, 42, -42);
	SAME("%.0d|%.0u|%.0x|%5.0d|%-3.0d|", 0, 0u, 0u, 0, 0);
	SAME("%.0d|%.d", 7, 0);
	SAME("%.1d|%.2x", 0, 0u);
	SAME("%+.0d|% .0d", 0, 0);
	SAME("%10x|%-10X|%010o", 0x1234u, 0xabcdu, 0777u);
	SAME("%20d|", INT_MIN);
	assert_int_equal(mismatches, 0);
}

static void test_length_modifiers(void **state)
{
	mismatches = 0;
	SAME("%hhd %hhd %hhu %hhx", 300, -1, 0x1ff, -1);
	SAME("%hd %hd %hu %hx", 70000, -1, 0x12345, 0x12345);
	SAME("%ld %lu %lx", LONG_MIN, ULONG_MAX, 0xfeedfacecafebeefUL);
	SAME("%lld %lld %llu %llx %llo", (long long)INT64_MIN, (long long)INT64_MAX,
	     (unsigned long long)UINT64_MAX, 0x8000000000000000ULL, 01777777777777777777777ULL);
	SAME("%30lld|%-30lld|%030lld", (long long)INT64_MIN, (long long)INT64_MIN,
	     (long long)INT64_MIN);
	SAME("%zu %zx %zd %zd", SIZE_MAX, (size_t)0x1000, (ssize_t)-5, (ssize_t)12345);
	SAME("%td %jd %ju", (ptrdiff_t)-77, (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX);
	SAME("%016llx|%-16llx|", 0x40000000ULL, 0x40000000ULL);
	assert_int_equal(mismatches, 0);
}

static void test_star(void **state)
{
	mismatches = 0;
	SAME("%*d|%*d|", 6, 42, -6, 42); /* negative width means '-' */
	SAME("%-*d|", 6, 42);
	SAME("%0*d|", 6, -42);
	SAME("%.*d|%.*d|", 5, 42, -1, 42); /* negative precision: none */
	SAME("%*.*x|", 8, 4, 0xabu);
	SAME("%.*s|%*s|%-*s|", 3, "abcdef", 6, "ab", 6, "ab");
	assert_int_equal(mismatches, 0);
}

static void test_strings_chars_pointers(void **state)
{
	int x = 0;

	mismatches = 0;
	SAME("%s|%s|", "hello", "");
	SAME("%8s|%-8s|%.2s|%8.2s|%-8.2s|", "hello", "hello", "hello", "hello", "hello");
	SAME("%.10s|%2s|", "hi", "hello");
	SAME("%c%c%c", 'T', 'a', 'n');
	SAME("%3c|%-3c|", 'a', 'b');
	SAME("%p", (void *)0x40000000);
	SAME("%p|%20p|%-20p|", (void *)&x, (void *)&x, (void *)&x);
	SAME("%%|%d%%|100%%", 5);
	SAME("no conversions at all");
	assert_int_equal(mismatches, 0);
}

/* C leaves a NULL %s undefined; Tarn prints "(null)" rather than faulting. */
static void test_null_string(void **state)
{
	const char *volatile nothing = NULL;
	char buf[32];

	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "[%s]", nothing), 8);
	assert_string_equal(buf, "[(null)]");
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), "[%8s]", nothing), 10);
	assert_string_equal(buf, "[  (null)]");
}

/* Fill with a canary, format into the first size bytes, check both parts. */
static void check_truncated(size_t size, const char *want, int want_rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void check_truncated(size_t size, const char *want, int want_rc, const char *fmt, ...)
{
	char buf[64];
	va_list ap;
	int rc;

	memset(buf, '#', sizeof(buf));
	va_start(ap, fmt);
	rc = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	assert_int_equal(rc, want_rc);
	if (size)
		assert_string_equal(buf, want);
	for (size_t i = size; i < sizeof(buf); i++)
		if (buf[i] != '#')
			fail_msg("byte %zu written with size %zu", i, size);
}

static void test_truncation(void **state)
{
	check_truncated(5, "1234", 6, "%d", 123456);
	check_truncated(6, "12345", 6, "%d", 123456);
	check_truncated(7, "123456", 6, "%d", 123456);
	check_truncated(1, "", 6, "%d", 123456);
	check_truncated(0, NULL, 6, "%d", 123456);
	check_truncated(4, "   ", 10, "%10s", "x");
	check_truncated(8, "-000000", 11, "%011d", -42);
	check_truncated(3, "ab", 26, "ab%sz", "cdefghijklmnopqrstuvwxy");
	/* size 0 never touches the buffer, so NULL is fine. */
	assert_int_equal(fmt_snprintf(NULL, 0, "%s=%d", "answer", 42), 9);
}

/* fmt_vsnprintf must not consume the caller's va_list. */
static int twice(char *a, char *b, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r1, r2;

	va_start(ap, fmt);
	r1 = fmt_vsnprintf(a, n, fmt, ap);
	r2 = fmt_vsnprintf(b, n, fmt, ap);
	va_end(ap);
	return r1 == r2 ? r1 : -1;
}

static void test_va_list_reuse(void **state)
{
	char a[32], b[32];

	assert_int_equal(twice(a, b, sizeof(a), "%s:%d:%llx", "f", 7, 0xabcULL), 7);
	assert_string_equal(a, "f:7:abc");
	assert_string_equal(b, "f:7:abc");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_integers),	  cmocka_unit_test(test_length_modifiers),
	    cmocka_unit_test(test_star),	  cmocka_unit_test(test_strings_chars_pointers),
	    cmocka_unit_test(test_null_string),	  cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_va_list_reuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
