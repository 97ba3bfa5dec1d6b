/*
 * Boot-time domains: built from the boot device tree before any guest runs.
 */
#ifndef HYP_DOMAIN_BUILD_H
#define HYP_DOMAIN_BUILD_H

#include "hyp/boot/bootinfo.h"

/* Build and start every domain the tree describes; returns how many started. */
unsigned int domains_build_boot(const struct bootinfo *bi);

#endif /* HYP_DOMAIN_BUILD_H */
