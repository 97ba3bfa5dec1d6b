/*
 * The domain-config parser: the statement grammar of xl.cfg (KEY = VALUE,
 * ended by a newline or ';'; a list may span lines), the type check of each
 * value, and the checks that need the whole config (required keys, cap
 * against vcpus).
 *
 * Everything is parsed into a struct domcfg inside the parser and copied to
 * the caller only when the whole config is good, so a failed parse leaves
 * the caller's struct as it was. The first error stops the parse: the one
 * message names the line and the key, which is what a user fixing a config
 * at the tarnctl prompt needs.
 *
 * The keys and their setters live in domcfg-keys.c, the value rules in
 * domcfg-rules.c (shared with domcfg_format()).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domcfg-internal.h"

/* ---- statements ------------------------------------------------------- */

static const struct domcfg_key *find_key(const struct domcfg_token *t)
{
	unsigned int i;

	for (i = 0; i < DOMCFG_NR_KEYS; i++) {
		if (strlen(domcfg_keys[i].name) == t->len &&
		    !memcmp(domcfg_keys[i].name, t->text, t->len)) {
			return &domcfg_keys[i];
		}
	}
	return NULL;
}

static int key_error(struct domcfg_parser *p, const struct domcfg_token *t, const char *what,
		     const char *after)
{
	struct domcfg_msg *m = domcfg_lex_error(&p->lx, t->line);

	domcfg_msg_str(m, what);
	domcfg_msg_token(m, t);
	domcfg_msg_str(m, after);
	return -DOMCFG_EINVAL;
}

/* xl lets the last of two settings win; a repeat is more often a typo. */
static int duplicate_key(struct domcfg_parser *p, const struct domcfg_token *t, unsigned int first)
{
	struct domcfg_msg *m = domcfg_lex_error(&p->lx, t->line);

	domcfg_msg_str(m, p->key->name);
	domcfg_msg_str(m, " is set twice (first on line ");
	domcfg_msg_uint(m, first);
	domcfg_msg_str(m, "): keep one");
	return -DOMCFG_EINVAL;
}

/* What a value of the wrong type gets told, with the right spelling. */
static int type_error(struct domcfg_parser *p, const struct domcfg_token *t)
{
	struct domcfg_msg *m = domcfg_value_msg(p, t);
	enum domcfg_kind want = p->key->kind;

	if (want == DOMCFG_KIND_NUMBER) {
		domcfg_msg_str(m, t->kind == DOMCFG_TOK_LBRACKET
					  ? "must be a number, not a list"
					  : "must be a number, without quotes");
	} else if (want == DOMCFG_KIND_STRING && t->kind == DOMCFG_TOK_LBRACKET) {
		domcfg_msg_str(m, "must be one string in quotes, not a list");
	} else if (want == DOMCFG_KIND_STRING) {
		domcfg_msg_str(m, "must be a string in quotes: ");
		domcfg_msg_str(m, p->key->name);
		domcfg_msg_str(m, " = \"");
		domcfg_msg_echo(m, t->text, t->len);
		domcfg_msg_str(m, "\"");
	} else {
		domcfg_msg_str(m, "must be a list of strings: ");
		domcfg_msg_str(m, p->key->name);
		domcfg_msg_str(m, " = [ \"...\" ]");
	}
	return -DOMCFG_EINVAL;
}

static bool is_value(enum domcfg_tok k)
{
	return k == DOMCFG_TOK_NUMBER || k == DOMCFG_TOK_STRING || k == DOMCFG_TOK_WORD ||
	       k == DOMCFG_TOK_LBRACKET;
}

static bool type_matches(enum domcfg_kind want, enum domcfg_tok k)
{
	return (want == DOMCFG_KIND_NUMBER && k == DOMCFG_TOK_NUMBER) ||
	       (want == DOMCFG_KIND_STRING && k == DOMCFG_TOK_STRING) ||
	       (want == DOMCFG_KIND_LIST && k == DOMCFG_TOK_LBRACKET);
}

static int parse_value(struct domcfg_parser *p)
{
	struct domcfg_token t;

	if (domcfg_lex_next(&p->lx, &t) == DOMCFG_TOK_ERROR) {
		return -DOMCFG_EINVAL;
	}
	if (t.kind != DOMCFG_TOK_EQUALS) {
		return key_error(p, &t, "expected '=' after the key, found ", "");
	}
	if (domcfg_lex_next(&p->lx, &t) == DOMCFG_TOK_ERROR) {
		return -DOMCFG_EINVAL;
	}
	if (!is_value(t.kind)) {
		return key_error(p, &t, "expected a value after '=', found ", "");
	}
	if (!type_matches(p->key->kind, t.kind)) {
		return type_error(p, &t);
	}
	return p->key->set(p, &t);
}

