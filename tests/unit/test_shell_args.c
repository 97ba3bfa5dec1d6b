/*
 * Host unit tests for tarnctl's command-line words and numbers
 * (ctl/shell-args.c). Lines are split in heap copies of exactly their size,
 * so AddressSanitizer sees any write past the line's NUL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ctl/shell-args.h"

#define ARGV_SLOTS 8

struct split {
	char *copy;
	char *argv[ARGV_SLOTS];
	int argc;
};

static void split(struct split *s, const char *line, int max)
{
	size_t n = strlen(line) + 1;

	s->copy = malloc(n);
	assert_non_null(s->copy);
	memcpy(s->copy, line, n);
	s->argc = args_split(s->copy, s->argv, max);
}

/* Split line and expect exactly the words of want (NULL-terminated). */
static void split_ok(const char *line, const char *const *want)
{
	struct split s;
	int i;

	split(&s, line, ARGV_SLOTS);
	for (i = 0; want[i]; i++) {
		if (i >= s.argc) {
			fail_msg("%s: %d words, wanted more", line, s.argc);
		}
		assert_string_equal(s.argv[i], want[i]);
	}
	assert_int_equal(s.argc, i);
	assert_null(s.argv[s.argc]);
	free(s.copy);
}

static int split_rc(const char *line, int max)
{
	struct split s;

	split(&s, line, max);
	free(s.copy);
	return s.argc;
}

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- splitting -------------------------------------------------------- */

static void test_split_blanks(void **state)
{
	split_ok("", WORDS(NULL));
	split_ok("   \t ", WORDS(NULL));
	split_ok("list", WORDS("list"));
	split_ok("  sched-credit\t-d 1   -w 512  ", WORDS("sched-credit", "-d", "1", "-w", "512"));
}

static void test_split_quotes(void **state)
{
	split_ok("create \"my dom.cfg\"", WORDS("create", "my dom.cfg"));
	split_ok("echo 'a \"b\" c'", WORDS("echo", "a \"b\" c"));
	split_ok("echo \"it's\"", WORDS("echo", "it's"));
	split_ok("a\"b c\"'d e'f", WORDS("ab cd ef"));
	split_ok("x \"\" ''", WORDS("x", "", ""));
	split_ok("'\\n'", WORDS("\\n"));
	split_ok("\"\\\"q\\\\\" \"\\n\"", WORDS("\"q\\", "\\n"));
}

static void test_split_backslash(void **state)
{
	split_ok("a\\ b c", WORDS("a b", "c"));
	split_ok("\\\"x \\'y \\\\", WORDS("\"x", "'y", "\\"));
	split_ok("end\\", WORDS("end\\"));
	split_ok("\\", WORDS("\\"));
}

static void test_split_unterminated(void **state)
{
	assert_int_equal(split_rc("create \"oops", ARGV_SLOTS), -ARGS_EINVAL);
	assert_int_equal(split_rc("'", ARGV_SLOTS), -ARGS_EINVAL);
	assert_int_equal(split_rc("a \"b\\\"", ARGV_SLOTS), -ARGS_EINVAL);
	assert_string_equal(args_split_error(-ARGS_EINVAL), "unterminated quote");
}

static void test_split_too_many(void **state)
{
	struct split s;

	/* max slots: max - 1 words and the NULL */
	assert_int_equal(split_rc("1 2 3", 4), 3);
	assert_int_equal(split_rc("1 2 3 4", 4), -ARGS_E2BIG);
	assert_int_equal(split_rc("1", 1), -ARGS_E2BIG);
	assert_int_equal(split_rc("", 1), 0);
	assert_int_equal(split_rc("   ", 0), 0);
	assert_int_equal(split_rc("a", 0), -ARGS_E2BIG);
	assert_string_equal(args_split_error(-ARGS_E2BIG), "too many words");
	assert_string_equal(args_split_error(-1), "bad command line");
	/* the slot after the last word is NULL, even in a full argv */
	split(&s, "a b c", 4);
	assert_int_equal(s.argc, 3);
	assert_null(s.argv[3]);
	free(s.copy);
}

static void test_split_in_place(void **state)
{
	char line[] = "a  \"b c\"";
	char *argv[4];

	assert_int_equal(args_split(line, argv, 4), 2);
	assert_ptr_equal(argv[0], line);
	assert_ptr_equal(argv[1], line + 3);
	assert_string_equal(argv[1], "b c");
}

/* ---- args_parse_uint -------------------------------------------------- */

static void uint_ok(const char *s, uint64_t max, uint64_t want)
{
	uint64_t v = 12345;

	assert_int_equal(args_parse_uint(s, max, &v), 0);
	assert_true(v == want);
}

