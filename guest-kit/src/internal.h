/*
 * What guest-kit's own files share and guests do not see: the set-up steps
 * gk_main() runs in order, the assembly helpers, and the per-vCPU state.
 */
#ifndef GK_INTERNAL_H
#define GK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "regs.h"
#include <guestkit/smp.h>
#include <guestkit/timer.h>

/* Linker-script and head.S symbols. */
extern char gk_head[], _end[], __bss_start[], __bss_end[];

/* System-register values that turn the MMU on; the same on every vCPU. */
struct gk_mmu_regs {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr0;
	uint64_t sctlr;
};
extern struct gk_mmu_regs gk_mmu_regs;

/* What a secondary vCPU reads, MMU off, when it starts (secondary.S). */
struct gk_cpu_boot {
	uint64_t stack_top; /* offset 0: read by secondary.S */
	uint64_t cpu;
	gk_cpu_fn fn;
	void *arg;
} __attribute__((aligned(64)));

/* Per-vCPU state; TPIDR_EL1 holds the vCPU's index. */
struct gk_percpu {
	uint64_t mpidr;
	uint32_t gicv2_target; /* GICv2 CPU-interface mask */
	uint64_t gicr;	       /* GICv3 redistributor of this vCPU */
	gk_timer_fn timer_fn;
	void *timer_arg;
};
extern struct gk_percpu gk_percpu[GK_MAX_CPUS];

/* Assembly (mmu-on.S, cache.S, secondary.S, head.S). */
void gk_mmu_enable(const struct gk_mmu_regs *regs);
void gk_dcache_inval_poc(uint64_t start, uint64_t end);
void gk_dcache_clean_poc(uint64_t start, uint64_t end);
void gk_secondary_entry(uint64_t boot);

/* Set-up, in the order gk_main() calls them. */
struct gk_mmu_regs *gk_mmu_early_init(const void *dt); /* MMU off */
void gk_main(const void *dt);
int gk_fdt_init(const void *dt);
int gk_mmu_map_ram(void);
void gk_heap_init(void);
void gk_smp_init(void);
void gk_console_init(void);
void gk_psci_init(void);
void gk_gic_init(void);
void gk_gic_cpu_init(void);
void gk_timer_init(void);
void gk_timer_cpu_init(void);

/* The next node with device_type "memory" after prev (-1: the first). */
int gk_fdt_next_memory(int prev);
/* The RAM bank holding addr, from the tree's memory nodes; 0 or -ENOENT. */
int gk_fdt_ram_bank(uint64_t addr, uint64_t *base, uint64_t *size);

/* The SMCCC conduits (smccc.S). */
int64_t gk_smccc_hvc(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
int64_t gk_smccc_smc(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/* Entered from the vectors. */
void gk_irq_dispatch(void);
void gk_crash_exception(struct gk_regs *regs, uint64_t vector);
void gk_secondary_main(struct gk_cpu_boot *boot);

/* The console without its lock, for crash reports. */
void gk_console_write_unlocked(const char *buf, size_t len);

/* Ends the domain: shutdown(reason), then PSCI SYSTEM_OFF, then WFI forever. */
_Noreturn void gk_shutdown(unsigned int reason);

#endif /* GK_INTERNAL_H */
