/*
 * test-fp: a vCPU's FP/SIMD state (v0..v31, FPCR, FPSR) survives being
 * switched out, reported as TAP. Meant to run as two (or more) domains on one
 * physical CPU, each with its own seed=N in the bootargs, so that every
 * switch puts a different register file on the CPU.
 *
 * One "hold" is a single inline-asm block: load v0..v31 with a pattern, set
 * FPCR and FPSR, run with no FP instruction for a while, then store them all.
 * Nothing in between may touch the registers (even compiled C could), so the
 * waiting is in the same block. While holding, the block reads the virtual
 * counter in a tight loop; a step longer than GAP_TICKS means the vCPU was
 * switched out meanwhile, and is counted.
 *
 *   yield phase: YIELD_HOLDS holds of YIELD_ROUNDS rounds, each round
 *     ROUND_TICKS of running then sched_op(SCHEDOP_yield): the other domain
 *     runs inside the hypercall.
 *   slice phase: SLICE_HOLDS holds of SLICE_OWN_TICKS of own running time
 *     and no yield: longer than the 10 ms time slice, so the scheduler takes
 *     the CPU away in the middle (when another domain is runnable).
 *
 * The last line before the summary, `# switches yield=Y slice=S`, gives the
 * counted switches; the harness checks them over all domains (a domain cannot:
 * whether the other is still running at its end is a matter of timing).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <guestkit/guestkit.h>

#include "testguest.h"

#define NREGS		32
#define PATTERN_BYTES	(NREGS * 16)
#define YIELD_HOLDS	20
#define YIELD_ROUNDS	50
#define ROUND_TICKS	300 /* 4.8 us at 62.5 MHz */
#define SLICE_HOLDS	2
#define SLICE_OWN_TICKS 937500 /* 15 ms at 62.5 MHz */
/* Longer than a tick interrupt (about 1 us), shorter than another domain's turn. */
#define GAP_TICKS 200

#define FPCR_AHP	(1u << 26)
#define FPCR_DN		(1u << 25)
#define FPCR_FZ		(1u << 24)
#define FPCR_RMODE(m)	((uint64_t)(m) << 22)
#define FPSR_QC		(1u << 27)
#define FPSR_CUMULATIVE 0x9fu /* IDC, IXC, UFC, OFC, DZC, IOC */

/* What the hold block reads and writes; offsets are in the asm below. */
struct hold {
	const uint8_t *pattern; /* 0 */
	uint8_t *out;		/* 8 */
	uint64_t rounds;	/* 16 */
	uint64_t round_ticks;	/* 24: own running time per round */
	uint64_t gap_ticks;	/* 32 */
	uint64_t fpcr_in;	/* 40 */
	uint64_t fpsr_in;	/* 48 */
	uint64_t yield;		/* 56: yield after each round */
	uint64_t fpcr_ref;	/* 64: read back at once: the bits the CPU keeps */
	uint64_t fpsr_ref;	/* 72 */
	uint64_t fpcr_out;	/* 80: at the end of the hold */
	uint64_t fpsr_out;	/* 88 */
	uint64_t gaps;		/* 96 */
	uint64_t yield_rc;	/* 104: the yields' results ORed */
};

_Static_assert(offsetof(struct hold, yield) == 56, "hold layout");
_Static_assert(offsetof(struct hold, yield_rc) == 104, "hold layout");

#define LOADQ(a, b, off)  "ldp q" #a ", q" #b ", [x20, #" #off "]\n\t"
#define STOREQ(a, b, off) "stp q" #a ", q" #b ", [x20, #" #off "]\n\t"

