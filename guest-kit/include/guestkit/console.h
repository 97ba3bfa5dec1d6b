/*
 * The guest's console. stdout and stderr (printf) go here. guest-kit picks,
 * in this order, the first the device tree and the hypervisor offer:
 *   1. a vpl011 (a node compatible "arm,sbsa-uart" or "arm,pl011");
 *   2. the PV console ring (HVM params CONSOLE_PFN / CONSOLE_EVTCHN non-zero);
 *   3. the console_io hypercall (CONSOLEIO_write), also used before set-up.
 * Bytes go out as they are: the backend (Xen, Tarn) starts a new, prefixed
 * line on '\n', so no '\r' is added.
 */
#ifndef GUESTKIT_CONSOLE_H
#define GUESTKIT_CONSOLE_H

#include <stddef.h>

/* Writes len bytes, whole, even when several vCPUs write at once. */
void gk_console_write(const char *buf, size_t len);
void gk_console_puts(const char *s);
/* One input byte, or -1 if none is waiting. */
int gk_console_getc(void);
/* Waits (briefly) until what was written has left the guest. */
void gk_console_flush(void);
/* "vpl011", "pv-ring" or "console_io". */
const char *gk_console_name(void);

#endif /* GUESTKIT_CONSOLE_H */
