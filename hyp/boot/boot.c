/*
 * Tarn's boot sequence, from the first C code on the boot CPU to idle:
 * console, device tree, memory, interrupt controller, timer, secondary CPUs,
 * then the boot summary. Anything wrong with the boot description stops Tarn
 * here with a message saying what, before anything runs on it.
 */
#include "arch/arm64/cpu.h"
#include "hyp/boot/boot.h"

#include <stdarg.h>

#include "arch/arm64/gic.h"
#include "arch/arm64/mmu.h"
#include "lib/assert.h"
#include "arch/arm64/p2m.h"
#include "hyp/console/console.h"
#include "hyp/domain/domain-build.h"
#include "hyp/schedule/schedule.h"
#include "arch/arm64/vdev/vgic/vgic.h"
#include "hyp/domain/wallclock.h"
#include "lib/format.h"
#include "arch/arm64/irq.h"
#include "hyp/percpu.h"
#include "platform/platform.h"
#include "arch/arm64/timer.h"
#include "arch/arm64/vdev/vtimer.h"
#include "mm/page-alloc.h"

/* The early map covers at least this much of the tree (see mmu.c). */
#define FDT_WINDOW MIB(2)


static struct bootinfo boot;
static struct mm_plan plan;
static char errbuf[256];
static uint64_t boot_entry_count; /* physical counter at Tarn's first instruction */
static uint64_t boot_done_count;  /* ... and when the boot summary was reached */
static unsigned int ipi_answered; /* secondaries that answered the boot-time ping */
static volatile bool guests_go;	  /* boot-time domains built: secondaries may schedule */

/* The boot description is unusable: say why and stop before running on it. */
static _Noreturn void boot_refuse(const char *what)
{
	printk("ERROR: %s\n", what);
	printk("Tarn stopped: it will not run on a broken boot description.\n");
	hyp_idle();
}

static uint64_t image_base(void)
{
	return (uint64_t)(uintptr_t)_head;
}

static uint64_t image_size(void)
{
	return (uint64_t)(uintptr_t)_image_end - image_base();
}

static void console_from_tree(void)
{
	if (!boot.uart.base || boot.uart.base == platform.early_uart)
		return;
	if (mmu_map_device(pa_init(boot.uart.base), boot.uart.size))
		boot_refuse("cannot map the console UART");
	console_init(boot.uart.base);
}

static int plan_memory(void)
{
	struct mm_layout layout;

	bootinfo_mm_layout(&boot, image_base(), image_size(), &layout);
	return mm_plan(&layout, &plan, errbuf, sizeof(errbuf));
}

static void memory_init(void)
{
	for (unsigned int i = 0; i < boot.nbanks; i++)
		if (mmu_map_ram(pa_init(boot.banks[i].base), boot.banks[i].size))
			boot_refuse("out of page-table memory mapping RAM");
	if (bootinfo_check_image(&boot, image_base(), image_size(), errbuf, sizeof(errbuf)) ||
	    plan_memory())
		boot_refuse(errbuf);
	if (page_alloc_init(&plan))
		boot_refuse("memory: the page allocator refused the plan");
}

static void uart_rx_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	console_rx();
}

static void ping_handler(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	this_cpu()->pings++;
}

/* Ping every secondary CPU with an SGI and wait (bounded) for each answer:
 * shows that inter-processor interrupts reach CPUs sleeping in WFI. */
static void ipi_check(void)
{
	uint64_t limit = timer_freq() / 10; /* 100 ms */

	for (unsigned int i = 1; i < cpus_possible; i++) {
		struct percpu *pc = &percpu_data[i];
		uint64_t before = pc->pings;
		uint64_t start = timer_now();

		if (!pc->online)
			continue;
		irq_send_sgi(i, SGI_PING);
		/* pings is volatile: the target CPU's handler bumps it. */
		/* cppcheck-suppress knownConditionTrueFalse */
		while (pc->pings == before && timer_now() - start < limit)
			;
		/* cppcheck-suppress knownConditionTrueFalse */
		if (pc->pings != before)
			ipi_answered++;
		else
			printk("CPU %u did not answer an IPI within 100 ms\n", i);
	}
}

static void print_modules(void)
{
	printk("modules:  %u\n", boot.nmodules);
	for (unsigned int i = 0; i < boot.nmodules; i++) {
		const struct boot_module *m = &boot.modules[i];

		printk("  module %u: %s %s%s%s at 0x%llx, %llu bytes, bootargs \"%s\"%s%s\n", i,
		       bootinfo_module_kind_name(m->kind), m->domain, m->domain[0] ? "/" : "",
		       m->node, (unsigned long long)m->base, (unsigned long long)m->size,
		       m->bootargs, m->bad[0] ? " -- unusable: " : "", m->bad);
	}
}

