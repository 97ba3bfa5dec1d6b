/*
 * The keys of a domain config: their types, and the setters that check a
 * value against its rules (domcfg-rules.c) and store it in the parser's
 * struct domcfg. Lists ("disk", "vif") are read here too, up to their ']',
 * since only a list key knows where its entries go.
 *
 * Every message names the line and the key; the value is echoed as written.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domcfg-internal.h"

#define STR2(x) #x
#define STR(x)	STR2(x)

/* ---- messages --------------------------------------------------------- */

/* "line 3: memory = 5000: " and the caller says what is wrong. */
struct domcfg_msg *domcfg_value_msg(struct domcfg_parser *p, const struct domcfg_token *t)
{
	struct domcfg_msg *m = domcfg_lex_error(&p->lx, t->line);

	domcfg_msg_str(m, p->key->name);
	domcfg_msg_str(m, " = ");
	domcfg_msg_echo(m, t->text, t->len);
	domcfg_msg_str(m, ": ");
	return m;
}

int domcfg_value_error(struct domcfg_parser *p, const struct domcfg_token *t, const char *why)
{
	domcfg_msg_str(domcfg_value_msg(p, t), why);
	return -DOMCFG_EINVAL;
}

static int too_long(struct domcfg_parser *p, const struct domcfg_token *t, size_t max)
{
	struct domcfg_msg *m = domcfg_value_msg(p, t);

	domcfg_msg_str(m, "longer than ");
	domcfg_msg_uint(m, max);
	domcfg_msg_str(m, " bytes");
	return -DOMCFG_EINVAL;
}

/* ---- setters, one per key --------------------------------------------- */

static int set_number(struct domcfg_parser *p, const struct domcfg_token *t,
		      const char *(*check)(uint32_t), uint32_t *field)
{
	uint32_t v = 0;
	const char *why = domcfg_number(t, &v);

	if (!why && check) {
		why = check(v);
	}
	if (why) {
		return domcfg_value_error(p, t, why);
	}
	*field = v;
	return 0;
}

static int set_string(struct domcfg_parser *p, const struct domcfg_token *t, char *dst, size_t size,
		      bool store_name)
{
	const char *why;

	if (domcfg_unquote(t, dst, size) >= size) {
		return too_long(p, t, size - 1);
	}
	why = store_name ? domcfg_check_store_name(dst) : NULL;
	return why ? domcfg_value_error(p, t, why) : 0;
}

static int key_name(struct domcfg_parser *p, const struct domcfg_token *t)
{
	return set_string(p, t, p->cfg.name, sizeof(p->cfg.name), true);
}

static int key_kernel(struct domcfg_parser *p, const struct domcfg_token *t)
{
	return set_string(p, t, p->cfg.kernel, sizeof(p->cfg.kernel), true);
}

static int key_cmdline(struct domcfg_parser *p, const struct domcfg_token *t)
{
	return set_string(p, t, p->cfg.cmdline, sizeof(p->cfg.cmdline), false);
}

static int key_memory(struct domcfg_parser *p, const struct domcfg_token *t)
{
	return set_number(p, t, domcfg_check_memory, &p->cfg.memory_mib);
}

static int key_vcpus(struct domcfg_parser *p, const struct domcfg_token *t)
{
	return set_number(p, t, domcfg_check_vcpus, &p->cfg.vcpus);
}

static int key_weight(struct domcfg_parser *p, const struct domcfg_token *t)
{
	return set_number(p, t, domcfg_check_weight, &p->cfg.weight);
}

static int key_cap(struct domcfg_parser *p, const struct domcfg_token *t)
{
	p->cap = *t;
	return set_number(p, t, NULL, &p->cfg.cap);
}

/* xl's actions; Tarn does the first three (no core dumps, no renames, no kexec). */
static const char *const crash_actions[] = {
	"destroy",	    "restart",	      "preserve",   "coredump-destroy",
	"coredump-restart", "rename-restart", "soft-reset",
};

static int key_on_crash(struct domcfg_parser *p, const struct domcfg_token *t)
{
	char v[24];
	size_t n = domcfg_unquote(t, v, sizeof(v));
	unsigned int i;

	for (i = 0; n < sizeof(v) && i < sizeof(crash_actions) / sizeof(crash_actions[0]); i++) {
		if (strcmp(v, crash_actions[i]) != 0) {
			continue;
		}
		if (i > DOMCFG_CRASH_PRESERVE) {
			domcfg_value_error(
				p, t, "not supported by Tarn (use destroy, restart or preserve)");
			return -DOMCFG_EOPNOTSUPP;
		}
		p->cfg.on_crash = (enum domcfg_on_crash)i;
		return 0;
	}
	return domcfg_value_error(p, t,
				  "not an on_crash action (use destroy, restart or preserve)");
}

