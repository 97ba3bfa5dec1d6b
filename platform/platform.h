/*
 * What Tarn knows about a board before it has read the device tree.
 *
 * A platform is data (DESIGN §2): platform/<name>/platform.c defines the one
 * struct below and the Makefile links the one for PLATFORM=. Everything else
 * comes from the device tree.
 */
#ifndef HYP_PLATFORM_H
#define HYP_PLATFORM_H

#include <stdint.h>

struct platform_desc {
	const char *name;
	/* PL011 used for messages before the device tree names the console. */
	uint64_t early_uart;
};

extern const struct platform_desc platform;

#endif /* HYP_PLATFORM_H */
