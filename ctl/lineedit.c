/*
 * The line editor (lineedit.h): input decoding (plain bytes, Enter and the
 * escape sequences), the edits, the history ring, and the echo of each edit.
 *
 * Echo is incremental: each edit writes only what changed from the cursor
 * on, and moves the terminal's cursor back with "\b" or "\x1b[<n>D". Only
 * the keys that replace the whole line (history, Ctrl-U, Ctrl-L) redraw it
 * from "\r". The code touches nothing but the struct and the callback.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lineedit.h"

#define CTRL(c) ((char)((c)&0x1f))
#define KEY_ESC '\x1b'
#define KEY_DEL '\x7f'

/* Escape-sequence states (le->esc). */
enum {
	ESC_NONE,
	ESC_START, /* ESC seen */
	ESC_CSI,   /* ESC [ seen: parameters, intermediates, then a final byte */
	ESC_SS3,   /* ESC O seen: one final byte */
};

#define CSI_PARAM_LIMIT 9999 /* the first parameter saturates here */

/* ---- output ----------------------------------------------------------- */

static void out(struct lineedit *le, const char *s, size_t n)
{
	if (le->write && n) {
		le->write(le->ctx, s, n);
	}
}

static void out_str(struct lineedit *le, const char *s)
{
	out(le, s, strlen(s));
}

static void out_bell(struct lineedit *le)
{
	out(le, "\a", 1);
}

