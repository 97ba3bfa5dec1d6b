/*
 * vGIC fuzz: every 32-bit word of the guest's GIC distributor, then of its
 * own redistributor (GICv3: the first 4 KiB of each frame, where the
 * registers are) or CPU interface (GICv2: the host's GICV, mapped for it), is
 * read, written with all ones, and read again, then written with a byte and,
 * where 8-aligned, read and written 64 bits wide. The hypervisor emulates the
 * distributor and redistributor, so this drives every path of that code with
 * the worst values (routes to vCPUs that do not exist, every interrupt
 * pending, enabled, active, reserved SGIR filters ...). Each access must
 * either complete or fault into the guest as an external abort; nothing else
 * may happen, and the hypervisor must go on (the tests check the rest of the
 * run and its debug keys).
 *
 * It leaves the guest's own interrupt state in ruins, so it runs last: after
 * it the guest prints with polling and shuts down, nothing more.
 */
#include <guestkit/guestkit.h>

#include "hostile.h"

#define EC_DABT_CUR   0x25
#define FSC_EXT_ABORT 0x10
#define MAX_REGION    0x10000ULL
#define FRAME	      0x10000ULL
#define FRAME_REGS    0x1000ULL

struct region {
	const char *what;
	uint64_t base, size;
};

struct tally {
	unsigned int done, faulted, wrong;
	uint64_t wrong_esr, wrong_addr;
};

static bool gic_reg(unsigned int idx, uint64_t *base, uint64_t *size)
{
	static const char *const compats[] = {"arm,gic-v3", "arm,cortex-a15-gic", "arm,gic-400",
					      NULL};
	int node = gk_fdt_find_compatible(compats);

	return node >= 0 && gk_fdt_reg(node, (int)idx, base, size) == 0 && *size;
}

static void one_access(struct tally *t, probe_fn fn, uint64_t addr, uint64_t value)
{
	struct probe_state s = probe_attempt(fn, addr, value);

	if (!s.count) {
		t->done++;
	} else if (((s.esr >> 26) & 0x3f) == EC_DABT_CUR && (s.esr & 0x3f) == FSC_EXT_ABORT &&
		   s.far == addr) {
		t->faulted++;
	} else if (!t->wrong++) {
		t->wrong_esr = s.esr;
		t->wrong_addr = addr;
	}
}

/* 32-bit read, write, read; a byte written; 64-bit read and write where aligned. */
static void fuzz_range(struct tally *t, uint64_t base, uint64_t size)
{
	for (uint64_t a = base; a < base + size; a += 4) {
		one_access(t, probe_ldrw, a, 0);
		one_access(t, probe_strw, a, 0xffffffff);
		one_access(t, probe_ldrw, a, 0);
		one_access(t, probe_strb, a + 3, 0xff);
		if (a % 8 == 0) {
			one_access(t, probe_ldr, a, 0);
			one_access(t, probe_str, a, ~0ULL);
		}
	}
}

static void report(const struct region *r, const struct tally *t)
{
	if (t->wrong)
		tap_diag("0x%llx: ESR 0x%llx", (unsigned long long)t->wrong_addr,
			 (unsigned long long)t->wrong_esr);
	tap_ok(!t->wrong && t->done + t->faulted,
	       "%s 0x%llx (%llu KiB) fuzzed with all ones: %u accesses done, %u faulted (EC "
	       "0x25), %u otherwise",
	       r->what, (unsigned long long)r->base, (unsigned long long)(r->size >> 10), t->done,
	       t->faulted, t->wrong);
}

static void fuzz_distributor(void)
{
	struct region r = {.what = "its GICD"};
	struct tally t = {0};

	if (!gic_reg(0, &r.base, &r.size)) {
		tap_ok(false, "a GIC distributor in the device tree");
		return;
	}
	if (r.size > MAX_REGION)
		r.size = MAX_REGION;
	fuzz_range(&t, r.base, r.size);
	report(&r, &t);
}

/* GICv3: vCPU 0's redistributor, the register pages of both frames. */
static void fuzz_redistributor(void)
{
	struct region r = {.what = "its GICR (RD and SGI frames)"};
	struct tally t = {0};

	if (!gic_reg(1, &r.base, &r.size)) {
		tap_ok(false, "a GIC redistributor region in the device tree");
		return;
	}
	r.size = 2 * FRAME_REGS;
	fuzz_range(&t, r.base, FRAME_REGS);
	fuzz_range(&t, r.base + FRAME, FRAME_REGS);
	report(&r, &t);
}

/* GICv2: its CPU interface, which is the host's GICV. */
static void fuzz_cpu_interface(void)
{
	struct region r = {.what = "its GICC (the host's GICV)"};
	struct tally t = {0};

	if (!gic_reg(1, &r.base, &r.size)) {
		tap_ok(false, "a GIC CPU interface in the device tree");
		return;
	}
	fuzz_range(&t, r.base, r.size);
	report(&r, &t);
}

unsigned int vgic_fuzz_count(void)
{
	return 2;
}

void vgic_fuzz_run(void)
{
	gk_irq_local_disable(); /* its interrupts are about to go haywire */
	fuzz_distributor();
	if (gk_gic_version() == 3)
		fuzz_redistributor();
	else
		fuzz_cpu_interface();
}
