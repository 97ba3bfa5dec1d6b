/*
 * The hostile guest's parts: the probing vectors and instructions
 * (probe.S), the isolation probes (probes.c, hcall-probes.c, irq-probes.c,
 * vgic-fuzz.c), the ways to crash on purpose (crash.c) and the bootargs
 * (main.c).
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdbool.h>
#include <stdint.h>

/* Shared with probe.S (PS_* offsets): what the last armed fault left. */
struct probe_state {
	uint64_t armed; /* non-zero: the next synchronous exception is expected */
	uint64_t count; /* expected exceptions taken so far */
	uint64_t esr;
	uint64_t far;
	uint64_t elr;
};

extern volatile struct probe_state probe_state;
extern char probe_vectors[];
/* Every entry faults outside the guest's RAM (probe.S, crash=vector-abort). */
extern char faulting_vectors[];

/* Each starts with the instruction that should fault (probe.S). */
typedef uint64_t (*probe_fn)(uint64_t addr, uint64_t value);
uint64_t probe_ldr(uint64_t addr, uint64_t value);
uint64_t probe_str(uint64_t addr, uint64_t value);
uint64_t probe_ldrb(uint64_t addr, uint64_t value);
uint64_t probe_strb(uint64_t addr, uint64_t value);
uint64_t probe_ldrw(uint64_t addr, uint64_t value);
uint64_t probe_strw(uint64_t addr, uint64_t value);
uint64_t probe_ldp(uint64_t addr, uint64_t value);
uint64_t probe_stp(uint64_t addr, uint64_t value);
uint64_t probe_exec(uint64_t addr, uint64_t value);
uint64_t probe_mrs_ich_hcr(uint64_t addr, uint64_t value);
uint64_t probe_msr_ich_hcr(uint64_t addr, uint64_t value);
uint64_t probe_mrs_ich_vtr(uint64_t addr, uint64_t value);
uint64_t probe_mrs_ich_vmcr(uint64_t addr, uint64_t value);
uint64_t probe_mrs_ich_lr0(uint64_t addr, uint64_t value);
uint64_t probe_msr_ich_lr0(uint64_t addr, uint64_t value);
uint64_t probe_mrs_ich_ap1r0(uint64_t addr, uint64_t value);
uint64_t probe_mrs_icc_sre_el2(uint64_t addr, uint64_t value);
uint64_t probe_mrs_hcr(uint64_t addr, uint64_t value);
uint64_t probe_mrs_vttbr(uint64_t addr, uint64_t value);
uint64_t probe_msr_vttbr(uint64_t addr, uint64_t value);
uint64_t probe_hvc_bad(uint64_t addr, uint64_t value);
/* Traps that must not fault (probe.S): SMC's return value; set/way ops. */
uint64_t trap_smc(void);
void trap_setway(void);

/* Runs fn(addr, value) with a fault expected; what the handler recorded (probes.c). */
struct probe_state probe_attempt(probe_fn fn, uint64_t addr, uint64_t value);

/* Bootargs "key=value" (main.c): the number, or def if absent or unparsable. */
uint64_t arg_u64(const char *key, uint64_t def);
/* The value of key, copied into buf; false if absent. */
bool arg_str(const char *key, char *buf, unsigned int len);

/* The guest's RAM bank from its device tree; false if there is none. */
bool guest_ram(uint64_t *base, uint64_t *size);

/* The hypercall probes (hcall-probes.c): how many TAP lines, and run them. */
unsigned int hcall_probes_count(void);
void hcall_probes_run(uint64_t ram_base, uint64_t ram_end);

/* The interrupt probes (irq-probes.c), likewise. */
unsigned int irq_probes_count(void);
void irq_probes_run(void);

/* The vGIC fuzz (vgic-fuzz.c), likewise: last, since it wrecks the guest's GIC. */
unsigned int vgic_fuzz_count(void);
void vgic_fuzz_run(void);

/* The two modes; each returns main()'s exit status. */
int probes_run(void);
int crash_run(const char *how);

#endif /* HOSTILE_H */
