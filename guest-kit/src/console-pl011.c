/*
 * Console backend for a vpl011: an SBSA generic UART (a PL011 subset) that
 * the hypervisor emulates, so every access traps. 32-bit loads and stores
 * only (mmio.h); no set-up is needed (SBSA UARTs have no control register).
 */
#include <stdint.h>

#include "console-backend.h"
#include "mmio.h"
#include "sysreg.h"
#include <guestkit/fdt.h>
#include <guestkit/mmu.h>

#define UARTDR	    0x00
#define UARTFR	    0x18
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFF (1u << 5)

static uint64_t base;

static void pl011_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		while (mmio_read32(base + UARTFR) & UARTFR_TXFF)
			cpu_relax();
		mmio_write32(base + UARTDR, (unsigned char)buf[i]);
	}
}

static int pl011_getc(void)
{
	if (mmio_read32(base + UARTFR) & UARTFR_RXFE)
		return -1;
	return mmio_read32(base + UARTDR) & 0xFF;
}

static const struct gk_console_backend pl011 = {
	.name = "vpl011",
	.write = pl011_write,
	.getc = pl011_getc,
};

const struct gk_console_backend *gk_console_pl011_probe(void)
{
	static const char *const compats[] = {"arm,sbsa-uart", "arm,pl011", NULL};
	int node = gk_fdt_find_compatible(compats);
	uint64_t size;

	if (node < 0 || gk_fdt_reg(node, 0, &base, &size) || !size)
		return NULL;
	if (gk_mmu_map(base, size, GK_MEM_DEVICE))
		return NULL;
	return &pl011;
}
