/*
 * The rules a domain config's values obey, in one place so that the parser
 * (domcfg.c) refuses exactly what the writer (domcfg-format.c) refuses, and
 * the text written for the store always reads back.
 *
 * Each check returns NULL for a good value, else a phrase that completes a
 * message such as "memory = 5000: more than 3072 MiB". The ranges are
 * documented in domcfg.h and docs/domain-config.md.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domcfg-internal.h"

#define STR2(x) #x
#define STR(x)	STR2(x)

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

/* Names become store names and appear in tarnctl's columns: keep them plain. */
const char *domcfg_check_store_name(const char *s)
{
	size_t n = strlen(s);
	size_t i;

	if (n == 0) {
		return "empty";
	}
	if (n > DOMCFG_NAME_MAX) {
		return "longer than " STR(DOMCFG_NAME_MAX) " bytes";
	}
	if (s[0] == '-') {
		return "may not start with '-' (it would read as an option to tarnctl)";
	}
	for (i = 0; i < n; i++) {
		if (!is_name_char(s[i])) {
			return "only letters, digits, '_', '.' and '-' are allowed";
		}
	}
	return NULL;
}

/* The lexer refuses these in strings; this catches a struct built in code. */
const char *domcfg_check_text(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			return "contains a control character";
		}
	}
	return NULL;
}

const char *domcfg_check_memory(uint32_t v)
{
	if (v < DOMCFG_MEMORY_MIN) {
		return "less than " STR(DOMCFG_MEMORY_MIN) " MiB";
	}
	if (v > DOMCFG_MEMORY_MAX) {
		return "more than " STR(DOMCFG_MEMORY_MAX) " MiB";
	}
	if (v % 2) {
		return "not a multiple of 2 MiB (Tarn gives guests memory in 2 MiB blocks)";
	}
	return NULL;
}

const char *domcfg_check_vcpus(uint32_t v)
{
	if (v == 0) {
		return "a domain needs at least 1 vCPU";
	}
	if (v > DOMCFG_VCPUS_MAX) {
		return "more than " STR(DOMCFG_VCPUS_MAX) " vCPUs";
	}
	return NULL;
}

const char *domcfg_check_weight(uint32_t v)
{
	if (v == 0) {
		return "less than 1 (weights run from 1 to " STR(DOMCFG_WEIGHT_MAX) ")";
	}
	if (v > DOMCFG_WEIGHT_MAX) {
		return "more than " STR(DOMCFG_WEIGHT_MAX);
	}
	return NULL;
}

bool domcfg_cap_ok(uint32_t cap, uint32_t vcpus)
{
	return cap <= DOMCFG_CAP_PER_VCPU * vcpus;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static uint32_t hex_value(char c)
{
	if (c <= '9') {
		return (uint32_t)(c - '0');
	}
	return (uint32_t)((c | 0x20) - 'a' + 10);
}

/* Digits of base 10 or 16 into *v, refusing anything over 32 bits. */
static const char *number_digits(const char *p, const char *end, uint32_t base, uint32_t *v)
{
	uint64_t acc = 0;

	if (p == end) {
		return "not a number (hex numbers are 0x and then 0-9, a-f)";
	}
	for (; p < end; p++) {
		bool ok = base == 16 ? is_hex(*p) : (*p >= '0' && *p <= '9');

		if (!ok) {
			return base == 16 ? "not a number (hex numbers are 0x and then 0-9, a-f)"
					  : "not a whole number (write digits only, no unit)";
		}
		acc = acc * base + hex_value(*p);
		if (acc > UINT32_MAX) {
			return "too large";
		}
	}
	*v = (uint32_t)acc;
	return NULL;
}

const char *domcfg_number(const struct domcfg_token *t, uint32_t *v)
{
	const char *p = t->text;
	const char *end = t->text + t->len;

	if (t->len >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		return number_digits(p + 2, end, 16, v);
	}
	/* xl reads a number with strtol(.., 0): "010" would be 8 there. */
	if (t->len >= 2 && p[0] == '0' && p[1] >= '0' && p[1] <= '9') {
		return "a leading 0 is ambiguous (xl reads it as octal): leave it out";
	}
	return number_digits(p, end, 10, v);
}

static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static const char *check_list(const char (*items)[DOMCFG_ITEM_MAX + 1], uint32_t n)
{
	uint32_t i;

	if (n > DOMCFG_LIST_MAX) {
		return "more than " STR(DOMCFG_LIST_MAX) " entries";
	}
	for (i = 0; i < n; i++) {
		if (!terminated(items[i], sizeof(items[i]))) {
			return "an entry is not NUL-terminated";
		}
		if (domcfg_check_text(items[i])) {
			return domcfg_check_text(items[i]);
		}
	}
	return NULL;
}

static const char *check_strings(const struct domcfg *c)
{
	if (!terminated(c->name, sizeof(c->name)) || !terminated(c->kernel, sizeof(c->kernel)) ||
	    !terminated(c->cmdline, sizeof(c->cmdline))) {
		return "a string is not NUL-terminated";
	}
	if (domcfg_check_store_name(c->name)) {
		return domcfg_check_store_name(c->name);
	}
	if (domcfg_check_store_name(c->kernel)) {
		return domcfg_check_store_name(c->kernel);
	}
	return domcfg_check_text(c->cmdline);
}

const char *domcfg_check_all(const struct domcfg *c)
{
	const char *why = check_strings(c);

	if (!why) {
		why = domcfg_check_memory(c->memory_mib);
	}
	if (!why) {
		why = domcfg_check_vcpus(c->vcpus);
	}
	if (!why) {
		why = domcfg_check_weight(c->weight);
	}
	if (!why && !domcfg_cap_ok(c->cap, c->vcpus)) {
		why = "cap is more than 100 per vCPU";
	}
	if (!why && (unsigned int)c->on_crash > DOMCFG_CRASH_PRESERVE) {
		why = "on_crash is not a known action";
	}
	if (!why) {
		why = check_list(c->disk, c->ndisks);
	}
	if (!why) {
		why = check_list(c->vif, c->nvifs);
	}
	return why;
}
