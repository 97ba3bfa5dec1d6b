/*
 * guest-kit's stage-1 identity map (VA == IPA). crt0 maps guest RAM (from the
 * device tree's memory nodes), the grant-table window (0x38000000) and the
 * magic pages (0x39000000) as Normal Write-Back Inner-Shareable memory, as the
 * hypervisor requires for anything shared; everything else below 0x40000000
 * but the first 2 MiB (left unmapped to catch NULL) is Device-nGnRE.
 */
#ifndef GUESTKIT_MMU_H
#define GUESTKIT_MMU_H

#include <stdint.h>

enum gk_mem_type {
	GK_MEM_NORMAL, /* Normal, Inner/Outer Write-Back, Inner Shareable */
	GK_MEM_DEVICE, /* Device-nGnRE, never executable */
};

/*
 * Identity-maps [addr, addr + size) (page-aligned outward). 0; -EEXIST if part
 * of it is already mapped with another type; -ENOMEM if out of tables.
 */
int gk_mmu_map(uint64_t addr, uint64_t size, enum gk_mem_type type);

#endif /* GUESTKIT_MMU_H */
