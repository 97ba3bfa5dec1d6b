/*
 * Host unit tests for the domain-config parser and writer (ctl/domcfg*.c).
 *
 * Every config is copied into a heap buffer of exactly its length before it
 * is parsed, so AddressSanitizer catches any read past the end of what the
 * store would hand over (store records are not NUL-terminated). Error
 * messages are compared whole: they are the user interface of a bad config.
 * The error table prints every mismatch before failing, so one run shows
 * them all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/domcfg.h"

#define HEAD "name = \"a\"\nkernel = \"k\"\n" /* lines 1 and 2 */

static char err[256];

/* Parse exactly len bytes from a buffer of exactly that size. */
static int parse_len(const char *text, size_t len, struct domcfg *out)
{
	char *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, text, len);
	rc = domcfg_parse(copy, len, out, err, sizeof(err));
	free(copy);
	return rc;
}

static int parse(const char *text, struct domcfg *out)
{
	return parse_len(text, strlen(text), out);
}

static void parse_ok(const char *text, struct domcfg *out)
{
	int rc = parse(text, out);

	if (rc) {
		print_error("unexpected error %d: %s\nconfig:\n%s\n", rc, err, text);
	}
	assert_int_equal(rc, 0);
}

/* ---- keys and defaults ------------------------------------------------ */

static void test_defaults(void **state)
{
	struct domcfg c;

	parse_ok("name = \"hello\"\nkernel = \"hello.img\"\n", &c);
	assert_string_equal(c.name, "hello");
	assert_string_equal(c.kernel, "hello.img");
	assert_int_equal(c.memory_mib, 128);
	assert_int_equal(c.vcpus, 1);
	assert_int_equal(c.weight, 256);
	assert_int_equal(c.cap, 0);
	assert_string_equal(c.cmdline, "");
	assert_int_equal(c.on_crash, DOMCFG_CRASH_DESTROY);
	assert_int_equal(c.ndisks, 0);
	assert_int_equal(c.nvifs, 0);
}

static void test_every_key(void **state)
{
	struct domcfg c;

	parse_ok("name = \"web-1.prod_x\"\n"
		 "kernel = \"linux-6.6.Image\"\n"
		 "memory = 3072\n"
		 "vcpus = 8\n"
		 "weight = 65535\n"
		 "cap = 800\n"
		 "cmdline = \"console=hvc0 root=/dev/xvda rw\"\n"
		 "on_crash = \"restart\"\n"
		 "disk = [ \"format=raw, vdev=xvda, target=root\" ]\n"
		 "vif = [ \"mac=00:16:3e:00:00:01\", \"bridge=br1\" ]\n",
		 &c);
	assert_string_equal(c.name, "web-1.prod_x");
	assert_string_equal(c.kernel, "linux-6.6.Image");
	assert_int_equal(c.memory_mib, 3072);
	assert_int_equal(c.vcpus, 8);
	assert_int_equal(c.weight, 65535);
	assert_int_equal(c.cap, 800);
	assert_string_equal(c.cmdline, "console=hvc0 root=/dev/xvda rw");
	assert_int_equal(c.on_crash, DOMCFG_CRASH_RESTART);
	assert_int_equal(c.ndisks, 1);
	assert_string_equal(c.disk[0], "format=raw, vdev=xvda, target=root");
	assert_int_equal(c.nvifs, 2);
	assert_string_equal(c.vif[0], "mac=00:16:3e:00:00:01");
	assert_string_equal(c.vif[1], "bridge=br1");

	parse_ok(HEAD "memory = 4\nvcpus = 1\nweight = 1\ncap = 100\non_crash = 'preserve'\n", &c);
	assert_int_equal(c.memory_mib, 4);
	assert_int_equal(c.weight, 1);
	assert_int_equal(c.cap, 100);
	assert_int_equal(c.on_crash, DOMCFG_CRASH_PRESERVE);
	parse_ok(HEAD "on_crash = \"destroy\"\n", &c);
	assert_int_equal(c.on_crash, DOMCFG_CRASH_DESTROY);
}

/* ---- syntax ----------------------------------------------------------- */

