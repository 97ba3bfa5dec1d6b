/*
 * Host unit tests for hypercall dispatch (hyp/hypercall/hypercall.c) and the argument
 * checking of each hypercall group (hyp/hypercall/): the base ones, memory
 * and Tarn's control interface, domctl and sysctl.
 *
 * Every call goes in as the trap code hands it over: the number and five
 * arguments (x16, x0..x4 of the guest), through hypercall_dispatch(), whose
 * result the trap code puts in x0.
 * Pointer arguments are guest virtual addresses in the fake address space of
 * tests/unit/fake_guest.c, which also records what the handlers asked the
 * rest of Tarn to do. The calling domain is a domU (id 1) with two vCPUs, or
 * the control domain where a test says so. Numbers and results are Xen 4.17's
 * (docs/xen-abi.md), written out as literals so that a changed constant in
 * Tarn's headers shows up here as a changed guest ABI. The control tests call
 * from the control domain (id 0, one vCPU) about the domU, and check that the
 * scheduler core (faked, tests/unit/fake_guest.c) is reached only with
 * checked, converted values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "hyp/hypercall/hypercall.h"
#include "tarn/ctl.h"
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
#define HC_SYSCTL      35
#define HC_DOMCTL      36

#define DOMID	    1
#define SHARED_INFO 0x912345000ULL /* the "physical" page Tarn keeps for the domain */

/* Where tests put argument structures in the guest. */
#define ARG	0x2000ULL
#define BAD_GVA 0x10ULL /* below the fake address space */

static struct domain *dom, *ctl;
static struct vcpu *v0, *v1, *cv; /* dom's two vCPUs, ctl's one */

/* The control domain, id 0: the only caller domctl and sysctl serve. */
static int setup_ctl(void)
{
	ctl = calloc(1, sizeof(*ctl));
	cv = calloc(1, sizeof(*cv));
	if (!ctl || !cv)
		return -1;
	ctl->id = 0;
	strcpy(ctl->name, "control");
	ctl->privileged = true;
	ctl->state = DOMAIN_RUNNING;
	ctl->nvcpus = 1;
	ctl->vcpus[0] = cv;
	cv->domain = ctl;
	domains[0] = ctl;
	domains[DOMID] = dom;
	return 0;
}

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
	dom->state = DOMAIN_RUNNING;
	fake_reset();
	return setup_ctl();
}

static int teardown(void **state)
{
	free(cv);
	free(ctl);
	free(v1);
	free(v0);
	free(dom);
	return 0;
}

/* One hypercall from v, as the trap code unpacks it; no continuation may be
 * asked for (the arguments are short). */
static long hc(struct vcpu *v, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	const uint64_t args[HYPERCALL_NARGS] = {a0, a1, a2, 0x3333, 0x4444};
	unsigned int before = fake.continuations;
	long rc = hypercall_dispatch(v, nr, args);

	assert_int_equal(fake.continuations, before);
	return rc;
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

/*
 * A long write is printed 4 KiB at a time: the rest becomes a continuation
 * (the trap code's), with the count left and the buffer moved on.
 */
static void test_console_write_continues(void **state)
{
	const uint64_t args[HYPERCALL_NARGS] = {0, 5000, ARG};

	fill_pattern(ARG, 5000);
	assert_int_equal(hypercall_dispatch(v0, HC_CONSOLE_IO, args), 0);
	assert_int_equal(fake.continuations, 1);
	assert_int_equal(fake.cont_args[0], 5000 - 4096);
	assert_int_equal(fake.cont_args[1], ARG + 4096);
	expect_console_pattern(4096);
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
	static const uint64_t cmds[] = {0, 11, 15, 23, 28, 63};

	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++)
		assert_int_equal(hc(v0, HC_MEMORY_OP, cmds[i], ARG, 0), -TARN_ENOSYS);
	assert_int_equal(fake.np2m, 0);
}

/* decrease_reservation / populate_physmap of n gpfns from 0x40100 up. */
static long balloon(unsigned int cmd, uint64_t n, uint32_t order, uint16_t domid)
{
	struct xen_memory_reservation r = {.nr_extents = n, .extent_order = order, .domid = domid};
	xen_pfn_t gpfns[600];

	for (unsigned int i = 0; i < 600; i++)
		gpfns[i] = 0x40100 + i;
	r.extent_start.q = ARG + 0x100;
	put(ARG, &r, sizeof(r));
	put(ARG + 0x100, gpfns, sizeof(gpfns));
	return hc(v0, HC_MEMORY_OP, cmd, ARG, 0);
}

static void test_balloon(void **state)
{
	assert_int_equal(balloon(1, 3, 0, DOMID_SELF), 3);
	assert_int_equal(fake.life.page_calls, 3);
	assert_true(fake.life.page_release);
	assert_int_equal(fake.life.page_last_ipa, 0x40102000);
	assert_int_equal(balloon(6, 2, 0, DOMID), 2);
	assert_false(fake.life.page_release);
	assert_int_equal(balloon(1, 600, 0, DOMID_SELF), 512); /* a batch: the caller goes on */
	fake.life.page_calls = 0;
	fake.life.page_fail_at = 3;
	fake.life.rc = -TARN_ENOMEM;
	assert_int_equal(balloon(6, 10, 0, DOMID_SELF), 2); /* stopped where it failed */
	assert_int_equal(balloon(1, 0, 0, DOMID_SELF), 0);
}

static void test_balloon_bad(void **state)
{
	struct xen_memory_reservation r = {.nr_extents = 1, .domid = DOMID_SELF};

	assert_int_equal(balloon(1, 1, 0, 0), -TARN_EPERM); /* another domain */
	assert_int_equal(balloon(6, 1, 1, DOMID_SELF), -TARN_EINVAL); /* order 1 */
	assert_int_equal(hc(v0, HC_MEMORY_OP, 1, BAD_GVA, 0), -TARN_EFAULT);
	r.mem_flags = 1;
	put(ARG, &r, sizeof(r));
	assert_int_equal(hc(v0, HC_MEMORY_OP, 1, ARG, 0), -TARN_EINVAL);
	r.mem_flags = 0;
	r.extent_start.q = BAD_GVA; /* the list cannot be read */
	put(ARG, &r, sizeof(r));
	assert_int_equal(hc(v0, HC_MEMORY_OP, 6, ARG, 0), -TARN_EFAULT);
	r.extent_start.q = ARG + 0x100;
	put(ARG + 0x100, &(xen_pfn_t){1ULL << 40}, sizeof(xen_pfn_t)); /* beyond the IPA space */
	put(ARG, &r, sizeof(r));
	assert_int_equal(hc(v0, HC_MEMORY_OP, 6, ARG, 0), 0);
	assert_int_equal(fake.life.page_calls, 0);
}

