/*
 * The guest ABI's foundation: calling convention, hypercall numbers, basic
 * types, domain ids, console_io, shutdown reasons, the shared_info page and
 * the arm64 guest memory map.
 *
 * Tarn serves Xen on Arm's guest ABI (Xen 4.17, interface version 0x00040e00)
 * number for number and byte for byte, so a guest built against these headers
 * runs unchanged on Xen and on Tarn. The headers are Tarn's own, written from
 * the facts in shared/xen-arm-abi.md; no code is taken from Xen.
 *
 * Naming. An identifier that Xen's public headers define is spelt as Xen spells
 * it (__HYPERVISOR_xen_version, XENVER_version, SCHEDOP_yield, struct
 * shared_info, domid_t, GUEST_RAM0_BASE...), so the values can be checked
 * against Xen's documentation by name. What Tarn adds carries a TARN_ prefix
 * (TARN_ABI_ASSERT, TARN_XEN_INTERFACE_VERSION). PSCI names are PSCI_FN_* and
 * PSCI_RET_* (tarn/psci.h). Include guards are TARN_<FILE>_H.
 *
 * Calling convention (arm64):
 *   - `hvc #0xEA1` (XEN_HYPERCALL_TAG) with the hypercall number in x16 and up
 *     to five arguments in x0..x4. Any other HVC immediate is not a hypercall:
 *     `hvc #0` is SMCCC/PSCI, the rest are refused with an UNDEF.
 *   - The result comes back in x0 (a signed long): >= 0 on success, a negative
 *     errno (tarn/errno.h) on failure. An unknown number gives -ENOSYS.
 *   - The hypervisor may clobber x16 and the argument registers the call uses
 *     (x1..x4, beyond x0); a debug Xen really writes 0xDEADBEEF there. All other
 *     registers, including the FP/SIMD ones, are preserved.
 *   - Pointer arguments are guest *virtual* addresses, translated through the
 *     guest's current stage-1 tables (so the MMU may be on or off). Frame
 *     numbers (gpfn, gfn, mfn) are IPA >> 12, always in 4 KiB frames.
 *   - Everything shared with the hypervisor (arguments, rings, shared_info,
 *     granted pages) must be mapped Normal, Inner Write-Back, Inner Shareable.
 *   - Structures are little-endian with AAPCS64 layout; a guest handle is an
 *     8-byte, 8-aligned field whatever the pointer size.
 *   - Long operations may be preempted: the hypervisor rewinds the guest's PC
 *     to the `hvc` with updated arguments, so the call simply takes longer.
 *
 * This header includes only <stdint.h>.
 */
#ifndef TARN_XEN_H
#define TARN_XEN_H

#include <stdint.h>

/* The Xen interface version whose layouts these headers reproduce. */
#define TARN_XEN_INTERFACE_VERSION 0x00040e00

/*
 * Compile-time checks of the layouts below. C99 has no _Static_assert, but
 * GCC and clang accept it there as an extension.
 */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define TARN_ABI_ASSERT(cond, msg) _Static_assert(cond, msg)
