/*
 * Hypercalls (HVC #0xEA1): the table indexed by number (x16), the handlers'
 * signature, and dispatch. Unknown numbers return -ENOSYS, as Xen does.
 */
#ifndef HYP_HYPERCALL_H
#define HYP_HYPERCALL_H

#include <stdint.h>

struct vcpu;
struct regs;

typedef long (*hypercall_fn)(struct vcpu *v, const uint64_t *args);

/* Handle the hypercall in r (number x16, arguments x0..x4, result to x0). */
void hypercall_dispatch(struct vcpu *v, struct regs *r);

/*
 * Make the running hypercall a continuation: argument registers x1 and x2
 * get the remaining work (nargs of them, 1 or 2) and the guest re-executes
 * the HVC when it next runs, after any pending interrupt. Returns the value
 * x0 must keep (the sub-op), so a handler can "return hypercall_continue()".
 */
long hypercall_continue(unsigned int nargs, uint64_t a1, uint64_t a2);

long do_xen_version(struct vcpu *v, const uint64_t *args);
long do_console_io(struct vcpu *v, const uint64_t *args);
long do_sched_op(struct vcpu *v, const uint64_t *args);
long do_vcpu_op(struct vcpu *v, const uint64_t *args);
long do_memory_op(struct vcpu *v, const uint64_t *args);
long do_hvm_op(struct vcpu *v, const uint64_t *args);
/* Tarn's control interface, control domain only (tarn/ctl.h, hyp/hypercall/domctl.c). */
long do_sysctl(struct vcpu *v, const uint64_t *args);
long do_domctl(struct vcpu *v, const uint64_t *args);

#endif /* HYP_HYPERCALL_H */