/* ---- domctl and sysctl ---------------------------------------------------- */

#define CTL_VERSION 0x54410002

#define DOMCTL_GETDOMAININFO	1
#define DOMCTL_GETVCPUINFO	2
#define DOMCTL_SCHED_CREDIT_GET 3
#define DOMCTL_SCHED_CREDIT_SET 4
#define DOMCTL_SETVCPUAFFINITY	5
#define DOMCTL_GETVCPUAFFINITY	6
#define DOMCTL_CREATEDOMAIN	7
#define DOMCTL_DESTROYDOMAIN	8
#define DOMCTL_PAUSEDOMAIN	9
#define DOMCTL_UNPAUSEDOMAIN	10
#define DOMCTL_MAX_MEM		11
#define DOMCTL_SETVCPUCONTEXT	12
#define DOMCTL_POPULATE		13
#define DOMCTL_COPY		14
#define DOMCTL_SHUTDOWN		15
#define DOMCTL_CONSOLE_READ	16
#define NR_DOMCTLS		16

#define SYSCTL_PHYSINFO		1
#define SYSCTL_SCHED_CREDIT_GET 2
#define SYSCTL_SCHED_CREDIT_SET 3
#define SYSCTL_GETCPUINFO	4
#define SYSCTL_GETDOMAININFOLIST 5
#define SYSCTL_READCONSOLE	6
#define NR_SYSCTLS		6

static struct tarn_domctl domctl_req(uint32_t cmd, uint32_t domid)
{
	return (struct tarn_domctl){.cmd = cmd, .interface_version = CTL_VERSION, .domain = domid};
}

static struct tarn_sysctl sysctl_req(uint32_t cmd)
{
	return (struct tarn_sysctl){.cmd = cmd, .interface_version = CTL_VERSION};
}

/* One call from v with op in the guest; op becomes what the guest then holds. */
static long domctl(struct vcpu *v, struct tarn_domctl *op)
{
	long rc;

	put(ARG, op, sizeof(*op));
	rc = hc(v, HC_DOMCTL, ARG, 0, 0);
	get(ARG, op, sizeof(*op));
	return rc;
}

static long sysctl(struct vcpu *v, struct tarn_sysctl *op)
{
	long rc;

	put(ARG, op, sizeof(*op));
	rc = hc(v, HC_SYSCTL, ARG, 0, 0);
	get(ARG, op, sizeof(*op));
	return rc;
}

/* A call that must fail with want, reaching nothing and writing nothing back. */
static void domctl_refused(struct vcpu *v, struct tarn_domctl op, long want)
{
	struct tarn_domctl before = op;
	long rc = domctl(v, &op);

	if (rc != want)
		fail_msg("domctl cmd %u domain %u: %ld, want %ld", before.cmd, before.domain, rc,
			 want);
	assert_memory_equal(&op, &before, sizeof(op));
	assert_int_equal(fake.sched.calls, 0);
}

static void sysctl_refused(struct vcpu *v, struct tarn_sysctl op, long want)
{
	struct tarn_sysctl before = op;
	long rc = sysctl(v, &op);

	if (rc != want)
		fail_msg("sysctl cmd %u: %ld, want %ld", before.cmd, rc, want);
	assert_memory_equal(&op, &before, sizeof(op));
	assert_int_equal(fake.sched.calls, 0);
}

/* A good request for each command, as a control domain would send it. */
static struct tarn_domctl domctl_good(uint32_t cmd)
{
	struct tarn_domctl op = domctl_req(cmd, DOMID);

	if (cmd == DOMCTL_SCHED_CREDIT_SET)
		op.u.credit = (struct tarn_domctl_sched_credit){.weight = 512, .cap = 50};
	if (cmd == DOMCTL_SETVCPUAFFINITY)
		op.u.affinity = (struct tarn_domctl_vcpuaffinity){.vcpu = 1, .cpumap = 0x3};
	if (cmd == DOMCTL_CREATEDOMAIN)
		op.u.create = (struct tarn_domctl_create){.name = "new", .max_vcpus = 1,
							  .max_pages = 4096};
	if (cmd == DOMCTL_MAX_MEM)
		op.u.max_mem.max_pages = 4096;
	if (cmd == DOMCTL_SETVCPUCONTEXT)
		op.u.vcpuctx = (struct tarn_domctl_vcpuctx){.vcpu = 1, .pc = 0x40080000, .arg = 7};
	if (cmd == DOMCTL_POPULATE)
		op.u.populate = (struct tarn_domctl_populate){.ipa = 0x40000000, .nbytes = 0x200000};
	if (cmd == DOMCTL_COPY)
		op.u.copy = (struct tarn_domctl_copy){.ipa = FAKE_RAM_IPA, .buf = ARG + 0x1000,
						      .len = 16};
	if (cmd == DOMCTL_SHUTDOWN)
		op.u.shutdown.reason = SHUTDOWN_poweroff;
	if (cmd == DOMCTL_CONSOLE_READ)
		op.u.console = (struct tarn_domctl_console){.buf = ARG + 0x1000, .size = 64};
	return op;
}

static struct tarn_sysctl sysctl_good(uint32_t cmd)
{
	struct tarn_sysctl op = sysctl_req(cmd);

	if (cmd == SYSCTL_SCHED_CREDIT_SET)
		op.u.credit =
			(struct tarn_sysctl_sched_credit){.tslice_ms = 10, .ratelimit_us = 1000};
	if (cmd == SYSCTL_GETDOMAININFOLIST)
		op.u.domlist = (struct tarn_sysctl_domlist){.max = 4, .buf = ARG + 0x1000};
	if (cmd == SYSCTL_READCONSOLE)
		op.u.console = (struct tarn_domctl_console){.buf = ARG + 0x1000, .size = 64};
	return op;
}

