/*
 * Console input (see console.h): who gets the keys typed on Tarn's UART.
 *
 * Until the control domain reads the console, every key is a debug key (a
 * control domain that never reads, like the test guests, leaves them to
 * Tarn). The first CONSOLEIO_read takes the input: keys then queue here for
 * it, and its vCPU 0 is kicked so that one waiting in WFI reads them at once
 * (there are no event channels yet to raise VIRQ_CONSOLE with). Ctrl-A
 * three times in a row hands the keys to Tarn's debug keys and back, as on
 * Xen; one or two Ctrl-As followed by another key are passed on as typed.
 */
#include "hyp/console/console.h"
#include "hyp/domain/domain.h"
#include "hyp/console/keyhandler.h"
#include "hyp/schedule/schedule.h"
#include "lib/spinlock.h"

#define INPUT_RING     256 /* a power of two */
#define CTRL_A	       0x01
#define SWITCH_PRESSES 3

static struct spinlock input_lock = SPINLOCK_INIT;
static char ring[INPUT_RING];
static unsigned int ring_head, ring_tail; /* free-running; head - tail queued */
static bool owned;			  /* the control domain has read the console */
static bool to_tarn;			  /* switched to Tarn's debug keys by Ctrl-A x3 */
static unsigned int ctrl_a_run;

bool console_input_owned(void)
{
	return __atomic_load_n(&owned, __ATOMIC_ACQUIRE);
}

/* Queue c for the control domain; a full ring drops it (a typist outran it). */
static void input_queue(char c)
{
	uint64_t flags = spin_lock_irqsave(&input_lock);

	if (ring_head - ring_tail < INPUT_RING)
		ring[ring_head++ % INPUT_RING] = c;
	spin_unlock_irqrestore(&input_lock, flags);
}

static void input_deliver(char c)
{
	struct domain *ctl = domain_get(0);

	if (to_tarn || !ctl) {
		keyhandler_run(c);
		return;
	}
	input_queue(c);
	vcpu_kick(ctl->vcpus[0]);
}

static void input_switch(void)
{
	to_tarn = !to_tarn;
	printk("Serial input to %s (type CTRL-a three times to switch input)\n",
	       to_tarn ? "Tarn" : "the control domain");
}

void console_input_feed(char c)
{
	if (!console_input_owned()) {
		keyhandler_run(c);
		return;
	}
	if (c == CTRL_A) {
		if (++ctrl_a_run == SWITCH_PRESSES) {
			ctrl_a_run = 0;
			input_switch();
		}
		return;
	}
	for (; ctrl_a_run; ctrl_a_run--)
		input_deliver(CTRL_A);
	input_deliver(c);
}

size_t console_input_read(char *buf, size_t len)
{
	uint64_t flags = spin_lock_irqsave(&input_lock);
	size_t n = 0;

	__atomic_store_n(&owned, true, __ATOMIC_RELEASE);
	for (; n < len && ring_tail != ring_head; n++)
		buf[n] = ring[ring_tail++ % INPUT_RING];
	spin_unlock_irqrestore(&input_lock, flags);
	return n;
}
