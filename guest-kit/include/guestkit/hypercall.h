/*
 * Hypercalls: one trap function (src/hypercall.S) and a typed wrapper per
 * hypercall, named as Linux and Xen's mini-os name them. Arguments and the
 * convention are in <tarn/xen.h>; pointers are passed as they are, since
 * guest-kit's identity map makes a guest virtual address its IPA too.
 */
#ifndef GUESTKIT_HYPERCALL_H
#define GUESTKIT_HYPERCALL_H

#include <stdint.h>

#include <tarn/ctl.h>
#include <tarn/errno.h>
#include <tarn/event_channel.h>
#include <tarn/grant_table.h>
#include <tarn/hvm.h>
#include <tarn/memory.h>
#include <tarn/sched.h>
#include <tarn/vcpu.h>
#include <tarn/version.h>
#include <tarn/xen.h>

/* `hvc #0xEA1` with x16 = nr and x0..x4 = a0..a4; returns x0. */
long gk_hypercall(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t nr);

#define GK_PTR(p) ((uint64_t)(uintptr_t)(p))

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return gk_hypercall((uint64_t)cmd, GK_PTR(arg), 0, 0, 0, __HYPERVISOR_xen_version);
}

static inline long HYPERVISOR_console_io(int cmd, int count, const char *buf)
{
	return gk_hypercall((uint64_t)cmd, (uint64_t)count, GK_PTR(buf), 0, 0,
			    __HYPERVISOR_console_io);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return gk_hypercall((uint64_t)cmd, GK_PTR(arg), 0, 0, 0, __HYPERVISOR_sched_op);
}

static inline long HYPERVISOR_vcpu_op(int cmd, int vcpuid, void *arg)
{
	return gk_hypercall((uint64_t)cmd, (uint64_t)vcpuid, GK_PTR(arg), 0, 0,
			    __HYPERVISOR_vcpu_op);
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return gk_hypercall(cmd, GK_PTR(arg), 0, 0, 0, __HYPERVISOR_memory_op);
}

static inline long HYPERVISOR_hvm_op(int cmd, void *arg)
{
	return gk_hypercall((uint64_t)cmd, GK_PTR(arg), 0, 0, 0, __HYPERVISOR_hvm_op);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return gk_hypercall((uint64_t)cmd, GK_PTR(arg), 0, 0, 0, __HYPERVISOR_event_channel_op);
}

static inline long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{
	return gk_hypercall(cmd, GK_PTR(uop), count, 0, 0, __HYPERVISOR_grant_table_op);
}

static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
	return gk_hypercall(cmd, type, 0, 0, 0, __HYPERVISOR_vm_assist);
}

/* Tarn's control interface (control domain only; docs/control.md). */
static inline long HYPERVISOR_domctl(struct tarn_domctl *op)
{
	return gk_hypercall(GK_PTR(op), 0, 0, 0, 0, __HYPERVISOR_domctl);
}

static inline long HYPERVISOR_sysctl(struct tarn_sysctl *op)
{
	return gk_hypercall(GK_PTR(op), 0, 0, 0, 0, __HYPERVISOR_sysctl);
}

static inline long HYPERVISOR_multicall(struct multicall_entry *calls, unsigned int nr)
{
	return gk_hypercall(GK_PTR(calls), nr, 0, 0, 0, __HYPERVISOR_multicall);
}

/* hvm_op(get_param) on the caller; 0 or a negative errno. */
static inline long gk_hvm_get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = {.domid = DOMID_SELF, .index = index};
	long rc = HYPERVISOR_hvm_op(HVMOP_get_param, &p);

	*value = rc ? 0 : p.value;
	return rc;
}

static inline long gk_evtchn_send(evtchn_port_t port)
{
	struct evtchn_send send = {.port = port};

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
}

/* sched_op(shutdown, reason): returns only if the hypervisor refused it. */
static inline long gk_sched_shutdown(unsigned int reason)
{
	struct sched_shutdown s = {.reason = reason};

	return HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

#endif /* GUESTKIT_HYPERCALL_H */
