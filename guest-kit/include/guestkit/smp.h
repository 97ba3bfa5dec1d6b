/*
 * The guest's vCPUs: the list comes from the device tree's /cpus (in tree
 * order; index 0 is normally the boot vCPU), secondaries start with PSCI
 * CPU_ON at guest-kit's secondary entry, which sets up the MMU, the GIC CPU
 * interface and a stack of GK_CPU_STACK_SIZE bytes, then calls fn(arg) with
 * IRQs unmasked. When fn returns the vCPU turns itself off (PSCI CPU_OFF).
 *
 * newlib's stdio has no locks: printf from several vCPUs at once may mix
 * characters. gk_console_write() is safe; malloc() is made safe by guest-kit.
 */
#ifndef GUESTKIT_SMP_H
#define GUESTKIT_SMP_H

#include <stdbool.h>
#include <stdint.h>

#define GK_MAX_CPUS	  32
#define GK_CPU_STACK_SIZE (64 * 1024)

typedef void (*gk_cpu_fn)(void *arg);

unsigned int gk_cpu_count(void);
uint64_t gk_cpu_mpidr(unsigned int cpu);
/* The calling vCPU's index. */
unsigned int gk_cpu_self(void);
bool gk_cpu_online(unsigned int cpu);
/* 0, -EINVAL/-EBUSY/-ENOMEM, or a PSCI_RET_* error from CPU_ON. */
int gk_cpu_start(unsigned int cpu, gk_cpu_fn fn, void *arg);

#endif /* GUESTKIT_SMP_H */
