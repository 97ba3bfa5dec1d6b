/*
 * event_channel_op(cmd, arg): event channels, the hypervisor's doorbells.
 *
 * Ports are per domain. Arm guests use the 2-level scheme in shared_info
 * (tarn/xen.h); delivery raises GUEST_EVTCHN_PPI. A domain operates on its own
 * ports (dom = DOMID_SELF) unless privileged. Common errors: -EFAULT (bad arg),
 * -EINVAL (bad port or field), -ESRCH (no such domain), -EPERM, -ENOSPC (no
 * free port), -ENOSYS (unknown cmd).
 */
#ifndef TARN_EVENT_CHANNEL_H
#define TARN_EVENT_CHANNEL_H

#include <stdint.h>

#include "tarn/xen.h"

typedef uint32_t evtchn_port_t;

/* struct evtchn_bind_interdomain: connect to remote_dom's unbound port. */
#define EVTCHNOP_bind_interdomain 0
/* struct evtchn_bind_virq: a port for a virtual IRQ (VIRQ_*) on vcpu. */
#define EVTCHNOP_bind_virq 1
/* Physical IRQ binding; not used by Arm guests. */
#define EVTCHNOP_bind_pirq 2
/* struct evtchn_close: close a port (a connected peer sees it unbound). */
#define EVTCHNOP_close 3
/* struct evtchn_send: raise the event at the port's other end. */
#define EVTCHNOP_send 4
/* struct evtchn_status: what a port is bound to. */
#define EVTCHNOP_status 5
/* struct evtchn_alloc_unbound: a port that remote_dom may bind to. */
#define EVTCHNOP_alloc_unbound 6
/* struct evtchn_bind_ipi: a port that signals this domain's own vcpu. */
#define EVTCHNOP_bind_ipi 7
/* struct evtchn_bind_vcpu: deliver the port's events to another vCPU. */
#define EVTCHNOP_bind_vcpu 8
/* struct evtchn_unmask: clear the mask bit, re-raise the event if pending. */
#define EVTCHNOP_unmask 9
/* Close every port of a domain (privileged, or DOMID_SELF). */
#define EVTCHNOP_reset 10
/* FIFO ABI; guests fall back to 2-level on any error (-ENOSYS is fine). */
#define EVTCHNOP_init_control 11
#define EVTCHNOP_expand_array 12
#define EVTCHNOP_set_priority 13

/* evtchn_status.status */
#define EVTCHNSTAT_closed      0
#define EVTCHNSTAT_unbound     1
#define EVTCHNSTAT_interdomain 2
#define EVTCHNSTAT_pirq	       3
#define EVTCHNSTAT_virq	       4
#define EVTCHNSTAT_ipi	       5

struct evtchn_alloc_unbound {
	domid_t dom;	    /* DOMID_SELF */
	domid_t remote_dom; /* who may bind */
	evtchn_port_t port; /* OUT */
};
TARN_ABI_SIZE(struct evtchn_alloc_unbound, 8);
TARN_ABI_OFFSET(struct evtchn_alloc_unbound, remote_dom, 2);
TARN_ABI_OFFSET(struct evtchn_alloc_unbound, port, 4);

struct evtchn_bind_interdomain {
	domid_t remote_dom;
	evtchn_port_t remote_port;
	evtchn_port_t local_port; /* OUT */
};
TARN_ABI_SIZE(struct evtchn_bind_interdomain, 12);
TARN_ABI_OFFSET(struct evtchn_bind_interdomain, remote_port, 4);
TARN_ABI_OFFSET(struct evtchn_bind_interdomain, local_port, 8);

struct evtchn_bind_virq {
	uint32_t virq; /* VIRQ_* */
	uint32_t vcpu;
	evtchn_port_t port; /* OUT */
};
TARN_ABI_SIZE(struct evtchn_bind_virq, 12);
TARN_ABI_OFFSET(struct evtchn_bind_virq, port, 8);

struct evtchn_bind_ipi {
	uint32_t vcpu;
	evtchn_port_t port; /* OUT */
};
TARN_ABI_SIZE(struct evtchn_bind_ipi, 8);

struct evtchn_close {
	evtchn_port_t port;
};
TARN_ABI_SIZE(struct evtchn_close, 4);

struct evtchn_send {
	evtchn_port_t port;
};
TARN_ABI_SIZE(struct evtchn_send, 4);

struct evtchn_unmask {
	evtchn_port_t port;
};
TARN_ABI_SIZE(struct evtchn_unmask, 4);

struct evtchn_status {
	domid_t dom;	    /* IN */
	evtchn_port_t port; /* IN */
	uint32_t status;    /* OUT: EVTCHNSTAT_* */
	uint32_t vcpu;	    /* OUT: where its events go */
	union {
		struct {
			domid_t dom;
		} unbound; /* EVTCHNSTAT_unbound: who may bind */
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain; /* EVTCHNSTAT_interdomain: the peer */
		uint32_t pirq;
		uint32_t virq;
	} u;
};
TARN_ABI_SIZE(struct evtchn_status, 24);
TARN_ABI_OFFSET(struct evtchn_status, port, 4);
TARN_ABI_OFFSET(struct evtchn_status, status, 8);
TARN_ABI_OFFSET(struct evtchn_status, vcpu, 12);
TARN_ABI_OFFSET(struct evtchn_status, u, 16);
TARN_ABI_OFFSET(struct evtchn_status, u.interdomain.port, 20);

struct evtchn_bind_vcpu {
	evtchn_port_t port;
	uint32_t vcpu;
};
TARN_ABI_SIZE(struct evtchn_bind_vcpu, 8);

struct evtchn_reset {
	domid_t dom;
};
TARN_ABI_SIZE(struct evtchn_reset, 2);

struct evtchn_init_control {
	uint64_t control_gfn;
	uint32_t offset;
	uint32_t vcpu;
	uint8_t link_bits; /* OUT */
	uint8_t _pad[7];
};
TARN_ABI_SIZE(struct evtchn_init_control, 24);
TARN_ABI_OFFSET(struct evtchn_init_control, offset, 8);
TARN_ABI_OFFSET(struct evtchn_init_control, vcpu, 12);
TARN_ABI_OFFSET(struct evtchn_init_control, link_bits, 16);

#endif /* TARN_EVENT_CHANNEL_H */
