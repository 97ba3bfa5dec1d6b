/*
 * Stack-protector support for code built with it: Debian's libfdt.a is
 * compiled with -fstack-protector-strong and refers to these two symbols.
 * Tarn's own code is built without the protector.
 */
#include "lib/assert.h"

#include <stdint.h>

/* A fixed canary: without an entropy source at boot, any constant will do to
 * catch accidental overruns, which is all this can offer. */
uintptr_t __stack_chk_guard = 0x595e9fbd94fda766ULL;

_Noreturn void __stack_chk_fail(void);

_Noreturn void __stack_chk_fail(void)
{
	/* The failure handler of lib/assert.h: Tarn panics, naming this. */
	hyp_assert_fail("no stack smashing", __FILE__, __LINE__);
}
