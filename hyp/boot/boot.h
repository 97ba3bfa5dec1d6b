/*
 * The boot sequence (hyp/boot/boot.c): the core's entry points from the
 * arch's start-up code, and the boot summary.
 */
#ifndef HYP_BOOT_BOOT_H
#define HYP_BOOT_BOOT_H

#include <stdint.h>

#define TARN_VERSION "0.1.0"

struct percpu;

/* Boot CPU entry from head.S, MMU on; entry_count is the physical counter
 * read at Tarn's first instruction. */
_Noreturn void hyp_start(uint64_t fdt_pa, uint64_t entry_count);
/* Secondary CPU entry from head.S, MMU on. */
_Noreturn void secondary_start(struct percpu *pc);

void hyp_print_summary(void);

#endif /* HYP_BOOT_BOOT_H */
