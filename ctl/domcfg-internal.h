/*
 * What the domain-config files share and nobody else sees: the error
 * message writer, the lexer's tokens, the value rules that both the parser
 * and the writer (domcfg-format.c) enforce, and the parser's state, which
 * the grammar (domcfg.c) and the key setters (domcfg-keys.c) both use.
 */
#ifndef CTL_DOMCFG_INTERNAL_H
#define CTL_DOMCFG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domcfg.h"

/* ---- messages (domcfg-lex.c) ------------------------------------------ */

/* A message being written into the caller's err buffer; cut to fit. */
struct domcfg_msg {
	char *buf;
	size_t cap;
	size_t pos;
};

void domcfg_msg_str(struct domcfg_msg *m, const char *s);
void domcfg_msg_uint(struct domcfg_msg *m, uint64_t v);
/* v in decimal into digits (no NUL); returns how many (1..20). */
size_t domcfg_utoa(uint64_t v, char digits[20]);
/* Config text echoed back: control bytes shown as '?', cut after 40 bytes. */
void domcfg_msg_echo(struct domcfg_msg *m, const char *s, size_t n);

/* ---- the lexer (domcfg-lex.c) ----------------------------------------- */

enum domcfg_tok {
	DOMCFG_TOK_ERROR, /* the lexer has written the message */
	DOMCFG_TOK_END,
	DOMCFG_TOK_NEWLINE, /* also ends a comment */
	DOMCFG_TOK_WORD,    /* a key, or a bare word where a value should be */
	DOMCFG_TOK_NUMBER,  /* starts with a digit; domcfg_number() checks the rest */
	DOMCFG_TOK_STRING,  /* quotes and escapes already checked */
	DOMCFG_TOK_EQUALS,
	DOMCFG_TOK_LBRACKET,
	DOMCFG_TOK_RBRACKET,
	DOMCFG_TOK_COMMA,
	DOMCFG_TOK_SEMICOLON,
};

struct domcfg_token {
	enum domcfg_tok kind;
	const char *text; /* as written, quotes included */
	size_t len;
	unsigned int line;
};

struct domcfg_lexer {
	const char *pos;
	const char *end;
	unsigned int line;
	bool line_unchecked; /* pos is at a line start not yet checked */
	const char *source;  /* for messages; may be NULL */
	struct domcfg_msg msg;
};

void domcfg_lex_init(struct domcfg_lexer *lx, const char *source, const char *text, size_t len,
		     char *err, size_t errlen);
enum domcfg_tok domcfg_lex_next(struct domcfg_lexer *lx, struct domcfg_token *t);
/* Start a message: "source:line: ", or "line N: " without a source. */
struct domcfg_msg *domcfg_lex_error(struct domcfg_lexer *lx, unsigned int line);
/* Describe a token for "found ..." messages: 'text', end of line, end of file. */
void domcfg_msg_token(struct domcfg_msg *m, const struct domcfg_token *t);
/*
 * Decode a STRING token into dst (cap bytes, NUL-terminated, zero-filled
 * after the NUL). Returns the decoded length, which may exceed cap - 1: then
 * dst holds what fitted and the caller reports the value as too long.
 */
size_t domcfg_unquote(const struct domcfg_token *t, char *dst, size_t cap);

/* ---- value rules (domcfg-rules.c) ------------------------------------- */

/* Each returns NULL if v is fine, else why not, as a phrase for a message. */
const char *domcfg_check_store_name(const char *s);
const char *domcfg_check_text(const char *s);
const char *domcfg_check_memory(uint32_t v);
const char *domcfg_check_vcpus(uint32_t v);
const char *domcfg_check_weight(uint32_t v);
/* The cap limit depends on vcpus, so it is checked once both are known. */
bool domcfg_cap_ok(uint32_t cap, uint32_t vcpus);
/* Why a whole struct cannot be written, or NULL (domcfg_format()). */
const char *domcfg_check_all(const struct domcfg *c);
/*
 * A NUMBER token's value: decimal, or hex after 0x. NULL if fine, else why
 * not (a unit suffix, a leading zero xl would read as octal, overflow).
 */
const char *domcfg_number(const struct domcfg_token *t, uint32_t *v);

/* ---- the parser (domcfg.c) and its keys (domcfg-keys.c) --------------- */

enum domcfg_kind {
	DOMCFG_KIND_NUMBER,
	DOMCFG_KIND_STRING,
	DOMCFG_KIND_LIST, /* of strings */
};

struct domcfg_parser;

struct domcfg_key {
	const char *name;
	enum domcfg_kind kind;
	/* Takes the value's first token; a list setter reads on to its ']'. */
	int (*set)(struct domcfg_parser *p, const struct domcfg_token *t);
};

/* Indexes into domcfg_keys[], in the order of docs/domain-config.md. */
enum {
	DOMCFG_KEY_NAME,
	DOMCFG_KEY_KERNEL,
	DOMCFG_KEY_MEMORY,
	DOMCFG_KEY_VCPUS,
	DOMCFG_KEY_WEIGHT,
	DOMCFG_KEY_CAP,
	DOMCFG_KEY_CMDLINE,
	DOMCFG_KEY_ON_CRASH,
	DOMCFG_KEY_DISK,
	DOMCFG_KEY_VIF,
	DOMCFG_NR_KEYS
};

struct domcfg_parser {
	struct domcfg_lexer lx;
	struct domcfg cfg;
	const struct domcfg_key *key;	   /* whose value is being read */
	unsigned int seen[DOMCFG_NR_KEYS]; /* line each key was set on, 0 if not yet */
	struct domcfg_token cap;	   /* cap's value, checked against vcpus at the end */
};

extern const struct domcfg_key domcfg_keys[DOMCFG_NR_KEYS];

/* "line 3: memory = 5000: " for the caller to finish. */
struct domcfg_msg *domcfg_value_msg(struct domcfg_parser *p, const struct domcfg_token *t);
int domcfg_value_error(struct domcfg_parser *p, const struct domcfg_token *t, const char *why);

#endif /* CTL_DOMCFG_INTERNAL_H */