static void test_ctl_registered(void **state)
{
	struct tarn_domctl d = domctl_good(DOMCTL_GETDOMAININFO);
	struct tarn_sysctl s = sysctl_good(SYSCTL_PHYSINFO);

	assert_int_equal(domctl(cv, &d), 0);
	assert_int_equal(sysctl(cv, &s), 0);
}

/* A domU gets -EPERM for every command, whatever else is wrong, itself included. */
static void test_ctl_eperm(void **state)
{
	struct tarn_domctl d;
	struct tarn_sysctl s;

	for (uint32_t cmd = 1; cmd <= NR_DOMCTLS; cmd++) {
		domctl_refused(v0, domctl_good(cmd), -TARN_EPERM);
		d = domctl_good(cmd);
		d.domain = 0; /* about the control domain */
		domctl_refused(v1, d, -TARN_EPERM);
		d.interface_version = 0;
		d.domain = 99;
		domctl_refused(v0, d, -TARN_EPERM);
	}
	for (uint32_t cmd = 1; cmd <= NR_SYSCTLS; cmd++) {
		sysctl_refused(v0, sysctl_good(cmd), -TARN_EPERM);
		s = sysctl_good(cmd);
		s.interface_version = 0;
		sysctl_refused(v1, s, -TARN_EPERM);
	}
	domctl_refused(v0, domctl_req(0, DOMID), -TARN_EPERM);
	sysctl_refused(v0, sysctl_req(~0U), -TARN_EPERM);
}

/* The structure cannot be read: first of all, privileged or not. */
static void test_ctl_efault(void **state)
{
	static const uint64_t bad[] = {0, BAD_GVA, FAKE_GVA_BASE + FAKE_GVA_SIZE - 100};

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(hc(cv, HC_DOMCTL, bad[i], 0, 0), -TARN_EFAULT);
		assert_int_equal(hc(v0, HC_DOMCTL, bad[i], 0, 0), -TARN_EFAULT);
		assert_int_equal(hc(cv, HC_SYSCTL, bad[i], 0, 0), -TARN_EFAULT);
		assert_int_equal(hc(v0, HC_SYSCTL, bad[i], 0, 0), -TARN_EFAULT);
	}
	assert_int_equal(fake.sched.calls, 0);
}

/* A wrong version comes before the command and the domain are looked at. */
static void test_ctl_eacces(void **state)
{
	static const uint32_t versions[] = {0, CTL_VERSION - 1, CTL_VERSION + 1, 0x00000012,
					    0xffffffff};
	struct tarn_domctl d;
	struct tarn_sysctl s;

	for (unsigned int i = 0; i < ARRAY_SIZE(versions); i++) {
		for (uint32_t cmd = 0; cmd <= NR_DOMCTLS + 1; cmd++) {
			d = domctl_good(cmd);
			d.interface_version = versions[i];
			domctl_refused(cv, d, -TARN_EACCES);
			d.domain = 99;
			domctl_refused(cv, d, -TARN_EACCES);
		}
		for (uint32_t cmd = 0; cmd <= NR_SYSCTLS + 1; cmd++) {
			s = sysctl_good(cmd);
			s.interface_version = versions[i];
			sysctl_refused(cv, s, -TARN_EACCES);
		}
	}
}

/* An unknown command comes before the domain is looked up. */
static void test_ctl_enosys(void **state)
{
	static const uint32_t dcmds[] = {0, NR_DOMCTLS + 1, 64, 0x80000001, 0xffffffff};
	static const uint32_t scmds[] = {0, NR_SYSCTLS + 1, 64, 0x80000001, 0xffffffff};

	for (unsigned int i = 0; i < ARRAY_SIZE(dcmds); i++) {
		domctl_refused(cv, domctl_req(dcmds[i], DOMID), -TARN_ENOSYS);
		domctl_refused(cv, domctl_req(dcmds[i], 99), -TARN_ENOSYS);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(scmds); i++)
		sysctl_refused(cv, sysctl_req(scmds[i]), -TARN_ENOSYS);
}

/* No such domain, a dying one too, for every command; before the command's checks. */
static void test_domctl_esrch(void **state)
{
	static const uint32_t ids[] = {2, 63, 64, 0x7ff0 /* DOMID_SELF */, 0xffff, 0xffffffff};
	struct tarn_domctl d;

	for (uint32_t cmd = 1; cmd <= NR_DOMCTLS; cmd++) {
		if (cmd == DOMCTL_CREATEDOMAIN)
			continue; /* names no domain */
		for (unsigned int i = 0; i < ARRAY_SIZE(ids); i++) {
			d = domctl_good(cmd);
			d.domain = ids[i];
			domctl_refused(cv, d, -TARN_ESRCH);
		}
		d = domctl_good(cmd);
		d.u.credit.weight = 0; /* would be -EINVAL; the domain is checked first */
		d.domain = 5;
		domctl_refused(cv, d, -TARN_ESRCH);
		dom->state = DOMAIN_DYING;
		domctl_refused(cv, domctl_good(cmd), -TARN_ESRCH);
		dom->state = DOMAIN_RUNNING;
	}
}

/* ---- domctl commands ---- */

static void set_times(unsigned int vcpu, unsigned int rs, unsigned int cpu, uint64_t t0,
		      uint64_t t1, uint64_t t2, uint64_t t3)
{
	fake.sched.times[vcpu] =
		(struct sched_vcpu_times){.state = rs, .cpu = cpu, .time = {t0, t1, t2, t3}};
}

/* The header comes back as sent; the union is the result and zeros. */
static void expect_domctl_header(const struct tarn_domctl *op, uint32_t cmd, uint32_t domid)
{
	assert_int_equal(op->cmd, cmd);
	assert_int_equal(op->interface_version, CTL_VERSION);
	assert_int_equal(op->domain, domid);
	assert_int_equal(op->pad, 0);
}

