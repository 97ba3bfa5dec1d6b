/*
 * Isolation probes: accesses a guest has no right to make, each of which must
 * come back to the guest itself as a synchronous exception (never reach
 * another domain, the hypervisor or a host device, never stop the machine).
 *
 *  - data reads and writes (word, byte, pair) just past its RAM, far away in
 *    guest-physical space, at the host-physical address of the hypervisor's
 *    image, over all of host RAM (where the neighbour domain's memory is), at
 *    the host GIC (distributor, CPU, hypervisor and virtual CPU interfaces,
 *    ITS, redistributors), at the guest GIC's edges and at host devices (UART,
 *    RTC, fw_cfg, GPIO, virtio, flash, PCIe): a data abort, EC 0x25, reported
 *    as a synchronous external abort (DFSC 0x10) at the address accessed;
 *  - an instruction fetch past its RAM: an instruction abort, EC 0x21;
 *  - EL2-only system registers (GICv3 ICH_*, ICC_SRE_EL2, HCR_EL2,
 *    VTTBR_EL2): UNDEFINED at EL1, EC 0x00;
 *  - hypercalls whose pointers are not its RAM (hcall-probes.c);
 *  - interrupts it raises on its own vGIC and SGIs to everyone (irq-probes.c);
 *  - every register of its vGIC read and written with all ones (vgic-fuzz.c).
 *
 * Every probed address is first mapped in the guest's own stage 1 (Device,
 * or Normal for the fetch) so the access really reaches stage 2. Writes store
 * 0x6b in every byte: if one ever landed in the neighbour's RAM, its checksum
 * would change.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <guestkit/guestkit.h>

#include "hostile.h"

#define MIB(n) ((uint64_t)(n) << 20)
#define PAGE   0x1000ULL

#define EC_UNKNOWN	 0x00
#define EC_IABT_CUR	 0x21
#define EC_DABT_CUR	 0x25
#define FSC_EXT_ABORT	 0x10
#define ESR_WNR		 (1ULL << 6)
#define ESR_EC(esr)	 (((esr) >> 26) & 0x3f)
#define WRITE_PATTERN	 0x6b6b6b6b6b6b6b6bULL
#define SWEEP_STEP	 MIB(2)
#define SWEEP_WINDOW	 MIB(32)
#define MAX_TARGETS	 64
#define PROBES_PER_PAUSE 12
#define GUEST_GICR_BASE	 0x03020000ULL
#define GUEST_GICR_STEP	 0x20000ULL
#define GUEST_VPL011_END 0x22001000ULL

volatile struct probe_state probe_state;
extern char gk_vectors[];

enum kind {
	WORD, /* ldr and str */
	BYTE, /* ldrb and strb, one byte into the page */
	PAIR, /* ldp and stp: no syndrome for the hypervisor to decode */
	EXEC, /* a branch there */
};

struct target {
	const char *what;
	uint64_t addr;
	enum kind kind;
};

static struct target targets[MAX_TARGETS];
static unsigned int ntargets;
static uint64_t ram_base, ram_end;

static void add(const char *what, uint64_t addr, enum kind kind)
{
	if (ntargets < MAX_TARGETS)
		targets[ntargets++] = (struct target){what, addr, kind};
}

/* The guest's physical address size, as its stage 1 and Tarn's stage 2 use it. */
static unsigned int ipa_bits(void)
{
	static const unsigned int bits[] = {32, 36, 40, 42, 44, 48};
	uint64_t mmfr0;

	__asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
	return (mmfr0 & 0xf) < 6 ? bits[mmfr0 & 0xf] : 48;
}

static void add_outside_ram(void)
{
	add("just past its last page", ram_end, WORD);
	add("just past its last page", ram_end, BYTE);
	add("just past its last page", ram_end, PAIR);
	add("just below its RAM", ram_base - 8, WORD);
	add("2 MiB past its RAM", ram_end + MIB(2), WORD);
	add("executing 4 MiB past its RAM", ram_end + MIB(4), EXEC);
	add("far away: 3 GiB", 0xc0000000ULL, WORD);
	add("far away: top of the first 4 GiB", 0xfffff000ULL, WORD);
	add("far away: RAM1 base (8 GiB)", 0x200000000ULL, WORD);
	add("far away: 512 GiB", 0x8000000000ULL, PAIR);
	add("far away: last page of IPA space", (1ULL << ipa_bits()) - PAGE, WORD);
}

