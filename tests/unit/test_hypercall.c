/*
 * Host unit tests for hypercall dispatch (hyp/hypercall.c) and the argument
 * checking of the base and memory hypercalls (hyp/hc-base.c, hyp/hc-memory.c).
 *
 * Every call goes in the way a guest's does: number in x16, arguments in
 * x0..x4 of a struct regs, through hypercall_dispatch(), result from x0.
 * Pointer arguments are guest virtual addresses in the fake address space of
 * tests/unit/fake_guest.c, which also records what the handlers asked the
 * rest of Tarn to do. The calling domain is a domU (id 1) with two vCPUs, or
 * the control domain where a test says so. Numbers and results are Xen 4.17's
 * (xen-arm-abi.md), written out as literals so that a changed constant in
 * Tarn's headers shows up here as a changed guest ABI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "hyp/hypercall.h"
#include "tarn/errno.h"
#include "tarn/hvm.h"
#include "tarn/memory.h"
#include "tarn/sched.h"
#include "tarn/vcpu.h"
#include "tarn/version.h"
#include "tests/unit/fake_guest.h"

#define HC_MEMORY_OP   12
#define HC_XEN_VERSION 17
#define HC_CONSOLE_IO  18
#define HC_VCPU_OP     24
#define HC_SCHED_OP    29
#define HC_HVM_OP      34

#define DOMID	    1
#define SHARED_INFO 0x912345000ULL /* the "physical" page Tarn keeps for the domain */

/* Where tests put argument structures in the guest. */
#define ARG	0x2000ULL
#define BAD_GVA 0x10ULL /* below the fake address space */

static struct domain *dom;
static struct vcpu *v0, *v1;

static int setup(void **state)
{
	dom = calloc(1, sizeof(*dom));
	v0 = calloc(1, sizeof(*v0));
	v1 = calloc(1, sizeof(*v1));
	if (!dom || !v0 || !v1)
		return -1;
	dom->id = DOMID;
	strcpy(dom->name, "domU1");
	dom->nvcpus = 2;
	dom->vcpus[0] = v0;
	dom->vcpus[1] = v1;
	dom->max_pages = 8192;
	dom->tot_pages = 4096;
	dom->shared_info = pa_init(SHARED_INFO);
	v0->domain = v1->domain = dom;
	v1->id = 1;
	fake_reset();
	return 0;
}

static int teardown(void **state)
{
	free(v1);
	free(v0);
	free(dom);
	return 0;
}

/* One hypercall from v; the argument registers must come back untouched. */
static long hc(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct regs r = {0};

	r.x[16] = nr;
	r.x[0] = a0;
	r.x[1] = a1;
	r.x[2] = a2;
	r.x[3] = 0x3333;
	r.x[4] = 0x4444;
	hypercall_dispatch(v, &r);
	assert_int_equal(r.x[1], a1);
	assert_int_equal(r.x[2], a2);
	assert_int_equal(r.x[3], 0x3333);
	assert_int_equal(r.x[4], 0x4444);
	assert_int_equal(r.x[16], nr);
	return (long)r.x[0];
}

static void put(uint64_t gva, const void *src, size_t len)
{
	memcpy(fake_gva(gva), src, len);
}

static void get(uint64_t gva, void *dst, size_t len)
{
	memcpy(dst, fake_gva(gva), len);
}

/* ---- dispatch ------------------------------------------------------------- */

static void test_unknown_numbers(void **state)
{
	static const uint64_t nrs[] = {0, 1, 6, 16, 19, 63, 64, 65, 0x1000, 1ULL << 32, ~0ULL};

	for (unsigned int i = 0; i < ARRAY_SIZE(nrs); i++) {
		long rc = hc(v0, nrs[i], ARG, ARG, ARG);

		if (rc != -TARN_ENOSYS)
			fail_msg("hypercall %llu: %ld, want -ENOSYS", (unsigned long long)nrs[i],
				 rc);
	}
	/* Nothing was done on the guest's behalf. */
	assert_int_equal(fake.console_len + fake.shutdowns + fake.yields + fake.np2m, 0);
}

