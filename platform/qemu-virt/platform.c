/*
 * QEMU's "virt" machine: the PL011 that QEMU always puts at 0x09000000 serves
 * as the early console until /chosen/stdout-path is read.
 */
#include "platform/platform.h"

const struct platform_desc platform = {
	.name = "qemu-virt",
	.early_uart = 0x09000000,
};
