/*
 * Entry points from the guest exception vectors (arch/arm64/guest-traps.c),
 * the helpers other trap handlers share, and what the core's hypercall
 * handlers ask of the trap code (continuations).
 */
#ifndef ARCH_ARM64_GUEST_TRAPS_H
#define ARCH_ARM64_GUEST_TRAPS_H

#include <stdint.h>

struct regs;
struct vcpu;

void trap_guest_sync(struct regs *r);
void trap_guest_irq(struct regs *r);
void trap_guest_serror(struct regs *r);
/* Last step of every exit: schedule, then load virtual interrupts. */
void guest_resume(void);
/* The end of the core's schedule_start(): move to this CPU's guest frame
 * and enter the first vCPU the scheduler picks. */
_Noreturn void guest_run_first(void);

/*
 * Make the hypercall being handled on this CPU a continuation: argument
 * registers x1 and x2 get the remaining work (nargs of them, 1 or 2) and the
 * guest re-executes the HVC when it next runs, after any pending interrupt,
 * as Xen does. Returns the value x0 must keep (the sub-op), so a handler can
 * "return hypercall_continue(...)".
 */
long hypercall_continue(unsigned int nargs, uint64_t a1, uint64_t a2);

uint64_t guest_reg_get(const struct regs *r, unsigned int n);
void guest_reg_set(struct regs *r, unsigned int n, uint64_t val);
void guest_skip_insn(struct regs *r);

/* Trapped system register or instruction (arch/arm64/vdev/vsysreg.c). */
void vsysreg_handle(struct vcpu *v, struct regs *r, uint64_t esr);

#endif /* ARCH_ARM64_GUEST_TRAPS_H */