/* ---- xen_version ---------------------------------------------------------- */

static void test_version(void **state)
{
	assert_int_equal(hc(v0, HC_XEN_VERSION, 0, 0, 0), 0x40011);
	assert_int_equal(hc(v0, HC_XEN_VERSION, 7, 0, 0), 4096);	   /* pagesize */
	assert_int_equal(hc(v0, HC_XEN_VERSION, 2, ARG, 0), -TARN_ENOSYS); /* compile_info */
	assert_int_equal(hc(v0, HC_XEN_VERSION, 99, ARG, 0), -TARN_ENOSYS);
	assert_int_equal(hc(v0, HC_XEN_VERSION, ~0ULL, ARG, 0), -TARN_ENOSYS);
}

static uint32_t features(uint32_t idx, long want_rc)
{
	struct xen_feature_info fi = {.submap_idx = idx, .submap = 0xdeadbeef};

	put(ARG, &fi, sizeof(fi));
	assert_int_equal(hc(v0, HC_XEN_VERSION, 6, ARG, 0), want_rc);
	get(ARG, &fi, sizeof(fi));
	assert_int_equal(fi.submap_idx, idx);
	return fi.submap;
}

static void test_features(void **state)
{
	assert_int_equal(features(0, 0), 0x16005);
	assert_int_equal(features(1, 0), 0);
	assert_int_equal(features(0xffffffff, 0), 0);
	dom->privileged = true;
	assert_int_equal(features(0, 0), 0x26805);
	assert_int_equal(features(1, 0), 0);
}

static void test_features_bad_pointer(void **state)
{
	assert_int_equal(hc(v0, HC_XEN_VERSION, 6, BAD_GVA, 0), -TARN_EFAULT);
	assert_int_equal(hc(v0, HC_XEN_VERSION, 6, 0, 0), -TARN_EFAULT);
	/* The 8-byte struct runs off the end of the guest's space. */
	assert_int_equal(hc(v0, HC_XEN_VERSION, 6, FAKE_GVA_BASE + FAKE_GVA_SIZE - 4, 0),
			 -TARN_EFAULT);
}

/* Exactly XEN_EXTRAVERSION_LEN (16) bytes: the string, zero-padded. */
static void test_extraversion(void **state)
{
	char out[20];
	char want[20] = "-tarn";

	memset(fake_gva(ARG), 0xa5, sizeof(out));
	assert_int_equal(hc(v0, HC_XEN_VERSION, 1, ARG, 0), 0);
	get(ARG, out, sizeof(out));
	memset(want + 16, 0xa5, 4);
	assert_memory_equal(out, want, sizeof(out));
	assert_int_equal(hc(v0, HC_XEN_VERSION, 1, BAD_GVA, 0), -TARN_EFAULT);
	assert_int_equal(hc(v0, HC_XEN_VERSION, 1, FAKE_GVA_BASE + FAKE_GVA_SIZE - 15, 0),
			 -TARN_EFAULT);
}

/* ---- console_io ----------------------------------------------------------- */

static void fill_pattern(uint64_t gva, size_t len)
{
	for (size_t i = 0; i < len; i++)
		((char *)fake_gva(gva))[i] = (char)('a' + i % 26);
}

static void expect_console_pattern(size_t len)
{
	if (fake.console_len != len)
		fail_msg("console got %zu bytes, want %zu", fake.console_len, len);
	for (size_t i = 0; i < len; i++)
		if (fake.console[i] != (char)('a' + i % 26))
			fail_msg("console byte %zu is 0x%02x", i, (unsigned char)fake.console[i]);
}

static void test_console_write(void **state)
{
	put(ARG, "hello, world\n", 13);
	assert_int_equal(hc(v0, HC_CONSOLE_IO, 0, 5, ARG), 0);
	assert_int_equal(fake.console_len, 5);
	assert_memory_equal(fake.console, "hello", 5);
	assert_ptr_equal(fake.console_domain, dom);
	assert_int_equal(hc(v0, HC_CONSOLE_IO, 0, 0, ARG), 0); /* nothing to write */
	assert_int_equal(hc(v0, HC_CONSOLE_IO, 0, 0, BAD_GVA), 0);
	assert_int_equal(fake.console_len, 5);
}