static void test_comments(void **state)
{
	struct domcfg c;

	parse_ok("# a guest\n"
		 "\n"
		 "   \t\n"
		 "# name = \"not this one\"\n"
		 "name = \"a\" # the name\n"
		 "kernel = \"k\"#no blank needed\n"
		 "cmdline = \"x#y\" # a '#' in quotes is text\n"
		 "# the end, without a newline",
		 &c);
	assert_string_equal(c.name, "a");
	assert_string_equal(c.kernel, "k");
	assert_string_equal(c.cmdline, "x#y");
}

static void test_syntax(void **state)
{
	struct domcfg c;

	parse_ok("# a guest\n"
		 "\n"
		 "  \t \n"
		 "name='a'   # trailing comment\n"
		 "\tkernel\t=\t\"k\"\n"
		 "memory=0x100\n"
		 "cmdline = \"x=#1 y='2' \\\"q\\\" back\\\\slash\\ttab \\'s\"\n"
		 "vcpus = 2; weight = 512;\n"
		 ";\n"
		 "cap = 0",
		 &c);
	assert_string_equal(c.name, "a");
	assert_string_equal(c.kernel, "k");
	assert_int_equal(c.memory_mib, 256);
	assert_string_equal(c.cmdline, "x=#1 y='2' \"q\" back\\slash\ttab 's");
	assert_int_equal(c.vcpus, 2);
	assert_int_equal(c.weight, 512);
	assert_int_equal(c.cap, 0);
}

static void test_crlf(void **state)
{
	struct domcfg c;

	parse_ok("name = \"a\"\r\nkernel = \"k\"\r\ndisk = [\r\n\"x\",\r\n]\r\n", &c);
	assert_string_equal(c.kernel, "k");
	assert_int_equal(c.ndisks, 1);
}

static void test_lists(void **state)
{
	struct domcfg c;

	parse_ok(HEAD "disk = [\n"
		      "\t\"one\",   # the root disk\n"
		      "\n"
		      "\t'two' ,\n"
		      "\t\"three\",\"four\",\n"
		      "]\n"
		      "vif = []\n",
		 &c);
	assert_int_equal(c.ndisks, 4);
	assert_string_equal(c.disk[0], "one");
	assert_string_equal(c.disk[1], "two");
	assert_string_equal(c.disk[2], "three");
	assert_string_equal(c.disk[3], "four");
	assert_int_equal(c.nvifs, 0);
	parse_ok(HEAD "vif = [ \"a\" ]", &c);
	assert_int_equal(c.nvifs, 1);
	parse_ok(HEAD "vif = [\"a\",]", &c);
	assert_int_equal(c.nvifs, 1);
}

static void fill(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
}

static void test_limits(void **state)
{
	static char text[32768], big[5000];
	struct domcfg c;

	fill(big, 'n', 63);
	snprintf(text, sizeof(text), "name = \"%s\"\nkernel = \"%s\"\n", big, big);
	parse_ok(text, &c);
	assert_int_equal(strlen(c.name), 63);
	assert_int_equal(strlen(c.kernel), 63);

	fill(big, 'c', 1023);
	snprintf(text, sizeof(text), HEAD "cmdline = \"%s\"\n", big);
	parse_ok(text, &c);
	assert_int_equal(strlen(c.cmdline), 1023);

	fill(big, 'd', 255);
	snprintf(text, sizeof(text), HEAD "disk = [ \"%s\", \"%s\", \"%s\", \"%s\" ]\n", big, big,
		 big, big);
	parse_ok(text, &c);
	assert_int_equal(c.ndisks, 4);
	assert_int_equal(strlen(c.disk[3]), 255);

	/* A line of exactly DOMCFG_LINE_MAX bytes is fine, one more is not. */
	fill(big, '#', DOMCFG_LINE_MAX);
	snprintf(text, sizeof(text), HEAD "%s\n", big);
	parse_ok(text, &c);
	fill(big, '#', DOMCFG_LINE_MAX + 1);
	snprintf(text, sizeof(text), HEAD "%s\n", big);
	assert_int_equal(parse(text, &c), -DOMCFG_EINVAL);
	assert_string_equal(err, "line 3: line longer than 4096 bytes");
}

/* ---- errors ----------------------------------------------------------- */

struct bad {
	const char *text;
	int rc;
	const char *msg;
};

#define EINV (-DOMCFG_EINVAL)
#define UNKNOWN_TAIL                                                                      \
	" (Tarn takes name, kernel, memory, vcpus, weight, cap, cmdline, on_crash, disk " \
	"and vif)"

