/*
 * Host unit tests for tarnctl's line editor (ctl/lineedit.c).
 *
 * Each test feeds bytes as the serial console would and checks the line
 * that comes out, and for the plain-echo cases the exact bytes echoed: a
 * test over a real serial line depends on those being simple.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/lineedit.h"

/* The echo, captured. */
struct echo {
	char buf[16384];
	size_t len;
};

static void echo_write(void *ctx, const char *s, size_t n)
{
	struct echo *e = ctx;

	assert_true(e->len + n < sizeof(e->buf));
	memcpy(e->buf + e->len, s, n);
	e->len += n;
	e->buf[e->len] = '\0';
}

struct fixture {
	struct lineedit le;
	struct echo echo;
	enum lineedit_result last;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	lineedit_init(&f->le, "tarn> ", echo_write, &f->echo);
	lineedit_start(&f->le);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void clear_echo(struct fixture *f)
{
	f->echo.len = 0;
	f->echo.buf[0] = '\0';
}

/* Feed every byte but the last, which must give MORE; return the last's result. */
static enum lineedit_result feed_n(struct fixture *f, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		f->last = lineedit_feed(&f->le, s[i]);
		if (i + 1 < n) {
			assert_int_equal(f->last, LINEEDIT_MORE);
		}
	}
	return f->last;
}

static enum lineedit_result feed(struct fixture *f, const char *s)
{
	return feed_n(f, s, strlen(s));
}

/* Feed s and Enter; the line must come out as want. */
static void feed_line(struct fixture *f, const char *s, const char *want)
{
	assert_int_equal(feed(f, s), LINEEDIT_MORE);
	assert_int_equal(feed(f, "\r"), LINEEDIT_LINE);
	assert_string_equal(lineedit_line(&f->le), want);
	lineedit_start(&f->le);
}

/* ---- plain typing and its echo ---------------------------------------- */

static void test_prompt_and_plain_echo(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(f->echo.buf, "tarn> ");
	clear_echo(f);
	assert_int_equal(feed(f, "list"), LINEEDIT_MORE);
	assert_string_equal(f->echo.buf, "list");
	assert_string_equal(lineedit_line(&f->le), "list");
	assert_int_equal(feed(f, "\r"), LINEEDIT_LINE);
	assert_string_equal(f->echo.buf, "list\r\n");
	assert_string_equal(lineedit_line(&f->le), "list");
}

static void test_backspace_at_end_echo(void **state)
{
	struct fixture *f = *state;

	feed(f, "lisx");
	clear_echo(f);
	feed(f, "\x7f");
	assert_string_equal(f->echo.buf, "\b \b");
	feed(f, "t\b");
	assert_string_equal(f->echo.buf, "\b \bt\b \b");
	feed_line(f, "t", "list");
}

static void test_backspace_at_start_does_nothing(void **state)
{
	struct fixture *f = *state;

	clear_echo(f);
	feed(f, "\x7f\b");
	assert_int_equal(f->echo.len, 0);
	feed_line(f, "a", "a");
}

static void test_enter_forms(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(feed(f, "a\r"), LINEEDIT_LINE);
	assert_string_equal(lineedit_line(&f->le), "a");
	lineedit_start(&f->le);
	/* the LF of CR LF is not a second (empty) Enter */
	assert_int_equal(feed(f, "\n"), LINEEDIT_MORE);
	assert_int_equal(feed(f, "b\n"), LINEEDIT_LINE);
	assert_string_equal(lineedit_line(&f->le), "b");
	lineedit_start(&f->le);
	/* LF CR is two Enters */
	assert_int_equal(feed(f, "\n"), LINEEDIT_LINE);
	assert_string_equal(lineedit_line(&f->le), "");
	lineedit_start(&f->le);
	assert_int_equal(feed(f, "\r"), LINEEDIT_LINE);
	assert_string_equal(lineedit_line(&f->le), "");
	lineedit_start(&f->le);
	/* CR CR is two as well, and CR LF CR LF two */
	assert_int_equal(feed(f, "\r"), LINEEDIT_LINE);
	assert_int_equal(feed(f, "\r"), LINEEDIT_LINE);
	assert_int_equal(feed(f, "\n"), LINEEDIT_MORE);
	assert_int_equal(feed(f, "c\r"), LINEEDIT_LINE);
	assert_int_equal(feed(f, "\n"), LINEEDIT_MORE);
	assert_string_equal(lineedit_line(&f->le), "c");
}