void hyp_print_summary(void)
{
	uint64_t total = bootinfo_ram_total(&boot);
	uint64_t free = page_alloc_free_pages() * PAGE_SIZE;

	printk("==== Tarn %s boot summary ====\n", TARN_VERSION);
	printk("platform: %s\n", platform.name);
	printk("image:    at 0x%llx, %llu KiB\n", (unsigned long long)image_base(),
	       (unsigned long long)(image_size() >> 10));
	printk("GIC:      v%u, %u interrupt lines\n", gic_version(), gic_nr_lines());
	printk("CPUs:     %u online of %u, IPIs answered by %u of %u secondaries\n", cpus_online(),
	       boot.ncpus, ipi_answered, cpus_online() - 1);
	printk("RAM:      %llu MiB total, %llu MiB free (%llu KiB total, %llu KiB free)\n",
	       (unsigned long long)(total >> 20), (unsigned long long)(free >> 20),
	       (unsigned long long)(total >> 10), (unsigned long long)(free >> 10));
	print_modules();
	printk("boot:     entered at %llu ns, %llu ns from entry to this summary (%llu ticks)\n",
	       (unsigned long long)timer_ns(boot_entry_count),
	       (unsigned long long)timer_ns(boot_done_count - boot_entry_count),
	       (unsigned long long)(boot_done_count - boot_entry_count));
	printk("==============================\n");
}

/* What every CPU needs before it can run guests: stage 2, vGIC, vtimer. */
static void guest_support_cpu_init(void)
{
	p2m_cpu_init();
	if (vgic_hw_cpu_init())
		panic("cannot set up the virtual GIC interface");
	vtimer_cpu_start();
}

static _Noreturn void guests_start(void)
{
	unsigned int n;

	wallclock_init(boot.rtc.base, boot.rtc.size);
	schedule_init(); /* every CPU that will come up is online now */
	n = domains_build_boot(&boot);

	if (n)
		printk("%u domain%s started\n", n, n == 1 ? "" : "s");
	else
		printk("no guests yet: idling (press 'h' for debug keys)\n");
	guests_go = true;
	arch_send_event();
	schedule_start();
}

static void interrupts_init(void)
{
	if (gic_init(&boot.gic))
		boot_refuse("cannot initialise the interrupt controller");
	if (timer_init(boot.timer.hyp_irq, boot.timer.freq))
		boot_refuse("cannot initialise the EL2 timer");
	timer_cpu_start();
	tick_cpu_start();
	if (vtimer_init(boot.timer.virt_irq))
		boot_refuse("cannot take the virtual timer interrupt");
	guest_support_cpu_init();
}

_Noreturn void hyp_start(uint64_t fdt_pa, uint64_t entry_count)
{
	struct percpu *pc = &percpu_data[0];

	boot_entry_count = entry_count;
	pc->online = true;
	cpus_possible = 1;
	percpu_boot_init(pc);
	arch_cpu_init();
	console_init(platform.early_uart);
	printk("Tarn %s (%s) starting at 0x%llx, device tree at 0x%llx\n", TARN_VERSION,
	       platform.name, (unsigned long long)image_base(), (unsigned long long)fdt_pa);

	if (bootinfo_parse(pa_to_ptr(pa_init(fdt_pa)), fdt_pa, FDT_WINDOW, &boot, errbuf,
			   sizeof(errbuf)))
		boot_refuse(errbuf);
	console_from_tree();
	memory_init();
	interrupts_init();
	if (irq_request(SGI_PING, ping_handler, NULL))
		boot_refuse("cannot register the IPI handler");
	arch_irq_enable();
	smp_start_cpus(&boot);
	ipi_check();
	if (boot.uart.irq && !irq_request(boot.uart.irq, uart_rx_irq, NULL))
		console_enable_rx_irq();
	boot_done_count = timer_now();
	hyp_print_summary();
	guests_start();
}

_Noreturn void secondary_start(struct percpu *pc)
{
	percpu_set(pc);
	arch_cpu_init();
	if (gic_cpu_init())
		hyp_idle();
	irq_enable_private(SGI_PING);
	timer_cpu_start();
	tick_cpu_start();
	guest_support_cpu_init();
	pc->online = true;
	arch_irq_enable();
	/* Wait until the boot CPU has built the boot-time domains. */
	while (!guests_go)
		arch_wait_for_interrupt();
	schedule_start();
}
