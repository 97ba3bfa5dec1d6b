/*
 * PSCI 1.1 as a guest sees it: function IDs and return codes.
 *
 * Calling convention (SMCCC): `hvc #0` (the conduit the guest device tree's
 * /psci node names with method = "hvc"), function ID in w0, arguments in
 * x1..x3, result in x0; x0..x17 may be clobbered. Both Xen (vPSCI, reporting
 * version 1.1) and Tarn serve the calls marked below to guests; others return
 * PSCI_RET_NOT_SUPPORTED. FN64 IDs take 64-bit arguments; the FN (32-bit) IDs
 * of the same calls exist too but guests on arm64 use the 64-bit ones.
 */
#ifndef TARN_PSCI_H
#define TARN_PSCI_H

#include <stdint.h>

/* Returns major << 16 | minor (1.1 = 0x10001). Served. */
#define PSCI_FN_VERSION 0x84000000u
/* (power_state, entry, context_id). Served (as a WFI on Xen). */
#define PSCI_FN_CPU_SUSPEND   0x84000001u
#define PSCI_FN64_CPU_SUSPEND 0xC4000001u
/* No arguments; does not return on success. Served. */
#define PSCI_FN_CPU_OFF 0x84000002u
/*
 * (target MPIDR, entry point IPA, context_id). Starts a vCPU at EL1h, MMU off,
 * with x0 = context_id. Served. Errors: INVALID_PARAMETERS (no such vCPU),
 * ALREADY_ON, INVALID_ADDRESS.
 */
#define PSCI_FN_CPU_ON	 0x84000003u
#define PSCI_FN64_CPU_ON 0xC4000003u
/* (target MPIDR, lowest affinity level) -> AFFINITY_* below. Served. */
#define PSCI_FN_AFFINITY_INFO	0x84000004u
#define PSCI_FN64_AFFINITY_INFO 0xC4000004u
#define PSCI_FN_MIGRATE		0x84000005u
#define PSCI_FN64_MIGRATE	0xC4000005u
/* -> 2: no Trusted OS needs migrating. Served. */
#define PSCI_FN_MIGRATE_INFO_TYPE     0x84000006u
#define PSCI_FN_MIGRATE_INFO_UP_CPU   0x84000007u
#define PSCI_FN64_MIGRATE_INFO_UP_CPU 0xC4000007u
/* No arguments: end the domain (poweroff); does not return. Served. */
#define PSCI_FN_SYSTEM_OFF 0x84000008u
/* No arguments: restart the domain (reboot); does not return. Served. */
#define PSCI_FN_SYSTEM_RESET 0x84000009u
/* (function ID) -> 0 if implemented, else NOT_SUPPORTED. Served. */
#define PSCI_FN_FEATURES		  0x8400000Au
#define PSCI_FN_CPU_FREEZE		  0x8400000Bu
#define PSCI_FN_CPU_DEFAULT_SUSPEND	  0x8400000Cu
#define PSCI_FN64_CPU_DEFAULT_SUSPEND	  0xC400000Cu
#define PSCI_FN_NODE_HW_STATE		  0x8400000Du
#define PSCI_FN64_NODE_HW_STATE		  0xC400000Du
#define PSCI_FN_SYSTEM_SUSPEND		  0x8400000Eu
#define PSCI_FN64_SYSTEM_SUSPEND	  0xC400000Eu
#define PSCI_FN_SET_SUSPEND_MODE	  0x8400000Fu
#define PSCI_FN_STAT_RESIDENCY		  0x84000010u
#define PSCI_FN64_STAT_RESIDENCY	  0xC4000010u
#define PSCI_FN_STAT_COUNT		  0x84000011u
#define PSCI_FN64_STAT_COUNT		  0xC4000011u
#define PSCI_FN_SYSTEM_RESET2		  0x84000012u
#define PSCI_FN64_SYSTEM_RESET2		  0xC4000012u
#define PSCI_FN_MEM_PROTECT		  0x84000013u
#define PSCI_FN_MEM_PROTECT_CHECK_RANGE	  0x84000014u
#define PSCI_FN64_MEM_PROTECT_CHECK_RANGE 0xC4000014u

/* SMCCC calls a guest may probe on the same conduit. */
#define SMCCC_FN_VERSION       0x80000000u
#define SMCCC_FN_ARCH_FEATURES 0x80000001u

#define PSCI_VERSION_MAJOR(v) ((uint32_t)(v) >> 16)
#define PSCI_VERSION_MINOR(v) ((uint32_t)(v)&0xFFFFu)

/* Return codes (x0, signed). */
#define PSCI_RET_SUCCESS	    0
#define PSCI_RET_NOT_SUPPORTED	    (-1)
#define PSCI_RET_INVALID_PARAMETERS (-2)
#define PSCI_RET_DENIED		    (-3)
#define PSCI_RET_ALREADY_ON	    (-4)
#define PSCI_RET_ON_PENDING	    (-5)
#define PSCI_RET_INTERNAL_FAILURE   (-6)
#define PSCI_RET_NOT_PRESENT	    (-7)
#define PSCI_RET_DISABLED	    (-8)
#define PSCI_RET_INVALID_ADDRESS    (-9)

/* PSCI_FN_AFFINITY_INFO results. */
#define PSCI_AFFINITY_ON	 0
#define PSCI_AFFINITY_OFF	 1
#define PSCI_AFFINITY_ON_PENDING 2

#endif /* TARN_PSCI_H */
