/*
 * test-psci: vCPU bring-up through the hypervisor's virtual PSCI, reported as
 * TAP. Meant for a domain with 4 vCPUs. vCPU 0 asks for the PSCI version and
 * features, starts vCPUs 1..3 with CPU_ON (each reports its MPIDR from
 * inside), checks AFFINITY_INFO, the errors CPU_ON owes a running or a
 * nonexistent vCPU, stops vCPU 3 (CPU_OFF) and starts it again, cycles=N
 * (bootargs) times quietly and once more with every check.
 *
 * Nothing here is Tarn-specific: Xen 4.17 answers every call the same way.
 * Timeouts are generous, since the multi-vCPU scenarios run without icount
 * on a possibly busy host.
 */
#include <stdint.h>

#include <guestkit/guestkit.h>

#include "testguest.h"

#define NCPUS	   4
#define TIMEOUT_NS 10000000000ULL /* 10 s */
#define PARK_NS	   60000000000ULL /* how long a started vCPU waits to be released */
/* In PSCI's function-ID range, allocated to nothing. */
#define PSCI_FN_UNALLOCATED 0x8400001Fu
/* MPIDRs no vCPU of a 4-vCPU domain has: Aff0 past the last, and Aff1 = 1. */
#define MPIDR_NO_VCPU	0x4ULL
#define MPIDR_NO_VCPU_2 0x100ULL
#define MPIDR_AFF0(m)	((m)&0xFFULL)

/* Extra CPU_OFF / CPU_ON rounds of vCPU 3 (bootargs cycles=N), racing the
 * hypervisor's unloading of a vCPU that just stopped. */
#define CYCLES_DEFAULT 10
static uint32_t cycles;

/* Per vCPU: how often it came up, and what it saw of itself the last time. */
static volatile uint32_t arrivals[NCPUS];
static volatile uint64_t seen_mpidr[NCPUS];
static volatile uint32_t seen_self[NCPUS];
/* vCPU n returns (and so turns itself off) once release_gen[n] reaches its arrivals. */
static volatile uint32_t release_gen[NCPUS];

/*
 * Where a CPU_ON that should have been refused would start a vCPU: it parks
 * in WFI rather than run anything, MMU off. A label in .text, not a C
 * function, since no C prologue may run there.
 */
__asm__(".pushsection .text.tg_park, \"ax\"\n"
	".balign 4\n"
	"tg_park:\n"
	"1:	wfi\n"
	"	b	1b\n"
	".popsection\n");
extern char tg_park[];

/* A started vCPU: reports in, then sleeps until released. */
static void secondary(void *arg)
{
	unsigned int cpu = (unsigned int)(uintptr_t)arg;
	uint32_t gen = tg_load(&arrivals[cpu]) + 1;

	tg_cpu_init();
	seen_mpidr[cpu] = tg_mpidr();
	seen_self[cpu] = gk_cpu_self();
	tg_atomic_inc(&arrivals[cpu]);
	tg_notify(0);
	tg_wait_u32(&release_gen[cpu], gen, PARK_NS);
}

static uint64_t mpidr_of(unsigned int cpu)
{
	return gk_cpu_mpidr(cpu);
}

static int affinity(unsigned int cpu)
{
	return gk_psci_affinity_info(mpidr_of(cpu));
}

/* Polls until AFFINITY_INFO of cpu says want (a CPU_OFF completes later than it returns). */
static bool wait_affinity(unsigned int cpu, int want)
{
	uint64_t end = tg_counter() + gk_ns_to_ticks(TIMEOUT_NS);

	while (affinity(cpu) != want) {
		if (tg_counter() > end)
			return false;
		tg_yield();
	}
	return true;
}

static void check_version_and_features(void)
{
	uint32_t version = gk_psci_version();
	int64_t on64 = gk_smccc_call(PSCI_FN_FEATURES, PSCI_FN64_CPU_ON, 0, 0);
	int64_t on32 = gk_smccc_call(PSCI_FN_FEATURES, PSCI_FN_CPU_ON, 0, 0);
	int64_t unknown = gk_smccc_call(PSCI_FN_FEATURES, PSCI_FN_UNALLOCATED, 0, 0);

	tap_ok(version == 0x10001, "PSCI_VERSION is 1.1 (0x%x)", (unsigned int)version);
	tap_ok(on64 == 0 && on32 == 0, "PSCI_FEATURES(CPU_ON) is 0 (64-bit %lld, 32-bit %lld)",
	       (long long)on64, (long long)on32);
	tap_ok(unknown == PSCI_RET_NOT_SUPPORTED,
	       "PSCI_FEATURES(0x%x, unallocated) is NOT_SUPPORTED (%lld)", PSCI_FN_UNALLOCATED,
	       (long long)unknown);
}

static bool check_tree(void)
{
	bool ok = gk_cpu_count() == NCPUS && gk_cpu_self() == 0;

	for (unsigned int i = 0; ok && i < NCPUS; i++)
		ok = MPIDR_AFF0(mpidr_of(i)) == i;
	tap_ok(ok, "the tree lists %u vCPUs with MPIDR Aff0 = index, this is vCPU %u",
	       gk_cpu_count(), gk_cpu_self());
	return ok;
}

static void check_all_off(const char *when)
{
	bool ok = true;

	for (unsigned int i = 1; i < NCPUS; i++)
		ok = ok && affinity(i) == PSCI_AFFINITY_OFF;
	tap_ok(ok, "AFFINITY_INFO is OFF for vCPUs 1..%u %s (%d %d %d)", NCPUS - 1, when,
	       affinity(1), affinity(2), affinity(3));
}

