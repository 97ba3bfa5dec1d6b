/*
 * mmuoff: a hypercall with a pointer argument from a guest whose MMU is off,
 * for the Tarn/Xen parity scenarios (test_parity.py).  Written for this
 * project.
 *
 * Before a kernel turns its MMU on (Linux's earliest console, guest-kit's
 * "loaded at the wrong address" message), its data accesses are Device
 * memory in its own view, yet a buffer in its RAM is still its RAM: Xen 4.17
 * copies from it.  The guest writes one line with console_io(CONSOLEIO_write)
 * straight from its Image, then reports the result in TAP on the vpl011:
 *
 *   console_io with the MMU off            (through the hypercall itself)
 *   1..1
 *   ok 1 - console_io from a guest with its MMU off returned 0
 *      (or "not ok 1 - ... returned 0x<16 hex>")
 *
 * then asks PSCI for SYSTEM_OFF and sleeps.  Entered as an arm64 Image: EL1h,
 * MMU off; UART accesses are aligned 32-bit "str w" without writeback, so
 * that the hypervisor can emulate them.
 */

	.equ	UART_BASE, 0x22000000
	.equ	UART_FR, 0x18
	.equ	UART_FR_TXFF, (1 << 5)
	.equ	HYPERVISOR_console_io, 18
	.equ	CONSOLEIO_write, 0
	.equ	PSCI_SYSTEM_OFF, 0x84000008

	.section .text, "ax"
	.global	_start
_start:
	/* arm64 Image header (Documentation/arm64/booting.rst layout). */
	b	entry			/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	_end - _start		/* image_size */
	.quad	0xa			/* flags: little endian, 4 KiB pages, anywhere */
	.quad	0, 0, 0			/* reserved */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* reserved (PE header offset) */

entry:
	ldr	x22, =UART_BASE
	mov	x0, #CONSOLEIO_write
	mov	x1, #(s_hcall_end - s_hcall)
	adr	x2, s_hcall
	mov	x16, #HYPERVISOR_console_io
	hvc	#0xea1
	mov	x19, x0			/* the hypercall's result */

	adr	x0, s_plan
	bl	puts
	cbnz	x19, failed
	adr	x0, s_ok
	bl	puts
	adr	x0, s_zero
	bl	puts
	b	off
failed:
	adr	x0, s_notok
	bl	puts
	mov	x0, x19
	bl	puthex64
	adr	x0, s_nl
	bl	puts

off:
	ldr	x0, =PSCI_SYSTEM_OFF
	hvc	#0
1:	wfi
	b	1b

/* puts(x0): a NUL-terminated string, byte by byte (Device memory). */
puts:
	ldrb	w1, [x0], #1
	cbz	w1, 2f
3:	ldr	w2, [x22, #UART_FR]
	tbnz	w2, #5, 3b		/* UART_FR_TXFF */
	str	w1, [x22]
	b	puts
2:	ret

/* puthex64(x0): "0x" and 16 hex digits. */
puthex64:
	mov	x5, x30
	mov	x4, x0
	adr	x0, s_0x
	bl	puts
	mov	x3, #60
4:	lsr	x1, x4, x3
	and	x1, x1, #0xf
	cmp	x1, #10
	add	x2, x1, #'0'
	add	x1, x1, #('a' - 10)
	csel	x1, x2, x1, lt
5:	ldr	w2, [x22, #UART_FR]
	tbnz	w2, #5, 5b
	str	w1, [x22]
	subs	x3, x3, #4
	b.ge	4b
	ret	x5

s_hcall:
	.ascii	"console_io with the MMU off\n"
s_hcall_end:
s_plan:	.asciz	"1..1\n"
s_ok:	.asciz	"ok 1 - console_io from a guest with its MMU off returned "
s_zero:	.asciz	"0\n"
s_notok:
	.asciz	"not ok 1 - console_io from a guest with its MMU off returned "
s_0x:	.asciz	"0x"
s_nl:	.asciz	"\n"
	.balign	8
	.ltorg
_end:
