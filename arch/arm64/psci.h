/*
 * Calls into the firmware's PSCI implementation (EL3 through SMC; QEMU's
 * built-in firmware answers the same way).
 */
#ifndef ARCH_ARM64_PSCI_H
#define ARCH_ARM64_PSCI_H

#include <stdint.h>

#include "hyp/boot/bootinfo.h"

#define PSCI_VERSION	  0x84000000u
#define PSCI_CPU_ON_64	  0xc4000003u
#define PSCI_SYSTEM_OFF	  0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

#define PSCI_SUCCESS	    0
#define PSCI_NOT_SUPPORTED  (-1)
#define PSCI_INVALID_PARAMS (-2)
#define PSCI_DENIED	    (-3)
#define PSCI_ALREADY_ON	    (-4)

void psci_init(const struct bootinfo *bi);
/* Returns the PSCI status (0 = success). */
int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
uint32_t psci_version(void);
_Noreturn void psci_system_off(void);
_Noreturn void psci_system_reset(void);
const char *psci_error_name(int64_t rc);

#endif /* ARCH_ARM64_PSCI_H */