static void test_crlf_counts_once(void **state)
{
	struct fixture *f = *state;
	const char *in = "one\r\ntwo\r\nthree\r\n";
	int lines = 0;
	size_t i;

	for (i = 0; in[i]; i++) {
		if (lineedit_feed(&f->le, in[i]) == LINEEDIT_LINE) {
			lines++;
		}
	}
	assert_int_equal(lines, 3);
	assert_string_equal(lineedit_line(&f->le), "three");
	assert_string_equal(lineedit_history(&f->le, 1), "three");
	assert_string_equal(lineedit_history(&f->le, 3), "one");
}

static void test_line_without_start(void **state)
{
	struct fixture *f = *state;

	feed(f, "a\r");
	clear_echo(f);
	/* no lineedit_start(): a new line begins anyway, without a prompt */
	feed(f, "b");
	assert_string_equal(lineedit_line(&f->le), "b");
	assert_string_equal(f->echo.buf, "b");
}

static void test_ignored_bytes(void **state)
{
	struct fixture *f = *state;

	clear_echo(f);
	feed(f, "\t\x01\x80\xff\x7f");
	feed_n(f, "\0", 1);
	assert_string_equal(f->echo.buf, "");
	feed_line(f, "x\ty\xc3\xa9", "xy");
}

static void test_full_line(void **state)
{
	struct fixture *f = *state;
	char want[LINEEDIT_MAX];
	size_t i;

	for (i = 0; i < LINEEDIT_MAX - 1; i++) {
		want[i] = (char)('a' + i % 26);
		assert_int_equal(lineedit_feed(&f->le, want[i]), LINEEDIT_MORE);
	}
	want[i] = '\0';
	clear_echo(f);
	feed(f, "XYZ");
	assert_string_equal(f->echo.buf, "\a\a\a");
	assert_string_equal(lineedit_line(&f->le), want);
	/* editing still works on a full line */
	feed(f, "\x7fQ");
	want[LINEEDIT_MAX - 2] = 'Q';
	feed_line(f, "", want);
	assert_string_equal(lineedit_history(&f->le, 1), want);
}

/* ---- cursor movement and editing in the middle ------------------------ */

static void test_left_right_insert(void **state)
{
	struct fixture *f = *state;

	feed(f, "ac");
	clear_echo(f);
	feed(f, "\x1b[D");
	assert_string_equal(f->echo.buf, "\b");
	clear_echo(f);
	feed(f, "b");
	/* b, then the tail "c", then back over it */
	assert_string_equal(f->echo.buf, "bc\b");
	clear_echo(f);
	feed(f, "\x1b[C");
	assert_string_equal(f->echo.buf, "c");
	feed(f, "\x1b[C"); /* at the end: nothing */
	assert_string_equal(f->echo.buf, "c");
	feed(f, "\x1bOD\x1bOD\x1bOC"); /* SS3 forms */
	feed_line(f, "X", "abXc");
}

static void test_ctrl_b_f(void **state)
{
	struct fixture *f = *state;

	feed(f, "13\x02");
	feed(f, "2\x06");
	feed_line(f, "4", "1234");
}

static void test_home_end_forms(void **state)
{
	struct fixture *f = *state;
	static const char *home[] = {"\x1b[H", "\x1bOH", "\x1b[1~", "\x1b[7~", "\x01"};
	static const char *end[] = {"\x1b[F", "\x1bOF", "\x1b[4~", "\x1b[8~", "\x05"};
	size_t i;

	for (i = 0; i < sizeof(home) / sizeof(home[0]); i++) {
		feed(f, "bc");
		feed(f, home[i]);
		feed(f, "a");
		feed(f, end[i]);
		feed_line(f, "d", "abcd");
	}
}

