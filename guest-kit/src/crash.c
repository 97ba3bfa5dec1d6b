/*
 * Crash reports: an unexpected exception (from the vectors) or gk_panic().
 * The report goes straight to the console backend without its lock (the
 * crash may have happened while it was held) and, for exceptions, without
 * newlib (it may be newlib that crashed). It ends with the TAP line
 * "not ok - guest crashed", then the domain shuts down with SHUTDOWN_crash.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "sysreg.h"
#include <guestkit/crash.h>
#include <guestkit/smp.h>
#include <tarn/xen.h>

static const char *const vector_names[VEC_COUNT] = {
	"synchronous (SP0)",
	"IRQ (SP0)",
	"FIQ (SP0)",
	"SError (SP0)",
	"synchronous",
	"IRQ",
	"FIQ",
	"SError",
	"synchronous from lower EL",
	"IRQ from lower EL",
	"FIQ from lower EL",
	"SError from lower EL",
	"synchronous from AArch32",
	"IRQ from AArch32",
	"FIQ from AArch32",
	"SError from AArch32",
};

static const char *ec_name(unsigned int ec)
{
	switch (ec) {
	case 0x00:
		return "unknown reason (undefined instruction?)";
	case 0x01:
		return "WFI/WFE";
	case 0x07:
		return "FP/SIMD access";
	case 0x0E:
		return "illegal execution state";
	case 0x15:
		return "SVC";
	case 0x16:
		return "HVC";
	case 0x17:
		return "SMC";
	case 0x18:
		return "MSR/MRS/system instruction";
	case 0x20:
		return "instruction abort from lower EL";
	case 0x21:
		return "instruction abort";
	case 0x22:
		return "PC alignment fault";
	case 0x24:
		return "data abort from lower EL";
	case 0x25:
		return "data abort";
	case 0x26:
		return "SP alignment fault";
	case 0x2C:
		return "FP exception";
	case 0x2F:
		return "SError";
	case 0x30:
	case 0x31:
		return "breakpoint";
	case 0x32:
	case 0x33:
		return "software step";
	case 0x34:
	case 0x35:
		return "watchpoint";
	case 0x3C:
		return "BRK instruction";
	default:
		return "?";
	}
}

static void put(const char *s)
{
	gk_console_write_unlocked(s, strlen(s));
}

/* "0x" and the low digits hex digits of v. */
static void put_hex_n(uint64_t v, int digits)
{
	char buf[19] = "0x";

	for (int i = 0; i < digits; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (4 * (digits - 1 - i))) & 0xF];
	buf[2 + digits] = '\0';
	put(buf);
}

static void put_hex(uint64_t v)
{
	put_hex_n(v, 16);
}

static void put_dec(unsigned int v)
{
	char buf[12];
	int i = sizeof(buf) - 1;

	buf[i] = '\0';
	do
		buf[--i] = (char)('0' + v % 10);
	while ((v /= 10) && i);
	put(&buf[i]);
}

static void put_field(const char *name, uint64_t v)
{
	put(name);
	put_hex(v);
}

static void print_gprs(const struct gk_regs *r)
{
	for (unsigned int i = 0; i < 31; i++) {
		put("  x");
		put_dec(i);
		put(i < 10 ? "  " : " ");
		put_hex(r->x[i]);
		if (i % 3 == 2 || i == 30)
			put("\n");
	}
}

/* A crash while reporting a crash ends the domain without more words. */
static void enter_crash(void)
{
	static int crashing;

	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	if (__atomic_exchange_n(&crashing, 1, __ATOMIC_ACQ_REL))
		gk_shutdown(SHUTDOWN_crash);
}

void gk_crash_exception(struct gk_regs *r, uint64_t vector)
{
	unsigned int ec = (unsigned int)(r->esr >> 26) & 0x3F;

	enter_crash();
	put("guest-kit: unexpected exception on vCPU ");
	put_dec(gk_cpu_self());
	put(": ");
	put(vector < VEC_COUNT ? vector_names[vector] : "?");
	put("\n  EC   ");
	put_hex_n(ec, 2);
	put(" (");
	put(ec_name(ec));
	put(")");
	put_field("\n  ESR  ", r->esr);
	put_field("  FAR  ", r->far);
	put_field("\n  ELR  ", r->elr);
	put_field("  SPSR ", r->spsr);
	put_field("\n  SP   ", r->sp);
	put("\n");
	print_gprs(r);
	put("not ok - guest crashed\n");
	gk_shutdown(SHUTDOWN_crash);
}

void gk_panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	enter_crash();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put("guest-kit: panic: ");
	put(buf);
	put("\nnot ok - guest crashed\n");
	gk_shutdown(SHUTDOWN_crash);
}
