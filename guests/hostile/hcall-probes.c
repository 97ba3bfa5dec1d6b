/*
 * Hypercall probes: the hypervisor as a confused deputy. Every pointer a
 * hypercall takes must be the caller's own RAM; these point elsewhere (host
 * RAM the guest maps in its own stage 1 but does not own, past the end of its
 * RAM, a page its stage 1 lacks, its emulated UART) or name another domain,
 * and each call must fail without touching anything. A write that got through
 * would show in the neighbour's checksum, a read in the console.
 *
 * One more is a trap for later: a runstate area registered at an address of
 * its own RAM that, in the neighbour's identity map, is the neighbour's
 * pattern. Once the hypervisor updates runstate areas at context switches, one
 * written with the wrong domain's translation loaded would change the
 * neighbour's checksum.
 */
#include <string.h>

#include <guestkit/guestkit.h>

#include "hostile.h"

#define MIB(n)		  ((uint64_t)(n) << 20)
#define HOST_RAM	  0x62000000ULL /* 512 MiB into host RAM: never the guest's own */
#define VPL011		  0x22000000ULL
#define NEIGHBOUR_PATTERN 0x40800000ULL /* inside the checksum guest's buffer */
#define OTHER_DOMAIN	  0		/* a dom0less domU is never domain 0 */

/* Where a probe's pointer goes. */
enum where {
	NOWHERE,  /* the call takes none that matters */
	AT,	  /* .ptr */
	RAM_END,  /* 8 bytes before the end of its RAM, so 16 cross it */
	UNMAPPED, /* 8 MiB past its RAM, which its stage 1 does not map */
};

struct hcall_probe {
	const char *what;
	long (*call)(uint64_t ptr);
	enum where where;
	uint64_t ptr;
	long want; /* 0 for "any error" */
};

static uint64_t ram_base, ram_end;

static long console_write(uint64_t ptr)
{
	return HYPERVISOR_console_io(CONSOLEIO_write, 16, (const char *)(uintptr_t)ptr);
}

static long version_extra(uint64_t ptr)
{
	return HYPERVISOR_xen_version(XENVER_extraversion, (void *)(uintptr_t)ptr);
}

static long version_features(uint64_t ptr)
{
	return HYPERVISOR_xen_version(XENVER_get_features, (void *)(uintptr_t)ptr);
}

static long shutdown_arg(uint64_t ptr)
{
	return HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)(uintptr_t)ptr);
}

static long reservation(uint64_t ptr)
{
	return HYPERVISOR_memory_op(XENMEM_current_reservation, (void *)(uintptr_t)ptr);
}

static long runstate_arg(uint64_t ptr)
{
	return HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, (void *)(uintptr_t)ptr);
}

/* vcpu_info moved to the page at ptr (a guest-physical address). */
static long vcpu_info_at(uint64_t ptr)
{
	struct vcpu_register_vcpu_info info = {.mfn = ptr >> 12, .offset = ptr & 0xfff};

	return HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &info);
}

static long other_param(uint64_t unused)
{
	struct xen_hvm_param p = {.domid = OTHER_DOMAIN, .index = HVM_PARAM_CONSOLE_PFN};

	return HYPERVISOR_hvm_op(HVMOP_get_param, &p);
}

static long other_reservation(uint64_t unused)
{
	domid_t id = OTHER_DOMAIN;

	return HYPERVISOR_memory_op(XENMEM_current_reservation, &id);
}

static const struct hcall_probe probes[] = {
	{"console_io write from host RAM it maps but does not own", console_write, AT, HOST_RAM,
	 -TARN_EFAULT},
	{"console_io write across the end of its RAM", console_write, RAM_END, 0, -TARN_EFAULT},
	{"console_io write from a page its stage 1 lacks", console_write, UNMAPPED, 0,
	 -TARN_EFAULT},
	{"console_io write from its vpl011 (not RAM)", console_write, AT, VPL011, -TARN_EFAULT},
	{"xen_version(extraversion) into host RAM", version_extra, AT, HOST_RAM, -TARN_EFAULT},
	{"xen_version(get_features) at host RAM", version_features, AT, HOST_RAM, -TARN_EFAULT},
	{"sched_op(shutdown) with its argument in host RAM", shutdown_arg, AT, HOST_RAM,
	 -TARN_EFAULT},
	{"memory_op(current_reservation) at host RAM", reservation, AT, HOST_RAM, -TARN_EFAULT},
	{"vcpu_op(register_runstate_memory_area) at host RAM", runstate_arg, AT, HOST_RAM,
	 -TARN_EFAULT},
	{"vcpu_op(register_vcpu_info) in host RAM", vcpu_info_at, AT, HOST_RAM, 0},
	/* Tarn: -EPERM; Xen, which has no domain 0 here: -ESRCH. Refused either way. */
	{"hvm_op(get_param) of domain 0", other_param, NOWHERE, 0, 0},
	{"memory_op(current_reservation) of domain 0", other_reservation, NOWHERE, 0, 0},
};

#define NPROBES (sizeof(probes) / sizeof(probes[0]))

static uint64_t resolve(const struct hcall_probe *p)
{
	switch (p->where) {
	case RAM_END:
		return ram_end - 8;
	case UNMAPPED:
		return ram_end + MIB(8);
	default:
		return p->ptr;
	}
}

static void run_one(const struct hcall_probe *p)
{
	uint64_t ptr = resolve(p);
	long rc = p->call(ptr);
	bool ok = p->want ? rc == p->want : rc < 0;

	if (p->where == NOWHERE)
		tap_ok(ok, "%s: %ld", p->what, rc);
	else
		tap_ok(ok, "%s (0x%llx): %ld", p->what, (unsigned long long)ptr, rc);
}

/* The trap for later (see the top); refused is fine too. */
static void plant_runstate(void)
{
	struct vcpu_register_runstate_memory_area area = {.addr.p = NEIGHBOUR_PATTERN};
	long rc = HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area);

	tap_diag("runstate area registered at 0x%llx (its own RAM; the neighbour's pattern in its "
		 "map): %ld",
		 (unsigned long long)NEIGHBOUR_PATTERN, rc);
}

unsigned int hcall_probes_count(void)
{
	return (unsigned int)NPROBES;
}

void hcall_probes_run(uint64_t base, uint64_t end)
{
	ram_base = base;
	ram_end = end;
	/* Normal in its own stage 1, so that only stage 2 can say no. */
	if (gk_mmu_map(HOST_RAM, MIB(2), GK_MEM_NORMAL))
		tap_diag("cannot map 0x%llx in stage 1", (unsigned long long)HOST_RAM);
	for (unsigned int i = 0; i < NPROBES; i++)
		run_one(&probes[i]);
	if (ram_base <= NEIGHBOUR_PATTERN && NEIGHBOUR_PATTERN < ram_end)
		plant_runstate();
}