/* Tarn copies 128 bytes at a time: 128, 129 and 300 bytes cross its chunks. */
static void test_console_write_chunks(void **state)
{
	static const size_t lens[] = {127, 128, 129, 256, 300};

	fill_pattern(ARG, 400);
	for (unsigned int i = 0; i < ARRAY_SIZE(lens); i++) {
		fake.console_len = 0;
		assert_int_equal(hc(v0, HC_CONSOLE_IO, 0, lens[i], ARG), 0);
		expect_console_pattern(lens[i]);
	}
}

/*
 * A buffer that runs off the guest's space: the whole 128-byte chunks before
 * the bad byte are printed, the chunk holding it is not, and the call fails.
 */
static void test_console_write_fault(void **state)
{
	uint64_t end = FAKE_GVA_BASE + FAKE_GVA_SIZE;

	fill_pattern(end - 200, 200);
	assert_int_equal(hc(v0, HC_CONSOLE_IO, 0, 300, end - 200), -TARN_EFAULT);
	expect_console_pattern(128);
	fake.console_len = 0;
	assert_int_equal(hc(v0, HC_CONSOLE_IO, 0, 201, end - 200), -TARN_EFAULT);
	expect_console_pattern(128);
	fake.console_len = 0;
	assert_int_equal(hc(v0, HC_CONSOLE_IO, 0, 200, end - 200), 0);
	expect_console_pattern(200);
	fake.console_len = 0;
	assert_int_equal(hc(v0, HC_CONSOLE_IO, 0, 10, BAD_GVA), -TARN_EFAULT);
	assert_int_equal(fake.console_len, 0);
}

static void test_console_read_and_bad_cmd(void **state)
{
	assert_int_equal(hc(v0, HC_CONSOLE_IO, 1, 16, ARG), -TARN_EPERM);
	assert_int_equal(hc(v0, HC_CONSOLE_IO, 2, 16, ARG), -TARN_EINVAL);
	assert_int_equal(hc(v0, HC_CONSOLE_IO, ~0ULL, 16, ARG), -TARN_EINVAL);
	dom->privileged = true;
	assert_int_equal(hc(v0, HC_CONSOLE_IO, 1, 16, ARG), 0);
	assert_int_equal(fake.console_len, 0);
}

/* ---- sched_op ------------------------------------------------------------- */

static long shutdown(uint32_t reason)
{
	struct sched_shutdown s = {.reason = reason};

	put(ARG, &s, sizeof(s));
	return hc(v1, HC_SCHED_OP, 2, ARG, 0);
}

static void test_shutdown(void **state)
{
	static const uint32_t reasons[] = {0, 1, 4}; /* poweroff, reboot, watchdog */

	for (unsigned int i = 0; i < ARRAY_SIZE(reasons); i++) {
		assert_int_equal(shutdown(reasons[i]), 0);
		assert_int_equal(fake.shutdowns, i + 1);
		assert_ptr_equal(fake.shutdown_domain, dom);
		assert_int_equal(fake.shutdown_reason, reasons[i]);
	}
	assert_int_equal(fake.crashes, 0);
}

static void test_shutdown_crash(void **state)
{
	assert_int_equal(shutdown(3), 0);
	assert_int_equal(fake.crashes, 1);
	assert_ptr_equal(fake.crashed_domain, dom);
	assert_int_equal(fake.shutdowns, 0);
}

static void test_shutdown_bad(void **state)
{
	assert_int_equal(shutdown(99), -TARN_EINVAL);
	assert_int_equal(shutdown(0xffffffff), -TARN_EINVAL);
	assert_int_equal(hc(v0, HC_SCHED_OP, 2, BAD_GVA, 0), -TARN_EFAULT);
	assert_int_equal(fake.shutdowns + fake.crashes, 0);
}