static const struct bad bad[] = {
	/* keys */
	{HEAD "foo = 1\n", EINV, "line 3: unknown key 'foo'" UNKNOWN_TAIL},
	{HEAD "maxmem = 512\n", EINV, "line 3: unknown key 'maxmem'" UNKNOWN_TAIL},
	{HEAD "on-crash = \"restart\"\n", EINV, "line 3: unknown key 'on-crash'" UNKNOWN_TAIL},
	{HEAD "Memory = 128\n", EINV, "line 3: unknown key 'Memory'" UNKNOWN_TAIL},
	{HEAD "memory = 128\nmemory = 256\n", EINV,
	 "line 4: memory is set twice (first on line 3): keep one"},
	{HEAD "name = \"b\"\n", EINV, "line 3: name is set twice (first on line 1): keep one"},
	{HEAD "disk = []\ndisk = []\n", EINV,
	 "line 4: disk is set twice (first on line 3): keep one"},
	{HEAD "= 5\n", EINV, "line 3: expected a key (a name such as memory), found '='"},
	{HEAD "\"memory\" = 5\n", EINV,
	 "line 3: expected a key (a name such as memory), found '\"memory\"'"},
	{HEAD "128\n", EINV, "line 3: expected a key (a name such as memory), found '128'"},
	{"kernel = \"k\"\n", EINV, "no name: every domain needs one (name = \"...\")"},
	{"name = \"a\"\n", EINV, "no kernel: give the Image's store name (kernel = \"...\")"},
	{"", EINV, "no name: every domain needs one (name = \"...\")"},
	{"# nothing\n\n", EINV, "no name: every domain needs one (name = \"...\")"},
	/* statement shape */
	{HEAD "memory 128\n", EINV, "line 3: expected '=' after the key, found '128'"},
	{HEAD "memory\n", EINV, "line 3: expected '=' after the key, found the end of the line"},
	{HEAD "memory =\n", EINV, "line 3: expected a value after '=', found the end of the line"},
	{HEAD "memory = ]\n", EINV, "line 3: expected a value after '=', found ']'"},
	{HEAD "memory = 128 256\n", EINV,
	 "line 3: unexpected '256' after the value (one KEY = VALUE per line)"},
	{HEAD "cmdline = \"a\" \"b\"\n", EINV,
	 "line 3: unexpected '\"b\"' after the value (one KEY = VALUE per line)"},
	{HEAD "disk = [ \"a\" ] x\n", EINV,
	 "line 3: unexpected 'x' after the value (one KEY = VALUE per line)"},
	{HEAD "memory = 128 vcpus = 2\n", EINV,
	 "line 3: unexpected 'vcpus' after the value (one KEY = VALUE per line)"},
	{HEAD "disk += [ \"a\" ]\n", EINV,
	 "line 3: '+=' (append) is not supported: give the whole value with '='"},
	{HEAD "memory = 128 @\n", EINV, "line 3: unexpected character '@'"},
	{HEAD "\xff = 1\n", EINV, "line 3: unexpected byte 0xff"},
	/* numbers */
	{HEAD "memory = 5000\n", EINV, "line 3: memory = 5000: more than 3072 MiB"},
	{HEAD "memory = 0x1000\n", EINV, "line 3: memory = 0x1000: more than 3072 MiB"},
	{HEAD "memory = 2\n", EINV, "line 3: memory = 2: less than 4 MiB"},
	{HEAD "memory = 0\n", EINV, "line 3: memory = 0: less than 4 MiB"},
	{HEAD "memory = 129\n", EINV,
	 "line 3: memory = 129: not a multiple of 2 MiB (Tarn gives guests memory in 2 MiB "
	 "blocks)"},
	{HEAD "memory = \"128\"\n", EINV,
	 "line 3: memory = \"128\": must be a number, without quotes"},
	{HEAD "memory = [ 128 ]\n", EINV, "line 3: memory = [: must be a number, not a list"},
	{HEAD "memory = lots\n", EINV, "line 3: memory = lots: must be a number, without quotes"},
	{HEAD "memory = 128M\n", EINV,
	 "line 3: memory = 128M: not a whole number (write digits only, no unit)"},
	{HEAD "memory = 1.5\n", EINV,
	 "line 3: memory = 1.5: not a whole number (write digits only, no unit)"},
	{HEAD "memory = 0128\n", EINV,
	 "line 3: memory = 0128: a leading 0 is ambiguous (xl reads it as octal): leave it out"},
	{HEAD "memory = 0x\n", EINV,
	 "line 3: memory = 0x: not a number (hex numbers are 0x and then 0-9, a-f)"},
	{HEAD "memory = 0xZZ\n", EINV,
	 "line 3: memory = 0xZZ: not a number (hex numbers are 0x and then 0-9, a-f)"},
	{HEAD "memory = 4294967296\n", EINV, "line 3: memory = 4294967296: too large"},
	{HEAD "memory = 99999999999999999999999\n", EINV,
	 "line 3: memory = 99999999999999999999999: too large"},
	{HEAD "memory = -128\n", EINV, "line 3: negative numbers are not allowed"},
	{HEAD "vcpus = 0\n", EINV, "line 3: vcpus = 0: a domain needs at least 1 vCPU"},
	{HEAD "vcpus = 9\n", EINV, "line 3: vcpus = 9: more than 8 vCPUs"},
	{HEAD "weight = 0\n", EINV,
	 "line 3: weight = 0: less than 1 (weights run from 1 to 65535)"},
	{HEAD "weight = 65536\n", EINV, "line 3: weight = 65536: more than 65535"},
	{HEAD "cap = 101\n", EINV,
	 "line 3: cap = 101: more than 100 per vCPU (100 with vcpus = 1)"},
	{HEAD "cap = 300\nvcpus = 2\n", EINV,
	 "line 3: cap = 300: more than 100 per vCPU (200 with vcpus = 2)"},
	{HEAD "cap = \"50\"\n", EINV, "line 3: cap = \"50\": must be a number, without quotes"},
	/* strings */
	{"name = hello\n", EINV,
	 "line 1: name = hello: must be a string in quotes: name = \"hello\""},
	{"name = 5\n", EINV, "line 1: name = 5: must be a string in quotes: name = \"5\""},
	{"name = [ \"a\" ]\n", EINV, "line 1: name = [: must be one string in quotes, not a list"},
	{"name = \"\"\n", EINV, "line 1: name = \"\": empty"},
	{"name = \"-x\"\n", EINV,
	 "line 1: name = \"-x\": may not start with '-' (it would read as an option to tarnctl)"},
	{"name = \"a b\"\n", EINV,
	 "line 1: name = \"a b\": only letters, digits, '_', '.' and '-' are allowed"},
	{"name = \"a/b\"\n", EINV,
	 "line 1: name = \"a/b\": only letters, digits, '_', '.' and '-' are allowed"},
	{"name = \"caf\xc3\xa9\"\n", EINV,
	 "line 1: name = \"caf\xc3\xa9\": only letters, digits, '_', '.' and '-' are allowed"},
	{"name = \"0123456789012345678901234567890123456789012345678901234567890123\"\n", EINV,
	 "line 1: name = \"012345678901234567890123456789012345678...: longer than 63 bytes"},
	{"name = \"a\"\nkernel = \"/boot/Image\"\n", EINV,
	 "line 2: kernel = \"/boot/Image\": only letters, digits, '_', '.' and '-' are allowed"},
	{"name = \"a\"\nkernel = 'k\n", EINV,
	 "line 2: unterminated string: no closing ' on this line"},
	{"name = \"abc\n\"\n", EINV, "line 1: unterminated string: no closing \" on this line"},
	{"name = \"abc", EINV, "line 1: unterminated string: no closing \" on this line"},
	{"name = \"abc\\\"\n", EINV, "line 1: unterminated string: no closing \" on this line"},
	{"name = \"abc\\", EINV, "line 1: unterminated string: no closing \" on this line"},
	{"name = \"abc\r\n", EINV, "line 1: unterminated string: no closing \" on this line"},
	{HEAD "cmdline = \"a\\nb\"\n", EINV,
	 "line 3: unsupported escape '\\n' in a string (Tarn takes \\\\ \\\" \\' and \\t)"},
	{HEAD "cmdline = \"a\x01z\"\n", EINV, "line 3: control character 0x01 inside a string"},
	{HEAD "cmdline = \"a\rz\"\n", EINV, "line 3: control character 0x0d inside a string"},
	{HEAD "cmdline = 0\n", EINV,
	 "line 3: cmdline = 0: must be a string in quotes: cmdline = \"0\""},
	{HEAD "on_crash = \"soft-reset\"\n", -DOMCFG_EOPNOTSUPP,
	 "line 3: on_crash = \"soft-reset\": not supported by Tarn (use destroy, restart or "
	 "preserve)"},
	{HEAD "on_crash = \"coredump-destroy\"\n", -DOMCFG_EOPNOTSUPP,
	 "line 3: on_crash = \"coredump-destroy\": not supported by Tarn (use destroy, restart or "
	 "preserve)"},
	{HEAD "on_crash = \"coredump-restart\"\n", -DOMCFG_EOPNOTSUPP,
	 "line 3: on_crash = \"coredump-restart\": not supported by Tarn (use destroy, restart or "
	 "preserve)"},
	{HEAD "on_crash = \"rename-restart\"\n", -DOMCFG_EOPNOTSUPP,
	 "line 3: on_crash = \"rename-restart\": not supported by Tarn (use destroy, restart or "
	 "preserve)"},
	{HEAD "on_crash = \"reboot\"\n", EINV,
	 "line 3: on_crash = \"reboot\": not an on_crash action (use destroy, restart or "
	 "preserve)"},
	{HEAD "on_crash = \"restartrestartrestartrestart\"\n", EINV,
	 "line 3: on_crash = \"restartrestartrestartrestart\": not an on_crash action (use "
	 "destroy, restart or preserve)"},
	{HEAD "on_crash = destroy\n", EINV,
	 "line 3: on_crash = destroy: must be a string in quotes: on_crash = \"destroy\""},
	/* lists */
	{HEAD "disk = \"x\"\n", EINV,
	 "line 3: disk = \"x\": must be a list of strings: disk = [ \"...\" ]"},
	{HEAD "vif = 1\n", EINV, "line 3: vif = 1: must be a list of strings: vif = [ \"...\" ]"},
	{HEAD "disk = [ 1 ]\n", EINV,
	 "line 3: disk: expected a string in quotes or ']', found '1'"},
	{HEAD "disk = [ , ]\n", EINV,
	 "line 3: disk: expected a string in quotes or ']', found ','"},
	{HEAD "disk = [ [ \"a\" ] ]\n", EINV,
	 "line 3: disk: expected a string in quotes or ']', found '['"},
	{HEAD "disk = [ \"a\" \"b\" ]\n", EINV,
	 "line 3: disk: expected ',' or ']' after an entry, found '\"b\"'"},
	{HEAD "disk = [ \"a\";\n", EINV,
	 "line 3: disk: expected ',' or ']' after an entry, found ';'"},
	{HEAD "disk = [ \"a\",\n", EINV,
	 "line 3: disk: expected a string in quotes or ']', found the end of the config (the list "
	 "opened on line 3 has no ']')"},
	{HEAD "disk = [ \"a\"", EINV,
	 "line 3: disk: expected ',' or ']' after an entry, found the end of the config (the list "
	 "opened on line 3 has no ']')"},
	{HEAD "vif = [ \"a\",\n\n  \"b\"\nmemory = 64\n", EINV,
	 "line 6: vif: expected ',' or ']' after an entry, found 'memory' (the list opened on line "
	 "3 has no ']')"},
	{HEAD "disk = [ \"a\", \"b\", \"c\", \"d\", \"e\" ]\n", EINV,
	 "line 3: disk = \"e\": more than 4 entries"},
	{HEAD "disk = [\n\"a\",\n\"b\\q\" ]\n", EINV,
	 "line 5: unsupported escape '\\q' in a string (Tarn takes \\\\ \\\" \\' and \\t)"},
};

