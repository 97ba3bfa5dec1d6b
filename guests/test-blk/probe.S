/*
 * test-blk's fault catcher for the domU checks: a vector table whose only
 * own entry is the synchronous exception from EL1 with SP_EL1. While a probe
 * is armed it records ESR and FAR, steps over the faulting instruction,
 * disarms and returns; unarmed (a fault nobody expected) it is guest-kit's
 * crash report. Every other entry is guest-kit's own (gk_vectors).
 */

/* struct tb_probe in main.c */
#define TB_ARMED 0
#define TB_ESR	 8
#define TB_FAR	 16
#define TB_COUNT 24

.macro to_gk off
	.balign	0x80
	b	gk_vectors + \off
.endm

	.text
	.balign	0x800
	.globl	tb_vectors
tb_vectors:
	to_gk	0x000
	to_gk	0x080
	to_gk	0x100
	to_gk	0x180
	.balign	0x80
	b	tb_sync			/* 0x200: current EL, SPx, synchronous */
	to_gk	0x280
	to_gk	0x300
	to_gk	0x380
	to_gk	0x400
	to_gk	0x480
	to_gk	0x500
	to_gk	0x580
	to_gk	0x600
	to_gk	0x680
	to_gk	0x700
	to_gk	0x780
	.balign	0x80

tb_sync:
	stp	x0, x1, [sp, #-16]!
	adrp	x0, tb_probe
	add	x0, x0, :lo12:tb_probe
	ldr	x1, [x0, #TB_ARMED]
	cbz	x1, 1f
	str	xzr, [x0, #TB_ARMED]
	mrs	x1, esr_el1
	str	x1, [x0, #TB_ESR]
	mrs	x1, far_el1
	str	x1, [x0, #TB_FAR]
	ldr	x1, [x0, #TB_COUNT]
	add	x1, x1, #1
	str	x1, [x0, #TB_COUNT]
	mrs	x1, elr_el1
	add	x1, x1, #4
	msr	elr_el1, x1
	ldp	x0, x1, [sp], #16
	eret
1:	ldp	x0, x1, [sp], #16
	b	gk_vectors + 0x200

/* uint32_t tb_load32(uint64_t addr): the load is the first instruction. */
	.globl	tb_load32
	.type	tb_load32, %function
	.balign	8
tb_load32:
	ldr	w0, [x0]
	ret
	.size	tb_load32, . - tb_load32

/* void tb_store32(uint64_t addr, uint32_t value) */
	.globl	tb_store32
	.type	tb_store32, %function
	.balign	8
tb_store32:
	str	w1, [x0]
	ret
	.size	tb_store32, . - tb_store32