static void expect_zero(const void *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (((const uint8_t *)p)[i])
			fail_msg("byte %zu is 0x%02x, want 0", i, ((const uint8_t *)p)[i]);
}

static void test_getdomaininfo(void **state)
{
	struct tarn_domctl op = domctl_req(DOMCTL_GETDOMAININFO, DOMID);
	const struct tarn_domctl_domaininfo *info = &op.u.info;

	memset(op.u.raw, 0xa5, sizeof(op.u.raw)); /* whatever the guest had there */
	set_times(0, 0, 2, 1000, 20, 300, 4);
	set_times(1, 2, 3, 5000000000ULL, 7, 1, 0);
	assert_int_equal(domctl(cv, &op), 0);
	expect_domctl_header(&op, DOMCTL_GETDOMAININFO, DOMID);
	assert_int_equal(info->state, 1); /* running */
	assert_int_equal(info->shutdown_reason, 0);
	assert_int_equal(info->flags, 0);
	assert_int_equal(info->nr_vcpus, 2);
	assert_int_equal(info->tot_pages, 4096);
	assert_int_equal(info->max_pages, 8192);
	assert_int_equal(info->run_ns, 5000001000ULL);
	assert_int_equal(info->wait_ns, 27);
	assert_string_equal(info->name, "domU1");
	expect_zero(info->name + 5, sizeof(info->name) - 5);
	expect_zero(op.u.raw + sizeof(*info), sizeof(op.u.raw) - sizeof(*info));
}

static void test_getdomaininfo_states(void **state)
{
	static const enum domain_state states[] = {DOMAIN_BUILDING, DOMAIN_RUNNING, DOMAIN_PAUSED,
						   DOMAIN_SHUTDOWN, DOMAIN_CRASHED};
	struct tarn_domctl op;

	dom->shutdown_reason = 1; /* reboot */
	for (unsigned int i = 0; i < ARRAY_SIZE(states); i++) {
		dom->state = states[i];
		op = domctl_req(DOMCTL_GETDOMAININFO, DOMID);
		assert_int_equal(domctl(cv, &op), 0);
		assert_int_equal(op.u.info.state, i); /* TARN_DOMSTATE_building.. in order */
		/* The reason means something only once the domain shut down. */
		assert_int_equal(op.u.info.shutdown_reason, states[i] == DOMAIN_SHUTDOWN ? 1 : 0);
	}
	/* The control domain asking about itself. */
	op = domctl_req(DOMCTL_GETDOMAININFO, 0);
	assert_int_equal(domctl(cv, &op), 0);
	assert_int_equal(op.u.info.flags, 1); /* privileged */
	assert_int_equal(op.u.info.nr_vcpus, 1);
	assert_string_equal(op.u.info.name, "control");
}

static void test_getvcpuinfo(void **state)
{
	struct tarn_domctl op = domctl_req(DOMCTL_GETVCPUINFO, DOMID);

	memset(op.u.raw, 0xa5, sizeof(op.u.raw));
	op.u.vcpu.vcpu = 1;
	set_times(0, 0, 0, 9, 9, 9, 9);
	set_times(1, 1, 3, 11, 22, 33, 44);
	assert_int_equal(domctl(cv, &op), 0);
	expect_domctl_header(&op, DOMCTL_GETVCPUINFO, DOMID);
	assert_int_equal(op.u.vcpu.vcpu, 1);
	assert_int_equal(op.u.vcpu.state, 1); /* runnable */
	assert_int_equal(op.u.vcpu.cpu, 3);
	assert_int_equal(op.u.vcpu.pad, 0);
	assert_int_equal(op.u.vcpu.time[0], 11);
	assert_int_equal(op.u.vcpu.time[1], 22);
	assert_int_equal(op.u.vcpu.time[2], 33);
	assert_int_equal(op.u.vcpu.time[3], 44);
	expect_zero(op.u.raw + sizeof(op.u.vcpu), sizeof(op.u.raw) - sizeof(op.u.vcpu));
}

/* A vCPU the domain lacks, for each command that names one. */
static void test_domctl_bad_vcpu(void **state)
{
	static const uint32_t cmds[] = {DOMCTL_GETVCPUINFO, DOMCTL_SETVCPUAFFINITY,
					DOMCTL_GETVCPUAFFINITY};
	static const uint32_t vcpus[] = {2, 8, 64, 0xffffffff};
	struct tarn_domctl op;

	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
		for (unsigned int j = 0; j < ARRAY_SIZE(vcpus); j++) {
			op = domctl_good(cmds[i]);
			/* vcpu is the first member of both vcpuinfo and vcpuaffinity */
			op.u.vcpu.vcpu = vcpus[j];
			domctl_refused(cv, op, -TARN_EINVAL);
		}
		op = domctl_good(cmds[i]);
		op.domain = 0;
		op.u.vcpu.vcpu = 1; /* the control domain has one vCPU */
		domctl_refused(cv, op, -TARN_EINVAL);
	}
}

static void test_sched_credit_get(void **state)
{
	struct tarn_domctl op = domctl_req(DOMCTL_SCHED_CREDIT_GET, DOMID);

	memset(op.u.raw, 0xa5, sizeof(op.u.raw));
	fake.sched.weight = 1024;
	fake.sched.cap = 150;
	assert_int_equal(domctl(cv, &op), 0);
	expect_domctl_header(&op, DOMCTL_SCHED_CREDIT_GET, DOMID);
	assert_int_equal(op.u.credit.weight, 1024);
	assert_int_equal(op.u.credit.cap, 150);
	expect_zero(op.u.raw + sizeof(op.u.credit), sizeof(op.u.raw) - sizeof(op.u.credit));
}

static long credit_set(uint32_t domid, uint32_t weight, int32_t cap)
{
	struct tarn_domctl op = domctl_req(DOMCTL_SCHED_CREDIT_SET, domid);

	op.u.credit.weight = weight;
	op.u.credit.cap = cap;
	fake.sched.calls = fake.sched.dom_sets = 0;
	return domctl(cv, &op);
}

