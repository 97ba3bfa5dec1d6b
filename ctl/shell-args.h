/*
 * tarnctl's command-line words and numbers: splitting a line into argv, and
 * the number syntaxes the commands take (ids, weights, memory sizes).
 *
 * Pure C: no allocation, no global state, only <stdint.h> and <string.h>.
 */
#ifndef CTL_SHELL_ARGS_H
#define CTL_SHELL_ARGS_H

#include <stdint.h>

/* Errors (negated on return): Xen's numbers, as everywhere in Tarn. */
#define ARGS_E2BIG  7  /* args_split(): more words than argv holds */
#define ARGS_EINVAL 22 /* args_split(): a quote is not closed; parsers: not a number */
#define ARGS_ERANGE 34 /* parsers: a number above the maximum (or 2^64) */

/*
 * Split line into words, in place, like a small sh: words are separated by
 * spaces and tabs; "double quotes" keep blanks and take \" and \\ as escapes
 * (any other backslash stays as it is); 'single quotes' keep everything up
 * to the next '; outside quotes a backslash makes the next byte literal (a
 * backslash at the very end stays itself). Quoted and unquoted pieces next
 * to each other make one word, and "" is an empty word.
 *
 * argv has room for max pointers: at most max - 1 words are stored and
 * argv[argc] is NULL. Returns argc (0 for a blank line), -ARGS_EINVAL for an
 * unterminated quote, -ARGS_E2BIG for too many words; after an error the
 * line is partly rewritten and argv is undefined.
 */
int args_split(char *line, char **argv, int max);

/* The message for an args_split() error ("unterminated quote", ...). */
const char *args_split_error(int rc);

/*
 * An unsigned number: decimal digits, or 0x / 0X and hex digits. No sign, no
 * blanks, nothing after it. Returns 0 and sets *out, or -ARGS_EINVAL (empty,
 * "0x", "-1", "12abc") or -ARGS_ERANGE (above max); *out is untouched on error.
 */
int args_parse_uint(const char *s, uint64_t max, uint64_t *out);

/*
 * A memory size as xl mem-set and mem-max take it (xl's parse_mem_size_kb):
 * decimal digits and at most one suffix, case-insensitive: b (bytes), k
 * (KiB), m (MiB), g (GiB), t (TiB). A bare number is MiB, as in today's xl
 * ("xl mem-set 1 512" is 512 MiB). Returns 0 and sets *kib_out to the size in
 * KiB, or -ARGS_EINVAL (no digits, another suffix, bytes that are not whole
 * KiB: xl would round those down) or -ARGS_ERANGE (does not fit in 64 bits
 * of KiB).
 */
int args_parse_mem(const char *s, uint64_t *kib_out);

#endif /* CTL_SHELL_ARGS_H */
