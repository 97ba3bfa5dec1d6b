/*
 * The arm64 part of each CPU's per-CPU area (struct percpu, hyp/percpu.h):
 * what only the arch reads. head.S loads stack_top before the MMU is on, so
 * it stays the first member of the first member of struct percpu.
 */
#ifndef ARCH_ARM64_ARCH_PERCPU_H
#define ARCH_ARM64_ARCH_PERCPU_H

#include <stdint.h>

struct regs;

struct arch_percpu {
	uint64_t stack_top; /* first: head.S loads it before the MMU is on */
	uint64_t mpidr;	    /* affinity (MPIDR_EL1 without the flag bits) */
	uint64_t gic_redist; /* GICv3: this CPU's redistributor */
	uint8_t gic_mask;    /* GICv2: this CPU's interface bit */
	/* The trap frame of the hypercall being handled here, for continuations
	 * (hypercall_continue); NULL outside a hypercall. */
	struct regs *hcall_frame;
};

#endif /* ARCH_ARM64_ARCH_PERCPU_H */