static void add_tarn(void)
{
	uint64_t tarn = arg_u64("tarn", 0);

	if (!tarn)
		return;
	add("the hypervisor's image (host physical)", tarn, WORD);
	add("the hypervisor's image + 64 KiB", tarn + 0x10000, WORD);
	add("the hypervisor's image + 256 KiB", tarn + 0x40000, BYTE);
}

static void add_gic(void)
{
	add("host GICD", 0x08000000ULL, WORD);
	add("host GICv2 GICC", 0x08010000ULL, WORD);
	add("host GICv2 GICH (hypervisor interface)", 0x08030000ULL, WORD);
	add("host GICv2 GICV (virtual CPU interface)", 0x08040000ULL, WORD);
	add("host GICv3 ITS", 0x08080000ULL, WORD);
	add("host GICv3 GICR", 0x080a0000ULL, WORD);
	add("below the guest's GICD", 0x03000000ULL, WORD);
	add("past the guest's GICv3 GICD", 0x03012000ULL, WORD);
	add("a redistributor for a vCPU it lacks",
	    GUEST_GICR_BASE + GUEST_GICR_STEP * gk_cpu_count(), WORD);
	if (gk_gic_version() == 2)
		add("past the guest's GICv2 GICC", 0x03004000ULL, WORD);
}

static void add_devices(void)
{
	add("host UART", 0x09000000ULL, WORD);
	add("host UART", 0x09000000ULL, BYTE);
	add("host RTC", 0x09010000ULL, WORD);
	add("host fw_cfg", 0x09020000ULL, WORD);
	add("host GPIO", 0x09030000ULL, WORD);
	add("host virtio-mmio 0", 0x0a000000ULL, WORD);
	add("host virtio-mmio 31", 0x0a003e00ULL, WORD);
	add("host flash 0 (firmware)", 0x00000000ULL, WORD);
	add("host flash 1 (U-Boot env)", 0x04000000ULL, WORD);
	add("host PCIe MMIO", 0x10000000ULL, WORD);
	add("host PCIe I/O", 0x3eff0000ULL, WORD);
	add("host PCIe ECAM", 0x3f000000ULL, WORD);
	add("host PCIe ECAM (high)", 0x4010000000ULL, WORD);
	add("past the guest's vpl011 page", GUEST_VPL011_END, WORD);
}

/*
 * Maps addr in stage 1: 2 MiB if the block is free, else the page. Mapped
 * already with the other type (the fetch target's block, say) serves as well:
 * either way the access reaches stage 2.
 */
static int map_for_probe(uint64_t addr, enum gk_mem_type type)
{
	int rc = gk_mmu_map(addr & ~(MIB(2) - 1), MIB(2), type);

	if (rc && rc != -EEXIST)
		rc = gk_mmu_map(addr & ~(PAGE - 1), PAGE, type);
	return rc == -EEXIST ? 0 : rc;
}

/* Runs fn(addr, value) expecting one synchronous exception; its record. */
struct probe_state probe_attempt(probe_fn fn, uint64_t addr, uint64_t value)
{
	struct probe_state s;

	probe_state.count = 0;
	probe_state.esr = probe_state.far = probe_state.elr = 0;
	probe_state.armed = 1;
	fn(addr, value);
	probe_state.armed = 0;
	s.count = probe_state.count;
	s.esr = probe_state.esr;
	s.far = probe_state.far;
	s.elr = probe_state.elr;
	return s;
}

static void diag(const char *what, const struct probe_state *s)
{
	if (s->count)
		tap_diag("%s: ESR 0x%llx FAR 0x%llx ELR 0x%llx", what, (unsigned long long)s->esr,
			 (unsigned long long)s->far, (unsigned long long)s->elr);
	else
		tap_diag("%s: no exception at all", what);
}

static bool data_abort(probe_fn fn, uint64_t addr, bool write)
{
	struct probe_state s = probe_attempt(fn, addr, WRITE_PATTERN);
	bool ok = s.count == 1 && ESR_EC(s.esr) == EC_DABT_CUR && (s.esr & 0x3f) == FSC_EXT_ABORT &&
		  !!(s.esr & ESR_WNR) == write && s.far == addr && s.elr == (uintptr_t)fn;

	if (!ok)
		diag(write ? "write" : "read", &s);
	return ok;
}

