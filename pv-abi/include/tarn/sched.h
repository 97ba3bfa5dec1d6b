/*
 * sched_op(cmd, arg): give up the CPU, block, shut down.
 *
 * Any domain may call these on itself; remote_shutdown needs privilege over the
 * target. Errors: -EFAULT for a bad arg, -EINVAL for a bad value, -ENOSYS for
 * an unknown cmd. Shutdown reasons (SHUTDOWN_*) are in tarn/xen.h.
 */
#ifndef TARN_SCHED_H
#define TARN_SCHED_H

#include <stdint.h>

#include "tarn/xen.h"

/* arg NULL. Let another vCPU run; returns 0 when this one is picked again. */
#define SCHEDOP_yield 0
/*
 * arg NULL. Sleep until an event is pending for this vCPU. On Arm prefer WFI:
 * the vGIC wakes the vCPU on any interrupt.
 */
#define SCHEDOP_block 1
/* arg: struct sched_shutdown. Ends the domain with reason; does not return. */
#define SCHEDOP_shutdown 2
/* arg: struct sched_poll. Block until one of ports is pending or timeout. */
#define SCHEDOP_poll 3
/* arg: struct sched_remote_shutdown. Shut down another domain (privileged). */
#define SCHEDOP_remote_shutdown 4
/* arg: struct sched_shutdown. Record the reason without shutting down. */
#define SCHEDOP_shutdown_code 5
/* arg: struct sched_watchdog. Arm, kick or stop a domain watchdog. */
#define SCHEDOP_watchdog 6
/* arg: struct sched_pin_override (dom0 only). */
#define SCHEDOP_pin_override 7

struct sched_shutdown {
	uint32_t reason; /* SHUTDOWN_* */
};
TARN_ABI_SIZE(struct sched_shutdown, 4);

struct sched_poll {
	XEN_GUEST_HANDLE(uint32_t) ports; /* evtchn_port_t[nr_ports] */
	uint32_t nr_ports;
	uint64_t timeout; /* absolute system time in ns; 0 = none */
};
TARN_ABI_SIZE(struct sched_poll, 24);
TARN_ABI_OFFSET(struct sched_poll, nr_ports, 8);
TARN_ABI_OFFSET(struct sched_poll, timeout, 16);

struct sched_remote_shutdown {
	domid_t domain_id;
	uint32_t reason; /* SHUTDOWN_* */
};
TARN_ABI_SIZE(struct sched_remote_shutdown, 8);

struct sched_watchdog {
	uint32_t id;	  /* 0 = allocate a new watchdog; returns its id */
	uint32_t timeout; /* seconds; 0 = destroy */
};
TARN_ABI_SIZE(struct sched_watchdog, 8);

struct sched_pin_override {
	int32_t pcpu; /* -1 = end the override */
};
TARN_ABI_SIZE(struct sched_pin_override, 4);

#endif /* TARN_SCHED_H */
