/*
 * Entry points from the guest exception vectors (arch/arm64/guest-traps.c)
 * and helpers other trap handlers share.
 */
#ifndef HYP_GUEST_TRAPS_H
#define HYP_GUEST_TRAPS_H

#include <stdint.h>

struct regs;
struct vcpu;

void trap_guest_sync(struct regs *r);
void trap_guest_irq(struct regs *r);
void trap_guest_serror(struct regs *r);
/* Last step of every exit: schedule, then load virtual interrupts. */
void guest_resume(struct regs *r);

uint64_t guest_reg_get(const struct regs *r, unsigned int n);
void guest_reg_set(struct regs *r, unsigned int n, uint64_t val);
void guest_skip_insn(struct regs *r);

/* Trapped system register or instruction (arch/arm64/vdev/vsysreg.c). */
void vsysreg_handle(struct vcpu *v, struct regs *r, uint64_t esr);

#endif /* HYP_GUEST_TRAPS_H */