static bool check_bad(const struct bad *b)
{
	struct domcfg c;
	int rc = parse(b->text, &c);

	if (rc == b->rc && !strcmp(err, b->msg)) {
		return true;
	}
	print_error("config:\n%s\n  want %d \"%s\"\n  have %d \"%s\"\n", b->text, b->rc, b->msg, rc,
		    err);
	return false;
}

static void test_errors(void **state)
{
	unsigned int i, failed = 0;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		failed += !check_bad(&bad[i]);
	}
	assert_int_equal(failed, 0);
}

static void test_long_values(void **state)
{
	static char text[32768], big[2000];
	struct domcfg c;

	fill(big, 'c', 1024);
	snprintf(text, sizeof(text), HEAD "cmdline = \"%s\"\n", big);
	assert_int_equal(parse(text, &c), -DOMCFG_EINVAL);
	assert_string_equal(err, "line 3: cmdline = \"ccccccccccccccccccccccccccccccccccccccc...: "
				 "longer than 1023 bytes");
	fill(big, 'd', 256);
	snprintf(text, sizeof(text), HEAD "vif = [\n\"ok\",\n\"%s\"]\n", big);
	assert_int_equal(parse(text, &c), -DOMCFG_EINVAL);
	assert_string_equal(err, "line 5: vif = \"ddddddddddddddddddddddddddddddddddddddd...: "
				 "longer than 255 bytes");
}