static void test_yield_block(void **state)
{
	assert_int_equal(hc(v1, HC_SCHED_OP, 0, 0, 0), 0);
	assert_int_equal(fake.yields, 1);
	assert_ptr_equal(fake.yielded, v1);
	assert_int_equal(fake.blocks, 0);
	assert_int_equal(hc(v0, HC_SCHED_OP, 1, 0, 0), 0);
	assert_int_equal(fake.blocks, 1);
	assert_ptr_equal(fake.blocked, v0);
	assert_int_equal(fake.yields, 1);
}

static void test_sched_unknown(void **state)
{
	static const uint64_t cmds[] = {3, 4, 5, 6, 7, 99, ~0ULL};

	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++)
		assert_int_equal(hc(v0, HC_SCHED_OP, cmds[i], ARG, 0), -TARN_ENOSYS);
	assert_int_equal(fake.yields + fake.blocks + fake.shutdowns + fake.crashes, 0);
}

/* ---- vcpu_op -------------------------------------------------------------- */

static long vcpu_info(uint64_t vcpuid, uint64_t gfn, uint32_t offset)
{
	struct vcpu_register_vcpu_info info = {.mfn = gfn, .offset = offset};

	put(ARG, &info, sizeof(info));
	return hc(v0, HC_VCPU_OP, 10, vcpuid, ARG);
}

static void test_vcpu_op_bad_vcpu(void **state)
{
	assert_int_equal(vcpu_info(2, 0x40000, 0), -TARN_ENOENT);
	assert_int_equal(vcpu_info(1ULL << 32, 0x40000, 0), -TARN_ENOENT);
	assert_int_equal(hc(v0, HC_VCPU_OP, 5, 2, ARG), -TARN_ENOENT);
	assert_int_equal(v0->vcpu_info_gpa + v1->vcpu_info_gpa, 0);
}

/* vCPU 0 registers vCPU 1's area: the target is the argument, not the caller. */
static void test_vcpu_info_once(void **state)
{
	assert_int_equal(vcpu_info(1, 0x40001, 0x40), 0);
	assert_int_equal(v1->vcpu_info_gpa, 0x40001040);
	assert_int_equal(v0->vcpu_info_gpa, 0);
	assert_int_equal(vcpu_info(1, 0x40002, 0), -TARN_EINVAL);
	assert_int_equal(vcpu_info(1, 0x40001, 0x40), -TARN_EINVAL);
	assert_int_equal(v1->vcpu_info_gpa, 0x40001040);
	assert_int_equal(vcpu_info(0, 0x40fff, 0xfd0), 0); /* ends on RAM's last byte */
	assert_int_equal(v0->vcpu_info_gpa, 0x40ffffd0);
}

static void test_vcpu_info_bad(void **state)
{
	assert_int_equal(vcpu_info(0, 0x40000, 4), -TARN_EINVAL);      /* misaligned */
	assert_int_equal(vcpu_info(0, 0x40000, 0x1000), -TARN_EINVAL); /* offset past the page */
	assert_int_equal(vcpu_info(0, 0x3ffff, 0), -TARN_EINVAL);      /* below RAM */
	assert_int_equal(vcpu_info(0, 0x41000, 0), -TARN_EINVAL);      /* past RAM */
	assert_int_equal(vcpu_info(0, 0x40fff, 0xfd8), -TARN_EINVAL);  /* runs out of RAM */
	assert_int_equal(vcpu_info(0, 1ULL << 52, 0), -TARN_EINVAL);
	assert_int_equal(hc(v0, HC_VCPU_OP, 10, 0, BAD_GVA), -TARN_EFAULT);
	assert_int_equal(v0->vcpu_info_gpa, 0);
	/* Across a page boundary inside RAM is fine (xen-arm-abi.md §3). */
	assert_int_equal(vcpu_info(0, 0x40000, 0xff8), 0);
	assert_int_equal(v0->vcpu_info_gpa, 0x40000ff8);
}

