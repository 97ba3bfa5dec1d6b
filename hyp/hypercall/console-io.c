/*
 * console_io (hypercall 18): a domain's console output, line-buffered into its
 * console ring, and typed keys for the control domain (CONSOLEIO_read).
 */
#include "arch/arm64/guestcopy.h"
#include "hyp/console/console.h"
#include "hyp/domain/domain.h"
#include "arch/arm64/guest-traps.h"
#include "hyp/hypercall/hypercall.h"
#include "tarn/errno.h"
#include "tarn/xen.h"

#define CONSOLE_CHUNK  128
#define CONSOLE_BUDGET 4096

static void console_put_chunk(struct domain *d, const char *chunk, size_t n)
{
	for (size_t i = 0; i < n; i++)
		domain_console_put(d, chunk[i]);
}

/*
 * Write count bytes at buf. A long write is done CONSOLE_BUDGET bytes at a
 * time: the rest becomes a continuation (the arguments are updated and the
 * HVC re-executed, as Xen does), so one hypercall never holds a CPU for long.
 */
static long console_write(struct vcpu *v, uint64_t count, uint64_t buf)
{
	char chunk[CONSOLE_CHUNK];
	uint64_t budget = CONSOLE_BUDGET;

	while (count) {
		size_t n = MIN(count, sizeof(chunk));

		if (!budget)
			return hypercall_continue(2, count, buf);
		if (copy_from_guest(chunk, buf, n))
			return -TARN_EFAULT;
		console_put_chunk(v->domain, chunk, n);
		buf += n;
		count -= n;
		budget -= n;
	}
	return 0;
}

/* The control domain reads typed keys: up to count bytes into buf. */
static long console_read(uint64_t count, uint64_t buf)
{
	char keys[CONSOLE_CHUNK];
	size_t n = console_input_read(keys, MIN(count, sizeof(keys)));

	if (n && copy_to_guest(buf, keys, n))
		return -TARN_EFAULT;
	return (long)n;
}

long do_console_io(struct vcpu *v, const uint64_t *args)
{
	switch (args[0]) {
	case CONSOLEIO_write:
		return console_write(v, args[1], args[2]);
	case CONSOLEIO_read:
		return v->domain->privileged ? console_read(args[1], args[2]) : -TARN_EPERM;
	default:
		return -TARN_EINVAL;
	}
}
