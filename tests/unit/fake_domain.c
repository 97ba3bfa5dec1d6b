/*
 * Host fakes for the domain life calls the control interface makes
 * (hyp/hypercall/domctl-domain.c, hc-ctl.c, hc-base.c): each records what it was asked in
 * fake.life, counts in fake.sched.calls (so a refused request can be shown
 * to have reached nothing) and answers fake.life.rc.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "arch/arm64/vcpu.h"
#include "hyp/console/console.h"
#include "tests/unit/fake_guest.h"

static int life_call(struct domain *d, unsigned int *count)
{
	fake.sched.calls++;
	fake.life.d = d;
	(*count)++;
	return fake.life.rc;
}

int domain_create(const char *name, bool privileged, unsigned int nvcpus, uint64_t max_pages,
		  struct domain **out)
{
	int rc = life_call(NULL, &fake.life.creates);

	assert_false(privileged);
	strncpy(fake.life.create_name, name, sizeof(fake.life.create_name) - 1);
	fake.life.create_vcpus = nvcpus;
	fake.life.create_pages = max_pages;
	if (!rc)
		*out = fake.life.new_domain;
	return rc;
}

int domain_kill(struct domain *d)
{
	return life_call(d, &fake.life.kills);
}

int domain_pause(struct domain *d)
{
	return life_call(d, &fake.life.pauses);
}

int domain_unpause(struct domain *d)
{
	return life_call(d, &fake.life.unpauses);
}

int domain_populate(struct domain *d, uint64_t ipa, uint64_t nbytes)
{
	fake.life.populate_ipa = ipa;
	fake.life.populate_bytes = nbytes;
	return life_call(d, &fake.life.populates);
}

void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg)
{
	fake.life.reset_pc = entry;
	fake.life.reset_arg = arg;
	life_call(v->domain, &fake.life.resets);
}

/* fake.life.console as a log: bytes from *index on. */
static size_t text_read(char *buf, size_t len, uint64_t *index, uint64_t *lost)
{
	const char *t = fake.life.console ? fake.life.console : "";
	size_t total = strlen(t), n = 0;

	*lost = 0;
	for (; n < len && *index + n < total; n++)
		buf[n] = t[*index + n];
	*index += n;
	return n;
}

size_t domain_console_read(struct domain *d, char *buf, size_t len, uint64_t *index,
			   uint64_t *lost)
{
	fake.life.d = d;
	return text_read(buf, len, index, lost);
}

size_t console_log_read(char *buf, size_t len, uint64_t *index, uint64_t *lost)
{
	return text_read(buf, len, index, lost);
}

size_t console_input_read(char *buf, size_t len)
{
	return 0;
}

/* Ballooning: each page asked for is recorded; fake.life.page_fail_at makes
 * the call with that index (1-based) fail with fake.life.rc. */
static int page_call(uint64_t ipa, bool release)
{
	unsigned int n = ++fake.life.page_calls;

	fake.life.page_last_ipa = ipa;
	fake.life.page_release = release;
	return fake.life.page_fail_at && n >= fake.life.page_fail_at ? fake.life.rc : 0;
}

int domain_page_release(struct domain *d, uint64_t ipa)
{
	return page_call(ipa, true);
}

int domain_page_add(struct domain *d, uint64_t ipa)
{
	return page_call(ipa, false);
}
