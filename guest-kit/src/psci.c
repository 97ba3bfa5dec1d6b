/*
 * PSCI calls over the conduit of the tree's /psci node: `hvc #0` unless its
 * method says "smc" (Xen and Tarn guests always get hvc).
 */
#include <string.h>

#include "internal.h"
#include <guestkit/fdt.h>
#include <guestkit/psci.h>

typedef int64_t (*conduit_fn)(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

static conduit_fn conduit = gk_smccc_hvc;

void gk_psci_init(void)
{
	static const char *const compats[] = {"arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL};
	int node = gk_fdt_find_compatible(compats);
	const char *method = node >= 0 ? fdt_getprop(gk_fdt(), node, "method", NULL) : NULL;

	if (method && !strcmp(method, "smc"))
		conduit = gk_smccc_smc;
}

int64_t gk_smccc_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return conduit(fid, a1, a2, a3);
}

uint32_t gk_psci_version(void)
{
	return (uint32_t)gk_smccc_call(PSCI_FN_VERSION, 0, 0, 0);
}

int gk_psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	return (int)gk_smccc_call(PSCI_FN64_CPU_ON, mpidr, entry, context);
}

int gk_psci_cpu_off(void)
{
	return (int)gk_smccc_call(PSCI_FN_CPU_OFF, 0, 0, 0);
}

int gk_psci_affinity_info(uint64_t mpidr)
{
	return (int)gk_smccc_call(PSCI_FN64_AFFINITY_INFO, mpidr, 0, 0);
}

int gk_psci_system_off(void)
{
	return (int)gk_smccc_call(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
}

int gk_psci_system_reset(void)
{
	return (int)gk_smccc_call(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
}