static void test_runstate_area(void **state)
{
	struct vcpu_register_runstate_memory_area area = {.addr.p = 0xffff800012345678ULL};

	put(ARG, &area, sizeof(area));
	assert_int_equal(hc(v0, HC_VCPU_OP, 5, 1, ARG), 0);
	assert_int_equal(v1->runstate_gva, 0xffff800012345678ULL);
	assert_int_equal(v0->runstate_gva, 0);
	assert_int_equal(hc(v0, HC_VCPU_OP, 5, 0, BAD_GVA), -TARN_EFAULT);
	assert_int_equal(v0->runstate_gva, 0);
}

static void test_vcpu_op_others(void **state)
{
	static const uint64_t cmds[] = {0, 1, 2, 3, 4, 6, 7, 11, 13, ~0ULL};

	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++)
		assert_int_equal(hc(v0, HC_VCPU_OP, cmds[i], 0, ARG), -TARN_EINVAL);
}

/* ---- hvm_op --------------------------------------------------------------- */

static long hvm_param(uint64_t cmd, domid_t domid, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = {.domid = domid, .index = index, .value = *value};
	long rc;

	put(ARG, &p, sizeof(p));
	rc = hc(v0, HC_HVM_OP, cmd, ARG, 0);
	get(ARG, &p, sizeof(p));
	assert_int_equal(p.domid, domid);
	assert_int_equal(p.index, index);
	*value = p.value;
	return rc;
}

static void test_hvm_get_param(void **state)
{
	static const uint32_t zero[] = {1, 2, 17, 18}; /* STORE_PFN/EVTCHN, CONSOLE_PFN/EVTCHN */
	uint64_t val = 0xdead;

	assert_int_equal(hvm_param(1, 0x7ff0, 0, &val), 0);
	assert_int_equal(val, 0x020000000000021FULL);
	val = 0xdead;
	assert_int_equal(hvm_param(1, DOMID, 0, &val), 0); /* its own id, not DOMID_SELF */
	assert_int_equal(val, 0x020000000000021FULL);
	for (unsigned int i = 0; i < ARRAY_SIZE(zero); i++) {
		val = 0xdead;
		assert_int_equal(hvm_param(1, 0x7ff0, zero[i], &val), 0);
		assert_int_equal(val, 0);
	}
}

static void test_hvm_get_param_bad(void **state)
{
	uint64_t val = 0xdead;

	assert_int_equal(hvm_param(1, 0x7ff0, 5, &val), -TARN_EINVAL);
	assert_int_equal(hvm_param(1, 0x7ff0, 0xffffffff, &val), -TARN_EINVAL);
	assert_int_equal(val, 0xdead);
	assert_int_equal(hvm_param(1, 0, 0, &val), -TARN_EPERM); /* domain 0 is not this one */
	assert_int_equal(hvm_param(1, 2, 17, &val), -TARN_EPERM);
	assert_int_equal(val, 0xdead);
	assert_int_equal(hc(v0, HC_HVM_OP, 1, BAD_GVA, 0), -TARN_EFAULT);
}

static void test_hvm_set_param(void **state)
{
	uint64_t val = 0x1234;

	assert_int_equal(hvm_param(0, 0x7ff0, 17, &val), -TARN_EPERM);
	assert_int_equal(hvm_param(0, 0x7ff0, 0, &val), -TARN_EPERM);
	assert_int_equal(hvm_param(0, 0x7ff0, 5, &val), -TARN_EINVAL);
	assert_int_equal(hvm_param(0, 3, 5, &val), -TARN_EPERM);
	assert_int_equal(val, 0x1234); /* nothing written back */
	assert_int_equal(hc(v0, HC_HVM_OP, 0, BAD_GVA, 0), -TARN_EFAULT);
}

static void test_hvm_bad_cmd(void **state)
{
	uint64_t val = 0;

	assert_int_equal(hvm_param(2, 0x7ff0, 0, &val), -TARN_ENOSYS);
	assert_int_equal(hc(v0, HC_HVM_OP, 4, BAD_GVA, 0), -TARN_ENOSYS); /* before the copy */
	assert_int_equal(hc(v0, HC_HVM_OP, ~0ULL, ARG, 0), -TARN_ENOSYS);
}

