/*
 * Console backend over the console_io hypercall: the last resort, and the
 * console before gk_console_init() has run. Xen allows it to the control
 * domain and to boot-time (dom0less) domains.
 */
#include <guestkit/hypercall.h>

#include "console-backend.h"

#define CHUNK 1024 /* count is an int; keep each call short */

static void hcall_write(const char *buf, size_t len)
{
	while (len) {
		size_t n = len < CHUNK ? len : CHUNK;

		if (HYPERVISOR_console_io(CONSOLEIO_write, (int)n, buf) < 0)
			return; /* refused: nowhere else to say so */
		buf += n;
		len -= n;
	}
}

static int hcall_getc(void)
{
	char c;

	return HYPERVISOR_console_io(CONSOLEIO_read, 1, &c) == 1 ? (unsigned char)c : -1;
}

const struct gk_console_backend gk_console_hcall = {
	.name = "console_io",
	.write = hcall_write,
	.getc = hcall_getc,
};
