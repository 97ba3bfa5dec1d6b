/*
 * Crashing on purpose, three ways, for the crash scenario: the domain must
 * end as crashed, with Tarn's report, its memory scrubbed and freed, and the
 * other domains running on.
 *
 *   vbar          VBAR_EL1 points past the guest's RAM (mapped in its own
 *                 stage 1, executable, but not in stage 2), then a load
 *                 faults: the abort the hypervisor reflects is fetched from
 *                 a vector that is not there.
 *   vector-abort  a vector table whose entries themselves load from outside
 *                 the guest's RAM, entered with a BRK.
 *   shutdown      SCHEDOP_shutdown(SHUTDOWN_crash): the guest says so itself.
 *
 * TAP: the plan is 1 test, passed just before the crash; anything the guest
 * prints after it is a failure (the hypervisor let it run on).
 */
#include <stdio.h>
#include <string.h>

#include <guestkit/guestkit.h>

#include "hostile.h"

#define MIB(n)	 ((uint64_t)(n) << 20)
#define UNMAPPED 0x10000000ULL /* host PCIe MMIO: Device in stage 1, absent in stage 2 */

static void announce(const char *how)
{
	tap_plan(1);
	tap_ok(true, "crashing on purpose: %s", how);
	fflush(stdout);
	gk_console_flush();
}

static void load_from(uint64_t addr)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
}

static void crash_vbar(void)
{
	uint64_t base, size, vbar;

	if (!guest_ram(&base, &size))
		return;
	vbar = base + size;
	if (gk_mmu_map(vbar, MIB(2), GK_MEM_NORMAL))
		return;
	gk_irq_local_disable(); /* nothing else may use the broken table first */
	__asm__ volatile("msr vbar_el1, %0\n\tisb" : : "r"(vbar) : "memory");
	load_from(UNMAPPED);
}

static void crash_vector_abort(void)
{
	gk_irq_local_disable();
	__asm__ volatile("msr vbar_el1, %0\n\tisb\n\tbrk #0x42"
			 :
			 : "r"(faulting_vectors)
			 : "memory");
}

int crash_run(const char *how)
{
	announce(how);
	if (!strcmp(how, "vbar"))
		crash_vbar();
	else if (!strcmp(how, "vector-abort"))
		crash_vector_abort();
	else if (!strcmp(how, "shutdown"))
		gk_sched_shutdown(SHUTDOWN_crash);
	else
		tap_diag("unknown crash=%s", how);
	tap_ok(false, "the domain is still running after crash=%s", how);
	return tap_done();
}
