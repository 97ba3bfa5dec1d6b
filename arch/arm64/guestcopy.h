/*
 * Copying hypercall arguments to and from the running vCPU. Addresses are
 * guest virtual addresses (the Xen on Arm ABI), translated through the
 * guest's own stage 1 and its stage 2; anything that is not the domain's RAM
 * fails with -TARN_EFAULT.
 */
#ifndef HYP_GUESTCOPY_H
#define HYP_GUESTCOPY_H

#include <stddef.h>
#include <stdint.h>

int copy_from_guest(void *dst, uint64_t gva, size_t len);
int copy_to_guest(uint64_t gva, const void *src, size_t len);

#endif /* HYP_GUESTCOPY_H */