static void test_sched_credit_set(void **state)
{
	static const struct {
		uint32_t weight;
		int32_t cap;
	} ok[] = {{1, 0}, {65535, 200}, {256, 1}, {512, 100}};

	for (unsigned int i = 0; i < ARRAY_SIZE(ok); i++) {
		assert_int_equal(credit_set(DOMID, ok[i].weight, ok[i].cap), 0);
		assert_int_equal(fake.sched.dom_sets, 1);
		assert_ptr_equal(fake.sched.set_dom, dom);
		assert_int_equal(fake.sched.set_weight, ok[i].weight);
		assert_int_equal(fake.sched.set_cap, ok[i].cap);
	}
	/* The control domain has one vCPU: 100 % at most. */
	assert_int_equal(credit_set(0, 256, 100), 0);
	assert_ptr_equal(fake.sched.set_dom, ctl);
	/* The core's answer is the caller's. */
	fake.sched.set_rc = -TARN_EINVAL;
	assert_int_equal(credit_set(DOMID, 256, 0), -TARN_EINVAL);
	assert_int_equal(fake.sched.dom_sets, 1);
}

static void test_sched_credit_set_bad(void **state)
{
	static const struct {
		uint32_t domid, weight;
		int32_t cap;
	} bad[] = {
		{DOMID, 0, 0},		 {DOMID, 65536, 0},	  {DOMID, 0xffffffff, 0},
		{DOMID, 256, -1},	 {DOMID, 256, INT32_MIN}, {DOMID, 256, 201},
		{DOMID, 256, INT32_MAX}, {0, 256, 101},
	};
	struct tarn_domctl op;

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		op = domctl_req(DOMCTL_SCHED_CREDIT_SET, bad[i].domid);
		op.u.credit.weight = bad[i].weight;
		op.u.credit.cap = bad[i].cap;
		domctl_refused(cv, op, -TARN_EINVAL);
	}
}

static long set_affinity(uint32_t vcpu, uint64_t map)
{
	struct tarn_domctl op = domctl_req(DOMCTL_SETVCPUAFFINITY, DOMID);

	op.u.affinity.vcpu = vcpu;
	op.u.affinity.cpumap = map;
	fake.sched.calls = fake.sched.affinity_sets = 0;
	return domctl(cv, &op);
}

static void test_setvcpuaffinity(void **state)
{
	assert_int_equal(set_affinity(1, 0x2), 0);
	assert_int_equal(fake.sched.affinity_sets, 1);
	assert_ptr_equal(fake.sched.set_vcpu, v1);
	assert_int_equal(fake.sched.set_mask, 0x2);
	/* Offline and absent CPUs may be named beside an online one: passed as is. */
	percpu_data[2].online = false;
	assert_int_equal(set_affinity(0, ~0ULL), 0);
	assert_ptr_equal(fake.sched.set_vcpu, v0);
	assert_int_equal(fake.sched.set_mask, ~0ULL);
	assert_int_equal(set_affinity(0, 0x8 | (1ULL << 63)), 0);
	assert_int_equal(fake.sched.set_mask, 0x8 | (1ULL << 63));
	fake.sched.set_rc = -TARN_EINVAL;
	assert_int_equal(set_affinity(0, 0x1), -TARN_EINVAL);
	assert_int_equal(fake.sched.affinity_sets, 1);
}

static void test_setvcpuaffinity_bad(void **state)
{
	static const uint64_t maps[] = {0, 0x4 /* offline */, 0x10, 0xfff0, 1ULL << 63};
	struct tarn_domctl op;

	percpu_data[2].online = false;
	for (unsigned int i = 0; i < ARRAY_SIZE(maps); i++) {
		op = domctl_req(DOMCTL_SETVCPUAFFINITY, DOMID);
		op.u.affinity.vcpu = 1;
		op.u.affinity.cpumap = maps[i];
		domctl_refused(cv, op, -TARN_EINVAL);
	}
}

static void test_getvcpuaffinity(void **state)
{
	struct tarn_domctl op = domctl_req(DOMCTL_GETVCPUAFFINITY, DOMID);

	memset(op.u.raw, 0xa5, sizeof(op.u.raw));
	op.u.affinity.vcpu = 1;
	fake.sched.affinity = 0x5;
	assert_int_equal(domctl(cv, &op), 0);
	expect_domctl_header(&op, DOMCTL_GETVCPUAFFINITY, DOMID);
	assert_int_equal(op.u.affinity.vcpu, 1);
	assert_int_equal(op.u.affinity.pad, 0);
	assert_int_equal(op.u.affinity.cpumap, 0x5);
	expect_zero(op.u.raw + sizeof(op.u.affinity), sizeof(op.u.raw) - sizeof(op.u.affinity));
}

/* ---- sysctl commands ---- */

static void expect_sysctl_header(const struct tarn_sysctl *op, uint32_t cmd)
{
	assert_int_equal(op->cmd, cmd);
	assert_int_equal(op->interface_version, CTL_VERSION);
}

static void test_physinfo(void **state)
{
	struct tarn_sysctl op = sysctl_req(SYSCTL_PHYSINFO);

	memset(op.u.raw, 0xa5, sizeof(op.u.raw));
	fake.sched.total_pages = 262144;
	fake.sched.free_pages = 200000;
	fake.sched.timer_freq = 62500000; /* QEMU virt: 62.5 MHz */
	percpu_data[1].online = false;
	assert_int_equal(sysctl(cv, &op), 0);
	expect_sysctl_header(&op, SYSCTL_PHYSINFO);
	assert_int_equal(op.u.physinfo.nr_cpus, 3);
	assert_int_equal(op.u.physinfo.pad, 0);
	assert_int_equal(op.u.physinfo.total_pages, 262144);
	assert_int_equal(op.u.physinfo.free_pages, 200000);
	assert_int_equal(op.u.physinfo.cpu_khz, 62500);
	expect_zero(op.u.raw + sizeof(op.u.physinfo), sizeof(op.u.raw) - sizeof(op.u.physinfo));
}

