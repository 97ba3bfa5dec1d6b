/*
 * Virtual PSCI (see vpsci.h). A vCPU is named by its MPIDR, whose Aff0 is the
 * vCPU number (arch_vcpu_reset). CPU_ON resets the target as at power-on with
 * the entry point and context the caller gave; SYSTEM_OFF and SYSTEM_RESET
 * end only the calling domain (Tarn and the other domains keep running).
 * Anything else answers NOT_SUPPORTED, as SMCCC asks.
 */
#include "arch/arm64/vdev/vpsci.h"

#include "arch/arm64/traps.h"
#include "arch/arm64/vcpu.h"
#include "hyp/domain/domain.h"
#include "hyp/schedule/schedule.h"
#include "tarn/psci.h"
#include "tarn/xen.h"

#define PSCI_VERSION_1_1 0x10001

static struct vcpu *vcpu_by_mpidr(struct domain *d, uint64_t mpidr)
{
	/* Only Aff0 is used; higher affinity levels must be zero. */
	if ((mpidr & 0xff00ffff00ULL) || (mpidr & 0xff) >= d->nvcpus)
		return NULL;
	return d->vcpus[mpidr & 0xff];
}

static int64_t psci_cpu_on(struct domain *d, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	struct vcpu *t = vcpu_by_mpidr(d, mpidr);

	if (!t)
		return PSCI_RET_INVALID_PARAMETERS;
	if (entry & 3)
		return PSCI_RET_INVALID_ADDRESS;
	if (t->state != VCPU_OFFLINE)
		return PSCI_RET_ALREADY_ON;
	/* After CPU_OFF its state may still be leaving another CPU: let it go
	 * first, so the reset below is not overwritten. */
	while (t->loaded)
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	arch_vcpu_reset(t, entry, ctx);
	vcpu_wake(t);
	return PSCI_RET_SUCCESS;
}

static int64_t psci_affinity_info(struct domain *d, uint64_t mpidr, uint64_t level)
{
	struct vcpu *t = vcpu_by_mpidr(d, mpidr);

	if (!t || level != 0)
		return PSCI_RET_INVALID_PARAMETERS;
	return t->state == VCPU_OFFLINE ? PSCI_AFFINITY_OFF : PSCI_AFFINITY_ON;
}

static bool psci_supported(uint32_t fn)
{
	switch (fn) {
	case PSCI_FN_VERSION:
	case PSCI_FN_CPU_OFF:
	case PSCI_FN_CPU_ON:
	case PSCI_FN64_CPU_ON:
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN64_AFFINITY_INFO:
	case PSCI_FN_MIGRATE_INFO_TYPE:
	case PSCI_FN_SYSTEM_OFF:
	case PSCI_FN_SYSTEM_RESET:
	case PSCI_FN_FEATURES:
	case SMCCC_FN_VERSION:
		return true;
	default:
		return false;
	}
}

static int64_t psci_call(struct vcpu *v, struct regs *r)
{
	struct domain *d = v->domain;
	uint32_t fn = (uint32_t)r->x[0];

	switch (fn) {
	case PSCI_FN_VERSION:
	case SMCCC_FN_VERSION:
		return PSCI_VERSION_1_1; /* PSCI 1.1 and SMCCC 1.1 encode alike */
	case PSCI_FN_FEATURES:
		return psci_supported((uint32_t)r->x[1]) ? PSCI_RET_SUCCESS
							 : PSCI_RET_NOT_SUPPORTED;
	case PSCI_FN_CPU_ON:
	case PSCI_FN64_CPU_ON:
		return psci_cpu_on(d, r->x[1], r->x[2], r->x[3]);
	case PSCI_FN_CPU_OFF:
		vcpu_stop(v, VCPU_OFFLINE);
		return PSCI_RET_SUCCESS;
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN64_AFFINITY_INFO:
		return psci_affinity_info(d, r->x[1], r->x[2]);
	case PSCI_FN_MIGRATE_INFO_TYPE:
		return 2; /* no Trusted OS: nothing to migrate */
	case PSCI_FN_SYSTEM_OFF:
		domain_shutdown(d, SHUTDOWN_poweroff);
		return PSCI_RET_SUCCESS;
	case PSCI_FN_SYSTEM_RESET:
		domain_shutdown(d, SHUTDOWN_reboot);
		return PSCI_RET_SUCCESS;
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

void vpsci_handle(struct vcpu *v, struct regs *r)
{
	r->x[0] = (uint64_t)psci_call(v, r);
}
