/*
 * TAP lines for test guests (<guestkit/tap.h>), printed with printf so they
 * land on the console in order with the guest's other output.
 */
#include <stdarg.h>
#include <stdio.h>

#include <guestkit/tap.h>

static unsigned int planned, run, failed, skipped;

void tap_plan(unsigned int n)
{
	planned = n;
	printf("1..%u\n", n);
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	run++;
	if (!cond)
		failed++;
	printf("%sok %u - ", cond ? "" : "not ", run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

void tap_skip(const char *fmt, ...)
{
	va_list ap;

	run++;
	skipped++;
	printf("ok %u - ", run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" # SKIP\n");
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int tap_done(void)
{
	bool plan_ok = true;

	if (!planned)
		printf("1..%u\n", run);
	else if (planned != run)
		plan_ok = false;
	printf("# %u passed, %u failed, %u skipped\n", run - failed - skipped, failed, skipped);
	if (!plan_ok)
		printf("# planned %u tests but ran %u\n", planned, run);
	fflush(stdout);
	return failed || !plan_ok ? 1 : 0;
}
