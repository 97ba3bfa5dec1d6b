/*
 * test-sgi: software-generated interrupts between a domain's vCPUs and to
 * self, reported as TAP. Meant for a domain with 2 or more vCPUs (4 in the
 * scenarios); with 1 only the self tests run.
 *
 * Every SGI of interest has its own INTID and a counter per receiving vCPU
 * and INTID, so a wrong INTID, a lost SGI or a duplicate all show up as a
 * count that differs from the number sent. Sends are serialised (the next
 * ping only after the pong came back): SGIs that are pending at once
 * legitimately merge into one, so only then is "exactly once" well defined.
 *
 * vCPU 0 pings each other vCPU in turn, rounds=N (bootargs) times each; the
 * pinged vCPU's handler pongs back. Each secondary also sends itself one SGI
 * as it starts. vCPU 0 sends itself four SGIs with IRQs masked: none may be
 * taken while masked, each exactly once at unmask. The `# round trip` line
 * gives ping-pong times (host time without icount: noisy, not checked).
 */
#include <stdint.h>

#include <guestkit/guestkit.h>

#include "testguest.h"

#define SGI_PING	1 /* vCPU 0 -> vCPU t */
#define SGI_PONG	2 /* vCPU t -> vCPU 0, from the ping handler */
#define SGI_SELF	3 /* each vCPU to itself, once */
#define SGI_MASKED_LO	4 /* vCPU 0 to itself with IRQs masked: 4..7 */
#define SGI_MASKED_HI	7
#define SGI_COUNTED_MAX 14 /* 0..14 are counted; 15 is TG_SGI_WAKE */
#define NSGI		16

#define ROUNDS_DEFAULT 100	      /* pings per secondary; bootargs rounds=N */
#define TIMEOUT_NS     10000000000ULL /* 10 s: no icount, busy host */
#define PARK_NS	       60000000000ULL
/* 100 us at 62.5 MHz: an SGI not held back by the mask would be taken by then. */
#define MASKED_SPIN_TICKS 6250
#define SETTLE_NS	  2000000ULL /* a late duplicate would arrive within this */
#define SLOW_RTT_TICKS	  62500	     /* 1 ms */

static volatile uint32_t counts[GK_MAX_CPUS][NSGI];
static volatile uint32_t ready, quit, stopped;
static uint32_t rounds;
/* Ping-pong round trips seen by vCPU 0. */
static uint64_t rtt_max_ticks, rtt_slow;

static void count_sgi(unsigned int intid, void *arg)
{
	unsigned int self = gk_cpu_self();

	tg_atomic_inc(&counts[self][intid]);
	if (intid == SGI_PING)
		gk_gic_send_sgi(0, SGI_PONG);
}

/* Every counted SGI gets the counting handler and is enabled on this vCPU. */
static void cpu_setup(void)
{
	tg_cpu_init();
	for (unsigned int i = 0; i <= SGI_COUNTED_MAX; i++)
		gk_gic_enable(i);
}

static void secondary(void *arg)
{
	unsigned int self = gk_cpu_self();

	cpu_setup();
	gk_gic_send_sgi(self, SGI_SELF);
	/* Taken at the latest when this vCPU next sleeps in WFI below. */
	tg_atomic_inc(&ready);
	tg_notify(0);
	tg_wait_u32(&quit, 1, PARK_NS);
	tg_atomic_inc(&stopped);
	tg_notify(0);
}

static uint32_t total(unsigned int intid)
{
	uint32_t n = 0;

	for (unsigned int c = 0; c < gk_cpu_count(); c++)
		n += counts[c][intid];
	return n;
}

static void check_self_unmasked(void)
{
	gk_gic_send_sgi(0, SGI_SELF);
	tap_ok(tg_wait_u32(&counts[0][SGI_SELF], 1, TIMEOUT_NS) && counts[0][SGI_SELF] == 1,
	       "vCPU 0: an SGI to itself arrives once, INTID %u (%u)", SGI_SELF,
	       counts[0][SGI_SELF]);
}

static void check_self_masked(void)
{
	uint64_t flags = gk_irq_save();
	uint64_t end;
	bool none = true, once = true;

	for (unsigned int i = SGI_MASKED_LO; i <= SGI_MASKED_HI; i++)
		gk_gic_send_sgi(0, i);
	end = tg_counter() + MASKED_SPIN_TICKS;
	while (tg_counter() < end)
		;
	for (unsigned int i = SGI_MASKED_LO; i <= SGI_MASKED_HI; i++)
		none = none && counts[0][i] == 0;
	gk_irq_restore(flags);
	__asm__ volatile("isb" : : : "memory");
	for (unsigned int i = SGI_MASKED_LO; i <= SGI_MASKED_HI; i++)
		once = once && counts[0][i] == 1;
	tap_ok(none, "vCPU 0: SGIs %u..%u to itself stay pending while IRQs are masked",
	       SGI_MASKED_LO, SGI_MASKED_HI);
	tap_ok(once, "vCPU 0: each arrives once when IRQs are unmasked (%u %u %u %u)", counts[0][4],
	       counts[0][5], counts[0][6], counts[0][7]);
}