/* CPU_ON through guest-kit, then the vCPU's own report of its MPIDR. */
static void start_and_check(unsigned int cpu, uint32_t nth)
{
	int rc = gk_cpu_start(cpu, secondary, (void *)(uintptr_t)cpu);
	bool up = rc == 0 && tg_wait_u32(&arrivals[cpu], nth, TIMEOUT_NS);

	tap_ok(rc == 0, "CPU_ON of vCPU %u (start %u) returns SUCCESS (%d)", cpu, nth, rc);
	tap_ok(up && MPIDR_AFF0(seen_mpidr[cpu]) == cpu && seen_self[cpu] == cpu,
	       "vCPU %u reports in: MPIDR 0x%llx, Aff0 %llu", cpu,
	       (unsigned long long)seen_mpidr[cpu],
	       (unsigned long long)MPIDR_AFF0(seen_mpidr[cpu]));
}

static void check_all_on(void)
{
	int a[NCPUS];
	bool ok = true;

	for (unsigned int i = 0; i < NCPUS; i++) {
		a[i] = affinity(i);
		ok = ok && a[i] == PSCI_AFFINITY_ON;
	}
	tap_ok(ok, "AFFINITY_INFO is ON for vCPUs 0..3 (%d %d %d %d)", a[0], a[1], a[2], a[3]);
}

static void check_cpu_on_errors(void)
{
	uintptr_t park = (uintptr_t)tg_park;
	int running = gk_psci_cpu_on(mpidr_of(1), park, 0);
	int self = gk_psci_cpu_on(mpidr_of(0), park, 0);
	int none = gk_psci_cpu_on(MPIDR_NO_VCPU, park, 0);
	int none2 = gk_psci_cpu_on(MPIDR_NO_VCPU_2, park, 0);

	tap_ok(running == PSCI_RET_ALREADY_ON, "CPU_ON of running vCPU 1 is ALREADY_ON (%d)",
	       running);
	tap_ok(self == PSCI_RET_ALREADY_ON, "CPU_ON of the calling vCPU 0 is ALREADY_ON (%d)",
	       self);
	tap_ok(none == PSCI_RET_INVALID_PARAMETERS && none2 == PSCI_RET_INVALID_PARAMETERS,
	       "CPU_ON of MPIDR 0x%llx and 0x%llx (no such vCPU) is INVALID_PARAMETERS (%d, %d)",
	       MPIDR_NO_VCPU, MPIDR_NO_VCPU_2, none, none2);
}

static void release(unsigned int cpu)
{
	__atomic_store_n(&release_gen[cpu], tg_load(&arrivals[cpu]), __ATOMIC_RELEASE);
	tg_notify(cpu);
}

/* One more CPU_OFF (by returning) and CPU_ON of vCPU 3, checked quietly. */
static bool cycle_vcpu3(void)
{
	uint32_t nth = tg_load(&arrivals[3]) + 1;

	release(3);
	return wait_affinity(3, PSCI_AFFINITY_OFF) &&
	       gk_cpu_start(3, secondary, (void *)(uintptr_t)3) == 0 &&
	       tg_wait_u32(&arrivals[3], nth, TIMEOUT_NS) && MPIDR_AFF0(seen_mpidr[3]) == 3;
}

static void check_off_and_restart(void)
{
	unsigned int done = 0;

	while (done < cycles && cycle_vcpu3())
		done++;
	tap_ok(done == cycles, "vCPU 3 went through %u CPU_OFF / CPU_ON cycles (%u)", cycles, done);
	release(3);
	tap_ok(wait_affinity(3, PSCI_AFFINITY_OFF),
	       "vCPU 3 returned (CPU_OFF): its AFFINITY_INFO becomes OFF (%d)", affinity(3));
	tap_ok(affinity(1) == PSCI_AFFINITY_ON && affinity(2) == PSCI_AFFINITY_ON,
	       "vCPUs 1 and 2 stay ON (%d %d)", affinity(1), affinity(2));
	start_and_check(3, cycles + 2);
	tap_ok(affinity(3) == PSCI_AFFINITY_ON, "AFFINITY_INFO of restarted vCPU 3 is ON (%d)",
	       affinity(3));
}

static void stop_all(void)
{
	bool ok = true;

	for (unsigned int i = 1; i < NCPUS; i++)
		release(i);
	for (unsigned int i = 1; i < NCPUS; i++)
		ok = wait_affinity(i, PSCI_AFFINITY_OFF) && ok;
	check_all_off("after they all returned");
	tap_ok(ok && arrivals[1] == 1 && arrivals[2] == 1 && arrivals[3] == cycles + 2,
	       "each CPU_ON ran its vCPU exactly once (%u %u %u)", arrivals[1], arrivals[2],
	       arrivals[3]);
}

int main(void)
{
	cycles = (uint32_t)tg_arg_u64("cycles", CYCLES_DEFAULT);
	tap_plan(23);
	tg_cpu_init();
	check_version_and_features();
	if (!check_tree()) {
		tap_diag("the other checks need a domain with %u vCPUs", NCPUS);
		return tap_done();
	}
	check_all_off("before CPU_ON");
	for (unsigned int i = 1; i < NCPUS; i++)
		start_and_check(i, 1);
	check_all_on();
	check_cpu_on_errors();
	check_off_and_restart();
	stop_all();
	return tap_done();
}