/* ---- lists ------------------------------------------------------------ */

static enum domcfg_tok next_in_list(struct domcfg_parser *p, struct domcfg_token *t)
{
	while (domcfg_lex_next(&p->lx, t) == DOMCFG_TOK_NEWLINE) {
	}
	return t->kind;
}

static int list_error(struct domcfg_parser *p, const struct domcfg_token *t,
		      const struct domcfg_token *open, const char *what)
{
	struct domcfg_msg *m = domcfg_lex_error(&p->lx, t->line);

	domcfg_msg_str(m, p->key->name);
	domcfg_msg_str(m, ": ");
	domcfg_msg_str(m, what);
	domcfg_msg_str(m, ", found ");
	domcfg_msg_token(m, t);
	if (t->kind == DOMCFG_TOK_END || t->kind == DOMCFG_TOK_WORD) {
		/* Most likely a forgotten ']', and the user looks for it here. */
		domcfg_msg_str(m, " (the list opened on line ");
		domcfg_msg_uint(m, open->line);
		domcfg_msg_str(m, " has no ']')");
	}
	return -DOMCFG_EINVAL;
}

static int list_item(struct domcfg_parser *p, const struct domcfg_token *t,
		     char (*items)[DOMCFG_ITEM_MAX + 1], uint32_t *count)
{
	if (*count == DOMCFG_LIST_MAX) {
		return domcfg_value_error(p, t, "more than " STR(DOMCFG_LIST_MAX) " entries");
	}
	if (domcfg_unquote(t, items[*count], DOMCFG_ITEM_MAX + 1) > DOMCFG_ITEM_MAX) {
		return too_long(p, t, DOMCFG_ITEM_MAX);
	}
	(*count)++;
	return 0;
}

/* [ "a", "b" ]: strings, commas between, one after the last allowed. */
static int parse_list(struct domcfg_parser *p, const struct domcfg_token *open,
		      char (*items)[DOMCFG_ITEM_MAX + 1], uint32_t *count)
{
	struct domcfg_token t;

	for (;;) {
		int rc;

		if (next_in_list(p, &t) == DOMCFG_TOK_ERROR) {
			return -DOMCFG_EINVAL;
		}
		if (t.kind == DOMCFG_TOK_RBRACKET) {
			return 0;
		}
		if (t.kind != DOMCFG_TOK_STRING) {
			return list_error(p, &t, open, "expected a string in quotes or ']'");
		}
		rc = list_item(p, &t, items, count);
		if (rc) {
			return rc;
		}
		if (next_in_list(p, &t) == DOMCFG_TOK_ERROR) {
			return -DOMCFG_EINVAL;
		}
		if (t.kind == DOMCFG_TOK_RBRACKET) {
			return 0;
		}
		if (t.kind != DOMCFG_TOK_COMMA) {
			return list_error(p, &t, open, "expected ',' or ']' after an entry");
		}
	}
}

static int key_disk(struct domcfg_parser *p, const struct domcfg_token *t)
{
	return parse_list(p, t, p->cfg.disk, &p->cfg.ndisks);
}

static int key_vif(struct domcfg_parser *p, const struct domcfg_token *t)
{
	return parse_list(p, t, p->cfg.vif, &p->cfg.nvifs);
}

const struct domcfg_key domcfg_keys[DOMCFG_NR_KEYS] = {
	[DOMCFG_KEY_NAME] = {"name", DOMCFG_KIND_STRING, key_name},
	[DOMCFG_KEY_KERNEL] = {"kernel", DOMCFG_KIND_STRING, key_kernel},
	[DOMCFG_KEY_MEMORY] = {"memory", DOMCFG_KIND_NUMBER, key_memory},
	[DOMCFG_KEY_VCPUS] = {"vcpus", DOMCFG_KIND_NUMBER, key_vcpus},
	[DOMCFG_KEY_WEIGHT] = {"weight", DOMCFG_KIND_NUMBER, key_weight},
	[DOMCFG_KEY_CAP] = {"cap", DOMCFG_KIND_NUMBER, key_cap},
	[DOMCFG_KEY_CMDLINE] = {"cmdline", DOMCFG_KIND_STRING, key_cmdline},
	[DOMCFG_KEY_ON_CRASH] = {"on_crash", DOMCFG_KIND_STRING, key_on_crash},
	[DOMCFG_KEY_DISK] = {"disk", DOMCFG_KIND_LIST, key_disk},
	[DOMCFG_KEY_VIF] = {"vif", DOMCFG_KIND_LIST, key_vif},
};
