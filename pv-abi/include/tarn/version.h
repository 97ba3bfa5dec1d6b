/*
 * xen_version(cmd, arg): what the hypervisor is and what it offers.
 *
 * Any domain may call every sub-op. arg points to the buffer named per op
 * (NULL where none); the call returns 0 or a value, or -EFAULT for a bad
 * buffer and -ENOSYS for an unknown cmd.
 */
#ifndef TARN_VERSION_H
#define TARN_VERSION_H

#include <stdint.h>

#include "tarn/xen.h"

/* arg NULL. Returns major << 16 | minor (Xen 4.17: 0x40011). */
#define XENVER_version 0

/* arg: char[16], the version's suffix (".0", "-rc"...), NUL-terminated. */
#define XENVER_extraversion  1
#define XEN_EXTRAVERSION_LEN 16

/* arg: struct xen_compile_info. */
#define XENVER_compile_info 2
struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
TARN_ABI_SIZE(struct xen_compile_info, 144);

/* arg: char[1024], the guest types supported ("xen-3.0-aarch64 ..."). */
#define XENVER_capabilities	  3
#define XEN_CAPABILITIES_INFO_LEN 1024

/* arg: char[64], the source revision. */
#define XENVER_changeset       4
#define XEN_CHANGESET_INFO_LEN 64

/* arg: struct xen_platform_parameters (virt_start; meaningless on Arm). */
#define XENVER_platform_parameters 5
struct xen_platform_parameters {
	xen_ulong_t virt_start;
};
TARN_ABI_SIZE(struct xen_platform_parameters, 8);

/*
 * arg: struct xen_feature_info. The guest fills submap_idx, the hypervisor
 * fills submap: bit n of submap idx i is feature 32 * i + n (XENFEAT_*).
 */
#define XENVER_get_features 6
struct xen_feature_info {
	uint32_t submap_idx;
	uint32_t submap;
};
TARN_ABI_SIZE(struct xen_feature_info, 8);
TARN_ABI_OFFSET(struct xen_feature_info, submap, 4);

/* arg NULL. Returns the page size in bytes (4096). */
#define XENVER_pagesize 7

/* arg: uint8_t[16], the domain's handle (UUID) as the toolstack set it. */
#define XENVER_guest_handle   8
#define XEN_DOMAIN_HANDLE_LEN 16

/* arg: char[1024], the hypervisor's command line. */
#define XENVER_commandline  9
#define XEN_COMMANDLINE_LEN 1024

/* arg: a build-id buffer; dom0 only. */
#define XENVER_build_id 10

/* ---- Feature bits (XENVER_get_features, submap 0) ------------------------ */

#define XENFEAT_writable_page_tables	  0
#define XENFEAT_auto_translated_physmap	  2 /* always on Arm: guests see IPAs */
#define XENFEAT_dom0			  11
#define XENFEAT_memory_op_vnode_supported 13
#define XENFEAT_ARM_SMCCC_supported	  14
#define XENFEAT_not_direct_mapped	  16
#define XENFEAT_direct_mapped		  17
#define XENFEAT_NR_SUBMAPS		  1

/* Submap 0 as Xen 4.17 on Arm reports it; Tarn reports the same. */
#define XENFEAT_ARM_DOMU_SUBMAP0                                                           \
	((1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_auto_translated_physmap) |  \
	 (1u << XENFEAT_memory_op_vnode_supported) | (1u << XENFEAT_ARM_SMCCC_supported) | \
	 (1u << XENFEAT_not_direct_mapped))
#define XENFEAT_ARM_DOM0_SUBMAP0                                                          \
	((1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_auto_translated_physmap) | \
	 (1u << XENFEAT_dom0) | (1u << XENFEAT_memory_op_vnode_supported) |               \
	 (1u << XENFEAT_ARM_SMCCC_supported) | (1u << XENFEAT_direct_mapped))
TARN_ABI_ASSERT(XENFEAT_ARM_DOMU_SUBMAP0 == 0x16005, "domU feature submap 0");
TARN_ABI_ASSERT(XENFEAT_ARM_DOM0_SUBMAP0 == 0x26805, "dom0 feature submap 0");

#endif /* TARN_VERSION_H */
