/*
 * The line editor of tarnctl's prompt: a state machine fed one byte at a time
 * from the serial console, echoing through a callback the caller gives.
 *
 * It assumes a VT100-like terminal and uses as little of it as it can: "\r",
 * "\b", the prompt, the text, "\x1b[K" (erase to the end of the line) and
 * "\x1b[<n>D" (n columns left). Typing at the end of the line echoes just the
 * character, and Backspace there echoes "\b \b", so a test on the far side of
 * a serial line sees plain text. Enter echoes "\r\n", Ctrl-C "^C\r\n"; a key
 * that cannot act (a full line, the oldest history entry) echoes a bell.
 *
 * Keys (docs/tarnctl.md, "Line editing"):
 *   printable ASCII        insert at the cursor (0x20..0x7e; other bytes are ignored)
 *   Enter                  CR, LF, or CR LF (counted once): the line is done
 *   Backspace, Ctrl-H      delete before the cursor (0x7f, 0x08)
 *   Delete                 ESC [ 3 ~: delete at the cursor
 *   Ctrl-D                 on an empty line: end of input; else as Delete
 *   Left, Ctrl-B           ESC [ D, ESC O D
 *   Right, Ctrl-F          ESC [ C, ESC O C
 *   Home, Ctrl-A           ESC [ H, ESC O H, ESC [ 1 ~, ESC [ 7 ~
 *   End, Ctrl-E            ESC [ F, ESC O F, ESC [ 4 ~, ESC [ 8 ~
 *   Up, Ctrl-P             the previous (older) history entry
 *   Down, Ctrl-N           the next (newer) one; past the newest, the line being typed
 *   Ctrl-U                 clear the line
 *   Ctrl-K                 delete from the cursor to the end
 *   Ctrl-L                 redraw the line
 *   Ctrl-C                 drop the line
 * Any other escape sequence (ESC [ params intermediates final, ESC O x, ESC x)
 * is swallowed whole. A control byte inside a sequence ends the sequence and
 * then acts as itself, so Ctrl-C always works.
 *
 * Pure C, no allocation, no global state: the caller owns the struct (about
 * 8.8 KiB with the history, so keep it off a small stack).
 */
#ifndef CTL_LINEEDIT_H
#define CTL_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINEEDIT_MAX	    256 /* bytes of the line buffer: 255 characters and the NUL */
#define LINEEDIT_HISTORY    32	/* lines of history kept */
#define LINEEDIT_PROMPT_MAX 64	/* bytes of the prompt buffer, NUL included */

/* Echo: n bytes of s (not NUL-terminated) to the terminal. */
typedef void (*lineedit_write_fn)(void *ctx, const char *s, size_t n);

enum lineedit_result {
	LINEEDIT_MORE,	 /* keep feeding */
	LINEEDIT_LINE,	 /* Enter: lineedit_line() is the line, now in the history */
	LINEEDIT_CANCEL, /* Ctrl-C: the line was dropped */
	LINEEDIT_EOF,	 /* Ctrl-D on an empty line */
};

/* Everything is private to lineedit.c; the caller only owns the memory. */
struct lineedit {
	lineedit_write_fn write;
	void *ctx;
	char prompt[LINEEDIT_PROMPT_MAX];
	size_t prompt_len;

	char buf[LINEEDIT_MAX]; /* NUL-terminated at len */
	size_t len;
	size_t cursor; /* 0 .. len */
	bool finished; /* the last feed ended the line: the next byte starts a new one */

	/* History ring: hist[(head - n) mod LINEEDIT_HISTORY] is the n-th newest. */
	char hist[LINEEDIT_HISTORY][LINEEDIT_MAX];
	unsigned int hist_count;
	unsigned int hist_head;	  /* the slot the next line goes to */
	unsigned int hist_pos;	  /* 0: the line being typed; n: the n-th newest entry */
	char saved[LINEEDIT_MAX]; /* the line being typed, while walking the history */

	/* Input decoding. */
	uint8_t esc;	     /* escape-sequence state (lineedit.c) */
	uint8_t csi_nparams; /* parameters seen in this CSI */
	uint16_t csi_param;  /* the first parameter's value (saturating) */
	bool after_cr;	     /* the last byte was CR: a following LF is the same Enter */
};

/*
 * Set up an empty editor with an empty history. prompt is copied (cut to
 * LINEEDIT_PROMPT_MAX - 1 bytes); fn may be NULL for no echo. Prints nothing.
 */
void lineedit_init(struct lineedit *le, const char *prompt, lineedit_write_fn fn, void *ctx);

/* Change the prompt for the next lineedit_start() (copied, cut as above). */
void lineedit_set_prompt(struct lineedit *le, const char *prompt);

/* Begin a new, empty line: print the prompt. The history is kept. */
void lineedit_start(struct lineedit *le);

/*
 * Feed one byte from the terminal. After LINEEDIT_LINE, CANCEL or EOF the
 * caller handles the result and calls lineedit_start() for the next prompt;
 * a byte fed without it starts a new line silently.
 */
enum lineedit_result lineedit_feed(struct lineedit *le, char c);

/* The line being edited, or the finished one after LINEEDIT_LINE; NUL-terminated. */
const char *lineedit_line(const struct lineedit *le);

/*
 * History entry n (1 = the newest), or NULL past the oldest. Lines that are
 * empty or only blanks, and a repeat of the newest entry, are not kept.
 */
const char *lineedit_history(const struct lineedit *le, unsigned int n);

#endif /* CTL_LINEEDIT_H */
