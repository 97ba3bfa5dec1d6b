/*
 * bench: the micro-benchmark guest of `make bench` (tests/bench/micro.py).
 * The same Image runs on Tarn and on Xen 4.17; under QEMU -icount
 * shift=0,sleep=off one virtual nanosecond is one guest instruction, so each
 * figure is a path length in instructions.
 *
 * Method (as in xen-on-qemu.md): an operation's cost is (the loop with the
 * operation - the identical loop without it) / iterations, timed with
 * CNTVCT_EL0 (62.5 MHz on QEMU 7.2: 16 instructions a tick; averaging over
 * many iterations resolves below a tick). The timed loops are in loops.S.
 *
 * Output: "bench-info: ..." lines, then one line per figure,
 *     bench: <name> <instructions>      or      bench: <name> n/a
 * and finally "bench: done". Under icount the figures repeat from boot to
 * boot; the harness checks that.
 *
 * Bootargs "only=NAME[,NAME...]" run only those entries of benches[] ("sgi"
 * is both SGI figures), e.g. to profile one path; the default is all.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <guestkit/guestkit.h>

#include "loops.h"

#define ITERATIONS     20000
#define SWITCH_ITERS   10000 /* each one is two vCPU switches */
#define WARMUP	       16
#define BENCH_SGI      7
#define NS_PER_S       1000000000ULL
#define GICD_SGIR      0xF00
#define SGIR_SELF      (2u << 24) /* GICv2 TargetListFilter: the sender only */
#define SGI1R_INTID(n) ((uint64_t)(n) << 24)

static uint64_t counter_now(void)
{
	uint64_t t;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(t) : : "memory");
	return t;
}

/* ticks over n operations -> instructions per operation, rounded. */
static int64_t per_op(int64_t ticks, uint64_t n)
{
	int64_t den = (int64_t)(gk_counter_freq() * n);
	int64_t num = ticks * (int64_t)NS_PER_S;

	return (num + (num < 0 ? -den : den) / 2) / den;
}

static void report(const char *name, int64_t instructions)
{
	printf("bench: %s %lld\n", name, (long long)instructions);
}

static void report_na(const char *name, const char *why)
{
	printf("bench-info: %s: %s\n", name, why);
	printf("bench: %s n/a\n", name);
}

/* Whether bootargs "only=a,b,..." name this figure (no "only=": all do). */
static bool selected(const char *name)
{
	int chosen = fdt_path_offset(gk_fdt(), "/chosen");
	const char *args = chosen < 0 ? NULL : fdt_getprop(gk_fdt(), chosen, "bootargs", NULL);
	const char *p = args ? strstr(args, "only=") : NULL;

	if (!p)
		return true;
	for (p += 5; *p && *p != ' '; p += *p == ',') {
		size_t n = strcspn(p, ", ");

		if (n == strlen(name) && !strncmp(p, name, n))
			return true;
		p += n;
	}
	return false;
}

/* One figure from a loop pair of loops.S. */
static void figure(const char *name, bench_loop_fn op, bench_loop_fn base, uint64_t arg)
{
	uint64_t t_op, t_base;

	/* Warm up: the first calls of a path may take one-off detours. */
	op(WARMUP, arg);
	base(WARMUP, arg);
	t_base = base(ITERATIONS, arg);
	t_op = op(ITERATIONS, arg);
	report(name, per_op((int64_t)(t_op - t_base), ITERATIONS));
}

/* The first register window of a device in the tree, or 0 if there is none. */
static uint64_t device_base(const char *const *compats)
{
	int node = gk_fdt_find_compatible(compats);
	uint64_t addr, size;

	if (node < 0 || gk_fdt_reg(node, 0, &addr, &size))
		return 0;
	return addr;
}

static void bench_mmio(void)
{
	static const char *const vpl011[] = {"arm,sbsa-uart", "arm,pl011", NULL};
	uint64_t uart = device_base(vpl011);

	if (!uart) {
		report_na("mmio_read", "no vpl011 in the device tree");
		return;
	}
	figure("mmio_read", bench_mmio_read, bench_mmio_read_base, uart);
}