static void test_sysctl_credit_get(void **state)
{
	struct tarn_sysctl op = sysctl_req(SYSCTL_SCHED_CREDIT_GET);

	memset(op.u.raw, 0xa5, sizeof(op.u.raw));
	fake.sched.params = (struct sched_params){.tslice_us = 30000, .ratelimit_us = 1000};
	assert_int_equal(sysctl(cv, &op), 0);
	expect_sysctl_header(&op, SYSCTL_SCHED_CREDIT_GET);
	assert_int_equal(op.u.credit.tslice_ms, 30);
	assert_int_equal(op.u.credit.ratelimit_us, 1000);
	expect_zero(op.u.raw + sizeof(op.u.credit), sizeof(op.u.raw) - sizeof(op.u.credit));
}

static long params_set(uint32_t tslice_ms, uint32_t ratelimit_us)
{
	struct tarn_sysctl op = sysctl_req(SYSCTL_SCHED_CREDIT_SET);

	op.u.credit.tslice_ms = tslice_ms;
	op.u.credit.ratelimit_us = ratelimit_us;
	fake.sched.calls = fake.sched.param_sets = 0;
	return sysctl(cv, &op);
}

static void test_sysctl_credit_set(void **state)
{
	static const uint32_t ok[][2] = {{1, 0},    {1, 100},	    {1, 1000},	  {30, 1000},
					 {1000, 0}, {1000, 500000}, {500, 500000}};

	for (unsigned int i = 0; i < ARRAY_SIZE(ok); i++) {
		assert_int_equal(params_set(ok[i][0], ok[i][1]), 0);
		assert_int_equal(fake.sched.param_sets, 1);
		assert_int_equal(fake.sched.set_params.tslice_us, ok[i][0] * 1000);
		assert_int_equal(fake.sched.set_params.ratelimit_us, ok[i][1]);
	}
	fake.sched.set_rc = -TARN_EINVAL;
	assert_int_equal(params_set(30, 1000), -TARN_EINVAL);
	assert_int_equal(fake.sched.param_sets, 1);
}

static void test_sysctl_credit_set_bad(void **state)
{
	static const uint32_t bad[][2] = {
		{0, 0},	   {1001, 0},	{0xffffffff, 0}, {4294968, 0}, /* × 1000 wraps to 1704 */
		{30, 1},   {30, 99},	{1000, 500001},	 {1000, 0xffffffff},
		{1, 1001}, {10, 10001}, /* above the slice */
	};
	struct tarn_sysctl op;

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		op = sysctl_req(SYSCTL_SCHED_CREDIT_SET);
		op.u.credit.tslice_ms = bad[i][0];
		op.u.credit.ratelimit_us = bad[i][1];
		sysctl_refused(cv, op, -TARN_EINVAL);
	}
}

static long cpuinfo(uint32_t first, struct tarn_sysctl *op)
{
	*op = sysctl_req(SYSCTL_GETCPUINFO);
	memset(op->u.raw, 0xa5, sizeof(op->u.raw));
	op->u.cpuinfo.first_cpu = first;
	return sysctl(cv, op);
}

static void expect_cpuinfo(const struct tarn_sysctl *op, uint32_t first, uint32_t nr)
{
	expect_sysctl_header(op, SYSCTL_GETCPUINFO);
	assert_int_equal(op->u.cpuinfo.first_cpu, first);
	assert_int_equal(op->u.cpuinfo.nr, nr);
	for (uint32_t i = 0; i < nr; i++)
		assert_int_equal(op->u.cpuinfo.idle_ns[i], fake.sched.idle_ns[first + i]);
	expect_zero(&op->u.cpuinfo.idle_ns[nr], sizeof(op->u) - 8 - nr * 8);
}

static void test_getcpuinfo(void **state)
{
	struct tarn_sysctl op;

	for (unsigned int i = 0; i < TARN_MAX_CPUS; i++)
		fake.sched.idle_ns[i] = 1000000ULL * (i + 1);
	assert_int_equal(cpuinfo(0, &op), 0);
	expect_cpuinfo(&op, 0, 4);
	assert_int_equal(cpuinfo(3, &op), 0);
	expect_cpuinfo(&op, 3, 1);
	/* Twelve CPUs: eight at a time. */
	cpus_possible = 12;
	for (unsigned int i = 0; i < 12; i++)
		percpu_data[i].online = true;
	assert_int_equal(cpuinfo(0, &op), 0);
	expect_cpuinfo(&op, 0, 8);
	assert_int_equal(cpuinfo(8, &op), 0);
	expect_cpuinfo(&op, 8, 4);
	assert_int_equal(cpuinfo(10, &op), 0);
	expect_cpuinfo(&op, 10, 2);
}

static void test_getcpuinfo_bad(void **state)
{
	static const uint32_t firsts[] = {4, 5, 64, 0xffffffff};
	struct tarn_sysctl op;

	for (unsigned int i = 0; i < ARRAY_SIZE(firsts); i++) {
		op = sysctl_req(SYSCTL_GETCPUINFO);
		op.u.cpuinfo.first_cpu = firsts[i];
		sysctl_refused(cv, op, -TARN_EINVAL);
	}
}

/* ---- building, steering and ending domains (hyp/hypercall/domctl-domain.c) ---- */

/* As domctl_refused(), for commands that read the machine's size first. */
static void life_refused(struct tarn_domctl op, long want)
{
	struct tarn_domctl before = op;
	long rc = domctl(cv, &op);

	if (rc != want)
		fail_msg("domctl cmd %u: %ld, want %ld", before.cmd, rc, want);
	assert_memory_equal(&op, &before, sizeof(op));
	assert_int_equal(fake.life.creates + fake.life.kills + fake.life.pauses +
				 fake.life.unpauses + fake.life.populates + fake.life.resets,
			 0);
}

static void test_createdomain(void **state)
{
	struct domain nd = {.id = 9};
	struct tarn_domctl op = domctl_good(DOMCTL_CREATEDOMAIN);

	op.domain = 1234; /* ignored in, the new id out */
	fake.life.new_domain = &nd;
	fake.sched.total_pages = 1 << 20;
	assert_int_equal(domctl(cv, &op), 0);
	assert_int_equal(op.domain, 9);
	assert_string_equal(fake.life.create_name, "new");
	assert_int_equal(fake.life.create_vcpus, 1);
	assert_int_equal(fake.life.create_pages, 4096);
	assert_true(nd.console_quiet);
	fake.life.rc = -TARN_EEXIST; /* a name in use: Tarn's answer passed on */
	op = domctl_good(DOMCTL_CREATEDOMAIN);
	assert_int_equal(domctl(cv, &op), -TARN_EEXIST);
	assert_int_equal(op.domain, DOMID); /* nothing written back */
}

