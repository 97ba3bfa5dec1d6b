/*
 * Words and numbers of tarnctl's command lines (shell-args.h).
 *
 * args_split() rewrites the line in place: the write position never passes
 * the read position (quotes and backslashes only ever remove bytes), so each
 * word and its NUL fit where the word's text was.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "shell-args.h"

/* ---- splitting -------------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Copy one word from *rp to *wp, unquoting. Stops at a blank outside quotes
 * or at the NUL; returns false for an unterminated quote.
 */
static bool split_word(char **rp, char **wp)
{
	char *r = *rp, *w = *wp;
	char quote = 0;

	for (; *r; r++) {
		if (quote == '\'') {
			if (*r == '\'') {
				quote = 0;
			} else {
				*w++ = *r;
			}
		} else if (quote == '"') {
			if (*r == '"') {
				quote = 0;
			} else if (*r == '\\' && (r[1] == '"' || r[1] == '\\')) {
				*w++ = *++r;
			} else {
				*w++ = *r;
			}
		} else if (is_blank(*r)) {
			break;
		} else if (*r == '"' || *r == '\'') {
			quote = *r;
		} else if (*r == '\\' && r[1]) {
			*w++ = *++r;
		} else {
			*w++ = *r;
		}
	}
	*rp = r;
	*wp = w;
	return quote == 0;
}

int args_split(char *line, char **argv, int max)
{
	char *r = line;
	int argc = 0;

	for (;;) {
		char *w;

		while (is_blank(*r)) {
			r++;
		}
		if (!*r) {
			break;
		}
		if (argc >= max - 1) {
			return -ARGS_E2BIG;
		}
		w = r;
		argv[argc++] = w;
		if (!split_word(&r, &w)) {
			return -ARGS_EINVAL;
		}
		if (*r) {
			r++; /* the blank after the word, which w may overwrite now */
		}
		*w = '\0';
	}
	if (max > 0) {
		argv[argc] = NULL;
	}
	return argc;
}

const char *args_split_error(int rc)
{
	switch (rc) {
	case -ARGS_EINVAL:
		return "unterminated quote";
	case -ARGS_E2BIG:
		return "too many words";
	default:
		return "bad command line";
	}
}

/* ---- numbers ---------------------------------------------------------- */

static int digit_value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/*
 * Digits of base from s, into *v, stopping at the first non-digit (*end).
 * Returns -ARGS_EINVAL for no digits, -ARGS_ERANGE past 2^64 - 1.
 */
static int parse_digits(const char *s, unsigned int base, uint64_t *v, const char **end)
{
	uint64_t n = 0;
	const char *p = s;
	bool overflow = false;
	int d;

	for (; (d = digit_value(*p)) >= 0 && (unsigned int)d < base; p++) {
		if (n > (UINT64_MAX - (unsigned int)d) / base) {
			overflow = true; /* keep going: "99..9x" is junk, not a range error */
		}
		n = n * base + (unsigned int)d;
	}
	*end = p;
	if (p == s) {
		return -ARGS_EINVAL;
	}
	*v = n;
	return overflow ? -ARGS_ERANGE : 0;
}

int args_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	unsigned int base = 10;
	const char *end;
	uint64_t v = 0;
	int rc;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	rc = parse_digits(s, base, &v, &end);
	if (*end && rc != -ARGS_EINVAL) {
		rc = -ARGS_EINVAL;
	}
	if (rc) {
		return rc;
	}
	if (v > max) {
		return -ARGS_ERANGE;
	}
	*out = v;
	return 0;
}

/* The suffix's shift from KiB; bytes are handled apart. */
static int mem_shift(char suffix)
{
	switch (suffix) {
	case 'k':
	case 'K':
		return 0;
	case '\0':
	case 'm':
	case 'M':
		return 10;
	case 'g':
	case 'G':
		return 20;
	case 't':
	case 'T':
		return 30;
	default:
		return -1;
	}
}

int args_parse_mem(const char *s, uint64_t *kib_out)
{
	const char *end;
	uint64_t v = 0;
	int rc = parse_digits(s, 10, &v, &end);
	int shift;

	if (rc == -ARGS_EINVAL || (*end && end[1])) {
		return -ARGS_EINVAL;
	}
	if (*end == 'b' || *end == 'B') {
		if (rc == 0 && v % 1024) {
			return -ARGS_EINVAL;
		}
		shift = -10;
	} else {
		shift = mem_shift(*end);
		if (shift < 0) {
			return -ARGS_EINVAL;
		}
	}
	if (rc) {
		return rc;
	}
	if (shift < 0) {
		*kib_out = v >> 10;
	} else if (v > UINT64_MAX >> shift) {
		return -ARGS_ERANGE;
	} else {
		*kib_out = v << shift;
	}
	return 0;
}
