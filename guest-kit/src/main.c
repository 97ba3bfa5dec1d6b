/*
 * gk_main(): the boot vCPU's C entry, MMU and caches on. It sets guest-kit up
 * from the device tree, in dependency order, then runs the guest's main() and
 * exit()s with its result. Also the empty _init/_fini newlib's
 * __libc_init_array() calls (constructors run from .init_array).
 */
#include <stdlib.h>

#include "internal.h"
#include "sysreg.h"
#include <guestkit/crash.h>
#include <guestkit/irq.h>

int main(void);
void __libc_init_array(void);
void _init(void);
void _fini(void);

void _init(void)
{
}

void _fini(void)
{
}

void gk_main(const void *dt)
{
	/* TPIDR_EL1 holds the vCPU index; gk_smp_init() sets the real one. */
	write_sysreg(tpidr_el1, 0);
	if (gk_fdt_init(dt))
		gk_panic("no valid device tree at %p (x0 at entry)", dt);
	if (gk_mmu_map_ram())
		gk_panic("cannot map the device tree's memory banks");
	gk_heap_init();
	gk_smp_init();
	gk_psci_init();
	gk_console_init();
	gk_gic_init();
	gk_timer_init();
	gk_gic_cpu_init();
	gk_timer_cpu_init();
	gk_irq_local_enable();
	__libc_init_array();
	exit(main());
}
