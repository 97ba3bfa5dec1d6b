/*
 * The register frame the EL2 vectors save, and the C entry points they call.
 */
#ifndef ARCH_ARM64_TRAPS_H
#define ARCH_ARM64_TRAPS_H

#include <stdint.h>

struct regs {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

/* Offsets used by vectors.S; checked below. */
#define REGS_SP	  248
#define REGS_ELR  256
#define REGS_SIZE 288

_Static_assert(__builtin_offsetof(struct regs, sp) == REGS_SP, "regs.sp");
_Static_assert(__builtin_offsetof(struct regs, elr) == REGS_ELR, "regs.elr");
_Static_assert(sizeof(struct regs) == REGS_SIZE, "regs size");

void trap_irq(struct regs *r);
_Noreturn void trap_unexpected(struct regs *r, uint64_t kind);
const char *trap_ec_name(unsigned int ec);

#endif /* ARCH_ARM64_TRAPS_H */
