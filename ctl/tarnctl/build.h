/*
 * The domain builder: a config and its kernel Image in, a running domain
 * out (DESIGN §6). Xen 4.17's guest memory map, as Tarn's boot-time domains
 * get: RAM0 at 0x40000000, the kernel at RAM0 + text_offset, the device tree
 * in the top 2 MiB of RAM0, vCPU 0 entered with x0 = the tree's address.
 */
#ifndef TARNCTL_BUILD_H
#define TARNCTL_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "ctl/domcfg.h"

/*
 * Build and start cfg's domain with the len-byte Image at image. Returns 0
 * with its id in *domid, or a negative errno with a one-line reason in err;
 * on failure nothing is left behind (a half-built domain is destroyed).
 */
int build_domain(const struct domcfg *cfg, const void *image, size_t len, uint32_t *domid,
		 char *err, size_t errlen);

#endif /* TARNCTL_BUILD_H */
