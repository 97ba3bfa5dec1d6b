/*
 * Host fakes for the rest of Tarn as the hypercall handlers see it (see
 * fake_guest.h): guest copies over a fake address space, the domain and
 * scheduler calls a handler makes (recorded, never acted on), stage 2
 * (recorded, with a settable result), printk into a buffer, strlcpy, and the
 * scheduler core's control API with the physical facts the control
 * hypercalls report (answers set by the test, calls recorded).
 *
 * Tarn's own lib/string.c is not linked: it defines memcpy and friends, which
 * would replace the C library's and their ASan interceptors.
 */
#include "tests/unit/fake_guest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "arch/arm64/guest-traps.h"
#include "hyp/console/console.h"
#include "hyp/percpu.h"
#include "arch/arm64/guestcopy.h"
#include "hyp/schedule/schedule.h"
#include "lib/string.h"
#include "arch/arm64/timer.h"
#include "mm/page-alloc.h"
#include "tarn/errno.h"

struct fake_record fake;
static uint8_t guest_mem[FAKE_GVA_SIZE];

struct domain *domains[DOMAIN_MAX];
struct percpu percpu_data[TARN_MAX_CPUS];
unsigned int cpus_possible;

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	memset(guest_mem, 0, sizeof(guest_mem));
	memset(domains, 0, sizeof(domains));
	memset(percpu_data, 0, sizeof(percpu_data));
	fake.ipa_bits = 44;
	cpus_possible = FAKE_CPUS;
	for (unsigned int i = 0; i < FAKE_CPUS; i++) {
		percpu_data[i].id = i;
		percpu_data[i].online = true;
	}
}

/* [gva, gva+len) inside the fake space, without overflowing. */
static bool gva_ok(uint64_t gva, size_t len)
{
	return gva >= FAKE_GVA_BASE && gva - FAKE_GVA_BASE <= FAKE_GVA_SIZE &&
	       len <= FAKE_GVA_SIZE - (gva - FAKE_GVA_BASE);
}

void *fake_gva(uint64_t gva)
{
	assert_true(gva_ok(gva, 1));
	return guest_mem + (gva - FAKE_GVA_BASE);
}

/* ---- arch/arm64/guestcopy.h ---------------------------------------------------- */

int copy_from_guest(void *dst, uint64_t gva, size_t len)
{
	if (!gva_ok(gva, len))
		return -TARN_EFAULT;
	memcpy(dst, guest_mem + (gva - FAKE_GVA_BASE), len);
	return 0;
}

int copy_to_guest(uint64_t gva, const void *src, size_t len)
{
	if (!gva_ok(gva, len))
		return -TARN_EFAULT;
	memcpy(guest_mem + (gva - FAKE_GVA_BASE), src, len);
	return 0;
}

/* ---- hyp/domain/domain.h ------------------------------------------------------- */

void domain_console_put(struct domain *d, char c)
{
	assert_true(fake.console_len < FAKE_CONSOLE_MAX);
	fake.console[fake.console_len++] = c;
	fake.console_domain = d;
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	fake.shutdown_domain = d;
	fake.shutdown_reason = reason;
	fake.shutdowns++;
}

void domain_crash(struct domain *d, const char *why)
{
	fake.crashed_domain = d;
	fake.crashes++;
}

/* As the real one: report the vCPU, then crash its domain. */
void domain_crash_vcpu(struct vcpu *v, const char *why)
{
	fake.crashed_vcpu = v;
	domain_crash(v->domain, why);
}

struct domain *domain_get(unsigned int id)
{
	return id < DOMAIN_MAX ? domains[id] : NULL;
}

bool domain_ipa_to_pa(struct domain *d, uint64_t ipa, paddr_t *pa)
{
	if (ipa < FAKE_RAM_IPA || ipa - FAKE_RAM_IPA >= FAKE_RAM_SIZE)
		return false;
	*pa = pa_init(FAKE_RAM_PA + (ipa - FAKE_RAM_IPA));
	return true;
}

/* ---- hyp/schedule/schedule.h ----------------------------------------------------- */

long hypercall_continue(unsigned int nargs, uint64_t a1, uint64_t a2)
{
	fake.continuations++;
	fake.cont_args[0] = nargs >= 1 ? a1 : 0;
	fake.cont_args[1] = nargs >= 2 ? a2 : 0;
	return 0;
}

