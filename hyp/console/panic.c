/*
 * Stopping Tarn: panic() when its own state is wrong (an assertion, a
 * smashed stack, a failure it cannot continue from), and idling forever.
 * The message gets out without the console lock: whoever held it may be the
 * one that failed.
 */
#include <stdarg.h>

#include "arch/arm64/cpu.h"
#include "hyp/console/console.h"
#include "hyp/percpu.h"
#include "lib/assert.h"
#include "lib/format.h"

_Noreturn void hyp_idle(void)
{
	for (;;)
		arch_wait_for_interrupt();
}

_Noreturn void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	arch_irq_disable();
	printk_unlocked("*** TARN PANIC on CPU %u: %s\n", this_cpu()->id, buf);
	for (;;)
		arch_wait_for_interrupt();
}

void hyp_assert_fail(const char *expr, const char *file, int line)
{
	panic("assertion '%s' failed at %s:%d", expr, file, line);
}