/* Move the terminal's cursor n columns left. */
static void out_left(struct lineedit *le, size_t n)
{
	char seq[16];
	size_t i = sizeof(seq);

	if (n == 0) {
		return;
	}
	if (n == 1) {
		out(le, "\b", 1);
		return;
	}
	seq[--i] = 'D';
	do {
		seq[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	seq[--i] = '[';
	seq[--i] = KEY_ESC;
	out(le, seq + i, sizeof(seq) - i);
}

/* Write the text from the cursor on, erase what is left of the old text,
 * and put the terminal's cursor back where le->cursor is. */
static void out_tail(struct lineedit *le, bool erase)
{
	size_t n = le->len - le->cursor;

	out(le, le->buf + le->cursor, n);
	if (erase) {
		out_str(le, "\x1b[K");
	}
	out_left(le, n);
}

static void redraw(struct lineedit *le)
{
	out(le, "\r", 1);
	out(le, le->prompt, le->prompt_len);
	out(le, le->buf, le->cursor);
	out_tail(le, true);
}

/* ---- the line --------------------------------------------------------- */

static void line_set(struct lineedit *le, const char *s)
{
	le->len = strnlen(s, LINEEDIT_MAX - 1);
	memcpy(le->buf, s, le->len);
	le->buf[le->len] = '\0';
	le->cursor = le->len;
}

static void line_reset(struct lineedit *le)
{
	le->len = 0;
	le->cursor = 0;
	le->buf[0] = '\0';
	le->hist_pos = 0;
	le->finished = false;
}

static void key_insert(struct lineedit *le, char c)
{
	if (le->len >= LINEEDIT_MAX - 1) {
		out_bell(le);
		return;
	}
	memmove(le->buf + le->cursor + 1, le->buf + le->cursor, le->len - le->cursor + 1);
	le->buf[le->cursor] = c;
	le->len++;
	le->cursor++;
	out(le, &c, 1);
	if (le->cursor < le->len) {
		out_tail(le, false);
	}
}

/* Remove the byte at pos, which is before the end. */
static void line_remove(struct lineedit *le, size_t pos)
{
	memmove(le->buf + pos, le->buf + pos + 1, le->len - pos);
	le->len--;
}

static void key_backspace(struct lineedit *le)
{
	if (le->cursor == 0) {
		return;
	}
	le->cursor--;
	line_remove(le, le->cursor);
	if (le->cursor == le->len) {
		out_str(le, "\b \b");
	} else {
		out(le, "\b", 1);
		out_tail(le, true);
	}
}

static void key_delete(struct lineedit *le)
{
	if (le->cursor == le->len) {
		return;
	}
	line_remove(le, le->cursor);
	out_tail(le, true);
}

static void key_left(struct lineedit *le)
{
	if (le->cursor > 0) {
		le->cursor--;
		out_left(le, 1);
	}
}

/* Moving right rewrites the character passed over: no cursor sequence. */
static void key_right(struct lineedit *le)
{
	if (le->cursor < le->len) {
		out(le, le->buf + le->cursor, 1);
		le->cursor++;
	}
}

static void key_home(struct lineedit *le)
{
	out_left(le, le->cursor);
	le->cursor = 0;
}

static void key_end(struct lineedit *le)
{
	out(le, le->buf + le->cursor, le->len - le->cursor);
	le->cursor = le->len;
}

static void key_kill_to_end(struct lineedit *le)
{
	if (le->cursor == le->len) {
		return;
	}
	le->len = le->cursor;
	le->buf[le->len] = '\0';
	out_str(le, "\x1b[K");
}

static void key_clear(struct lineedit *le)
{
	le->len = 0;
	le->cursor = 0;
	le->buf[0] = '\0';
	redraw(le);
}

/* ---- history ---------------------------------------------------------- */

const char *lineedit_history(const struct lineedit *le, unsigned int n)
{
	if (n == 0 || n > le->hist_count) {
		return NULL;
	}
	return le->hist[(le->hist_head + LINEEDIT_HISTORY - n) % LINEEDIT_HISTORY];
}

static bool blank(const char *s)
{
	for (; *s; s++) {
		if (*s != ' ' && *s != '\t') {
			return false;
		}
	}
	return true;
}

static void history_add(struct lineedit *le, const char *line)
{
	const char *newest = lineedit_history(le, 1);

	if (blank(line) || (newest && !strcmp(newest, line))) {
		return;
	}
	memcpy(le->hist[le->hist_head], line, strlen(line) + 1);
	le->hist_head = (le->hist_head + 1) % LINEEDIT_HISTORY;
	if (le->hist_count < LINEEDIT_HISTORY) {
		le->hist_count++;
	}
}

static void key_history_up(struct lineedit *le)
{
	if (le->hist_pos >= le->hist_count) {
		out_bell(le);
		return;
	}
	if (le->hist_pos == 0) {
		memcpy(le->saved, le->buf, le->len + 1);
	}
	le->hist_pos++;
	line_set(le, lineedit_history(le, le->hist_pos));
	redraw(le);
}

static void key_history_down(struct lineedit *le)
{
	if (le->hist_pos == 0) {
		out_bell(le);
		return;
	}
	le->hist_pos--;
	line_set(le, le->hist_pos ? lineedit_history(le, le->hist_pos) : le->saved);
	redraw(le);
}

/* ---- input ------------------------------------------------------------ */

static enum lineedit_result key_enter(struct lineedit *le)
{
	out_str(le, "\r\n");
	history_add(le, le->buf);
	le->finished = true;
	return LINEEDIT_LINE;
}

/* The keys of ESC [ <n> ~ (VT220 and rxvt numbering). */
static void key_tilde(struct lineedit *le, unsigned int n)
{
	switch (n) {
	case 1:
	case 7:
		key_home(le);
		break;
	case 3:
		key_delete(le);
		break;
	case 4:
	case 8:
		key_end(le);
		break;
	default:
		break; /* Insert, Page Up/Down, function keys: nothing to do */
	}
}

/* The final letter of ESC [ x or ESC O x. */
static void key_letter(struct lineedit *le, char c)
{
	switch (c) {
	case 'A':
		key_history_up(le);
		break;
	case 'B':
		key_history_down(le);
		break;
	case 'C':
		key_right(le);
		break;
	case 'D':
		key_left(le);
		break;
	case 'H':
		key_home(le);
		break;
	case 'F':
		key_end(le);
		break;
	default:
		break;
	}
}

/* A CSI with more than one parameter (modifiers) is not a key we know. */
static void csi_final(struct lineedit *le, char c)
{
	if (le->csi_nparams > 1) {
		return;
	}
	if (c == '~') {
		key_tilde(le, le->csi_param);
	} else if (le->csi_nparams == 0 || le->csi_param == 1) {
		key_letter(le, c);
	}
}

static void csi_byte(struct lineedit *le, char c)
{
	if (c >= '0' && c <= '9') {
		if (le->csi_nparams == 0) {
			le->csi_nparams = 1;
		}
		if (le->csi_nparams == 1) {
			le->csi_param = (uint16_t)(le->csi_param * 10 + (c - '0'));
			if (le->csi_param > CSI_PARAM_LIMIT) {
				le->csi_param = CSI_PARAM_LIMIT;
			}
		}
	} else if (c >= 0x20 && c <= 0x3f) {
		/* ';' (even "ESC [ ; 5 C", an empty first one), '?', intermediates:
		 * modified or private keys, none of which tarnctl knows */
		le->csi_nparams = 2;
	} else {
		le->esc = ESC_NONE;
		csi_final(le, c); /* 0x40 .. 0x7e */
	}
}

/*
 * Inside an escape sequence: returns true when c was consumed. Control
 * bytes end the sequence unconsumed, so they act as themselves.
 */
static bool escape_byte(struct lineedit *le, char c)
{
	if (c == KEY_ESC) {
		le->esc = ESC_START; /* a new sequence cuts the old one short */
		return true;
	}
	if ((unsigned char)c < 0x20 || c == KEY_DEL) {
		le->esc = ESC_NONE;
		return false;
	}
	switch (le->esc) {
	case ESC_START:
		le->esc = ESC_NONE;
		if (c == '[') {
			le->esc = ESC_CSI;
			le->csi_nparams = 0;
			le->csi_param = 0;
		} else if (c == 'O') {
			le->esc = ESC_SS3;
		}
		break; /* ESC x (Alt-x): swallowed */
	case ESC_SS3:
		le->esc = ESC_NONE;
		key_letter(le, c);
		break;
	default:
		csi_byte(le, c);
		break;
	}
	return true;
}

static enum lineedit_result control_byte(struct lineedit *le, char c)
{
	switch (c) {
	case '\r':
	case '\n':
		return key_enter(le);
	case CTRL('C'):
		out_str(le, "^C\r\n");
		le->finished = true;
		return LINEEDIT_CANCEL;
	case CTRL('D'):
		if (le->len == 0) {
			le->finished = true;
			return LINEEDIT_EOF;
		}
		key_delete(le);
		break;
	case KEY_ESC:
		le->esc = ESC_START;
		break;
	case KEY_DEL:
	case CTRL('H'):
		key_backspace(le);
		break;
	case CTRL('A'):
		key_home(le);
		break;
	case CTRL('E'):
		key_end(le);
		break;
	case CTRL('B'):
		key_left(le);
		break;
	case CTRL('F'):
		key_right(le);
		break;
	case CTRL('P'):
		key_history_up(le);
		break;
	case CTRL('N'):
		key_history_down(le);
		break;
	case CTRL('U'):
		key_clear(le);
		break;
	case CTRL('K'):
		key_kill_to_end(le);
		break;
	case CTRL('L'):
		redraw(le);
		break;
	default:
		break; /* Tab and the other controls: ignored */
	}
	return LINEEDIT_MORE;
}

enum lineedit_result lineedit_feed(struct lineedit *le, char c)
{
	bool after_cr = le->after_cr;

	le->after_cr = c == '\r';
	if (c == '\n' && after_cr) {
		return LINEEDIT_MORE; /* the LF of CR LF: that Enter was reported */
	}
	if (le->finished) {
		line_reset(le);
	}
	if (le->esc != ESC_NONE && escape_byte(le, c)) {
		return LINEEDIT_MORE;
	}
	if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f) {
		key_insert(le, c);
		return LINEEDIT_MORE;
	}
	if ((unsigned char)c >= 0x80) {
		return LINEEDIT_MORE; /* no UTF-8: a wide character would break the columns */
	}
	return control_byte(le, c);
}

/* ---- setup ------------------------------------------------------------ */

void lineedit_set_prompt(struct lineedit *le, const char *prompt)
{
	le->prompt_len = strnlen(prompt, LINEEDIT_PROMPT_MAX - 1);
	memcpy(le->prompt, prompt, le->prompt_len);
	le->prompt[le->prompt_len] = '\0';
}

void lineedit_init(struct lineedit *le, const char *prompt, lineedit_write_fn fn, void *ctx)
{
	memset(le, 0, sizeof(*le));
	le->write = fn;
	le->ctx = ctx;
	le->esc = ESC_NONE;
	lineedit_set_prompt(le, prompt);
}

void lineedit_start(struct lineedit *le)
{
	line_reset(le);
	le->esc = ESC_NONE;
	out(le, le->prompt, le->prompt_len);
}

const char *lineedit_line(const struct lineedit *le)
{
	return le->buf;
}
