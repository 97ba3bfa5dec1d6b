/*
 * PSCI client (see psci.h). Tarn runs at EL2, so the only conduit that
 * reaches firmware is SMC; a tree that says "hvc" describes a machine where
 * firmware expects to be called from EL1 under a hypervisor, which Tarn is.
 */
#include "arch/arm64/psci.h"

#include "arch/arm64/sysreg.h"

static bool psci_ok;
static uint32_t fn_cpu_on;

static int64_t psci_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

void psci_init(const struct bootinfo *bi)
{
	psci_ok = bi->psci == PSCI_SMC;
	fn_cpu_on = bi->psci_cpu_on;
}

uint32_t psci_version(void)
{
	return psci_ok ? (uint32_t)psci_smc(PSCI_VERSION, 0, 0, 0) : 0;
}

int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	if (!psci_ok || !fn_cpu_on)
		return PSCI_NOT_SUPPORTED;
	return psci_smc(fn_cpu_on, mpidr, entry, context);
}

_Noreturn void psci_system_off(void)
{
	if (psci_ok)
		psci_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

_Noreturn void psci_system_reset(void)
{
	if (psci_ok)
		psci_smc(PSCI_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		wfi();
}

const char *psci_error_name(int64_t rc)
{
	switch (rc) {
	case PSCI_SUCCESS:
		return "success";
	case PSCI_NOT_SUPPORTED:
		return "not supported";
	case PSCI_INVALID_PARAMS:
		return "invalid parameters";
	case PSCI_DENIED:
		return "denied";
	case PSCI_ALREADY_ON:
		return "already on";
	default:
		return "error";
	}
}