static bool insn_abort(uint64_t addr)
{
	struct probe_state s = probe_attempt(probe_exec, addr, 0);
	bool ok = s.count == 1 && ESR_EC(s.esr) == EC_IABT_CUR && (s.esr & 0x3f) == FSC_EXT_ABORT &&
		  s.far == addr && s.elr == addr;

	if (!ok)
		diag("fetch", &s);
	return ok;
}

/* Both directions of one kind of access fault as they should. */
static bool faults(uint64_t addr, enum kind kind)
{
	switch (kind) {
	case BYTE:
		return data_abort(probe_ldrb, addr + 1, false) &
		       data_abort(probe_strb, addr + 1, true);
	case PAIR:
		return data_abort(probe_ldp, addr, false) & data_abort(probe_stp, addr, true);
	case EXEC:
		return insn_abort(addr);
	default:
		return data_abort(probe_ldr, addr, false) & data_abort(probe_str, addr, true);
	}
}

static const char *const kind_says[] = {
	[WORD] = "read and write fault (EC 0x25, DFSC 0x10)",
	[BYTE] = "byte read and write fault (EC 0x25, DFSC 0x10)",
	[PAIR] = "ldp and stp fault (EC 0x25, DFSC 0x10)",
	[EXEC] = "fetch faults (EC 0x21, IFSC 0x10)",
};

static void run_target(const struct target *t)
{
	bool mapped = map_for_probe(t->addr, t->kind == EXEC ? GK_MEM_NORMAL : GK_MEM_DEVICE) == 0;

	if (!mapped)
		tap_diag("cannot map 0x%llx in stage 1", (unsigned long long)t->addr);
	tap_ok(mapped && faults(t->addr, t->kind), "%s 0x%llx: %s", t->what,
	       (unsigned long long)t->addr, kind_says[t->kind]);
}

struct sysreg_probe {
	const char *what;
	probe_fn fn;
};

static const struct sysreg_probe sysregs[] = {
	{"ICH_HCR_EL2 read", probe_mrs_ich_hcr},
	{"ICH_HCR_EL2 write", probe_msr_ich_hcr},
	{"ICH_VTR_EL2 read", probe_mrs_ich_vtr},
	{"ICH_VMCR_EL2 read", probe_mrs_ich_vmcr},
	{"ICH_LR0_EL2 read", probe_mrs_ich_lr0},
	{"ICH_LR0_EL2 write", probe_msr_ich_lr0},
	{"ICH_AP1R0_EL2 read", probe_mrs_ich_ap1r0},
	{"ICC_SRE_EL2 read", probe_mrs_icc_sre_el2},
	{"HCR_EL2 read", probe_mrs_hcr},
	{"VTTBR_EL2 read", probe_mrs_vttbr},
	{"VTTBR_EL2 write", probe_msr_vttbr},
	{"HVC #1", probe_hvc_bad},
};

#define NSYSREGS (sizeof(sysregs) / sizeof(sysregs[0]))

static void run_sysreg(const struct sysreg_probe *p)
{
	struct probe_state s = probe_attempt(p->fn, 0, 0);
	bool ok = s.count == 1 && ESR_EC(s.esr) == EC_UNKNOWN && s.elr == (uintptr_t)p->fn;

	if (!ok)
		diag(p->what, &s);
	tap_ok(ok, "%s from EL1: UNDEFINED (EC 0x00)", p->what);
}

#define NMISC 2

/* Traps the hypervisor answers without a fault: a refused SMC, set/way ops. */
static void run_misc(void)
{
	struct probe_state before = probe_state;
	uint64_t rc = trap_smc();

	tap_ok(rc == (uint64_t)-1 && probe_state.count == before.count,
	       "SMC refused with SMCCC NOT_SUPPORTED (x0 = %lld)", (long long)rc);
	trap_setway();
	tap_ok(probe_state.count == before.count, "DC ISW/CSW/CISW done without a fault");
}

/* Host RAM [lo, hi) in SWEEP_WINDOW windows, skipping the guest's own RAM. */
struct sweep {
	uint64_t lo, hi;
};

static bool own_ram(uint64_t addr)
{
	return addr >= ram_base && addr < ram_end;
}

static unsigned int sweep_windows(const struct sweep *sw)
{
	unsigned int n = 0;

	for (uint64_t w = sw->lo; w < sw->hi; w += SWEEP_WINDOW)
		n += !(own_ram(w) && own_ram(w + SWEEP_WINDOW - 1));
	return n;
}

