/*
 * Interrupt probes: the guest makes every SPI of its vGIC pending and
 * enabled, and sends SGIs to every vCPU it could name. Each interrupt must
 * reach this guest alone: all 64 SPIs come back to it (guest-kit counts them
 * as unhandled and disables each), an SGI to "all but self" reaches nobody
 * (it has one vCPU) and one to every target reaches only itself. The
 * neighbour checks the other side: it takes no interrupt it did not ask for.
 */
#include <guestkit/guestkit.h>

#include "hostile.h"

#define GICD_ISENABLER(n) (0x100 + 4 * (n))
#define GICD_ISPENDR(n)	  (0x200 + 4 * (n))
#define GICD_SGIR	  0xf00
#define SGIR_ALL_BUT_SELF (1u << 24)
#define SGI1R_IRM	  (1ULL << 40)
#define SGI_ALL_BUT_SELF  5
#define SGI_EVERYONE	  6
#define SPI_WORDS	  2 /* SPIs 32..95: what the vGIC has */
#define SPIS		  (32 * SPI_WORDS)
/* Loop turns for interrupts to arrive: ~3 ms of plain instructions, cheap under
 * QEMU's icount (unlike reading the counter to wait). */
#define SETTLE_TURNS 1000000

static uint64_t gicd;

static void write32(uint64_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static bool find_gicd(void)
{
	static const char *const compats[] = {"arm,gic-v3", "arm,cortex-a15-gic", "arm,gic-400",
					      NULL};
	int node = gk_fdt_find_compatible(compats);
	uint64_t size;

	return node >= 0 && gk_fdt_reg(node, 0, &gicd, &size) == 0;
}

/* Interrupts taken without a handler while fn runs (and a little after). */
static unsigned long taken_during(void (*fn)(void))
{
	unsigned long before = gk_irq_unhandled();

	fn();
	for (unsigned int i = 0; i < SETTLE_TURNS; i++)
		__asm__ volatile("" : : : "memory");
	return gk_irq_unhandled() - before;
}

static void pend_all_spis(void)
{
	uint64_t flags = gk_irq_save();

	for (unsigned int n = 1; n <= SPI_WORDS; n++) {
		write32(gicd + GICD_ISENABLER(n), ~0u);
		write32(gicd + GICD_ISPENDR(n), ~0u);
	}
	gk_irq_restore(flags);
}

static void sgi_all_but_self(void)
{
	if (gk_gic_version() == 3)
		__asm__ volatile("msr icc_sgi1r_el1, %0\n\tisb"
				 :
				 : "r"(SGI1R_IRM | (uint64_t)SGI_ALL_BUT_SELF << 24)
				 : "memory");
	else
		write32(gicd + GICD_SGIR, SGIR_ALL_BUT_SELF | SGI_ALL_BUT_SELF);
}

static void sgi_everyone(void)
{
	if (gk_gic_version() == 3)
		__asm__ volatile("msr icc_sgi1r_el1, %0\n\tisb"
				 :
				 : "r"((uint64_t)SGI_EVERYONE << 24 | 0xffff)
				 : "memory");
	else
		write32(gicd + GICD_SGIR, 0xffu << 16 | SGI_EVERYONE);
}

unsigned int irq_probes_count(void)
{
	return 3;
}

void irq_probes_run(void)
{
	unsigned long n;

	if (!find_gicd()) {
		for (unsigned int i = 0; i < irq_probes_count(); i++)
			tap_ok(false, "a GIC in the device tree");
		return;
	}
	gk_gic_enable(SGI_ALL_BUT_SELF);
	gk_gic_enable(SGI_EVERYONE);
	n = taken_during(pend_all_spis);
	tap_ok(n == SPIS, "all %u SPIs pending and enabled on its vGIC: %lu taken, all by itself",
	       SPIS, n);
	n = taken_during(sgi_all_but_self);
	tap_ok(n == 0, "SGI %d to all but itself (it has 1 vCPU): %lu taken", SGI_ALL_BUT_SELF, n);
	n = taken_during(sgi_everyone);
	tap_ok(n == 1, "SGI %d to every target it can name: %lu taken, by itself", SGI_EVERYONE, n);
}
