/*
 * Helpers for Tarn's assembly files.
 */
#ifndef ARCH_ARM64_ASM_H
#define ARCH_ARM64_ASM_H

/* Address of a symbol, PC-relative (±4 GiB): valid before relocation. */
.macro adr_l, reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

#define FUNC(name) \
	.global name; \
	.type name, %function; \
	name:

#define ENDFUNC(name) .size name, . - name

#endif /* ARCH_ARM64_ASM_H */
