/*
 * The guests' virtual timer (vtimer.c): each CPU's virtual-timer interrupt
 * goes to the vCPU it belongs to, and a blocked vCPU's deadline is read from
 * its saved timer state.
 */
#ifndef ARCH_ARM64_VDEV_VTIMER_H
#define ARCH_ARM64_VDEV_VTIMER_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* Once, on the boot CPU: take the virtual timer's PPI. 0 or -errno. */
int vtimer_init(unsigned int virt_irq);
/* On every CPU: enable the PPI here. */
void vtimer_cpu_start(void);
/* v is not loaded: the counter value at which its virtual timer fires, if
 * it is enabled and unmasked (false otherwise). */
bool vtimer_deadline(const struct vcpu *v, uint64_t *when);

#endif /* ARCH_ARM64_VDEV_VTIMER_H */