static void test_home_end_echo(void **state)
{
	struct fixture *f = *state;

	feed(f, "hello");
	clear_echo(f);
	feed(f, "\x01");
	assert_string_equal(f->echo.buf, "\x1b[5D");
	clear_echo(f);
	feed(f, "\x05");
	assert_string_equal(f->echo.buf, "hello");
}

static void test_backspace_in_middle(void **state)
{
	struct fixture *f = *state;

	feed(f, "abxcd\x1b[D\x1b[D");
	clear_echo(f);
	feed(f, "\x7f");
	assert_string_equal(f->echo.buf, "\bcd\x1b[K\x1b[2D");
	feed_line(f, "", "abcd");
}

static void test_delete(void **state)
{
	struct fixture *f = *state;

	feed(f, "abxc\x1b[D\x1b[D");
	clear_echo(f);
	feed(f, "\x1b[3~");
	assert_string_equal(f->echo.buf, "c\x1b[K\b");
	clear_echo(f);
	feed(f, "\x1b[C\x1b[3~"); /* at the end: nothing deleted */
	assert_string_equal(f->echo.buf, "c");
	feed_line(f, "", "abc");
}

static void test_ctrl_d(void **state)
{
	struct fixture *f = *state;

	/* on a line with text it deletes at the cursor */
	feed(f, "abc\x01");
	assert_int_equal(feed(f, "\x04"), LINEEDIT_MORE);
	assert_string_equal(lineedit_line(&f->le), "bc");
	assert_int_equal(feed(f, "\x05\x04"), LINEEDIT_MORE); /* at the end: nothing */
	feed(f, "\x15");
	clear_echo(f);
	/* on an empty line it is the end of input */
	assert_int_equal(feed(f, "\x04"), LINEEDIT_EOF);
	assert_string_equal(f->echo.buf, "");
	assert_null(lineedit_history(&f->le, 1));
}

static void test_ctrl_u_k(void **state)
{
	struct fixture *f = *state;

	feed(f, "garbage");
	clear_echo(f);
	feed(f, "\x15");
	assert_string_equal(f->echo.buf, "\rtarn> \x1b[K");
	assert_string_equal(lineedit_line(&f->le), "");
	feed(f, "list -l\x1b[D\x1b[D\x1b[D");
	clear_echo(f);
	feed(f, "\x0b");
	assert_string_equal(f->echo.buf, "\x1b[K");
	feed_line(f, "", "list");
}

static void test_ctrl_l_redraws(void **state)
{
	struct fixture *f = *state;

	feed(f, "abc\x1b[D");
	clear_echo(f);
	feed(f, "\x0c");
	assert_string_equal(f->echo.buf, "\rtarn> abc\x1b[K\b");
	feed_line(f, "", "abc");
}

static void test_ctrl_c(void **state)
{
	struct fixture *f = *state;

	feed(f, "destroy 1");
	clear_echo(f);
	assert_int_equal(feed(f, "\x03"), LINEEDIT_CANCEL);
	assert_string_equal(f->echo.buf, "^C\r\n");
	assert_null(lineedit_history(&f->le, 1));
	lineedit_start(&f->le);
	assert_string_equal(lineedit_line(&f->le), "");
	feed_line(f, "list", "list");
}

/* ---- escape sequences ------------------------------------------------- */

static void test_unknown_escapes_swallowed(void **state)
{
	struct fixture *f = *state;

	feed(f, "a");
	clear_echo(f);
	feed(f, "\x1b[1;5C"); /* Ctrl-Right */
	feed(f, "\x1b[;5D");
	feed(f, "\x1b[5~");  /* Page Up */
	feed(f, "\x1b[2~");  /* Insert */
	feed(f, "\x1b[15~"); /* F5 */
	feed(f, "\x1b[12345678~");
	feed(f, "\x1b[?25h");
	feed(f, "\x1b[ q");
	feed(f, "\x1b[Z"); /* Shift-Tab */
	feed(f, "\x1bOP"); /* F1 */
	feed(f, "\033b");  /* Alt-b */
	feed(f, "\x1b[5A");
	assert_string_equal(f->echo.buf, "");
	feed_line(f, "b", "ab");
}

static void test_control_byte_ends_escape(void **state)
{
	struct fixture *f = *state;

	feed(f, "abc");
	/* a cut sequence: Ctrl-C still cancels */
	assert_int_equal(feed(f, "\x1b[1"), LINEEDIT_MORE);
	assert_int_equal(feed(f, "\x03"), LINEEDIT_CANCEL);
	lineedit_start(&f->le);
	/* ESC ESC [ D: the second ESC starts afresh */
	feed_line(f, "xy\x1b\x1b[DZ", "xZy");
	/* Enter inside a sequence is still Enter */
	assert_int_equal(feed(f, "q\x1b[\r"), LINEEDIT_LINE);
	assert_string_equal(lineedit_line(&f->le), "q");
}

static void test_escape_state_reset_by_start(void **state)
{
	struct fixture *f = *state;

	feed(f, "\x1b[");
	lineedit_start(&f->le);
	feed_line(f, "D", "D");
}

/* ---- history ---------------------------------------------------------- */

static void test_history_walk_and_restore(void **state)
{
	struct fixture *f = *state;

	feed_line(f, "one", "one");
	feed_line(f, "two", "two");
	feed_line(f, "three", "three");
	feed(f, "fou");
	clear_echo(f);
	feed(f, "\x1b[A");
	assert_string_equal(lineedit_line(&f->le), "three");
	assert_string_equal(f->echo.buf, "\rtarn> three\x1b[K");
	feed(f, "\x1b[A");
	assert_string_equal(lineedit_line(&f->le), "two");
	feed(f, "\x10"); /* Ctrl-P */
	assert_string_equal(lineedit_line(&f->le), "one");
	clear_echo(f);
	feed(f, "\x1b[A"); /* past the oldest: a bell */
	assert_string_equal(lineedit_line(&f->le), "one");
	assert_string_equal(f->echo.buf, "\a");
	feed(f, "\x1b[B");
	assert_string_equal(lineedit_line(&f->le), "two");
	feed(f, "\x0e"); /* Ctrl-N */
	assert_string_equal(lineedit_line(&f->le), "three");
	feed(f, "\x1b[B"); /* past the newest: the line being typed */
	assert_string_equal(lineedit_line(&f->le), "fou");
	clear_echo(f);
	feed(f, "\x1b[B");
	assert_string_equal(f->echo.buf, "\a");
	feed_line(f, "r", "four");
	assert_string_equal(lineedit_history(&f->le, 1), "four");
	assert_string_equal(lineedit_history(&f->le, 4), "one");
	assert_null(lineedit_history(&f->le, 5));
	assert_null(lineedit_history(&f->le, 0));
}

static void test_history_edit_recalled(void **state)
{
	struct fixture *f = *state;

	feed_line(f, "vcpu-list", "vcpu-list");
	feed(f, "\x1b[A");
	feed_line(f, " 1", "vcpu-list 1");
	assert_string_equal(lineedit_history(&f->le, 1), "vcpu-list 1");
	assert_string_equal(lineedit_history(&f->le, 2), "vcpu-list");
	/* walking starts from the newest again after each line */
	feed(f, "\x1b[A");
	assert_string_equal(lineedit_line(&f->le), "vcpu-list 1");
}

static void test_history_skips_empty_and_repeats(void **state)
{
	struct fixture *f = *state;

	feed_line(f, "", "");
	feed_line(f, "   \t", "   ");
	assert_null(lineedit_history(&f->le, 1));
	feed_line(f, "list", "list");
	feed_line(f, "list", "list");
	feed_line(f, "info", "info");
	feed_line(f, "list", "list");
	assert_string_equal(lineedit_history(&f->le, 1), "list");
	assert_string_equal(lineedit_history(&f->le, 2), "info");
	assert_string_equal(lineedit_history(&f->le, 3), "list");
	assert_null(lineedit_history(&f->le, 4));
	/* Up on a fresh line with an empty history only rings */
}

static void test_history_ring_wraps(void **state)
{
	struct fixture *f = *state;
	char line[16];
	unsigned int i;

	for (i = 0; i < LINEEDIT_HISTORY + 5; i++) {
		snprintf(line, sizeof(line), "cmd%u", i);
		feed_line(f, line, line);
	}
	assert_string_equal(lineedit_history(&f->le, 1), "cmd36");
	assert_string_equal(lineedit_history(&f->le, LINEEDIT_HISTORY), "cmd5");
	assert_null(lineedit_history(&f->le, LINEEDIT_HISTORY + 1));
	for (i = 0; i < LINEEDIT_HISTORY + 3; i++) {
		feed(f, "\x1b[A");
	}
	assert_string_equal(lineedit_line(&f->le), "cmd5");
	for (i = 0; i < LINEEDIT_HISTORY; i++) {
		feed(f, "\x1b[B");
	}
	assert_string_equal(lineedit_line(&f->le), "");
}

static void test_history_empty_up(void **state)
{
	struct fixture *f = *state;

	feed(f, "x");
	clear_echo(f);
	feed(f, "\x1b[A\x1b[B");
	assert_string_equal(f->echo.buf, "\a\a");
	assert_string_equal(lineedit_line(&f->le), "x");
}

/* ---- setup ------------------------------------------------------------ */

static void test_no_writer_and_long_prompt(void **state)
{
	struct lineedit *le = malloc(sizeof(*le));
	char prompt[200];

	assert_non_null(le);
	memset(prompt, 'p', sizeof(prompt) - 1);
	prompt[sizeof(prompt) - 1] = '\0';
	lineedit_init(le, prompt, NULL, NULL);
	assert_int_equal(strlen(le->prompt), LINEEDIT_PROMPT_MAX - 1);
	lineedit_start(le);
	assert_int_equal(lineedit_feed(le, 'a'), LINEEDIT_MORE);
	assert_int_equal(lineedit_feed(le, '\x0c'), LINEEDIT_MORE);
	assert_int_equal(lineedit_feed(le, '\n'), LINEEDIT_LINE);
	assert_string_equal(lineedit_line(le), "a");
	free(le);
}

static void test_set_prompt(void **state)
{
	struct fixture *f = *state;

	lineedit_set_prompt(&f->le, "(dom1)> ");
	clear_echo(f);
	lineedit_start(&f->le);
	assert_string_equal(f->echo.buf, "(dom1)> ");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_prompt_and_plain_echo),
		T(test_backspace_at_end_echo),
		T(test_backspace_at_start_does_nothing),
		T(test_enter_forms),
		T(test_crlf_counts_once),
		T(test_line_without_start),
		T(test_ignored_bytes),
		T(test_full_line),
		T(test_left_right_insert),
		T(test_ctrl_b_f),
		T(test_home_end_forms),
		T(test_home_end_echo),
		T(test_backspace_in_middle),
		T(test_delete),
		T(test_ctrl_d),
		T(test_ctrl_u_k),
		T(test_ctrl_l_redraws),
		T(test_ctrl_c),
		T(test_unknown_escapes_swallowed),
		T(test_control_byte_ends_escape),
		T(test_escape_state_reset_by_start),
		T(test_history_walk_and_restore),
		T(test_history_edit_recalled),
		T(test_history_skips_empty_and_repeats),
		T(test_history_ring_wraps),
		T(test_history_empty_up),
		cmocka_unit_test(test_no_writer_and_long_prompt),
		T(test_set_prompt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