static void test_createdomain_bad(void **state)
{
	static const struct tarn_domctl_create bad[] = {
		{.name = "", .max_vcpus = 1, .max_pages = 4096},
		{.name = "a", .max_vcpus = 0, .max_pages = 4096},
		{.name = "a", .max_vcpus = 9, .max_pages = 4096},
		{.name = "a", .max_vcpus = 1, .max_pages = 0},
		{.name = "a", .max_vcpus = 1, .max_pages = 1ULL << 40},
		{.name = "a", .max_vcpus = 1, .max_pages = 4096, .flags = 1},
	};
	struct tarn_domctl op;

	fake.sched.total_pages = 1 << 20;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		op = domctl_req(DOMCTL_CREATEDOMAIN, 0);
		op.u.create = bad[i];
		life_refused(op, -TARN_EINVAL);
	}
	op = domctl_good(DOMCTL_CREATEDOMAIN);
	memset(op.u.create.name, 'x', sizeof(op.u.create.name)); /* no NUL */
	life_refused(op, -TARN_EINVAL);
	assert_int_equal(fake.life.creates, 0);
}

/* The control domain cannot be paused, destroyed, shut down or written. */
static void test_domctl_control_domain_refused(void **state)
{
	static const uint32_t cmds[] = {DOMCTL_DESTROYDOMAIN, DOMCTL_PAUSEDOMAIN,
					DOMCTL_UNPAUSEDOMAIN, DOMCTL_SHUTDOWN, DOMCTL_COPY};
	struct tarn_domctl op;

	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
		op = domctl_good(cmds[i]);
		op.domain = 0;
		domctl_refused(cv, op, -TARN_EPERM);
	}
}

static void test_domctl_life_calls(void **state)
{
	struct tarn_domctl op = domctl_good(DOMCTL_DESTROYDOMAIN);

	assert_int_equal(domctl(cv, &op), 0);
	op = domctl_good(DOMCTL_PAUSEDOMAIN);
	assert_int_equal(domctl(cv, &op), 0);
	op = domctl_good(DOMCTL_UNPAUSEDOMAIN);
	assert_int_equal(domctl(cv, &op), 0);
	assert_int_equal(fake.life.kills + fake.life.pauses + fake.life.unpauses, 3);
	assert_ptr_equal(fake.life.d, dom);
	fake.life.rc = -TARN_EINVAL; /* e.g. pausing a paused domain */
	op = domctl_good(DOMCTL_PAUSEDOMAIN);
	assert_int_equal(domctl(cv, &op), -TARN_EINVAL);
	op = domctl_good(DOMCTL_MAX_MEM);
	fake.sched.total_pages = 1 << 20;
	assert_int_equal(domctl(cv, &op), 0);
	assert_int_equal(dom->max_pages, 4096);
}

static void test_max_mem_bad(void **state)
{
	struct tarn_domctl op = domctl_good(DOMCTL_MAX_MEM);

	fake.sched.total_pages = 1 << 20;
	op.u.max_mem.max_pages = 0;
	life_refused(op, -TARN_EINVAL);
	op.u.max_mem.max_pages = (1 << 20) + 1;
	life_refused(op, -TARN_EINVAL);
	assert_int_equal(dom->max_pages, 8192);
}

static void test_setvcpucontext(void **state)
{
	struct tarn_domctl op = domctl_good(DOMCTL_SETVCPUCONTEXT);

	domctl_refused(cv, op, -TARN_EBUSY); /* running */
	dom->state = DOMAIN_BUILDING;
	op.u.vcpuctx.vcpu = 2;
	domctl_refused(cv, op, -TARN_EINVAL);
	op = domctl_good(DOMCTL_SETVCPUCONTEXT);
	op.u.vcpuctx.pc |= 2;
	domctl_refused(cv, op, -TARN_EINVAL);
	op = domctl_good(DOMCTL_SETVCPUCONTEXT);
	assert_int_equal(domctl(cv, &op), 0);
	assert_int_equal(fake.life.reset_pc, 0x40080000);
	assert_int_equal(fake.life.reset_arg, 7);
	assert_ptr_equal(fake.life.d, dom);
}

static void test_populate(void **state)
{
	struct mem_extent ext[1] = {{pa_init(0x80000000), 0x40000000, 9}}; /* 2 MiB at RAM0 */
	static const struct tarn_domctl_populate bad[] = {
		{0x40000000, 0},		  {0x40000800, 0x1000},
		{0x40000000, 0x1800},		  {0x3ffff000, 0x2000},
		{0x100000000ULL, 0x1000},	  {0xfffff000ULL, 0x2000},
		{0x40000000, 0xffffffffffff000}, {0x40100000, 0x200000}, /* overlaps ext */
	};
	struct tarn_domctl op = domctl_good(DOMCTL_POPULATE);

	domctl_refused(cv, op, -TARN_EBUSY);
	dom->state = DOMAIN_BUILDING;
	dom->extents = ext;
	dom->nextents = 1;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		op = domctl_req(DOMCTL_POPULATE, DOMID);
		op.u.populate = bad[i];
		domctl_refused(cv, op, -TARN_EINVAL);
	}
	op.u.populate = (struct tarn_domctl_populate){0x40200000, 0x400000};
	assert_int_equal(domctl(cv, &op), 0);
	assert_int_equal(fake.life.populate_ipa, 0x40200000);
	assert_int_equal(fake.life.populate_bytes, 0x400000);
	dom->extents = NULL;
	dom->nextents = 0;
}

