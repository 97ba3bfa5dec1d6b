/*
 * guest-kit, Tarn's guest library, in one include. A guest is a plain C
 * program: main() runs on the boot vCPU with the MMU and caches on, IRQs
 * unmasked, newlib's stdio, malloc and time ready; returning n from main() is
 * exit(n): 0 shuts the domain down with SHUTDOWN_poweroff, anything else with
 * SHUTDOWN_crash (after a "guest-kit: exit(n)" line).
 */
#ifndef GUESTKIT_GUESTKIT_H
#define GUESTKIT_GUESTKIT_H

#include <guestkit/console.h>
#include <guestkit/crash.h>
#include <guestkit/fdt.h>
#include <guestkit/gic.h>
#include <guestkit/hypercall.h>
#include <guestkit/irq.h>
#include <guestkit/mmu.h>
#include <guestkit/psci.h>
#include <guestkit/shared-info.h>
#include <guestkit/smp.h>
#include <guestkit/spinlock.h>
#include <guestkit/tap.h>
#include <guestkit/timer.h>

#endif /* GUESTKIT_GUESTKIT_H */
