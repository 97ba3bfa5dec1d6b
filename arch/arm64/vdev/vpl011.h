/*
 * The virtual PL011 (SBSA UART) a domain gets with the dom0less "vpl011"
 * property: at GUEST_VPL011_BASE with SPI 32, as Xen places it. Output goes to
 * Tarn's console, line-buffered per domain.
 */
#ifndef HYP_VPL011_H
#define HYP_VPL011_H

#include <stdint.h>

#define VPL011_BASE 0x22000000ULL
#define VPL011_SIZE 0x1000ULL

struct domain;

int vpl011_init(struct domain *d);
void vpl011_destroy(struct domain *d);

#endif /* HYP_VPL011_H */