static bool start_secondaries(unsigned int n)
{
	int rc = 0;

	for (unsigned int c = 1; c < n && !rc; c++)
		rc = gk_cpu_start(c, secondary, NULL);
	return tap_ok(!rc && tg_wait_u32(&ready, n - 1, TIMEOUT_NS),
		      "vCPUs 1..%u started and set up their SGIs (rc %d, %u ready)", n - 1, rc,
		      ready);
}

/* rounds serialised ping-pongs with vCPU t; false at the first lost one. */
static bool ping_pong(unsigned int t)
{
	for (unsigned int r = 0; r < rounds; r++) {
		uint32_t want = counts[0][SGI_PONG] + 1;
		uint64_t t0 = tg_counter(), rtt;

		gk_gic_send_sgi(t, SGI_PING);
		if (!tg_wait_u32(&counts[0][SGI_PONG], want, TIMEOUT_NS)) {
			tap_diag("vCPU %u: no pong for ping %u", t, r + 1);
			return false;
		}
		rtt = tg_counter() - t0;
		rtt_max_ticks = rtt > rtt_max_ticks ? rtt : rtt_max_ticks;
		rtt_slow += rtt > SLOW_RTT_TICKS;
	}
	return true;
}

static void check_ping_pong(unsigned int n)
{
	for (unsigned int t = 1; t < n; t++) {
		bool ok = ping_pong(t);

		tap_ok(ok && counts[t][SGI_PING] == rounds,
		       "vCPU 0 -> vCPU %u: %u pings arrive once each, INTID %u (%u)", t, rounds,
		       SGI_PING, counts[t][SGI_PING]);
	}
}

static void stop_secondaries(unsigned int n)
{
	__atomic_store_n(&quit, 1, __ATOMIC_RELEASE);
	for (unsigned int c = 1; c < n; c++)
		tg_notify(c);
	tap_ok(tg_wait_u32(&stopped, n - 1, TIMEOUT_NS), "vCPUs 1..%u stop on request (%u)", n - 1,
	       stopped);
}

/* After a quiet while, every count is exactly what was sent: nothing late, nothing stray. */
static void check_totals(unsigned int n)
{
	uint32_t expect[NSGI] = {0};
	bool self_ok = true, exact = true;

	gk_udelay(SETTLE_NS / 1000);
	expect[SGI_PING] = rounds * (n - 1);
	expect[SGI_PONG] = rounds * (n - 1);
	expect[SGI_SELF] = n;
	for (unsigned int i = SGI_MASKED_LO; i <= SGI_MASKED_HI; i++)
		expect[i] = 1;
	for (unsigned int c = 0; c < n; c++)
		self_ok = self_ok && counts[c][SGI_SELF] == 1;
	for (unsigned int i = 0; i <= SGI_COUNTED_MAX; i++) {
		if (total(i) != expect[i])
			tap_diag("INTID %u: %u received, %u sent", i, total(i), expect[i]);
		exact = exact && total(i) == expect[i];
	}
	tap_ok(self_ok, "every vCPU got its SGI to itself exactly once");
	tap_ok(counts[0][SGI_PONG] == rounds * (n - 1), "vCPU 0 got %u pongs, INTID %u (%u)",
	       rounds * (n - 1), SGI_PONG, counts[0][SGI_PONG]);
	tap_ok(exact && gk_irq_unhandled() == 0,
	       "no SGI late, duplicated or stray on any vCPU (%lu unhandled interrupts)",
	       gk_irq_unhandled());
}

int main(void)
{
	unsigned int n = gk_cpu_count();

	rounds = (uint32_t)tg_arg_u64("rounds", ROUNDS_DEFAULT);

	for (unsigned int i = 0; i <= SGI_COUNTED_MAX; i++)
		gk_irq_register(i, count_sgi, NULL);
	cpu_setup();
	/* 3 on vCPU 0, start, stop, one per secondary, 3 totals. */
	tap_plan(n > 1 ? 8 + (n - 1) : 6);
	tap_diag("%u vCPUs, GICv%d, %u rounds", n, gk_gic_version(), rounds);
	check_self_unmasked();
	check_self_masked();
	if (n > 1 && start_secondaries(n)) {
		check_ping_pong(n);
		tap_diag("round trip max %llu us, %llu over 1 ms",
			 (unsigned long long)(gk_ticks_to_ns(rtt_max_ticks) / 1000),
			 (unsigned long long)rtt_slow);
		stop_secondaries(n);
	} else if (n > 1) {
		for (unsigned int t = 0; t < n; t++)
			tap_skip("vCPUs did not start");
	}
	check_totals(n);
	return tap_done();
}
