/*
 * Host-side support for the unit tests: what the hypervisor provides to the
 * arch-neutral code under test, done the cmocka way.
 *
 * hyp_assert_fail() reports through cmocka's mock_assert(), so a test can
 * check that Tarn catches its own invariant violations with
 * expect_assert_failure().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "hyp/assert.h"

void hyp_assert_fail(const char *expr, const char *file, int line)
{
	mock_assert(0, expr, file, line);
	abort(); /* mock_assert() returns only outside expect_assert_failure() */
}