static void run_window(uint64_t w)
{
	unsigned int probed = 0, bad = 0;

	for (uint64_t a = w; a < w + SWEEP_WINDOW; a += SWEEP_STEP) {
		if (own_ram(a))
			continue;
		probed++;
		if (map_for_probe(a, GK_MEM_DEVICE) || !faults(a, WORD)) {
			if (!bad++)
				tap_diag("host RAM 0x%llx does not fault", (unsigned long long)a);
		}
	}
	tap_ok(!bad,
	       "host RAM 0x%llx-0x%llx: %u addresses 2 MiB apart, every read and write faults",
	       (unsigned long long)w, (unsigned long long)(w + SWEEP_WINDOW), probed);
}

static void run_sweep(const struct sweep *sw)
{
	for (uint64_t w = sw->lo; w < sw->hi; w += SWEEP_WINDOW)
		if (!(own_ram(w) && own_ram(w + SWEEP_WINDOW - 1)))
			run_window(w);
}

static void read_sweep(struct sweep *sw)
{
	char buf[48], *comma;

	sw->lo = sw->hi = 0;
	if (!arg_str("host-ram", buf, sizeof(buf)) || !(comma = strchr(buf, ',')))
		return;
	*comma = '\0';
	sw->lo = strtoull(buf, NULL, 0) & ~(SWEEP_WINDOW - 1);
	sw->hi = sw->lo + strtoull(comma + 1, NULL, 0);
}

/* After it all, the hypervisor still serves the guest. */
static void check_still_standing(void)
{
	long version = HYPERVISOR_xen_version(XENVER_version, NULL);

	tap_ok(version > 0, "the hypervisor still answers hypercalls (version %ld.%ld)",
	       version >> 16, version & 0xffff);
}

/*
 * Sleeps ms milliseconds in WFI, so that other domains on this CPU run
 * between the groups of probes (and the hypervisor's block and wake-up on the
 * virtual timer is exercised under attack too).
 */
static volatile bool woken;

static void wake(void *arg)
{
	woken = true;
}

static void pause_ms(uint64_t ms)
{
	if (!ms)
		return;
	woken = false;
	gk_timer_set(gk_ns_now() + ms * 1000000, wake, NULL);
	while (!woken) {
		/* Masked while checking: an interrupt after the check still ends the WFI. */
		uint64_t flags = gk_irq_save();

		if (!woken)
			gk_wait_for_interrupt();
		gk_irq_restore(flags);
	}
}

/* Every probe, in groups with a pause before each, under probe_vectors. */
static void attack(const struct sweep *sw, uint64_t pause)
{
	__asm__ volatile("msr vbar_el1, %0\n\tisb" : : "r"(probe_vectors) : "memory");
	for (unsigned int i = 0; i < ntargets; i++) {
		if (i % PROBES_PER_PAUSE == 0)
			pause_ms(pause);
		run_target(&targets[i]);
	}
	pause_ms(pause);
	for (unsigned int i = 0; i < NSYSREGS; i++)
		run_sysreg(&sysregs[i]);
	run_misc();
	pause_ms(pause);
	hcall_probes_run(ram_base, ram_end);
	irq_probes_run();
	pause_ms(pause);
	run_sweep(sw);
	vgic_fuzz_run(); /* last: it leaves the guest's interrupts in ruins */
	__asm__ volatile("msr vbar_el1, %0\n\tisb" : : "r"(gk_vectors) : "memory");
}

int probes_run(void)
{
	uint64_t size;
	struct sweep sw;

	if (!guest_ram(&ram_base, &size)) {
		tap_plan(1);
		tap_ok(false, "a memory node in the device tree");
		return tap_done();
	}
	ram_end = ram_base + size;
	add_outside_ram();
	add_tarn();
	add_gic();
	add_devices();
	read_sweep(&sw);
	printf("hostile: RAM 0x%llx-0x%llx, GICv%d, %u vCPU(s)\n", (unsigned long long)ram_base,
	       (unsigned long long)ram_end, gk_gic_version(), gk_cpu_count());
	tap_plan(ntargets + (unsigned int)NSYSREGS + NMISC + hcall_probes_count() + irq_probes_count() +
		 sweep_windows(&sw) + vgic_fuzz_count() + 1);
	attack(&sw, arg_u64("pause-ms", 0));
	check_still_standing();
	return tap_done();
}
