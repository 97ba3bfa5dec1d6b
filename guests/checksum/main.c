/*
 * checksum: the neighbour in the isolation and crash scenarios. It fills a
 * large part of its RAM with a pattern, then checksums it over and over while
 * other domains attack the hypervisor or crash, and says whether the sum ever
 * changed: a write from another domain landing in its memory, or a page
 * handed to someone else, would show.
 *
 * Bootargs: "mib=N" (how much to fill; default 12, less if malloc cannot),
 * "rounds=N" (checksum passes; default 40), "every=N" (a TAP line every N
 * rounds; default 5). Each report also says the virtual time, so a test can
 * see the domain making progress while others run. Ends with a word-by-word
 * comparison, a check that no interrupt reached it (it enables none, so one
 * would have been meant for another domain) and tap_done()'s summary line.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <guestkit/guestkit.h>

#define MIB(n) ((size_t)(n) << 20)

static const char *bootargs(void)
{
	int chosen = fdt_path_offset(gk_fdt(), "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(gk_fdt(), chosen, "bootargs", NULL) : NULL;

	return args ? args : "";
}

/* "key=N" in the bootargs, or def. */
static unsigned long arg_ulong(const char *key, unsigned long def)
{
	const char *args = bootargs();
	size_t n = strlen(key);

	for (const char *p = args; (p = strstr(p, key)) != NULL; p += n)
		if ((p == args || p[-1] == ' ') && p[n] == '=')
			return strtoul(p + n + 1, NULL, 0);
	return def;
}

/* A different, reproducible value for every word (a 64-bit mix of i). */
static uint64_t pattern(size_t i)
{
	uint64_t x = (uint64_t)i * 0x9e3779b97f4a7c15ULL + 0x7f4a7c159e3779b9ULL;

	x ^= x >> 31;
	return x * 0xbf58476d1ce4e5b9ULL;
}

static void fill(uint64_t *buf, size_t words)
{
	for (size_t i = 0; i < words; i++)
		buf[i] = pattern(i);
}

/* Order-sensitive, so that swapped pages change it too. */
static uint64_t checksum(const volatile uint64_t *buf, size_t words)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < words; i++)
		sum = (sum << 7 | sum >> 57) ^ buf[i];
	return sum;
}

static size_t mismatches(const uint64_t *buf, size_t words)
{
	size_t bad = 0;

	for (size_t i = 0; i < words; i++)
		bad += buf[i] != pattern(i);
	return bad;
}

/* As much as malloc gives, up to want MiB, in whole MiB. */
static uint64_t *take_ram(size_t *mib, size_t want)
{
	for (size_t m = want; m > 0; m--) {
		uint64_t *p = malloc(MIB(m));

		if (p) {
			*mib = m;
			return p;
		}
	}
	return NULL;
}

int main(void)
{
	unsigned long rounds = arg_ulong("rounds", 40), every = arg_ulong("every", 5);
	size_t mib = 0, words;
	uint64_t *buf = take_ram(&mib, arg_ulong("mib", 12));
	uint64_t sum, want;

	if (!every)
		every = 1;
	tap_plan(3 + (unsigned int)(rounds / every));
	if (!tap_ok(buf != NULL, "checksum: %zu MiB of RAM filled with a pattern", buf ? mib : 0))
		return tap_done();
	words = MIB(mib) / sizeof(uint64_t);
	fill(buf, words);
	want = checksum(buf, words);
	for (unsigned long r = 1; r <= rounds; r++) {
		sum = checksum(buf, words);
		if (sum != want)
			tap_diag("round %lu: checksum 0x%016llx, expected 0x%016llx", r,
				 (unsigned long long)sum, (unsigned long long)want);
		if (r % every == 0)
			tap_ok(sum == want, "round %lu at %llu us: checksum 0x%016llx unchanged", r,
			       (unsigned long long)(gk_ns_now() / 1000), (unsigned long long)sum);
	}
	tap_ok(!mismatches(buf, words), "pattern intact word by word after %lu rounds", rounds);
	/* It enables none: anything taken was meant for someone else. */
	tap_ok(gk_irq_unhandled() == 0, "no interrupt it did not ask for (%lu taken)",
	       gk_irq_unhandled());
	return tap_done();
}
