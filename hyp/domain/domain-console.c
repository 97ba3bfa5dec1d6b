/*
 * A domain's console output (console_io writes and its vpl011): kept whole
 * in the domain's ring, which the control domain reads (TARN_DOMCTL_
 * console_read, `tarnctl console`), and, unless the domain is quiet, printed
 * on Tarn's console a line at a time as "(d<id>) <line>". Domains the
 * control domain creates are quiet, as xl's are: their output is seen by
 * attaching to them. The control domain itself, once it owns the console
 * input (console-input.c), is printed as it comes, without a prefix, as Xen
 * prints dom0's: a prompt must show before its line ends.
 */
#include "hyp/console/console.h"
#include "hyp/domain/domain.h"
#include "tarn/ctl.h"

static void console_line_put(struct domain *d, char c)
{
	bool flush = c == '\n' || d->console_len == sizeof(d->console_line) - 1;

	if (c != '\n' && c != '\r')
		d->console_line[d->console_len++] = c;
	if (flush) {
		d->console_line[d->console_len] = '\0';
		d->console_len = 0;
		console_guest_line(d->id, d->console_line);
	}
}

void domain_console_put(struct domain *d, char c)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);

	d->console_ring[d->console_head++ % TARN_CONSOLE_RING] = c;
	if (d->privileged && console_input_owned())
		console_guest_raw(c);
	else if (!d->console_quiet)
		console_line_put(d, c);
	spin_unlock_irqrestore(&d->lock, flags);
}

size_t domain_console_read(struct domain *d, char *buf, size_t len, uint64_t *index, uint64_t *lost)
{
	uint64_t flags = spin_lock_irqsave(&d->lock);
	uint64_t head = d->console_head;
	uint64_t from = *index > head ? head : *index;
	size_t n = 0;

	*lost = 0;
	if (head - from > TARN_CONSOLE_RING) {
		*lost = head - from - TARN_CONSOLE_RING;
		from = head - TARN_CONSOLE_RING;
	}
	for (; n < len && from + n < head; n++)
		buf[n] = d->console_ring[(from + n) % TARN_CONSOLE_RING];
	*index = from + n;
	spin_unlock_irqrestore(&d->lock, flags);
	return n;
}
