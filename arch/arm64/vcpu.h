/*
 * Loading and saving a vCPU's state on a physical CPU, and changing its
 * registers from outside (boot, PSCI CPU_ON, exception injection).
 */
#ifndef ARCH_ARM64_VCPU_H
#define ARCH_ARM64_VCPU_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;
struct regs;

/* PSTATE a vCPU starts in: EL1h, D, A, I, F masked. */
#define VCPU_PSTATE_INIT 0x3c5ULL
/* SCTLR_EL1 at start: MMU and caches off (Xen's SCTLR_GUEST_INIT). */
#define VCPU_SCTLR_INIT 0x00c50078ULL

/* Reset v to start at entry with x0 = arg, MMU off, as at power-on. */
void arch_vcpu_reset(struct vcpu *v, uint64_t entry, uint64_t arg);
/* Move v's state from / into this CPU (sysregs, FP/SIMD, timer, vGIC, stage 2). */
void arch_vcpu_save(struct vcpu *v);
void arch_vcpu_restore(struct vcpu *v);
/* Print the registers of v, which must be the vCPU this CPU is running
 * (its frame is the one at the top of the stack). */
void arch_vcpu_dump(struct vcpu *v);
/* Where v is (its PC), whether it is loaded on a CPU or not. */
uint64_t arch_vcpu_pc(const struct vcpu *v);
/* The trap frame of the vCPU running on this CPU. */
struct regs *guest_frame(void);
/* Per-CPU EL2 configuration for running guests. */
void arch_guest_cpu_init(void);

/* Exceptions injected into the running vCPU whose frame is r. */
void inject_undef(struct regs *r);
void inject_dabt(struct regs *r, uint64_t far, bool write);
void inject_iabt(struct regs *r, uint64_t far);

/* The enter-a-guest path (vectors.S): r is the frame at the top of the stack. */
_Noreturn void guest_enter(struct regs *r);
void fpsimd_save(void *state);
void fpsimd_restore(const void *state);

#endif /* ARCH_ARM64_VCPU_H */