/* One instruction a line: clang-format would pack them. */
/* clang-format off */
static void hold_registers(struct hold *h)
{
	__asm__ volatile(
		"mov	x19, %0\n\t"
		"ldr	x20, [x19, #0]\n\t"
		LOADQ(0, 1, 0) LOADQ(2, 3, 32) LOADQ(4, 5, 64) LOADQ(6, 7, 96)
		LOADQ(8, 9, 128) LOADQ(10, 11, 160) LOADQ(12, 13, 192) LOADQ(14, 15, 224)
		LOADQ(16, 17, 256) LOADQ(18, 19, 288) LOADQ(20, 21, 320) LOADQ(22, 23, 352)
		LOADQ(24, 25, 384) LOADQ(26, 27, 416) LOADQ(28, 29, 448) LOADQ(30, 31, 480)
		"ldr	x21, [x19, #40]\n\t"
		"msr	fpcr, x21\n\t"
		"ldr	x21, [x19, #48]\n\t"
		"msr	fpsr, x21\n\t"
		"mrs	x21, fpcr\n\t"
		"str	x21, [x19, #64]\n\t"
		"mrs	x21, fpsr\n\t"
		"str	x21, [x19, #72]\n\t"
		"mov	x22, #0\n\t"		/* gaps */
		"ldr	x24, [x19, #16]\n\t"	/* rounds left */
		"ldr	x26, [x19, #24]\n\t"	/* own ticks per round */
		"ldr	x25, [x19, #32]\n\t"	/* gap threshold */
		"isb\n\t"
		"mrs	x23, cntvct_el0\n"	/* previous read */
		"1:	mov	x27, #0\n"	/* own time this round */
		"2:	isb\n\t"
		"mrs	x21, cntvct_el0\n\t"
		"sub	x28, x21, x23\n\t"
		"mov	x23, x21\n\t"
		"cmp	x28, x25\n\t"
		"b.hs	3f\n\t"
		"add	x27, x27, x28\n\t"
		"b	4f\n"
		"3:	add	x22, x22, #1\n"
		"4:	cmp	x27, x26\n\t"
		"b.lo	2b\n\t"
		/* A yield's time, the other domain's turn included, is the next step. */
		"ldr	x0, [x19, #56]\n\t"
		"cbz	x0, 5f\n\t"
		"mov	x0, #0\n\t"		/* SCHEDOP_yield */
		"mov	x1, #0\n\t"
		"mov	x16, #29\n\t"		/* __HYPERVISOR_sched_op */
		"hvc	#0xea1\n\t"
		"ldr	x1, [x19, #104]\n\t"
		"orr	x1, x1, x0\n\t"
		"str	x1, [x19, #104]\n"
		"5:	subs	x24, x24, #1\n\t"
		"b.ne	1b\n\t"
		"mrs	x21, fpcr\n\t"
		"str	x21, [x19, #80]\n\t"
		"mrs	x21, fpsr\n\t"
		"str	x21, [x19, #88]\n\t"
		"str	x22, [x19, #96]\n\t"
		"ldr	x20, [x19, #8]\n\t"
		STOREQ(0, 1, 0) STOREQ(2, 3, 32) STOREQ(4, 5, 64) STOREQ(6, 7, 96)
		STOREQ(8, 9, 128) STOREQ(10, 11, 160) STOREQ(12, 13, 192) STOREQ(14, 15, 224)
		STOREQ(16, 17, 256) STOREQ(18, 19, 288) STOREQ(20, 21, 320) STOREQ(22, 23, 352)
		STOREQ(24, 25, 384) STOREQ(26, 27, 416) STOREQ(28, 29, 448) STOREQ(30, 31, 480)
		/* Back to what compiled C expects. */
		"msr	fpcr, xzr\n\t"
		"msr	fpsr, xzr\n\t"
		:
		: "r"(h)
		: "x0", "x1", "x2", "x3", "x4", "x16", "x17", "x19", "x20", "x21", "x22", "x23",
		  "x24", "x25", "x26", "x27", "x28", "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7",
		  "v8", "v9", "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19",
		  "v20", "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31",
		  "cc", "memory");
}
/* clang-format on */

static uint64_t seed;
static uint8_t pattern[PATTERN_BYTES] __attribute__((aligned(16)));
static uint8_t out[PATTERN_BYTES] __attribute__((aligned(16)));

/* xorshift64: a different register file for every domain and every hold. */
static void make_pattern(unsigned int hold)
{
	uint64_t x = (seed << 32) ^ (hold + 1) ^ 0x9e3779b97f4a7c15ULL;

	for (size_t i = 0; i < PATTERN_BYTES; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(&pattern[i], &x, 8);
	}
}

