/*
 * printk() and the console log (see console.h).
 *
 * Lines from several CPUs never interleave: each call formats into a local
 * buffer, then writes it whole under the console lock (IRQs masked, since
 * interrupt handlers print too). The prefix is added at each line start.
 */
#include "hyp/console/console.h"

#include <stdarg.h>
#include <stdbool.h>

#include "lib/format.h"
#include "lib/spinlock.h"
#include "platform/pl011.h"

static struct spinlock console_lock = SPINLOCK_INIT;
static char log_ring[CONSOLE_LOG_SIZE];
static uint64_t log_head; /* bytes ever written */
static bool at_line_start = true;
static bool raw_mid_line; /* the control domain's raw output left a line open */

void console_init(uint64_t uart_base)
{
	pl011_init(uart_base);
}

static void put_raw(char c)
{
	log_ring[log_head++ % CONSOLE_LOG_SIZE] = c;
	if (c == '\n')
		pl011_putc('\r');
	pl011_putc(c);
}

/* Tarn's own lines start on a line of their own. */
static void end_raw_line(void)
{
	if (raw_mid_line) {
		pl011_putc('\r');
		pl011_putc('\n');
		raw_mid_line = false;
	}
}

static void put_text(const char *s)
{
	end_raw_line();
	for (; *s; s++) {
		if (at_line_start) {
			for (const char *p = CONSOLE_PREFIX; *p; p++)
				put_raw(*p);
			at_line_start = false;
		}
		put_raw(*s);
		if (*s == '\n')
			at_line_start = true;
	}
}

static int vprintk(bool lock, const char *fmt, va_list ap)
{
	char buf[512];
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	uint64_t flags = 0;

	if (lock)
		flags = spin_lock_irqsave(&console_lock);
	put_text(buf);
	if (lock)
		spin_unlock_irqrestore(&console_lock, flags);
	return n;
}

void console_guest_line(unsigned int domid, const char *line)
{
	char buf[24];
	uint64_t flags = spin_lock_irqsave(&console_lock);

	end_raw_line();
	if (!at_line_start)
		put_raw('\n');
	fmt_snprintf(buf, sizeof(buf), "(d%u) ", domid);
	for (const char *p = buf; *p; p++)
		put_raw(*p);
	for (; *line; line++)
		put_raw(*line);
	put_raw('\n');
	at_line_start = true;
	spin_unlock_irqrestore(&console_lock, flags);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(true, fmt, ap);
	va_end(ap);
	return n;
}

int printk_unlocked(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(false, fmt, ap);
	va_end(ap);
	return n;
}

void console_guest_raw(char c)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);

	if (c == '\n')
		pl011_putc('\r');
	pl011_putc(c);
	raw_mid_line = c != '\n';
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_enable_rx_irq(void)
{
	pl011_enable_rx_irq();
}

void console_rx(void)
{
	int c;

	while ((c = pl011_getc()) >= 0)
		console_input_feed((char)c);
}

size_t console_log_read(char *buf, size_t len, uint64_t *index, uint64_t *lost)
{
	uint64_t flags = spin_lock_irqsave(&console_lock);
	uint64_t from = *index > log_head ? log_head : *index;
	size_t n = 0;

	*lost = 0;
	if (log_head - from > CONSOLE_LOG_SIZE) {
		*lost = log_head - from - CONSOLE_LOG_SIZE;
		from = log_head - CONSOLE_LOG_SIZE;
	}
	for (; n < len && from + n < log_head; n++)
		buf[n] = log_ring[(from + n) % CONSOLE_LOG_SIZE];
	*index = from + n;
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}