/* Xen emulates the PMU as read-as-zero; a guest must not see real counts either. */
static void bench_sysreg(void)
{
	uint64_t value;

	if (bench_probe_pmccntr(&value)) {
		report_na("sysreg_read", "reading PMCCNTR_EL0 is UNDEFINED");
		return;
	}
	if (value)
		printf("bench-info: sysreg_read: PMCCNTR_EL0 reads 0x%llx, not 0\n",
		       (unsigned long long)value);
	figure("sysreg_read", bench_sysreg_read, bench_sysreg_read_base, 0);
}

/* --- SGI to self --------------------------------------------------------- */

static volatile uint64_t sgi_stamp;
static volatile bool sgi_taken;

static void sgi_handler(unsigned int intid, void *arg)
{
	sgi_stamp = counter_now();
	sgi_taken = true;
}

/*
 * How this vCPU sends BENCH_SGI to itself, as one register write: the
 * timestamp is taken right before the write that traps, not before
 * guest-kit's send function.
 */
struct sgi_sender {
	int gic;
	uint64_t value;
	volatile uint32_t *sgir; /* GICv2 */
};

/* ICC_SGI1R_EL1 for this vCPU only: its Aff3.Aff2.Aff1 and a target-list bit for Aff0. */
static uint64_t sgi1r_self(unsigned int intid)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return SGI1R_INTID(intid) | ((mpidr >> 32) & 0xff) << 48 | ((mpidr >> 16) & 0xff) << 32 |
	       ((mpidr >> 8) & 0xff) << 16 | 1ULL << (mpidr & 0xf);
}

static bool sgi_sender_init(struct sgi_sender *s)
{
	static const char *const gicv2[] = {"arm,cortex-a15-gic", "arm,gic-400",
					    "arm,cortex-a9-gic", NULL};
	uint64_t gicd = device_base(gicv2);

	s->gic = gk_gic_version();
	if (s->gic == 3) {
		s->value = sgi1r_self(BENCH_SGI);
		return true;
	}
	if (s->gic == 2 && gicd) {
		s->sgir = (volatile uint32_t *)(uintptr_t)(gicd + GICD_SGIR);
		s->value = SGIR_SELF | BENCH_SGI;
		return true;
	}
	return false;
}

static void sgi_send(const struct sgi_sender *s)
{
	/* The handler may read what was written before the SGI. */
	__asm__ volatile("dsb ishst" : : : "memory");
	if (s->gic == 3)
		__asm__ volatile("msr icc_sgi1r_el1, %0\n\tisb" : : "r"(s->value) : "memory");
	else
		*s->sgir = (uint32_t)s->value;
}

/*
 * A counter read is late by 0..15 instructions (one tick is 16), by an
 * amount fixed by where the loop starts modulo 16: that depends on how long
 * U-Boot took, so a latency made of short intervals would change from boot
 * to boot. A pseudo-random 0..15-instruction pad before each send spreads
 * the phase, and the error averages out.
 */
static unsigned int dither(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 15;
}

/*
 * n SGIs, each sent and waited for; returns the loop's ticks and adds each
 * send -> handler-entry interval to *latency. With send false the same
 * loop runs without the SGI (the handler's part done inline), as a baseline.
 */
static uint64_t sgi_loop(const struct sgi_sender *s, uint64_t n, bool send, uint64_t *latency)
{
	uint32_t seed = 1;
	uint64_t start = counter_now();

	for (uint64_t i = 0; i < n; i++) {
		uint64_t t0;

		bench_pad(dither(&seed));
		sgi_taken = false;
		t0 = counter_now();
		if (send) {
			sgi_send(s);
		} else {
			sgi_stamp = counter_now();
			sgi_taken = true;
		}
		while (!sgi_taken)
			;
		*latency += sgi_stamp - t0;
	}
	return counter_now() - start;
}

