/*
 * hvm_op(cmd, arg): per-domain parameters, which is how an Arm guest finds its
 * PV console and xenstore.
 */
#ifndef TARN_HVM_H
#define TARN_HVM_H

#include <stdint.h>

#include "tarn/xen.h"

/*
 * arg: struct xen_hvm_param. set_param: only the control domain may set a
 * parameter (-EPERM for a domain on itself). get_param: a domain may read the
 * indices below of itself (domid DOMID_SELF) and gets the value in .value.
 * Any other index: -EINVAL. Errors also: -EFAULT, -ESRCH.
 */
#define HVMOP_set_param 0
#define HVMOP_get_param 1

/* The event upcall; on Arm XEN_ARM_CALLBACK_IRQ_VALUE (PPI 31, level-low). */
#define HVM_PARAM_CALLBACK_IRQ 0
/* Xenstore ring frame and its event channel: 0 = no xenstore; ~0 = not yet. */
#define HVM_PARAM_STORE_PFN    1
#define HVM_PARAM_STORE_EVTCHN 2
/* PV console ring frame (struct xencons_interface) and its event channel. */
#define HVM_PARAM_CONSOLE_PFN	   17
#define HVM_PARAM_CONSOLE_EVTCHN   18
#define HVM_PARAM_MONITOR_RING_PFN 28

struct xen_hvm_param {
	domid_t domid; /* DOMID_SELF */
	uint16_t pad;
	uint32_t index; /* HVM_PARAM_* */
	uint64_t value; /* IN (set) / OUT (get) */
};
TARN_ABI_SIZE(struct xen_hvm_param, 16);
TARN_ABI_OFFSET(struct xen_hvm_param, index, 4);
TARN_ABI_OFFSET(struct xen_hvm_param, value, 8);

#endif /* TARN_HVM_H */
