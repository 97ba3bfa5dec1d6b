/*
 * PL011 driver (see pl011.h). Tarn keeps the baud rate and line settings
 * the firmware chose: U-Boot has already set the UART up, and QEMU ignores
 * them anyway.
 */
#include "platform/pl011.h"

#include "lib/io.h"

#define UARTDR	 0x00
#define UARTFR	 0x18
#define UARTIMSC 0x38
#define UARTICR	 0x44
#define FR_TXFF	 (1u << 5)
#define FR_RXFE	 (1u << 4)
#define INT_RX	 (1u << 4)
#define INT_RT	 (1u << 6)

static uint64_t uart;

static uint32_t reg_read(unsigned int off)
{
	return mmio_read32(uart + off);
}

static void reg_write(unsigned int off, uint32_t v)
{
	mmio_write32(uart + off, v);
}

void pl011_init(uint64_t base)
{
	uart = base;
}

void pl011_putc(char c)
{
	if (!uart)
		return;
	while (reg_read(UARTFR) & FR_TXFF)
		;
	reg_write(UARTDR, (uint8_t)c);
}

int pl011_getc(void)
{
	if (!uart || (reg_read(UARTFR) & FR_RXFE))
		return -1;
	return (int)(reg_read(UARTDR) & 0xff);
}

void pl011_enable_rx_irq(void)
{
	reg_write(UARTICR, INT_RX | INT_RT);
	reg_write(UARTIMSC, reg_read(UARTIMSC) | INT_RX | INT_RT);
}