/* ---- memory_op ------------------------------------------------------------ */

static long add_to_physmap(uint64_t cmd, domid_t domid, uint32_t space, uint64_t idx, uint64_t gpfn)
{
	struct xen_add_to_physmap x = {.domid = domid, .space = space, .idx = idx, .gpfn = gpfn};

	put(ARG, &x, sizeof(x));
	return hc(v0, HC_MEMORY_OP, cmd, ARG, 0);
}

/* The last two stage-2 calls replaced the page at gpfn with shared_info. */
static void expect_shared_info_mapped(unsigned int first, uint64_t gpfn)
{
	const struct fake_p2m_call *u = &fake.p2m[first], *m = &fake.p2m[first + 1];

	assert_int_equal(fake.np2m, first + 2);
	assert_int_equal(u->op, FAKE_P2M_UNMAP);
	assert_ptr_equal(u->d, dom);
	assert_int_equal(u->ipa, gpfn << 12);
	assert_int_equal(u->size, 4096);
	assert_int_equal(m->op, FAKE_P2M_MAP);
	assert_ptr_equal(m->d, dom);
	assert_int_equal(m->ipa, gpfn << 12);
	assert_int_equal(pa_val(m->pa), SHARED_INFO);
	assert_int_equal(m->size, 4096);
	assert_int_equal(m->type, P2M_RAM_RW);
}

static void test_shared_info(void **state)
{
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, 0x40100), 0);
	expect_shared_info_mapped(0, 0x40100);
	assert_int_equal(dom->shared_info_gfn, 0x40100);
	/* Again at the same place: fine, and done again. */
	assert_int_equal(add_to_physmap(7, DOMID, 0, 0, 0x40100), 0);
	expect_shared_info_mapped(2, 0x40100);
	/* Elsewhere: refused, stage 2 untouched. */
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, 0x40200), -TARN_EBUSY);
	assert_int_equal(fake.np2m, 4);
	assert_int_equal(dom->shared_info_gfn, 0x40100);
}

static void test_shared_info_bad(void **state)
{
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 1, 0x40100), -TARN_EINVAL);
	assert_int_equal(add_to_physmap(7, 0, 0, 0, 0x40100), -TARN_EPERM);
	assert_int_equal(add_to_physmap(7, 0x7ff1, 0, 0, 0x40100), -TARN_EPERM);  /* DOMID_IO */
	assert_int_equal(add_to_physmap(7, 0x7ff0, 1, 0, 0x40100), -TARN_ENOSYS); /* grant table */
	assert_int_equal(add_to_physmap(7, 0x7ff0, 2, 0, 0x40100), -TARN_ENOSYS); /* gmfn */
	assert_int_equal(add_to_physmap(7, 0x7ff0, 5, 0, 0x40100), -TARN_ENOSYS); /* dev_mmio */
	/* 44-bit IPAs: frames up to 2^32 - 1. */
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, 1ULL << 32), -TARN_EINVAL);
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, ~0ULL), -TARN_EINVAL);
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, 1ULL << 52), -TARN_EINVAL);
	assert_int_equal(hc(v0, HC_MEMORY_OP, 7, BAD_GVA, 0), -TARN_EFAULT);
	assert_int_equal(fake.np2m, 0);
	assert_int_equal(dom->shared_info_gfn, 0);
	/* The last frame below the limit is fine. */
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, (1ULL << 32) - 1), 0);
	expect_shared_info_mapped(0, (1ULL << 32) - 1);
}

static void test_shared_info_ipa_bits(void **state)
{
	fake.ipa_bits = 40;
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, 1ULL << 28), -TARN_EINVAL);
	assert_int_equal(fake.np2m, 0);
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, (1ULL << 28) - 1), 0);
}