static int parse_end(struct domcfg_parser *p)
{
	struct domcfg_token t;
	enum domcfg_tok k = domcfg_lex_next(&p->lx, &t);

	if (k == DOMCFG_TOK_ERROR) {
		return -DOMCFG_EINVAL;
	}
	if (k == DOMCFG_TOK_NEWLINE || k == DOMCFG_TOK_SEMICOLON || k == DOMCFG_TOK_END) {
		return 0;
	}
	return key_error(p, &t, "unexpected ", " after the value (one KEY = VALUE per line)");
}

static int parse_statement(struct domcfg_parser *p, const struct domcfg_token *t)
{
	const struct domcfg_key *key = find_key(t);
	unsigned int i;
	int rc;

	if (!key) {
		return key_error(p, t, "unknown key ",
				 " (Tarn takes name, kernel, memory, vcpus, weight, cap, "
				 "cmdline, on_crash, disk and vif)");
	}
	i = (unsigned int)(key - domcfg_keys);
	p->key = key;
	if (p->seen[i]) {
		return duplicate_key(p, t, p->seen[i]);
	}
	p->seen[i] = t->line;
	rc = parse_value(p);
	return rc ? rc : parse_end(p);
}

static int parse_statements(struct domcfg_parser *p)
{
	struct domcfg_token t;
	int rc;

	for (;;) {
		switch (domcfg_lex_next(&p->lx, &t)) {
		case DOMCFG_TOK_ERROR:
			return -DOMCFG_EINVAL;
		case DOMCFG_TOK_END:
			return 0;
		case DOMCFG_TOK_NEWLINE:
		case DOMCFG_TOK_SEMICOLON:
			break;
		case DOMCFG_TOK_WORD:
			rc = parse_statement(p, &t);
			if (rc) {
				return rc;
			}
			break;
		default:
			return key_error(p, &t, "expected a key (a name such as memory), found ",
					 "");
		}
	}
}

/* ---- the whole config ------------------------------------------------- */

static int missing(struct domcfg_parser *p, const char *what)
{
	domcfg_msg_str(domcfg_lex_error(&p->lx, 0), what);
	return -DOMCFG_EINVAL;
}

/* "cap = 300: more than 100 per vCPU (200 with vcpus = 2)" */
static int cap_error(struct domcfg_parser *p)
{
	struct domcfg_msg *m;

	p->key = &domcfg_keys[DOMCFG_KEY_CAP];
	m = domcfg_value_msg(p, &p->cap);
	domcfg_msg_str(m, "more than 100 per vCPU (");
	domcfg_msg_uint(m, (uint64_t)DOMCFG_CAP_PER_VCPU * p->cfg.vcpus);
	domcfg_msg_str(m, " with vcpus = ");
	domcfg_msg_uint(m, p->cfg.vcpus);
	domcfg_msg_str(m, ")");
	return -DOMCFG_EINVAL;
}

static int check_complete(struct domcfg_parser *p)
{
	if (!p->seen[DOMCFG_KEY_NAME]) {
		return missing(p, "no name: every domain needs one (name = \"...\")");
	}
	if (!p->seen[DOMCFG_KEY_KERNEL]) {
		return missing(p, "no kernel: give the Image's store name (kernel = \"...\")");
	}
	if (!domcfg_cap_ok(p->cfg.cap, p->cfg.vcpus)) {
		return cap_error(p);
	}
	return 0;
}

static void parser_init(struct domcfg_parser *p)
{
	/* Zero first: unused bytes stay zero, so equal configs memcmp equal. */
	memset(p, 0, sizeof(*p));
	p->cfg.memory_mib = DOMCFG_MEMORY_DEFAULT;
	p->cfg.vcpus = 1;
	p->cfg.weight = DOMCFG_WEIGHT_DEFAULT;
	p->cfg.on_crash = DOMCFG_CRASH_DESTROY;
}

int domcfg_parse_named(const char *source, const char *text, size_t len, struct domcfg *out,
		       char *err, size_t errlen)
{
	struct domcfg_parser p;
	int rc;

	parser_init(&p);
	/* An empty buffer may come as NULL; pointer arithmetic on NULL may not. */
	domcfg_lex_init(&p.lx, source, text ? text : "", text ? len : 0, err, errlen);
	if (!out || (!text && len)) {
		return missing(&p, "domcfg_parse: no config or no place for the result");
	}
	rc = parse_statements(&p);
	if (!rc) {
		rc = check_complete(&p);
	}
	if (!rc) {
		memcpy(out, &p.cfg, sizeof(*out));
	}
	return rc;
}

int domcfg_parse(const char *text, size_t len, struct domcfg *out, char *err, size_t errlen)
{
	return domcfg_parse_named(NULL, text, len, out, err, errlen);
}
