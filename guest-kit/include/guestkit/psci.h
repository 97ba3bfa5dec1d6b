/*
 * PSCI calls (function IDs in <tarn/psci.h>) through the conduit the device
 * tree's /psci node names: `hvc #0` on Xen and Tarn, `smc #0` if it says so.
 * Results are PSCI_RET_* values.
 */
#ifndef GUESTKIT_PSCI_H
#define GUESTKIT_PSCI_H

#include <stdint.h>

#include <tarn/psci.h>

/* One SMCCC call: function fid, arguments a1..a3; returns x0. */
int64_t gk_smccc_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

uint32_t gk_psci_version(void);
/* Starts the vCPU with MPIDR mpidr at entry (an IPA), x0 = context. */
int gk_psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
/* Stops the calling vCPU; returns only on failure. */
int gk_psci_cpu_off(void);
int gk_psci_affinity_info(uint64_t mpidr);
/* End or restart the whole domain; return only on failure. */
int gk_psci_system_off(void);
int gk_psci_system_reset(void);

#endif /* GUESTKIT_PSCI_H */
