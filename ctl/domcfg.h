/*
 * Domain configs: the xl.cfg subset that the control domain's builder reads
 * from the Tarn store, and the canonical text it writes back.
 *
 * docs/domain-config.md is the user's reference (syntax, keys, ranges,
 * defaults, and where Tarn differs from xl). This header is the C contract.
 *
 * The code is pure: it reads a byte buffer (a store record, not a file),
 * allocates nothing, prints nothing and includes only <stdint.h>,
 * <stddef.h>, <stdbool.h> and <string.h>, so the same objects build for the
 * host tools, the unit tests and the freestanding control domain. Every
 * field has a fixed size; the limits below are Tarn's, chosen so that a
 * struct domcfg (about 3.3 KiB) fits comfortably on a control-domain stack.
 *
 * Files: domcfg-lex.c (lexer, error messages), domcfg.c (the grammar and
 * the entry points), domcfg-keys.c (each key's type and setter),
 * domcfg-rules.c (the value rules, shared by parser and writer),
 * domcfg-format.c (the canonical writer); domcfg-internal.h joins them.
 */
#ifndef CTL_DOMCFG_H
#define CTL_DOMCFG_H

#include <stddef.h>
#include <stdint.h>

/* Errors (negated on return): Xen's numbers, as everywhere in Tarn. */
#define DOMCFG_EINVAL	  22 /* the config is malformed or a value is out of range */
#define DOMCFG_ENOSPC	  28 /* domcfg_format(): the buffer is too small */
#define DOMCFG_EOPNOTSUPP 95 /* valid for xl, but Tarn does not do it (on_crash) */

#define DOMCFG_NAME_MAX	   63	/* bytes of name and kernel, without the NUL */
#define DOMCFG_CMDLINE_MAX 1023 /* bytes of cmdline, without the NUL */
#define DOMCFG_LIST_MAX	   4	/* entries of disk and of vif */
#define DOMCFG_ITEM_MAX	   255	/* bytes of one disk or vif entry, without the NUL */
#define DOMCFG_LINE_MAX	   4096 /* bytes of one line of config text, without the '\n' */

#define DOMCFG_MEMORY_MIN     4	   /* MiB */
#define DOMCFG_MEMORY_MAX     3072 /* MiB */
#define DOMCFG_MEMORY_DEFAULT 128  /* MiB, as xl */
#define DOMCFG_VCPUS_MAX      8
#define DOMCFG_WEIGHT_MAX     65535
#define DOMCFG_WEIGHT_DEFAULT 256 /* as the credit scheduler's default */
#define DOMCFG_CAP_PER_VCPU   100 /* cap is in percent of one physical CPU */

/* Enough for domcfg_format() of any valid config (every byte escaped). */
#define DOMCFG_FORMAT_MAX 8192

/* What the builder does when the guest crashes (xl's on_crash). */
enum domcfg_on_crash {
	DOMCFG_CRASH_DESTROY = 0, /* the default */
	DOMCFG_CRASH_RESTART,
	DOMCFG_CRASH_PRESERVE,
};

/*
 * A validated config. Strings are NUL-terminated and every byte after the
 * NUL is zero, as are unused list entries, so two configs that mean the same
 * compare equal with memcmp().
 */
struct domcfg {
	char name[DOMCFG_NAME_MAX + 1];
	char kernel[DOMCFG_NAME_MAX + 1]; /* the Image's name in the store */
	uint32_t memory_mib;		  /* even, DOMCFG_MEMORY_MIN..DOMCFG_MEMORY_MAX */
	uint32_t vcpus;			  /* 1..DOMCFG_VCPUS_MAX */
	uint32_t weight;		  /* 1..DOMCFG_WEIGHT_MAX */
	uint32_t cap;			  /* 0 (none) .. DOMCFG_CAP_PER_VCPU * vcpus */
	enum domcfg_on_crash on_crash;
	char cmdline[DOMCFG_CMDLINE_MAX + 1];
	uint32_t ndisks; /* entries used in disk[] */
	uint32_t nvifs;	 /* entries used in vif[] */
	char disk[DOMCFG_LIST_MAX][DOMCFG_ITEM_MAX + 1];
	char vif[DOMCFG_LIST_MAX][DOMCFG_ITEM_MAX + 1];
};

/*
 * Parse len bytes of config text (no NUL terminator needed; a NUL inside is
 * an error). Returns 0 with *out filled, or -DOMCFG_EINVAL (or
 * -DOMCFG_EOPNOTSUPP for an xl on_crash action Tarn lacks) with *out
 * untouched and err holding one line without a newline, starting with the
 * line number: "line 3: memory = 5000: more than 3072 MiB" (a problem with
 * no line, such as a missing name, has none). err may be NULL or errlen 0;
 * a long message is cut to fit and is always NUL-terminated.
 */
int domcfg_parse(const char *text, size_t len, struct domcfg *out, char *err, size_t errlen);

/*
 * As domcfg_parse(), with the config's name (its store name, or a file name
 * on the host) in front of each message, as compilers do:
 * "hello.cfg:3: memory = 5000: more than 3072 MiB". source may be NULL.
 */
int domcfg_parse_named(const char *source, const char *text, size_t len, struct domcfg *out,
		       char *err, size_t errlen);

/*
 * Write c as canonical config text: every key but empty lists, one per line,
 * in the order of struct domcfg, strings double-quoted. The text parses back
 * to a struct equal to c. Returns the length written (without the NUL that
 * follows it), -DOMCFG_EINVAL if c breaks a rule domcfg_parse() enforces, or
 * -DOMCFG_ENOSPC if it does not fit in len bytes (DOMCFG_FORMAT_MAX always
 * does); buf is NUL-terminated whenever len > 0.
 */
int domcfg_format(const struct domcfg *c, char *buf, size_t len);

#endif /* CTL_DOMCFG_H */
