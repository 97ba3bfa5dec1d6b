/*
 * testguest: a throwaway arm64 guest for the Tarn/Xen parity scenarios,
 * written for this project.  It needs no hypercalls and no stack: it reads the
 * counters at its first instruction, prints a few known lines on the vpl011
 * (SBSA UART at 0x22000000, Xen's dom0less "vpl011" and the same address on
 * Tarn), asks PSCI for SYSTEM_OFF and then sleeps in WFI for good.
 *
 * Output (each line ends "\r\n"):
 *   testguest: counters at entry pct=0x<16 hex> vct=0x<16 hex>
 *   testguest: hello from a boot-time domain
 *   testguest: CurrentEL=1
 *   testguest: device tree at x0: ok          (or "bad magic 0x<8 hex>")
 *   testguest: done
 * The first line is a measurement (it differs between hypervisors and runs);
 * the others are what a parity test compares.
 *
 * pct (CNTPCT_EL0) counts from QEMU's reset, vct (CNTVCT_EL0) from whatever
 * offset the hypervisor sets (Xen: the domain's creation).  62.5 MHz on QEMU
 * 7.2: under -icount shift=0 one tick is 16 instructions.
 *
 * Entered as an arm64 Linux Image: EL1h, MMU off, x0 = device tree.  With the
 * MMU off every data access is to Device memory, so the UART is touched only
 * with aligned 32-bit "ldr w"/"str w" (no writeback: Xen's MMIO emulation
 * needs a valid ISV), and strings are read a byte at a time.
 *
 * Register use: x19 entry CNTPCT, x20 entry CNTVCT, x21 x0 at entry,
 * x22 UART base; the print routines are leaves that use x0-x7 and x30 only.
 */

	.equ	UART_BASE, 0x22000000
	.equ	UART_DR, 0x00
	.equ	UART_FR, 0x18
	.equ	UART_FR_TXFF, (1 << 5)
	.equ	PSCI_SYSTEM_OFF, 0x84000008

	.section .text, "ax"
	.global	_start
_start:
	/* arm64 Image header (Documentation/arm64/booting.rst layout). */
	mrs	x19, cntpct_el0		/* code0: the very first instruction */
	b	entry			/* code1 */
	.quad	0			/* text_offset */
	.quad	_end - _start		/* image_size */
	.quad	0xa			/* flags: little endian, 4 KiB pages, anywhere */
	.quad	0, 0, 0			/* reserved */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* reserved (PE header offset) */

entry:
	mrs	x20, cntvct_el0
	mov	x21, x0
	adr	x0, vectors
	msr	vbar_el1, x0
	isb
	ldr	x22, =UART_BASE

	adr	x0, s_counters
	bl	puts
	mov	x0, x19
	bl	puthex64
	adr	x0, s_vct
	bl	puts
	mov	x0, x20
	bl	puthex64
	adr	x0, s_nl
	bl	puts

	adr	x0, s_hello
	bl	puts

	adr	x0, s_el
	bl	puts
	mrs	x1, CurrentEL
	ubfx	x1, x1, #2, #2
	add	w0, w1, #'0'
	bl	putc
	adr	x0, s_nl
	bl	puts

	adr	x0, s_dt
	bl	puts
	/* The tree must be 8-byte aligned; a misaligned x0 is reported, not read. */
	tst	x21, #7
	b.ne	1f
	cbz	x21, 1f
	ldr	w1, [x21]
	ldr	w2, =0xedfe0dd0		/* FDT magic 0xd00dfeed, stored big endian */
	cmp	w1, w2
	b.ne	2f
	adr	x0, s_ok
	bl	puts
	b	3f
1:	mov	w1, #0
2:	mov	w23, w1
	adr	x0, s_badmagic
	bl	puts
	rev	w0, w23
	bl	puthex32
	adr	x0, s_nl
	bl	puts
3:
	adr	x0, s_done
	bl	puts

	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
	/* SYSTEM_OFF of a dom0less domU ends only the domain; if it returns: */
halt:	wfi
	b	halt

/* putc(w0): wait while the transmit FIFO is full, then write the byte. */
putc:
1:	ldr	w7, [x22, #UART_FR]
	tbnz	w7, #5, 1b
	str	w0, [x22, #UART_DR]
	ret

/* puts(x0 = NUL-terminated string); putc's body inlined (leaf routine). */
puts:
	mov	x6, x0
1:	ldrb	w0, [x6], #1
	cbz	w0, 3f
2:	ldr	w7, [x22, #UART_FR]
	tbnz	w7, #5, 2b
	str	w0, [x22, #UART_DR]
	b	1b
3:	ret

/* puthex64(x0) / puthex32(w0): fixed-width lower-case hex, no prefix. */
puthex32:
	lsl	x5, x0, #32
	mov	x4, #8
	b	puthex
puthex64:
	mov	x5, x0
	mov	x4, #16
puthex:
1:	ubfx	x0, x5, #60, #4
	lsl	x5, x5, #4
	cmp	w0, #10
	add	w1, w0, #'0'
	add	w2, w0, #('a' - 10)
	csel	w0, w1, w2, lo
2:	ldr	w7, [x22, #UART_FR]
	tbnz	w7, #5, 2b
	str	w0, [x22, #UART_DR]
	subs	x4, x4, #1
	b.ne	1b
	ret

/* Any exception: say so once, with ESR_EL1 and ELR_EL1, and stop. */
unexpected:
	ldr	x22, =UART_BASE
	adr	x0, s_exc
	bl	puts
	mrs	x0, esr_el1
	bl	puthex64
	adr	x0, s_elr
	bl	puts
	mrs	x0, elr_el1
	bl	puthex64
	adr	x0, s_nl
	bl	puts
	b	halt

	.ltorg

s_counters:	.asciz	"testguest: counters at entry pct=0x"
s_vct:		.asciz	" vct=0x"
s_nl:		.asciz	"\r\n"
s_hello:	.asciz	"testguest: hello from a boot-time domain\r\n"
s_el:		.asciz	"testguest: CurrentEL="
s_dt:		.asciz	"testguest: device tree at x0: "
s_ok:		.asciz	"ok\r\n"
s_badmagic:	.asciz	"bad magic 0x"
s_done:		.asciz	"testguest: done\r\n"
s_exc:		.asciz	"testguest: unexpected exception esr=0x"
s_elr:		.asciz	" elr=0x"

/* VBAR_EL1: 16 entries of 0x80 bytes, 2 KiB aligned; all go to one place. */
	.balign	2048
vectors:
	.rept	16
	b	unexpected
	.balign	128
	.endr

	.balign	8
_end:
