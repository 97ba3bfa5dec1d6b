/*
 * System-register access and barriers for guest-kit's own code (EL1).
 */
#ifndef GK_SYSREG_H
#define GK_SYSREG_H

#include <stdint.h>

#define read_sysreg(reg)                                        \
	({                                                      \
		uint64_t __rv;                                  \
		__asm__ volatile("mrs %0, " #reg : "=r"(__rv)); \
		__rv;                                           \
	})

#define write_sysreg(reg, val)                                                \
	do {                                                                  \
		uint64_t __v = (uint64_t)(val);                               \
		__asm__ volatile("msr " #reg ", %0" : : "r"(__v) : "memory"); \
	} while (0)

#define isb()	    __asm__ volatile("isb" : : : "memory")
#define dsb(opt)    __asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt)    __asm__ volatile("dmb " #opt : : : "memory")
#define wfi()	    __asm__ volatile("wfi" : : : "memory")
#define cpu_relax() __asm__ volatile("yield" : : : "memory")

/* MPIDR_EL1 affinity fields: Aff3 [39:32], Aff2..Aff0 [23:0]. */
#define MPIDR_AFF_MASK 0xFF00FFFFFFULL

/* DAIF.I: IRQs masked. */
#define DAIF_I (1u << 7)

#endif /* GK_SYSREG_H */