static void test_nul_byte(void **state)
{
	static const char text[] = HEAD "cmdline = \"a\0b\"\n";
	struct domcfg c;

	assert_int_equal(parse_len(text, sizeof(text) - 1, &c), -DOMCFG_EINVAL);
	assert_string_equal(err, "line 3: NUL byte at column 13 (a config is text; is this the "
				 "right store record?)");
	/* A NUL after the last newline, as from a zero-padded sector. */
	assert_int_equal(parse_len(HEAD "\0\0", sizeof(HEAD) + 1, &c), -DOMCFG_EINVAL);
	assert_string_equal(err, "line 3: NUL byte at column 1 (a config is text; is this the "
				 "right store record?)");
}

static void test_named_source(void **state)
{
	static const char text[] = "name = \"hello\"\nkernel = \"hello.img\"\nmemory = 5000\n";
	struct domcfg c;
	int rc;

	rc = domcfg_parse_named("hello.cfg", text, sizeof(text) - 1, &c, err, sizeof(err));
	assert_int_equal(rc, -DOMCFG_EINVAL);
	assert_string_equal(err, "hello.cfg:3: memory = 5000: more than 3072 MiB");
	rc = domcfg_parse_named("hello.cfg", text, 14, &c, err, sizeof(err));
	assert_int_equal(rc, -DOMCFG_EINVAL);
	assert_string_equal(err,
			    "hello.cfg: no kernel: give the Image's store name (kernel = \"...\")");
	rc = domcfg_parse_named(NULL, text, 36, &c, err, sizeof(err));
	assert_int_equal(rc, 0);
}

