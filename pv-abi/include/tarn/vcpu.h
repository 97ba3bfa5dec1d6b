/*
 * vcpu_op(cmd, vcpuid, arg): per-vCPU registrations.
 *
 * Arm serves only the two ops below; any other cmd returns -EINVAL (secondary
 * vCPUs are started with PSCI CPU_ON, not VCPUOP_up). A domain may register
 * areas for its own vCPUs only; -ENOENT for a bad vcpuid.
 */
#ifndef TARN_VCPU_H
#define TARN_VCPU_H

#include <stdint.h>

#include "tarn/xen.h"

/*
 * arg: struct vcpu_register_runstate_memory_area. The hypervisor keeps a
 * struct vcpu_runstate_info at that guest *virtual* address up to date on
 * every context switch. Returns 0.
 */
#define VCPUOP_register_runstate_memory_area 5
/*
 * arg: struct vcpu_register_vcpu_info. Move this vCPU's struct vcpu_info out
 * of shared_info to (mfn << 12) + offset. It must be 8-aligned and must not
 * cross a page (-ENXIO on Xen; Tarn accepts a crossing one); a second call
 * gives -EINVAL. The current contents are copied and one upcall is raised.
 */
#define VCPUOP_register_vcpu_info 10

/* vcpu_runstate_info.state */
#define RUNSTATE_running  0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked  2
#define RUNSTATE_offline  3

struct vcpu_runstate_info {
	int32_t state;		   /* RUNSTATE_* */
	uint64_t state_entry_time; /* system time (ns) of the last change */
	uint64_t time[4];	   /* ns spent in each RUNSTATE_* */
};
TARN_ABI_SIZE(struct vcpu_runstate_info, 48);
TARN_ABI_OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
TARN_ABI_OFFSET(struct vcpu_runstate_info, time, 16);

struct vcpu_register_runstate_memory_area {
	union {
		XEN_GUEST_HANDLE(struct vcpu_runstate_info) h;
		uint64_t p; /* a guest virtual address */
	} addr;
};
TARN_ABI_SIZE(struct vcpu_register_runstate_memory_area, 8);

struct vcpu_register_vcpu_info {
	uint64_t mfn;	 /* a guest frame number (gfn) despite the name */
	uint32_t offset; /* of the vcpu_info inside that page */
	uint32_t rsvd;	 /* 0 */
};
TARN_ABI_SIZE(struct vcpu_register_vcpu_info, 16);
TARN_ABI_OFFSET(struct vcpu_register_vcpu_info, offset, 8);

#endif /* TARN_VCPU_H */