static void uint_err(const char *s, uint64_t max, int want)
{
	uint64_t v = 777;

	assert_int_equal(args_parse_uint(s, max, &v), want);
	assert_true(v == 777);
}

static void test_uint_good(void **state)
{
	uint_ok("0", 10, 0);
	uint_ok("42", UINT64_MAX, 42);
	uint_ok("007", 10, 7); /* leading zeros are decimal, not octal */
	uint_ok("0x1f", 255, 31);
	uint_ok("0XFF", 255, 255);
	uint_ok("0x0", 0, 0);
	uint_ok("65535", 65535, 65535);
	uint_ok("18446744073709551615", UINT64_MAX, UINT64_MAX);
	uint_ok("0xffffffffffffffff", UINT64_MAX, UINT64_MAX);
}

static void test_uint_bad(void **state)
{
	uint_err("", 10, -ARGS_EINVAL);
	uint_err("0x", 10, -ARGS_EINVAL);
	uint_err("-1", 10, -ARGS_EINVAL);
	uint_err("+1", 10, -ARGS_EINVAL);
	uint_err(" 1", 10, -ARGS_EINVAL);
	uint_err("1 ", 10, -ARGS_EINVAL);
	uint_err("12abc", 100, -ARGS_EINVAL);
	uint_err("0x1g", 100, -ARGS_EINVAL);
	uint_err("1f", 100, -ARGS_EINVAL);
	uint_err("0b101", 100, -ARGS_EINVAL);
	uint_err("65536", 65535, -ARGS_ERANGE);
	uint_err("0x100", 255, -ARGS_ERANGE);
	uint_err("18446744073709551616", UINT64_MAX, -ARGS_ERANGE);
	uint_err("99999999999999999999999", UINT64_MAX, -ARGS_ERANGE);
	uint_err("0x10000000000000000", UINT64_MAX, -ARGS_ERANGE);
	/* an overflow followed by junk is junk */
	uint_err("99999999999999999999999x", UINT64_MAX, -ARGS_EINVAL);
}

/* ---- args_parse_mem --------------------------------------------------- */

static void mem_ok(const char *s, uint64_t want_kib)
{
	uint64_t v = 12345;

	assert_int_equal(args_parse_mem(s, &v), 0);
	assert_true(v == want_kib);
}

static void mem_err(const char *s, int want)
{
	uint64_t v = 777;

	assert_int_equal(args_parse_mem(s, &v), want);
	assert_true(v == 777);
}

static void test_mem_good(void **state)
{
	mem_ok("512", 512 * 1024); /* bare: MiB, as xl */
	mem_ok("512m", 512 * 1024);
	mem_ok("512M", 512 * 1024);
	mem_ok("2g", 2 * 1024 * 1024);
	mem_ok("2G", 2 * 1024 * 1024);
	mem_ok("1t", 1ull << 30);
	mem_ok("1T", 1ull << 30);
	mem_ok("4096k", 4096);
	mem_ok("64K", 64);
	mem_ok("1048576b", 1024);
	mem_ok("2048B", 2);
	mem_ok("0", 0);
	mem_ok("0b", 0);
	mem_ok("16777215t", 16777215ull << 30);
	mem_ok("18446744073709551615k", UINT64_MAX);
}

static void test_mem_bad(void **state)
{
	mem_err("", -ARGS_EINVAL);
	mem_err("m", -ARGS_EINVAL);
	mem_err("-1", -ARGS_EINVAL);
	mem_err("12x", -ARGS_EINVAL);
	mem_err("12mb", -ARGS_EINVAL);
	mem_err("12 m", -ARGS_EINVAL);
	mem_err("0x10", -ARGS_EINVAL);
	mem_err("1.5g", -ARGS_EINVAL);
	mem_err("1000b", -ARGS_EINVAL); /* not whole KiB */
	mem_err("17179869184t", -ARGS_ERANGE);
	mem_err("18446744073709551615m", -ARGS_ERANGE);
	mem_err("18446744073709551616k", -ARGS_ERANGE);
	mem_err("18446744073709551616", -ARGS_ERANGE);
	mem_err("99999999999999999999999q", -ARGS_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_blanks),	cmocka_unit_test(test_split_quotes),
		cmocka_unit_test(test_split_backslash), cmocka_unit_test(test_split_unterminated),
		cmocka_unit_test(test_split_too_many),	cmocka_unit_test(test_split_in_place),
		cmocka_unit_test(test_uint_good),	cmocka_unit_test(test_uint_bad),
		cmocka_unit_test(test_mem_good),	cmocka_unit_test(test_mem_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
