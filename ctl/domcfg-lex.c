/*
 * The domain-config lexer, and the writer of the one-line error messages
 * every part of the parser reports through.
 *
 * Tokens follow xl's lexer (libxlu_cfg_l.l): words, numbers, strings in
 * double or single quotes, the punctuation = [ ] , ; and newlines, with '#'
 * starting a comment to the end of the line outside strings. Tarn is
 * stricter where xl's leniency would hide a mistake (see
 * docs/domain-config.md): a few escapes only, no control bytes in strings.
 *
 * The lexer reads the caller's buffer in place and never past its end; each
 * line is checked for length and NUL bytes before its first token, so those
 * errors carry the right line number and the rest of the lexer may rely on
 * a line being short and NUL-free.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domcfg-internal.h"

#define ECHO_MAX 40 /* bytes of config text quoted back in a message */

/* ---- messages --------------------------------------------------------- */

static void msg_char(struct domcfg_msg *m, char c)
{
	if (m->pos + 1 < m->cap) {
		m->buf[m->pos++] = c;
		m->buf[m->pos] = '\0';
	}
}

void domcfg_msg_str(struct domcfg_msg *m, const char *s)
{
	while (*s) {
		msg_char(m, *s++);
	}
}

size_t domcfg_utoa(uint64_t v, char digits[20])
{
	char rev[20];
	size_t n = 0;

	do {
		rev[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		digits[i] = rev[n - 1 - i];
	return n;
}

void domcfg_msg_uint(struct domcfg_msg *m, uint64_t v)
{
	char digits[20];
	size_t n = domcfg_utoa(v, digits);

	for (size_t i = 0; i < n; i++)
		msg_char(m, digits[i]);
}

static void msg_hex_byte(struct domcfg_msg *m, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	domcfg_msg_str(m, "0x");
	msg_char(m, hex[c >> 4]);
	msg_char(m, hex[c & 15]);
}

static bool is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

void domcfg_msg_echo(struct domcfg_msg *m, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < ECHO_MAX; i++) {
		/* A message is one line of plain text whatever the config holds. */
		msg_char(m, is_control((unsigned char)s[i]) ? '?' : s[i]);
	}
	if (n > ECHO_MAX) {
		domcfg_msg_str(m, "...");
	}
}

struct domcfg_msg *domcfg_lex_error(struct domcfg_lexer *lx, unsigned int line)
{
	struct domcfg_msg *m = &lx->msg;

	/* A later error never appends to an earlier one: one line, the first. */
	m->pos = 0;
	if (m->cap) {
		m->buf[0] = '\0';
	}
	if (lx->source) {
		domcfg_msg_str(m, lx->source);
		domcfg_msg_str(m, line ? ":" : ": ");
	} else if (line) {
		domcfg_msg_str(m, "line ");
	}
	if (line) {
		domcfg_msg_uint(m, line);
		domcfg_msg_str(m, ": ");
	}
	return m;
}

void domcfg_msg_token(struct domcfg_msg *m, const struct domcfg_token *t)
{
	if (t->kind == DOMCFG_TOK_END) {
		domcfg_msg_str(m, "the end of the config");
	} else if (t->kind == DOMCFG_TOK_NEWLINE) {
		domcfg_msg_str(m, "the end of the line");
	} else {
		domcfg_msg_str(m, "'");
		domcfg_msg_echo(m, t->text, t->len);
		domcfg_msg_str(m, "'");
	}
}

/* ---- the lexer -------------------------------------------------------- */

void domcfg_lex_init(struct domcfg_lexer *lx, const char *source, const char *text, size_t len,
		     char *err, size_t errlen)
{
	lx->pos = text;
	lx->end = text + len;
	lx->line = 1;
	lx->line_unchecked = true;
	lx->source = source;
	lx->msg.buf = err;
	lx->msg.cap = err ? errlen : 0;
	lx->msg.pos = 0;
	if (lx->msg.cap) {
		err[0] = '\0';
	}
}

static bool lex_check_line(struct domcfg_lexer *lx)
{
	size_t left = (size_t)(lx->end - lx->pos);
	const char *nl = memchr(lx->pos, '\n', left);
	size_t n = nl ? (size_t)(nl - lx->pos) : left;
	const char *nul = memchr(lx->pos, '\0', n);
	struct domcfg_msg *m;

	if (n > DOMCFG_LINE_MAX) {
		m = domcfg_lex_error(lx, lx->line);
		domcfg_msg_str(m, "line longer than ");
		domcfg_msg_uint(m, DOMCFG_LINE_MAX);
		domcfg_msg_str(m, " bytes");
		return false;
	}
	if (nul) {
		m = domcfg_lex_error(lx, lx->line);
		domcfg_msg_str(m, "NUL byte at column ");
		domcfg_msg_uint(m, (uint64_t)(nul - lx->pos) + 1);
		domcfg_msg_str(m, " (a config is text; is this the right store record?)");
		return false;
	}
	return true;
}

static bool is_word_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Words run over more than xl's [a-z][_0-9a-z]* so that "on-crash" or
 * "128M" arrive as one token and get one clear message, not a confusing one
 * about whatever follows the first bad character.
 */
static bool is_word_char(char c)
{
	return is_word_start(c) || is_digit(c) || c == '-' || c == '.';
}

/* Blanks and a comment; a '\r' is a blank, so CRLF configs read as LF. */
static void lex_skip_blanks(struct domcfg_lexer *lx)
{
	while (lx->pos < lx->end) {
		char c = *lx->pos;

		if (c == '#') {
			const char *nl = memchr(lx->pos, '\n', (size_t)(lx->end - lx->pos));

			lx->pos = nl ? nl : lx->end;
			return;
		}
		if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
		lx->pos++;
	}
}

static enum domcfg_tok lex_fail(struct domcfg_lexer *lx, struct domcfg_token *t, const char *what)
{
	domcfg_msg_str(domcfg_lex_error(lx, lx->line), what);
	return t->kind = DOMCFG_TOK_ERROR;
}

static enum domcfg_tok lex_done(struct domcfg_lexer *lx, struct domcfg_token *t,
				enum domcfg_tok kind, const char *end)
{
	t->kind = kind;
	t->len = (size_t)(end - t->text);
	lx->pos = end;
	return kind;
}

static enum domcfg_tok lex_word(struct domcfg_lexer *lx, struct domcfg_token *t,
				enum domcfg_tok kind)
{
	const char *p = lx->pos;

	while (p < lx->end && is_word_char(*p)) {
		p++;
	}
	return lex_done(lx, t, kind, p);
}

static bool is_escape(char c)
{
	return c == '\\' || c == '"' || c == '\'' || c == 't';
}

static enum domcfg_tok lex_bad_string_byte(struct domcfg_lexer *lx, struct domcfg_token *t,
					   unsigned char c)
{
	struct domcfg_msg *m = domcfg_lex_error(lx, lx->line);

	domcfg_msg_str(m, "control character ");
	msg_hex_byte(m, c);
	domcfg_msg_str(m, " inside a string");
	return t->kind = DOMCFG_TOK_ERROR;
}

static enum domcfg_tok lex_bad_escape(struct domcfg_lexer *lx, struct domcfg_token *t,
				      const char *c)
{
	struct domcfg_msg *m = domcfg_lex_error(lx, lx->line);

	domcfg_msg_str(m, "unsupported escape '\\");
	domcfg_msg_echo(m, c, 1);
	domcfg_msg_str(m, "' in a string (Tarn takes \\\\ \\\" \\' and \\t)");
	return t->kind = DOMCFG_TOK_ERROR;
}

/* Strings end on their own line: an unclosed quote stops at the newline. */
static enum domcfg_tok lex_string(struct domcfg_lexer *lx, struct domcfg_token *t)
{
	char quote = *lx->pos;
	const char *p = lx->pos + 1;

	while (p < lx->end && *p != '\n') {
		unsigned char c = (unsigned char)*p;

		if (c == (unsigned char)quote) {
			return lex_done(lx, t, DOMCFG_TOK_STRING, p + 1);
		}
		if (c == '\\' && p + 1 < lx->end && p[1] != '\n') {
			if (!is_escape(p[1])) {
				return lex_bad_escape(lx, t, p + 1);
			}
			p += 2;
			continue;
		}
		/* A CR before the newline is CRLF: the string is unterminated. */
		if (is_control(c) && c != '\t' && !(c == '\r' && p + 1 < lx->end && p[1] == '\n')) {
			return lex_bad_string_byte(lx, t, c);
		}
		p++;
	}
	return lex_fail(lx, t,
			quote == '"' ? "unterminated string: no closing \" on this line"
				     : "unterminated string: no closing ' on this line");
}

static enum domcfg_tok lex_punct(struct domcfg_lexer *lx, struct domcfg_token *t)
{
	static const char punct[] = "=[],;";
	static const enum domcfg_tok kinds[] = {DOMCFG_TOK_EQUALS, DOMCFG_TOK_LBRACKET,
						DOMCFG_TOK_RBRACKET, DOMCFG_TOK_COMMA,
						DOMCFG_TOK_SEMICOLON};
	const char *p = lx->pos;
	const char *hit = memchr(punct, *p, sizeof(punct) - 1);
	struct domcfg_msg *m;

	if (hit) {
		return lex_done(lx, t, kinds[hit - punct], p + 1);
	}
	if (*p == '-' && p + 1 < lx->end && is_digit(p[1])) {
		return lex_fail(lx, t, "negative numbers are not allowed");
	}
	if (*p == '+' && p + 1 < lx->end && p[1] == '=') {
		return lex_fail(lx, t,
				"'+=' (append) is not supported: give the whole value with '='");
	}
	m = domcfg_lex_error(lx, lx->line);
	domcfg_msg_str(m, "unexpected ");
	if (is_control((unsigned char)*p) || (unsigned char)*p >= 0x80) {
		domcfg_msg_str(m, "byte ");
		msg_hex_byte(m, (unsigned char)*p);
	} else {
		domcfg_msg_str(m, "character '");
		domcfg_msg_echo(m, p, 1);
		domcfg_msg_str(m, "'");
	}
	return t->kind = DOMCFG_TOK_ERROR;
}

enum domcfg_tok domcfg_lex_next(struct domcfg_lexer *lx, struct domcfg_token *t)
{
	char c;

	if (lx->line_unchecked) {
		lx->line_unchecked = false;
		if (!lex_check_line(lx)) {
			return t->kind = DOMCFG_TOK_ERROR;
		}
	}
	lex_skip_blanks(lx);
	t->text = lx->pos;
	t->len = 0;
	t->line = lx->line;
	if (lx->pos == lx->end) {
		/* After a final newline the end belongs to the last line, as in editors. */
		if (lx->line > 1 && lx->pos[-1] == '\n') {
			t->line = lx->line - 1;
		}
		return t->kind = DOMCFG_TOK_END;
	}
	c = *lx->pos;
	if (c == '\n') {
		lx->line++;
		lx->line_unchecked = true;
		return lex_done(lx, t, DOMCFG_TOK_NEWLINE, lx->pos + 1);
	}
	if (c == '"' || c == '\'') {
		return lex_string(lx, t);
	}
	if (is_digit(c)) {
		return lex_word(lx, t, DOMCFG_TOK_NUMBER);
	}
	if (is_word_start(c)) {
		return lex_word(lx, t, DOMCFG_TOK_WORD);
	}
	return lex_punct(lx, t);
}

static char unescape(char c)
{
	return c == 't' ? '\t' : c;
}

size_t domcfg_unquote(const struct domcfg_token *t, char *dst, size_t cap)
{
	const char *p = t->text + 1;
	const char *end = t->text + t->len - 1; /* the closing quote */
	size_t n = 0;

	memset(dst, 0, cap);
	while (p < end) {
		char c = *p++;

		if (c == '\\') {
			c = unescape(*p++); /* the lexer saw a valid escape */
		}
		if (n + 1 < cap) {
			dst[n] = c;
		}
		n++;
	}
	return n;
}