/* A stage-2 failure is the guest's result, and nothing counts as mapped. */
static void test_shared_info_p2m_failure(void **state)
{
	fake.p2m_map_rc = -TARN_ENOMEM;
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, 0x40100), -TARN_ENOMEM);
	assert_int_equal(dom->shared_info_gfn, 0);
	fake.p2m_map_rc = 0;
	fake.p2m_unmap_rc = -TARN_ENOMEM;
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, 0x40200), -TARN_ENOMEM);
	assert_int_equal(fake.np2m, 3); /* no map after a failed unmap */
	assert_int_equal(fake.p2m[2].op, FAKE_P2M_UNMAP);
	assert_int_equal(dom->shared_info_gfn, 0);
}

/*
 * Frame 0 is a frame like any other: once shared_info is there, mapping it
 * somewhere else as well must be refused as for any other frame.
 */
static void test_shared_info_at_frame_0(void **state)
{
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, 0), 0);
	expect_shared_info_mapped(0, 0);
	assert_int_equal(add_to_physmap(7, 0x7ff0, 0, 0, 0x40200), -TARN_EBUSY);
	assert_int_equal(fake.np2m, 2);
}

static long reservation(uint64_t cmd, domid_t domid)
{
	put(ARG, &domid, sizeof(domid));
	return hc(v0, HC_MEMORY_OP, cmd, ARG, 0);
}

static void test_reservations(void **state)
{
	assert_int_equal(reservation(3, 0x7ff0), 4096);
	assert_int_equal(reservation(4, 0x7ff0), 8192);
	assert_int_equal(reservation(3, DOMID), 4096);
	assert_int_equal(reservation(4, 0), -TARN_EPERM);
	assert_int_equal(reservation(3, 2), -TARN_EPERM);
	assert_int_equal(hc(v0, HC_MEMORY_OP, 3, BAD_GVA, 0), -TARN_EFAULT);
	assert_int_equal(hc(v0, HC_MEMORY_OP, 4, FAKE_GVA_BASE + FAKE_GVA_SIZE - 1, 0),
			 -TARN_EFAULT);
}

/* memory_op's cmd carries a continuation's start extent above bit 6. */
static void test_memory_op_extent_bits(void **state)
{
	assert_int_equal(reservation(3 | (5 << 6), 0x7ff0), 4096);
	assert_int_equal(reservation(4 | (~0ULL << 6), 0x7ff0), 8192);
	assert_int_equal(add_to_physmap(7 | (1 << 6), 0x7ff0, 0, 0, 0x40100), 0);
	expect_shared_info_mapped(0, 0x40100);
	/* The low six bits alone choose: 0x43 is 3, 0x40 is 0, not 3 or 64. */
	assert_int_equal(reservation(0x40, 0x7ff0), -TARN_ENOSYS);
	assert_int_equal(reservation(3 << 6, 0x7ff0), -TARN_ENOSYS);
}

static void test_memory_op_unknown(void **state)
{
	static const uint64_t cmds[] = {0, 1, 6, 11, 15, 23, 28, 63};

	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++)
		assert_int_equal(hc(v0, HC_MEMORY_OP, cmds[i], ARG, 0), -TARN_ENOSYS);
	assert_int_equal(fake.np2m, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_unknown_numbers),
		T(test_version),
		T(test_features),
		T(test_features_bad_pointer),
		T(test_extraversion),
		T(test_console_write),
		T(test_console_write_chunks),
		T(test_console_write_fault),
		T(test_console_read_and_bad_cmd),
		T(test_shutdown),
		T(test_shutdown_crash),
		T(test_shutdown_bad),
		T(test_yield_block),
		T(test_sched_unknown),
		T(test_vcpu_op_bad_vcpu),
		T(test_vcpu_info_once),
		T(test_vcpu_info_bad),
		T(test_runstate_area),
		T(test_vcpu_op_others),
		T(test_hvm_get_param),
		T(test_hvm_get_param_bad),
		T(test_hvm_set_param),
		T(test_hvm_bad_cmd),
		T(test_shared_info),
		T(test_shared_info_bad),
		T(test_shared_info_ipa_bits),
		T(test_shared_info_p2m_failure),
		T(test_shared_info_at_frame_0),
		T(test_reservations),
		T(test_memory_op_extent_bits),
		T(test_memory_op_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