#else
#define TARN_ABI_ASSERT(cond, msg) __extension__ _Static_assert(cond, msg)
#endif
#define TARN_ABI_SIZE(type, size) TARN_ABI_ASSERT(sizeof(type) == (size), "sizeof " #type)
#define TARN_ABI_OFFSET(type, field, off) \
	TARN_ABI_ASSERT(__builtin_offsetof(type, field) == (off), "offset of " #type "." #field)

/* ---- Trap ---------------------------------------------------------------- */

#define XEN_HYPERCALL_TAG 0xEA1

/* ---- Basic types --------------------------------------------------------- */

typedef uint16_t domid_t;
typedef uint64_t xen_ulong_t;
typedef uint64_t xen_pfn_t; /* a 4 KiB frame number: IPA >> 12 */

/*
 * A guest handle: a pointer to guest memory, 8 bytes whatever the guest's
 * pointer size. Guests set it with set_xen_guest_handle(); the hypervisor
 * reads .q, a guest virtual address.
 */
#define XEN_GUEST_HANDLE(type)                                            \
	union {                                                           \
		type *p; /* NOLINT(bugprone-macro-parentheses): a type */ \
		uint64_t q;                                               \
	}
#define set_xen_guest_handle(h, ptr) ((h).q = (uint64_t)(uintptr_t)(ptr))

/* ---- Hypercall numbers (x16) --------------------------------------------- */
/* Those not listed, and 6, 16 and 19 (deprecated), return -ENOSYS on Arm. */

#define __HYPERVISOR_platform_op      7	 /* dom0 only */
#define __HYPERVISOR_memory_op	      12 /* tarn/memory.h */
#define __HYPERVISOR_multicall	      13 /* struct multicall_entry[] */
#define __HYPERVISOR_xen_version      17 /* tarn/version.h */
#define __HYPERVISOR_console_io	      18 /* CONSOLEIO_* below */
#define __HYPERVISOR_grant_table_op   20 /* tarn/grant_table.h */
#define __HYPERVISOR_vm_assist	      21 /* VMASST_* below */
#define __HYPERVISOR_vcpu_op	      24 /* tarn/vcpu.h; only VCPUOP 5 and 10 */
#define __HYPERVISOR_xsm_op	      27
#define __HYPERVISOR_sched_op	      29 /* tarn/sched.h */
#define __HYPERVISOR_event_channel_op 32 /* tarn/event_channel.h */
#define __HYPERVISOR_physdev_op	      33 /* only PCI device add 25 / remove 26 */
#define __HYPERVISOR_hvm_op	      34 /* tarn/hvm.h; only get/set_param */
#define __HYPERVISOR_sysctl	      35 /* control domain only */
#define __HYPERVISOR_domctl	      36 /* control domain only */
#define __HYPERVISOR_argo_op	      39
#define __HYPERVISOR_dm_op	      41
#define __HYPERVISOR_hypfs_op	      42

/* ---- Domain ids ---------------------------------------------------------- */

#define DOMID_SELF    ((domid_t)0x7FF0) /* the calling domain */
#define DOMID_IO      ((domid_t)0x7FF1)
#define DOMID_XEN     ((domid_t)0x7FF2)
#define DOMID_INVALID ((domid_t)0x7FF4)

/* ---- console_io(cmd, count, buffer) -------------------------------------- */

/*
 * CONSOLEIO_write: print count bytes from buffer on the hypervisor's console,
 * prefixed per line with the domain ("(d1) "). Returns 0, -EFAULT on a bad
 * buffer, -EPERM for a domain that may not use it. Allowed for the control
 * domain and for boot-time (dom0less) domains; Xen refuses toolstack-created
 * domUs unless built with verbose debugging.
 */
#define CONSOLEIO_write 0
/*
 * CONSOLEIO_read: copy up to count pending input bytes into buffer; returns
 * how many. Same permission as write; only the domain owning the console input
 * gets any bytes.
 */
#define CONSOLEIO_read 1

/* ---- Shutdown reasons (sched_op SCHEDOP_shutdown, struct sched_shutdown) - */

#define SHUTDOWN_poweroff   0 /* the domain is done: destroy it */
#define SHUTDOWN_reboot	    1 /* destroy and start it again */
#define SHUTDOWN_suspend    2 /* save state (unsupported on Arm) */
#define SHUTDOWN_crash	    3 /* the domain failed; run its on_crash action */
#define SHUTDOWN_watchdog   4 /* the watchdog expired */
#define SHUTDOWN_soft_reset 5

/* ---- vm_assist(cmd, type) ------------------------------------------------ */

#define VMASST_CMD_enable  0
#define VMASST_CMD_disable 1
/* Runstate areas get an "update in progress" flag; the only type on Arm. */
#define VMASST_TYPE_runstate_update_flag 5

/* ---- Virtual IRQs (event_channel_op EVTCHNOP_bind_virq) ------------------ */

#define VIRQ_TIMER   0
#define VIRQ_DEBUG   1
#define VIRQ_CONSOLE 2 /* console input for the control domain */
#define VIRQ_ARGO    11

/* ---- multicall(entries, count) ------------------------------------------- */

struct multicall_entry {
	xen_ulong_t op;	    /* hypercall number */
	xen_ulong_t result; /* OUT: its return value */
	xen_ulong_t args[6];
};
TARN_ABI_SIZE(struct multicall_entry, 64);
TARN_ABI_OFFSET(struct multicall_entry, result, 8);
TARN_ABI_OFFSET(struct multicall_entry, args, 16);

/* ---- The shared_info page and per-vCPU vcpu_info ------------------------- */

/* Unused on Arm (guests use the generic timer), kept for the layout. */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad1[2];
};
TARN_ABI_SIZE(struct vcpu_time_info, 32);
TARN_ABI_OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24);
TARN_ABI_OFFSET(struct vcpu_time_info, tsc_shift, 28);
TARN_ABI_OFFSET(struct vcpu_time_info, flags, 29);

/*
 * Per-vCPU event state. Xen's arch_vcpu_info is empty on Arm (size 0 in GNU
 * C), so it is left out here: ISO C has no empty structs.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;	/* set by the hypervisor, cleared by the guest */
	uint8_t pad0;			/* Linux calls it evtchn_upcall_mask; unused on Arm */
	xen_ulong_t evtchn_pending_sel; /* bit w: word w of evtchn_pending has news */
	struct vcpu_time_info time;
};
TARN_ABI_SIZE(struct vcpu_info, 48);
TARN_ABI_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
TARN_ABI_OFFSET(struct vcpu_info, time, 16);

#define XEN_LEGACY_MAX_VCPUS 1 /* vcpu_info slots inside shared_info on Arm */

