/*
 * domcfg_format(): a config as canonical text, for the store and for
 * tarnctl to show. One form per config (every scalar key, in a fixed order,
 * strings in double quotes, lists on one line), so two stored configs that
 * mean the same are byte-equal, and the text always parses back: the struct
 * is first checked against the parser's own rules (domcfg-rules.c).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domcfg-internal.h"

/* The caller's buffer; pos counts what would have been written. */
struct domcfg_out {
	char *buf;
	size_t len;
	size_t pos;
};

static void out_char(struct domcfg_out *o, char c)
{
	if (o->pos + 1 < o->len) {
		o->buf[o->pos] = c;
	}
	o->pos++;
}

static void out_str(struct domcfg_out *o, const char *s)
{
	while (*s) {
		out_char(o, *s++);
	}
}

static void out_uint(struct domcfg_out *o, uint32_t v)
{
	char digits[20];
	size_t n = domcfg_utoa(v, digits);

	for (size_t i = 0; i < n; i++)
		out_char(o, digits[i]);
}

/* The escapes are exactly the ones the lexer takes (domcfg-lex.c). */
static void out_quoted(struct domcfg_out *o, const char *s)
{
	out_char(o, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\') {
			out_char(o, '\\');
			out_char(o, *s);
		} else if (*s == '\t') {
			out_str(o, "\\t");
		} else {
			out_char(o, *s);
		}
	}
	out_char(o, '"');
}

static void out_number_key(struct domcfg_out *o, const char *key, uint32_t v)
{
	out_str(o, key);
	out_str(o, " = ");
	out_uint(o, v);
	out_char(o, '\n');
}

static void out_string_key(struct domcfg_out *o, const char *key, const char *v)
{
	out_str(o, key);
	out_str(o, " = ");
	out_quoted(o, v);
	out_char(o, '\n');
}

/* Empty lists are left out: they mean the same as no list. */
static void out_list_key(struct domcfg_out *o, const char *key,
			 const char (*items)[DOMCFG_ITEM_MAX + 1], uint32_t n)
{
	uint32_t i;

	if (n == 0) {
		return;
	}
	out_str(o, key);
	out_str(o, " = [ ");
	for (i = 0; i < n; i++) {
		out_quoted(o, items[i]);
		out_str(o, i + 1 < n ? ", " : " ]\n");
	}
}

static const char *const crash_names[] = {"destroy", "restart", "preserve"};

int domcfg_format(const struct domcfg *c, char *buf, size_t len)
{
	struct domcfg_out o = {buf, buf ? len : 0, 0};

	if (buf && len) {
		buf[0] = '\0';
	}
	if (!c || domcfg_check_all(c)) {
		return -DOMCFG_EINVAL;
	}
	out_string_key(&o, "name", c->name);
	out_string_key(&o, "kernel", c->kernel);
	out_number_key(&o, "memory", c->memory_mib);
	out_number_key(&o, "vcpus", c->vcpus);
	out_number_key(&o, "weight", c->weight);
	out_number_key(&o, "cap", c->cap);
	out_string_key(&o, "cmdline", c->cmdline);
	out_string_key(&o, "on_crash", crash_names[c->on_crash]);
	out_list_key(&o, "disk", c->disk, c->ndisks);
	out_list_key(&o, "vif", c->vif, c->nvifs);
	if (buf && len) {
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	}
	return o.pos < o.len ? (int)o.pos : -DOMCFG_ENOSPC;
}
