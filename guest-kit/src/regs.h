/*
 * The register frame the exception vectors save (vectors.S) and C reads
 * (crash.c). Offsets are shared with the assembly, so they are macros.
 */
#ifndef GK_REGS_H
#define GK_REGS_H

#define REGS_X0	  0
#define REGS_SP	  248
#define REGS_ELR  256
#define REGS_SPSR 264
#define REGS_ESR  272
#define REGS_FAR  280
#define REGS_SIZE 288 /* a multiple of 16: SP stays aligned */

/* Vector numbers passed to C: offset in the table / 0x80. */
#define VEC_CUR_SP0_SYNC 0
#define VEC_CUR_SPX_SYNC 4
#define VEC_CUR_SPX_IRQ	 5
#define VEC_LOWER64_SYNC 8
#define VEC_COUNT	 16

#ifndef __ASSEMBLY__
#include <stdint.h>

struct gk_regs {
	uint64_t x[31];
	uint64_t sp;
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

_Static_assert(sizeof(struct gk_regs) == REGS_SIZE, "gk_regs layout");
_Static_assert(__builtin_offsetof(struct gk_regs, sp) == REGS_SP, "gk_regs.sp");
_Static_assert(__builtin_offsetof(struct gk_regs, far) == REGS_FAR, "gk_regs.far");
#endif

#endif /* GK_REGS_H */
