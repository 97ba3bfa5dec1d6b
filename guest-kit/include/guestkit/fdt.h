/*
 * The device tree the hypervisor passed in x0, read with libfdt. It stays
 * where the hypervisor put it (the heap never covers it).
 */
#ifndef GUESTKIT_FDT_H
#define GUESTKIT_FDT_H

#include <stdbool.h>
#include <stdint.h>

#include <libfdt.h>

const void *gk_fdt(void);
/* The tree's guest physical address and size in bytes. */
uint64_t gk_fdt_addr(void);
uint32_t gk_fdt_size(void);
/* reg entry idx of node, in the parent's address/size cells; 0 or -FDT_ERR_*. */
int gk_fdt_reg(int node, int idx, uint64_t *addr, uint64_t *size);
/* Whether node's status is absent, "okay" or "ok". */
bool gk_fdt_enabled(int node);
/* The first enabled node compatible with one of compats (NULL-terminated). */
int gk_fdt_find_compatible(const char *const *compats);

#endif /* GUESTKIT_FDT_H */