void vcpu_yield(struct vcpu *v)
{
	fake.yielded = v;
	fake.yields++;
}

void vcpu_block(struct vcpu *v)
{
	fake.blocked = v;
	fake.blocks++;
}

/* ---- hyp/schedule/schedule.h: control and accounting ---------------------------- */

int sched_dom_set(struct domain *d, unsigned int weight, unsigned int cap)
{
	fake.sched.calls++;
	fake.sched.dom_sets++;
	fake.sched.set_dom = d;
	fake.sched.set_weight = weight;
	fake.sched.set_cap = cap;
	return fake.sched.set_rc;
}

void sched_dom_get(struct domain *d, unsigned int *weight, unsigned int *cap)
{
	fake.sched.calls++;
	*weight = fake.sched.weight;
	*cap = fake.sched.cap;
}

int sched_set_params(const struct sched_params *p)
{
	fake.sched.calls++;
	fake.sched.param_sets++;
	fake.sched.set_params = *p;
	return fake.sched.set_rc;
}

void sched_get_params(struct sched_params *p)
{
	fake.sched.calls++;
	*p = fake.sched.params;
}

int sched_vcpu_set_affinity(struct vcpu *v, uint64_t mask)
{
	fake.sched.calls++;
	fake.sched.affinity_sets++;
	fake.sched.set_vcpu = v;
	fake.sched.set_mask = mask;
	return fake.sched.set_rc;
}

uint64_t sched_vcpu_get_affinity(struct vcpu *v)
{
	fake.sched.calls++;
	return fake.sched.affinity;
}

void sched_vcpu_times(struct vcpu *v, struct sched_vcpu_times *out)
{
	fake.sched.calls++;
	assert_true(v->id < DOMAIN_MAX_VCPUS);
	*out = fake.sched.times[v->id];
}

uint64_t sched_cpu_idle_ns(unsigned int cpu)
{
	fake.sched.calls++;
	assert_true(cpu < cpus_possible);
	return fake.sched.idle_ns[cpu];
}

/* ---- physinfo: mm/page-alloc.h, arch/arm64/timer.h ------------------------------ */

uint64_t page_alloc_total_pages(void)
{
	fake.sched.calls++;
	return fake.sched.total_pages;
}

uint64_t page_alloc_free_pages(void)
{
	fake.sched.calls++;
	return fake.sched.free_pages;
}

uint64_t timer_freq(void)
{
	fake.sched.calls++;
	return fake.sched.timer_freq;
}

/* ---- arch/arm64/p2m.h --------------------------------------------------- */

static struct fake_p2m_call *p2m_record(enum fake_p2m_op op, struct domain *d, uint64_t ipa,
					uint64_t size)
{
	struct fake_p2m_call *c;

	assert_true(fake.np2m < FAKE_P2M_MAX);
	c = &fake.p2m[fake.np2m++];
	*c = (struct fake_p2m_call){.op = op, .d = d, .ipa = ipa, .size = size};
	return c;
}

unsigned int p2m_ipa_bits(void)
{
	return fake.ipa_bits;
}

int p2m_map(struct domain *d, uint64_t ipa, paddr_t pa, uint64_t size, enum p2m_type t)
{
	struct fake_p2m_call *c = p2m_record(FAKE_P2M_MAP, d, ipa, size);

	c->pa = pa;
	c->type = t;
	return fake.p2m_map_rc;
}

int p2m_unmap(struct domain *d, uint64_t ipa, uint64_t size)
{
	p2m_record(FAKE_P2M_UNMAP, d, ipa, size);
	return fake.p2m_unmap_rc;
}

/* ---- hyp/console/console.h, lib/string.h ---------------------------------------- */

/* Appends to fake.printk, silently cut at its size. */
int printk(const char *fmt, ...)
{
	size_t used = strlen(fake.printk);
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(fake.printk + used, sizeof(fake.printk) - used, fmt, ap);
	va_end(ap);
	return n;
}

/* The host C library (glibc before 2.38) has none. */
size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* One CPU: the hypercall code keeps per-CPU state (continuations). */
static struct percpu fake_cpu;

struct percpu *this_cpu(void)
{
	return &fake_cpu;
}