/* ---- the contract around errors --------------------------------------- */

static void test_out_untouched(void **state)
{
	struct domcfg c, pattern;
	unsigned int i;

	memset(&pattern, 0xa5, sizeof(pattern));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memcpy(&c, &pattern, sizeof(c));
		assert_int_not_equal(parse(bad[i].text, &c), 0);
		assert_memory_equal(&c, &pattern, sizeof(c));
	}
}

static void test_err_buffer(void **state)
{
	static const char text[] = HEAD "memory = 5000\n";
	struct domcfg c;
	char small[8];

	memset(small, 'x', sizeof(small));
	assert_int_equal(domcfg_parse(text, sizeof(text) - 1, &c, small, sizeof(small)),
			 -DOMCFG_EINVAL);
	assert_string_equal(small, "line 3:");
	assert_int_equal(domcfg_parse(text, sizeof(text) - 1, &c, small, 1), -DOMCFG_EINVAL);
	assert_string_equal(small, "");
	assert_int_equal(domcfg_parse(text, sizeof(text) - 1, &c, NULL, 100), -DOMCFG_EINVAL);
	assert_int_equal(domcfg_parse(text, sizeof(text) - 1, &c, small, 0), -DOMCFG_EINVAL);
	/* A good parse leaves an empty message, not a stale one. */
	memset(err, 'x', sizeof(err));
	assert_int_equal(domcfg_parse(HEAD, sizeof(HEAD) - 1, &c, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	/* Bad arguments. */
	assert_int_equal(domcfg_parse(NULL, 5, &c, err, sizeof(err)), -DOMCFG_EINVAL);
	assert_int_equal(domcfg_parse(HEAD, sizeof(HEAD) - 1, NULL, err, sizeof(err)),
			 -DOMCFG_EINVAL);
	assert_int_equal(domcfg_parse(NULL, 0, &c, err, sizeof(err)), -DOMCFG_EINVAL);
	assert_string_equal(err, "no name: every domain needs one (name = \"...\")");
}

/* ---- domcfg_format ---------------------------------------------------- */

static void round_trip(const char *text)
{
	static char out1[DOMCFG_FORMAT_MAX], out2[DOMCFG_FORMAT_MAX];
	struct domcfg a, b;
	int n1, n2;

	parse_ok(text, &a);
	n1 = domcfg_format(&a, out1, sizeof(out1));
	assert_true(n1 > 0);
	assert_int_equal(strlen(out1), n1);
	parse_ok(out1, &b);
	assert_memory_equal(&a, &b, sizeof(a));
	/* Canonical: formatting the reparsed config gives the same bytes. */
	n2 = domcfg_format(&b, out2, sizeof(out2));
	assert_int_equal(n1, n2);
	assert_string_equal(out1, out2);
}

static void test_format_canonical(void **state)
{
	char out[DOMCFG_FORMAT_MAX];
	struct domcfg c;
	int n;

	parse_ok("vif=['bridge=br0',]\n# x\nkernel='hello.img'\nname='hello'\ncap=0x32\n"
		 "cmdline='say \"hi\"\\\\n'\non_crash='preserve'\n",
		 &c);
	n = domcfg_format(&c, out, sizeof(out));
	assert_int_equal(n, strlen(out));
	assert_string_equal(out, "name = \"hello\"\n"
				 "kernel = \"hello.img\"\n"
				 "memory = 128\n"
				 "vcpus = 1\n"
				 "weight = 256\n"
				 "cap = 50\n"
				 "cmdline = \"say \\\"hi\\\"\\\\n\"\n"
				 "on_crash = \"preserve\"\n"
				 "vif = [ \"bridge=br0\" ]\n");
}

static void test_round_trips(void **state)
{
	static char text[32768], big[1100], item[300];

	round_trip(HEAD);
	round_trip("name = \"x\"\nkernel = \"y\"\nmemory = 3072\nvcpus = 8\nweight = 1\n"
		   "cap = 800\non_crash = \"restart\"\ndisk = [ \"a\", \"b\" ]\nvif = [ \"c\" ]\n");
	round_trip(HEAD "cmdline = \"tab\\there \\\"quoted\\\" back\\\\ 'single' #hash\"\n");
	round_trip(HEAD "cmdline = \"\xc3\xa9t\xc3\xa9 utf-8\"\n");

	/* The largest config: every string full, every byte escaped. */
	fill(big, 'n', 63);
	{
		char cmd[2100], it[520];
		size_t i;

		for (i = 0; i < 1023; i++) {
			memcpy(cmd + 2 * i, "\\\"", 2);
		}
		cmd[2 * 1023] = '\0';
		for (i = 0; i < 255; i++) {
			memcpy(it + 2 * i, "\\\\", 2);
		}
		it[2 * 255] = '\0';
		fill(item, 'k', 63);
		snprintf(text, sizeof(text),
			 "name = \"%s\"\nkernel = \"%s\"\ncmdline = \"%s\"\n"
			 "disk = [\"%s\",\"%s\",\"%s\",\"%s\"]\nvif = "
			 "[\"%s\",\"%s\",\"%s\",\"%s\"]\n",
			 big, item, cmd, it, it, it, it, it, it, it, it);
	}
	round_trip(text);
}

static void test_format_errors(void **state)
{
	char out[DOMCFG_FORMAT_MAX], tiny[10];
	struct domcfg c, good;

	parse_ok(HEAD "vcpus = 2\ncap = 200\n", &good);
	memset(tiny, 'x', sizeof(tiny));
	assert_int_equal(domcfg_format(&good, tiny, sizeof(tiny)), -DOMCFG_ENOSPC);
	assert_string_equal(tiny, "name = \"a");
	assert_int_equal(domcfg_format(&good, NULL, 0), -DOMCFG_ENOSPC);
	assert_int_equal(domcfg_format(NULL, out, sizeof(out)), -DOMCFG_EINVAL);

	/* Each breaks one rule that domcfg_parse() enforces. */
#define BREAKS(stmt)                                                                   \
	do {                                                                           \
		c = good;                                                              \
		stmt;                                                                  \
		assert_int_equal(domcfg_format(&c, out, sizeof(out)), -DOMCFG_EINVAL); \
		assert_string_equal(out, "");                                          \
	} while (0)
	BREAKS(c.name[0] = '\0');
	BREAKS(c.name[0] = '-');
	BREAKS(memset(c.name, 'a', sizeof(c.name)));
	BREAKS(strcpy(c.kernel, "a/b"));
	BREAKS(c.memory_mib = 3);
	BREAKS(c.memory_mib = 3074);
	BREAKS(c.vcpus = 0);
	BREAKS(c.vcpus = 9);
	BREAKS(c.weight = 0);
	BREAKS(c.cap = 201);
	BREAKS(c.on_crash = (enum domcfg_on_crash)3);
	BREAKS(strcpy(c.cmdline, "a\nb"));
	BREAKS(memset(c.cmdline, 'a', sizeof(c.cmdline)));
	BREAKS(c.ndisks = 5);
	BREAKS(c.nvifs = 1; strcpy(c.vif[0], "\x7f"));
	BREAKS(c.ndisks = 1; memset(c.disk[0], 'a', sizeof(c.disk[0])));
#undef BREAKS
}

/* ---- fuzz-ish --------------------------------------------------------- */

static uint32_t rng = 0x9e3779b9u;

static uint32_t rand32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static const char fuzz_base[] = "# fuzz base\n"
				"name = \"fuzz-1\"\n"
				"kernel = 'fuzz.img'   # comment\n"
				"memory = 0x80\n"
				"vcpus = 4; weight = 512\n"
				"cap = 250\n"
				"cmdline = \"console=hvc0 \\\"q\\\" \\\\ \\t\"\n"
				"on_crash = \"restart\"\n"
				"disk = [ \"a\",\n\t'b', # two\n]\n"
				"vif = [\"bridge=br0\"]\n";

/* Whatever the bytes, a parse succeeds or says why in one line. */
static void fuzz_one(const char *text, size_t len)
{
	struct domcfg c, pattern;
	int rc;

	memset(&pattern, 0x5a, sizeof(pattern));
	memcpy(&c, &pattern, sizeof(c));
	memset(err, 'x', sizeof(err));
	rc = parse_len(text, len, &c);
	if (rc == 0) {
		char out[DOMCFG_FORMAT_MAX];
		struct domcfg again;

		assert_string_equal(err, "");
		assert_true(domcfg_format(&c, out, sizeof(out)) > 0);
		assert_int_equal(parse(out, &again), 0);
		assert_memory_equal(&c, &again, sizeof(c));
		return;
	}
	assert_true(rc == -DOMCFG_EINVAL || rc == -DOMCFG_EOPNOTSUPP);
	assert_true(strlen(err) > 0 && strlen(err) < sizeof(err));
	assert_null(strchr(err, '\n'));
	assert_memory_equal(&c, &pattern, sizeof(c));
}

static void test_fuzz(void **state)
{
	static const char bytes[] = "\0\n\r\t \"'#=[],;\\-+0x9aZ_.\x7f\x80\xff";
	char buf[sizeof(fuzz_base) + 8];
	size_t len = sizeof(fuzz_base) - 1;
	unsigned int i, j;

	for (i = 0; i <= len; i++) {
		fuzz_one(fuzz_base, i); /* every truncation */
	}
	for (i = 0; i < 20000; i++) {
		size_t n = len;

		memcpy(buf, fuzz_base, len);
		for (j = 1 + rand32() % 3; j; j--) {
			uint32_t r = rand32();
			size_t at = r % n;

			if (r & 0x10000) {
				buf[at] = bytes[(r >> 20) % (sizeof(bytes) - 1)];
			} else {
				buf[at] ^= (char)(1u << ((r >> 20) % 8));
			}
		}
		if (rand32() % 4 == 0) {
			n = rand32() % (len + 1);
		}
		fuzz_one(buf, n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),     cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_comments),     cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_crlf),	     cmocka_unit_test(test_lists),
		cmocka_unit_test(test_limits),	     cmocka_unit_test(test_errors),
		cmocka_unit_test(test_long_values),  cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_named_source), cmocka_unit_test(test_out_untouched),
		cmocka_unit_test(test_err_buffer),   cmocka_unit_test(test_format_canonical),
		cmocka_unit_test(test_round_trips),  cmocka_unit_test(test_format_errors),
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
