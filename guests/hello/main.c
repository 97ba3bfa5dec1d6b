/*
 * hello: the first guest-kit guest. It says who it runs on and checks the
 * basics: malloc, time, the timer interrupt and, with two or more vCPUs, a
 * secondary vCPU started through PSCI and SGIs both ways. Every line is the
 * same from run to run and on Xen and Tarn (the parity test compares them);
 * only the version numbers and the GIC version differ, and the test knows
 * those. Exits 0 if every check passed, else 1.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <guestkit/guestkit.h>

#define TIMEOUT_NS  5000000000ULL /* generous: QEMU without icount may be slow */
#define SGI_TO_1    1
#define SGI_TO_0    2
#define MALLOC_SIZE (1024 * 1024)

static bool all_ok = true;

static void check(bool ok, const char *what)
{
	printf("%s: %s\n", what, ok ? "ok" : "FAILED");
	all_ok = all_ok && ok;
}

/*
 * Waits until *flag is set. Polls rather than sleeping in WFI: some flags are
 * set by the other vCPU without an interrupt to wake this one.
 */
static bool wait_flag(const bool *flag)
{
	uint64_t deadline = gk_ns_now() + TIMEOUT_NS;

	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE)) {
		if (gk_ns_now() > deadline)
			return false;
		gk_udelay(100);
	}
	return true;
}

static void set_flag(void *flag)
{
	__atomic_store_n((bool *)flag, true, __ATOMIC_RELEASE);
}

static void print_hypervisor(void)
{
	long version = HYPERVISOR_xen_version(XENVER_version, NULL);
	uint32_t psci = gk_psci_version();
	struct xen_feature_info fi = {.submap_idx = 0};

	printf("hypervisor version: %ld.%ld\n", version >> 16, version & 0xFFFF);
	if (HYPERVISOR_xen_version(XENVER_get_features, &fi) == 0)
		printf("hypervisor features: 0x%x\n", (unsigned int)fi.submap);
	printf("PSCI version: %u.%u\n", (unsigned int)PSCI_VERSION_MAJOR(psci),
	       (unsigned int)PSCI_VERSION_MINOR(psci));
	printf("console: %s\n", gk_console_name());
	printf("GIC: v%d\n", gk_gic_version());
	printf("vCPUs: %u\n", gk_cpu_count());
}

static void check_malloc(void)
{
	unsigned char *p = malloc(MALLOC_SIZE);
	bool ok = p != NULL;

	for (size_t i = 0; ok && i < MALLOC_SIZE; i++)
		p[i] = (unsigned char)(i * 7);
	for (size_t i = 0; ok && i < MALLOC_SIZE; i++)
		ok = p[i] == (unsigned char)(i * 7);
	free(p);
	check(ok, "malloc 1 MiB");
}

static void check_time(void)
{
	uint64_t t0 = gk_ns_now();
	time_t now = time(NULL);
	clock_t c0 = clock();

	gk_udelay(2000);
	check(now != (time_t)-1 && gk_ns_now() - t0 >= 2000000 && clock() >= c0, "time advances");
}

static void check_timer(void)
{
	bool fired = false;

	gk_timer_set(gk_ns_now() + 10000000, set_flag, &fired);
	check(wait_flag(&fired), "timer interrupt");
}

static bool sgi_to_0, sgi_to_1, cpu1_ready;

static void sgi_handler(unsigned int intid, void *arg)
{
	set_flag(arg);
}

static void cpu1_main(void *unused)
{
	printf("vCPU %u: hello, MPIDR 0x%llx\n", gk_cpu_self(),
	       (unsigned long long)gk_cpu_mpidr(gk_cpu_self()));
	gk_gic_enable(SGI_TO_1);
	set_flag(&cpu1_ready);
	if (wait_flag(&sgi_to_1))
		gk_gic_send_sgi(0, SGI_TO_0);
}

static void check_smp(void)
{
	int rc;

	gk_irq_register(SGI_TO_1, sgi_handler, &sgi_to_1);
	gk_irq_register(SGI_TO_0, sgi_handler, &sgi_to_0);
	gk_gic_enable(SGI_TO_0);
	rc = gk_cpu_start(1, cpu1_main, NULL);
	if (rc) {
		printf("vCPU 1: PSCI CPU_ON failed (%d)\n", rc);
		all_ok = false;
		return;
	}
	check(wait_flag(&cpu1_ready), "vCPU 1 started through PSCI");
	gk_gic_send_sgi(1, SGI_TO_1);
	check(wait_flag(&sgi_to_0), "SGIs between vCPU 0 and vCPU 1");
}

int main(void)
{
	printf("Hello from guest-kit\n");
	print_hypervisor();
	check_malloc();
	check_time();
	check_timer();
	if (gk_cpu_count() > 1)
		check_smp();
	printf("hello: %s\n", all_ok ? "all checks passed" : "some checks FAILED");
	return all_ok ? 0 : 1;
}
