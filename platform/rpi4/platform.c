/*
 * Raspberry Pi 4 (BCM2711): UART0 is a PL011 at 0xfe201000 in the ARM
 * "low peripheral" mode the firmware sets up for 64-bit kernels.
 */
#include "platform/platform.h"

const struct platform_desc platform = {
	.name = "rpi4",
	.early_uart = 0xfe201000,
};