/*
 * The page mapped with memory_op(XENMEM_add_to_physmap, XENMAPSPACE_shared_info).
 * 2-level event channels: port p is bit p % 64 of word p / 64 of evtchn_pending
 * and evtchn_mask (4096 ports; port 0 is never valid). The wallclock wc_* is
 * the time of the hypervisor's "system time 0"; read it under wc_version, which
 * is odd while an update is in progress. arch_shared_info is empty on Arm.
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	xen_ulong_t evtchn_pending[64];
	xen_ulong_t evtchn_mask[64];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi; /* upper 32 bits of the seconds */
};
TARN_ABI_SIZE(struct shared_info, 1088);
TARN_ABI_OFFSET(struct shared_info, evtchn_pending, 48);
TARN_ABI_OFFSET(struct shared_info, evtchn_mask, 560);
TARN_ABI_OFFSET(struct shared_info, wc_version, 1072);
TARN_ABI_OFFSET(struct shared_info, wc_sec, 1076);
TARN_ABI_OFFSET(struct shared_info, wc_nsec, 1080);
TARN_ABI_OFFSET(struct shared_info, wc_sec_hi, 1084);

#define EVTCHN_2L_NR_CHANNELS 4096

/* ---- arm64 guest memory map ---------------------------------------------- */
/*
 * Where Xen's toolstack and Tarn's domain builder put things. Not ABI in the
 * strict sense: a guest should read its device tree, which describes them.
 */

#define GUEST_VIRTIO_MMIO_BASE 0x02000000ULL /* 1 MiB, SPIs 33..43 */
#define GUEST_VIRTIO_MMIO_SIZE 0x00100000ULL

#define GUEST_GICD_BASE		 0x03001000ULL /* GICv2 distributor, 4 KiB */
#define GUEST_GICD_SIZE		 0x00001000ULL
#define GUEST_GICC_BASE		 0x03002000ULL /* GICv2 CPU interface, 8 KiB */
#define GUEST_GICC_SIZE		 0x00002000ULL
#define GUEST_GICV3_GICD_BASE	 0x03001000ULL /* GICv3 distributor, 64 KiB */
#define GUEST_GICV3_GICD_SIZE	 0x00010000ULL
#define GUEST_GICV3_GICR0_BASE	 0x03020000ULL /* redistributors: 128 KiB per vCPU */
#define GUEST_GICV3_GICR0_SIZE	 0x01000000ULL
#define GUEST_GICV3_RDIST_STRIDE 0x20000ULL

#define GUEST_VPCI_ECAM_BASE 0x10000000ULL
#define GUEST_VPCI_ECAM_SIZE 0x10000000ULL
#define GUEST_ACPI_BASE	     0x20000000ULL
#define GUEST_ACPI_SIZE	     0x02000000ULL

#define GUEST_PL011_BASE 0x22000000ULL /* vpl011 (SBSA UART), 4 KiB */
#define GUEST_PL011_SIZE 0x00001000ULL

#define GUEST_VPCI_MEM_BASE	     0x23000000ULL
#define GUEST_VPCI_MEM_SIZE	     0x10000000ULL
#define GUEST_VPCI_PREFETCH_MEM_BASE 0x100000000ULL
#define GUEST_VPCI_PREFETCH_MEM_SIZE 0x100000000ULL

#define GUEST_GNTTAB_BASE 0x38000000ULL /* grant-table window (/hypervisor reg[0]) */
#define GUEST_GNTTAB_SIZE 0x01000000ULL
#define GUEST_MAGIC_BASE  0x39000000ULL /* magic pages: console, xenstore, ... */
#define GUEST_MAGIC_SIZE  0x01000000ULL
/* Page offsets inside the magic area, as Xen's toolstack lays them out. */
#define GUEST_MAGIC_CONSOLE_PAGE   0
#define GUEST_MAGIC_XENSTORE_PAGE  1
#define GUEST_MAGIC_MEMACCESS_PAGE 2
#define GUEST_MAGIC_VUART_PAGE	   3

#define GUEST_RAM0_BASE 0x40000000ULL /* up to 3 GiB */
#define GUEST_RAM0_SIZE 0xC0000000ULL
#define GUEST_RAM1_BASE 0x0200000000ULL /* up to 1016 GiB */
#define GUEST_RAM1_SIZE 0xFE00000000ULL

/* Interrupts (GIC INTIDs). */
#define GUEST_TIMER_VIRT_PPI	27
#define GUEST_TIMER_PHYS_S_PPI	29
#define GUEST_TIMER_PHYS_NS_PPI 30
#define GUEST_EVTCHN_PPI	31 /* event upcall, level-low */
#define GUEST_VPL011_SPI	32 /* vpl011, level-high */

#define GUEST_MAX_VCPUS	  128
#define GUEST_PHANDLE_GIC 65000 /* the GIC's phandle in a generated guest tree */

/*
 * The value of HVM_PARAM_CALLBACK_IRQ on Arm: delivery type PPI (2) at
 * [63:56], flags level-low (2) at [15:8], INTID 31 in the low byte.
 */
#define XEN_ARM_CALLBACK_IRQ_VALUE 0x020000000000021FULL

#endif /* TARN_XEN_H */
