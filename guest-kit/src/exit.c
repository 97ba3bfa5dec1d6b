/*
 * How a guest ends. exit(n) (and returning n from main) arrives here after
 * newlib has flushed stdio. There is no exit status in the ABI, only shutdown
 * reasons, so: n == 0 is SHUTDOWN_poweroff (done, as Linux's poweroff), any
 * other n is SHUTDOWN_crash, so that a failing guest shows as crashed in the
 * hypervisor's log and triggers the domain's on_crash action; the status is
 * printed first ("guest-kit: exit(n)"), since the hypervisor cannot show it.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "sysreg.h"
#include <guestkit/console.h>
#include <guestkit/hypercall.h>
#include <guestkit/psci.h>

void _exit(int status);

_Noreturn void gk_shutdown(unsigned int reason)
{
	gk_console_flush();
	gk_sched_shutdown(reason);
	/* Refused (not a Xen-like hypervisor?): try PSCI, then stop here. */
	gk_psci_system_off();
	for (;;)
		wfi();
}

void _exit(int status)
{
	if (status != 0) {
		char line[40];

		snprintf(line, sizeof(line), "guest-kit: exit(%d)\n", status);
		gk_console_write(line, strlen(line));
	}
	gk_shutdown(status == 0 ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}
