/*
 * Console backend over the PV console ring (<tarn/console-ring.h>), which a
 * toolstack-built domain gets: the page at HVM_PARAM_CONSOLE_PFN, kicked
 * through the event channel HVM_PARAM_CONSOLE_EVTCHN. Output is copied into
 * out[], then out_prod moves; when the ring is full we yield to let the
 * backend drain it. No interrupt is needed: input is polled.
 */
#include <stdint.h>

#include "console-backend.h"
#include "sysreg.h"
#include <guestkit/hypercall.h>
#include <guestkit/mmu.h>
#include <guestkit/timer.h>
#include <tarn/console-ring.h>

#define FLUSH_TIMEOUT_NS 100000000ULL /* a backend that is gone must not hang exit */

static struct xencons_interface *ring;
static evtchn_port_t port;

static void ring_write(const char *buf, size_t len)
{
	while (len) {
		XENCONS_RING_IDX cons = __atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE);
		XENCONS_RING_IDX prod = ring->out_prod;
		size_t space = sizeof(ring->out) - (prod - cons);

		if (!space) {
			gk_evtchn_send(port);
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
			continue;
		}
		for (; space && len; space--, len--)
			ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = *buf++;
		/* The bytes must be visible before the index that publishes them. */
		__atomic_store_n(&ring->out_prod, prod, __ATOMIC_RELEASE);
	}
	gk_evtchn_send(port);
}

static int ring_getc(void)
{
	XENCONS_RING_IDX cons = ring->in_cons;
	int c;

	if (cons == __atomic_load_n(&ring->in_prod, __ATOMIC_ACQUIRE))
		return -1;
	c = (unsigned char)ring->in[MASK_XENCONS_IDX(cons, ring->in)];
	__atomic_store_n(&ring->in_cons, cons + 1, __ATOMIC_RELEASE);
	gk_evtchn_send(port);
	return c;
}

static void ring_flush(void)
{
	uint64_t deadline = gk_ns_now() + FLUSH_TIMEOUT_NS;

	while (__atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE) != ring->out_prod &&
	       gk_ns_now() < deadline)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

static const struct gk_console_backend pv_ring = {
	.name = "pv-ring",
	.write = ring_write,
	.getc = ring_getc,
	.flush = ring_flush,
};

const struct gk_console_backend *gk_console_ring_probe(void)
{
	uint64_t pfn, evtchn;

	if (gk_hvm_get_param(HVM_PARAM_CONSOLE_PFN, &pfn) || !pfn)
		return NULL;
	if (gk_hvm_get_param(HVM_PARAM_CONSOLE_EVTCHN, &evtchn) || !evtchn)
		return NULL;
	/* Shared memory must be Normal WB: already so in the magic-page window. */
	if (gk_mmu_map(pfn << 12, 4096, GK_MEM_NORMAL))
		return NULL;
	ring = (struct xencons_interface *)(uintptr_t)(pfn << 12);
	port = (evtchn_port_t)evtchn;
	return &pv_ring;
}
