/*
 * The stack-protector symbols: Debian's libfdt.a is built with
 * -fstack-protector-strong, and guests may use it too. The guard is a fixed
 * value: there is no entropy this early, and it only has to catch accidents.
 */
#include <stdint.h>

#include <guestkit/crash.h>

void __stack_chk_fail(void);

uintptr_t __stack_chk_guard = 0x595e9fbd94fda766ULL;

void __stack_chk_fail(void)
{
	gk_panic("stack smashing detected");
}
