/*
 * The console front end: picks the backend, serialises writers across vCPUs
 * (whole writes never interleave), and serves stdin/stdout/stderr.
 */
#include <stdbool.h>
#include <string.h>

#include "console-backend.h"
#include "internal.h"
#include <guestkit/console.h>
#include <guestkit/spinlock.h>

static const struct gk_console_backend *backend = &gk_console_hcall;
static struct gk_spinlock lock = GK_SPINLOCK_INIT;
static bool ready; /* MMU on and backend chosen: the lock can be used */

void gk_console_init(void)
{
	const struct gk_console_backend *b = gk_console_pl011_probe();

	if (!b)
		b = gk_console_ring_probe();
	if (b)
		backend = b;
	ready = true;
}

void gk_console_write_unlocked(const char *buf, size_t len)
{
	backend->write(buf, len);
}

void gk_console_write(const char *buf, size_t len)
{
	uint64_t flags;

	if (!ready) {
		backend->write(buf, len);
		return;
	}
	flags = gk_spin_lock_irqsave(&lock);
	backend->write(buf, len);
	gk_spin_unlock_irqrestore(&lock, flags);
}

void gk_console_puts(const char *s)
{
	gk_console_write(s, strlen(s));
}

int gk_console_getc(void)
{
	return backend->getc();
}

void gk_console_flush(void)
{
	if (backend->flush)
		backend->flush();
}

const char *gk_console_name(void)
{
	return backend->name;
}