/* Control values that differ between seeds, in bits every Armv8 CPU keeps. */
static uint64_t fpcr_for(unsigned int hold)
{
	uint64_t v = FPCR_RMODE((seed + hold) % 4);

	return v | ((seed & 1) ? FPCR_FZ | FPCR_AHP : FPCR_DN);
}

static uint64_t fpsr_for(unsigned int hold)
{
	return ((seed * 7 + hold) & FPSR_CUMULATIVE) | ((seed & 1) ? FPSR_QC : 0);
}

struct phase {
	unsigned int holds, bad_regs, bad_ctl, ctl_ignored;
	uint64_t gaps, yields, yield_rc;
};

#define FPCR_RMODE_MASK FPCR_RMODE(3)

static unsigned int compare_regs(unsigned int hold)
{
	unsigned int bad = 0;

	for (unsigned int r = 0; r < NREGS; r++) {
		if (!memcmp(&pattern[r * 16], &out[r * 16], 16))
			continue;
		if (!bad)
			tap_diag("hold %u: v%u changed", hold, r);
		bad++;
	}
	return bad;
}

static void run_hold(struct phase *p, unsigned int n, uint64_t rounds, uint64_t ticks, bool yield)
{
	struct hold h = {
		.pattern = pattern,
		.out = out,
		.rounds = rounds,
		.round_ticks = ticks,
		.gap_ticks = GAP_TICKS,
		.fpcr_in = fpcr_for(n),
		.fpsr_in = fpsr_for(n),
		.yield = yield,
	};

	make_pattern(n);
	memset(out, 0, sizeof(out));
	hold_registers(&h);
	p->holds++;
	/* The rounding mode is in every Armv8 FPCR: if it did not stick, nothing was tested. */
	if ((h.fpcr_ref & FPCR_RMODE_MASK) != (h.fpcr_in & FPCR_RMODE_MASK))
		p->ctl_ignored++;
	p->bad_regs += compare_regs(n);
	if (h.fpcr_out != h.fpcr_ref || h.fpsr_out != h.fpsr_ref) {
		tap_diag("hold %u: FPCR 0x%llx -> 0x%llx, FPSR 0x%llx -> 0x%llx", n,
			 (unsigned long long)h.fpcr_ref, (unsigned long long)h.fpcr_out,
			 (unsigned long long)h.fpsr_ref, (unsigned long long)h.fpsr_out);
		p->bad_ctl++;
	}
	p->gaps += h.gaps;
	p->yields += yield ? rounds : 0;
	p->yield_rc |= h.yield_rc;
}

static void report(const struct phase *p, const char *what)
{
	tap_ok(p->bad_regs == 0, "v0..v31 intact over %u holds %s (%u registers changed)", p->holds,
	       what, p->bad_regs);
	tap_ok(p->bad_ctl == 0, "FPCR and FPSR intact over the same holds (%u changed)",
	       p->bad_ctl);
}

int main(void)
{
	struct phase y = {0}, s = {0};
	unsigned int n = 0;

	seed = tg_arg_u64("seed", 1);
	tap_plan(6);
	tap_diag("seed %llu: FPCR 0x%llx, FPSR 0x%llx in the first hold", (unsigned long long)seed,
		 (unsigned long long)fpcr_for(0), (unsigned long long)fpsr_for(0));
	while (n < YIELD_HOLDS)
		run_hold(&y, n++, YIELD_ROUNDS, ROUND_TICKS, true);
	report(&y, "with a yield every 4.8 us");
	tap_ok(y.yield_rc == 0 && y.yields == YIELD_HOLDS * YIELD_ROUNDS,
	       "%llu sched_op(SCHEDOP_yield) calls, all returned 0", (unsigned long long)y.yields);
	while (n < YIELD_HOLDS + SLICE_HOLDS)
		run_hold(&s, n++, 1, SLICE_OWN_TICKS, false);
	report(&s, "of 15 ms running time without yielding");
	tap_ok(y.ctl_ignored + s.ctl_ignored == 0, "FPCR took the rounding mode of each hold");
	tap_diag("switches yield=%llu slice=%llu", (unsigned long long)y.gaps,
		 (unsigned long long)s.gaps);
	return tap_done();
}
