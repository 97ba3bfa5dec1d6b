/*
 * Arm PL011 UART: polled output and interrupt-driven input. Tarn owns the
 * physical UART; everything it prints and everything typed at it passes here.
 */
#ifndef PLATFORM_PL011_H
#define PLATFORM_PL011_H

#include <stdbool.h>
#include <stdint.h>

void pl011_init(uint64_t base);
void pl011_putc(char c);
/* Next received character, or -1 when none is waiting. */
int pl011_getc(void);
/* Raise the UART's interrupt on received characters. */
void pl011_enable_rx_irq(void);

#endif /* PLATFORM_PL011_H */
