/*
 * Tarn's own address space at EL2: an identity map of its image, RAM and the
 * devices it drives.
 */
#ifndef ARCH_ARM64_MMU_H
#define ARCH_ARM64_MMU_H

#include "lib/types.h"

/* Linker-script symbols bounding Tarn's image. */
extern char _head[], _text_end[], _rodata_end[], _image_end[];

/* Called from head.S with the MMU off. */
void early_mmu_init(uint64_t fdt_pa);
void mmu_enable_boot(void);
void mmu_enable_secondary(void);

/* Make the register values secondaries load with their MMU off visible to them. */
void mmu_publish_for_secondaries(void);

/* Map RAM as normal memory, read-write, never executable (Tarn's own image
 * keeps its finer permissions). */
int mmu_map_ram(paddr_t base, uint64_t size);

/* Map a device region (rounded out to pages) as Device-nGnRE. */
int mmu_map_device(paddr_t base, uint64_t size);

/* Physical address size the CPU supports, in bits. */
unsigned int mmu_pa_bits(void);

/* Table pages used so far from the boot pool. */
unsigned int mmu_tables_used(void);

#endif /* ARCH_ARM64_MMU_H */
