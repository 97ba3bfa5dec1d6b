/*
 * A console backend: how bytes leave (and enter) the guest. console.c picks
 * one at start (vpl011, then the PV ring, then console_io) and serialises
 * writers; backends need no lock of their own.
 */
#ifndef GK_CONSOLE_BACKEND_H
#define GK_CONSOLE_BACKEND_H

#include <stddef.h>

struct gk_console_backend {
	const char *name;
	void (*write)(const char *buf, size_t len);
	int (*getc)(void); /* a byte, or -1 if none is waiting */
	void (*flush)(void);
};

/* console_io: always there (the hypervisor may refuse it). */
extern const struct gk_console_backend gk_console_hcall;
/* NULL if the device tree / the hypervisor offer none. */
const struct gk_console_backend *gk_console_pl011_probe(void);
const struct gk_console_backend *gk_console_ring_probe(void);

#endif /* GK_CONSOLE_BACKEND_H */
