/*
 * Hypercalls (HVC #0xEA1): the handlers' signature, the groups' handlers and
 * dispatch by number. The arch's trap code unpacks the number and arguments
 * from the guest's registers and owns continuations (hypercall_continue(),
 * arch/arm64/guest-traps.h); the core sees only (vcpu, nr, args). Unknown
 * numbers return -ENOSYS, as Xen does.
 */
#ifndef HYP_HYPERCALL_HYPERCALL_H
#define HYP_HYPERCALL_HYPERCALL_H

#include <stdint.h>

struct vcpu;

#define HYPERCALL_NARGS 5 /* x0..x4 on arm64 */

typedef long (*hypercall_fn)(struct vcpu *v, const uint64_t *args);

/* Run hypercall nr for v with its arguments; returns what x0 gets. */
long hypercall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t args[HYPERCALL_NARGS]);

/* One file a group, each in hyp/hypercall/. */
long do_xen_version(struct vcpu *v, const uint64_t *args);
long do_console_io(struct vcpu *v, const uint64_t *args);
long do_sched_op(struct vcpu *v, const uint64_t *args);
long do_vcpu_op(struct vcpu *v, const uint64_t *args);
long do_memory_op(struct vcpu *v, const uint64_t *args);
long do_hvm_op(struct vcpu *v, const uint64_t *args);
/* Tarn's control interface, control domain only (tarn/ctl.h). */
long do_sysctl(struct vcpu *v, const uint64_t *args);
long do_domctl(struct vcpu *v, const uint64_t *args);

#endif /* HYP_HYPERCALL_HYPERCALL_H */