static void bench_sgi(void)
{
	struct sgi_sender s = {0};
	uint64_t lat = 0, base_lat = 0, t_op, t_base;

	if (!sgi_sender_init(&s)) {
		report_na("sgi_latency", "no GIC distributor found");
		report_na("sgi_roundtrip", "no GIC distributor found");
		return;
	}
	gk_irq_register(BENCH_SGI, sgi_handler, NULL);
	gk_gic_enable(BENCH_SGI);
	sgi_loop(&s, WARMUP, true, &lat);
	lat = 0;
	t_base = sgi_loop(&s, ITERATIONS, false, &base_lat);
	t_op = sgi_loop(&s, ITERATIONS, true, &lat);
	gk_gic_disable(BENCH_SGI);
	/* Both net of the baseline: its "latency" is two back-to-back counter reads. */
	report("sgi_latency", per_op((int64_t)(lat - base_lat), ITERATIONS));
	report("sgi_roundtrip", per_op((int64_t)(t_op - t_base), ITERATIONS));
}

/* --- vCPU switch: two vCPUs of this domain yield to each other ----------- */

static volatile bool partner_ready, partner_stop, partner_done;

static void yield(void)
{
	HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* vCPU 1: yields back at once, until told to stop. */
static void partner_main(void *unused)
{
	partner_ready = true;
	while (!partner_stop)
		yield();
	partner_done = true;
}

/* Yields until *flag is set; false if it stays clear for many yields. */
static bool yield_until(volatile bool *flag)
{
	for (unsigned int i = 0; i < 1000000 && !*flag; i++)
		yield();
	return *flag;
}

static void bench_switch(void)
{
	uint64_t t_op, t_base;
	int rc;

	if (gk_cpu_count() < 2) {
		report_na("vcpu_switch", "needs a domain with 2 vCPUs");
		return;
	}
	rc = gk_cpu_start(1, partner_main, NULL);
	if (rc || !yield_until(&partner_ready)) {
		printf("bench-info: vcpu_switch: vCPU 1 did not start (%d)\n", rc);
		report_na("vcpu_switch", "vCPU 1 did not start");
		return;
	}
	bench_yield(WARMUP, 0);
	t_base = bench_yield_base(SWITCH_ITERS, 0);
	t_op = bench_yield(SWITCH_ITERS, 0);
	partner_stop = true;
	yield_until(&partner_done);
	/*
	 * Each yield here runs vCPU 1 up to its next yield and back: two
	 * switches, and one pass of vCPU 1's loop (a few instructions) counted in.
	 */
	report("vcpu_switch", per_op((int64_t)(t_op - t_base), 2 * SWITCH_ITERS));
}

static void print_info(void)
{
	long version = HYPERVISOR_xen_version(XENVER_version, NULL);

	printf("bench-info: interface %ld.%ld, GIC v%d, %u vCPU(s), counter %llu Hz\n",
	       version >> 16, version & 0xFFFF, gk_gic_version(), gk_cpu_count(),
	       (unsigned long long)gk_counter_freq());
	printf("bench-info: %u iterations per figure, %u yield pairs for vcpu_switch\n", ITERATIONS,
	       SWITCH_ITERS);
}

static void bench_null_hypercall_fig(void)
{
	figure("null_hypercall", bench_null_hypercall, bench_null_hypercall_base, 0);
}

/* Runs before vCPU 1 starts: nobody else is runnable. */
static void bench_yield_fig(void)
{
	figure("yield", bench_yield, bench_yield_base, 0);
}

static const struct {
	const char *name;
	void (*run)(void);
} benches[] = {
	{"null_hypercall", bench_null_hypercall_fig},
	{"yield", bench_yield_fig},
	{"mmio_read", bench_mmio},
	{"sysreg_read", bench_sysreg},
	{"sgi", bench_sgi},
	{"vcpu_switch", bench_switch},
};

int main(void)
{
	print_info();
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		if (selected(benches[i].name))
			benches[i].run();
	printf("bench: done\n");
	return 0;
}
