/*
 * The PV console ring: one shared page between a domain and its console
 * backend, found through HVM_PARAM_CONSOLE_PFN and signalled through the event
 * channel in HVM_PARAM_CONSOLE_EVTCHN (tarn/hvm.h).
 *
 * Output: the guest copies bytes to out[MASK_XENCONS_IDX(out_prod, out)],
 * issues a write barrier, advances out_prod, then EVTCHNOP_send; the backend
 * advances out_cons. Input is the mirror image with in[] / in_prod written by
 * the backend. Indices are free-running 32-bit counters; a ring is full when
 * prod - cons == its size. (Xen's public/io/console.h.)
 */
#ifndef TARN_CONSOLE_RING_H
#define TARN_CONSOLE_RING_H

#include <stdint.h>

#include "tarn/xen.h"

typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];
	char out[2048];
	XENCONS_RING_IDX in_cons, in_prod;
	XENCONS_RING_IDX out_cons, out_prod;
};
TARN_ABI_SIZE(struct xencons_interface, 3088);
TARN_ABI_OFFSET(struct xencons_interface, out, 1024);
TARN_ABI_OFFSET(struct xencons_interface, in_cons, 3072);
TARN_ABI_OFFSET(struct xencons_interface, in_prod, 3076);
TARN_ABI_OFFSET(struct xencons_interface, out_cons, 3080);
TARN_ABI_OFFSET(struct xencons_interface, out_prod, 3084);

#endif /* TARN_CONSOLE_RING_H */