static void test_copy_bad(void **state)
{
	struct tarn_domctl op = domctl_good(DOMCTL_COPY);

	op.u.copy.len = 0;
	domctl_refused(cv, op, -TARN_EINVAL);
	op.u.copy.len = TARN_DOMCTL_COPY_MAX + 1;
	domctl_refused(cv, op, -TARN_EINVAL);
	op = domctl_good(DOMCTL_COPY);
	op.u.copy.dir = 2;
	domctl_refused(cv, op, -TARN_EINVAL);
	op = domctl_good(DOMCTL_COPY);
	op.u.copy.ipa = FAKE_RAM_IPA + FAKE_RAM_SIZE - 8; /* runs off its RAM */
	domctl_refused(cv, op, -TARN_EINVAL);
	op.u.copy.ipa = 0xfffffffffffffff8ULL;
	domctl_refused(cv, op, -TARN_EINVAL);
}

static void test_domctl_shutdown(void **state)
{
	struct tarn_domctl op = domctl_good(DOMCTL_SHUTDOWN);

	assert_int_equal(domctl(cv, &op), 0);
	assert_ptr_equal(fake.shutdown_domain, dom);
	assert_int_equal(fake.shutdown_reason, SHUTDOWN_poweroff);
	op = domctl_good(DOMCTL_SHUTDOWN);
	op.u.shutdown.reason = SHUTDOWN_crash;
	assert_int_equal(domctl(cv, &op), 0);
	assert_ptr_equal(fake.crashed_domain, dom);
	op.u.shutdown.reason = 99;
	assert_int_equal(domctl(cv, &op), -TARN_EINVAL);
	dom->state = DOMAIN_SHUTDOWN;
	op = domctl_good(DOMCTL_SHUTDOWN);
	assert_int_equal(domctl(cv, &op), -TARN_EINVAL);
	assert_int_equal(fake.shutdowns, 1);
}

static void test_domctl_console_read(void **state)
{
	struct tarn_domctl op = domctl_good(DOMCTL_CONSOLE_READ);

	fake.life.console = "hello\nworld\n";
	op.u.console.size = 4;
	assert_int_equal(domctl(cv, &op), 0);
	assert_int_equal(op.u.console.len, 4);
	assert_int_equal(op.u.console.index, 4);
	assert_memory_equal(fake_gva(ARG + 0x1000), "hell", 4);
	op.u.console.size = 100;
	assert_int_equal(domctl(cv, &op), 0);
	assert_int_equal(op.u.console.len, 8);
	assert_int_equal(op.u.console.index, 12);
	assert_memory_equal(fake_gva(ARG + 0x1000), "o\nworld\n", 8);
	op.u.console.buf = BAD_GVA;
	op.u.console.index = 0;
	assert_int_equal(domctl(cv, &op), -TARN_EFAULT);
}

static void test_getdomaininfolist(void **state)
{
	struct tarn_sysctl op = sysctl_good(SYSCTL_GETDOMAININFOLIST);
	struct tarn_sysctl_domlist_entry e[4];

	assert_int_equal(sysctl(cv, &op), 0);
	assert_int_equal(op.u.domlist.nr, 2);
	memcpy(e, fake_gva(ARG + 0x1000), sizeof(e));
	assert_int_equal(e[0].domain, 0);
	assert_string_equal(e[0].info.name, "control");
	assert_int_equal(e[1].domain, DOMID);
	assert_string_equal(e[1].info.name, "domU1");
	assert_int_equal(e[1].info.tot_pages, 4096);
	op = sysctl_good(SYSCTL_GETDOMAININFOLIST);
	op.u.domlist.first_domain = 1;
	op.u.domlist.max = 1;
	dom->state = DOMAIN_DYING; /* gone */
	assert_int_equal(sysctl(cv, &op), 0);
	assert_int_equal(op.u.domlist.nr, 0);
}

static void test_getdomaininfolist_bad(void **state)
{
	struct tarn_sysctl op = sysctl_good(SYSCTL_GETDOMAININFOLIST);

	op.u.domlist.max = 0;
	sysctl_refused(cv, op, -TARN_EINVAL);
	op.u.domlist.max = TARN_SYSCTL_DOMLIST_MAX + 1;
	sysctl_refused(cv, op, -TARN_EINVAL);
	op = sysctl_good(SYSCTL_GETDOMAININFOLIST);
	op.u.domlist.buf = BAD_GVA;
	assert_int_equal(sysctl(cv, &op), -TARN_EFAULT);
}

static void test_readconsole(void **state)
{
	struct tarn_sysctl op = sysctl_good(SYSCTL_READCONSOLE);

	fake.life.console = "(tarn) Tarn\n";
	assert_int_equal(sysctl(cv, &op), 0);
	assert_int_equal(op.u.console.len, 12);
	assert_int_equal(op.u.console.index, 12);
	assert_memory_equal(fake_gva(ARG + 0x1000), "(tarn) Tarn\n", 12);
	assert_int_equal(sysctl(cv, &op), 0);
	assert_int_equal(op.u.console.len, 0);
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
		T(test_console_write_continues),
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
		T(test_balloon),
		T(test_balloon_bad),
		T(test_ctl_registered),
		T(test_ctl_eperm),
		T(test_ctl_efault),
		T(test_ctl_eacces),
		T(test_ctl_enosys),
		T(test_domctl_esrch),
		T(test_getdomaininfo),
		T(test_getdomaininfo_states),
		T(test_getvcpuinfo),
		T(test_domctl_bad_vcpu),
		T(test_sched_credit_get),
		T(test_sched_credit_set),
		T(test_sched_credit_set_bad),
		T(test_setvcpuaffinity),
		T(test_setvcpuaffinity_bad),
		T(test_getvcpuaffinity),
		T(test_physinfo),
		T(test_sysctl_credit_get),
		T(test_sysctl_credit_set),
		T(test_sysctl_credit_set_bad),
		T(test_getcpuinfo),
		T(test_getcpuinfo_bad),
		T(test_createdomain),
		T(test_createdomain_bad),
		T(test_domctl_control_domain_refused),
		T(test_domctl_life_calls),
		T(test_max_mem_bad),
		T(test_setvcpucontext),
		T(test_populate),
		T(test_copy_bad),
		T(test_domctl_shutdown),
		T(test_domctl_console_read),
		T(test_getdomaininfolist),
		T(test_getdomaininfolist_bad),
		T(test_readconsole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
