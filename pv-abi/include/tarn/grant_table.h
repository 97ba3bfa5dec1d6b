/*
 * grant_table_op(cmd, arg, count): sharing pages between domains.
 *
 * arg points to an array of count structs of the op's type. cmd bits [11:0]
 * are the op; the upper bits carry the progress of a preempted call and must
 * be 0 from guests. Arm has grant tables v1 only (set_version(2): -ENOSYS).
 * Per-entry failures are reported in each struct's status (GNTST_*); the call
 * itself returns 0, or -EFAULT / -EINVAL / -ENOSYS when it cannot run at all.
 * A domain grants access by writing struct grant_entry_v1 into its own table
 * (no hypercall); refs 0..7 are reserved (0 console, 1 xenstore).
 */
#ifndef TARN_GRANT_TABLE_H
#define TARN_GRANT_TABLE_H

#include <stdint.h>

#include "tarn/xen.h"

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

#define GNTTABOP_CONTINUATION_ARG_SHIFT 12
#define GNTTABOP_CMD_MASK		((1u << GNTTABOP_CONTINUATION_ARG_SHIFT) - 1)

/* struct gnttab_map_grant_ref: map another domain's granted page. */
#define GNTTABOP_map_grant_ref 0
/* struct gnttab_unmap_grant_ref: undo a map by its handle. */
#define GNTTABOP_unmap_grant_ref 1
/* struct gnttab_setup_table: list the table's frames (not used on Arm). */
#define GNTTABOP_setup_table 2
/* Log a domain's grant table on the hypervisor console (debug). */
#define GNTTABOP_dump_table 3
/* Page transfer (not supported on Arm). */
#define GNTTABOP_transfer 4
/* struct gnttab_copy: copy bytes between granted pages and/or own frames. */
#define GNTTABOP_copy 5
/* struct gnttab_query_size: the table's current and maximum frames. */
#define GNTTABOP_query_size	   6
#define GNTTABOP_unmap_and_replace 7
/* struct gnttab_set_version: 1 is the only version on Arm. */
#define GNTTABOP_set_version	   8
#define GNTTABOP_get_status_frames 9
/* struct gnttab_get_version. */
#define GNTTABOP_get_version	10
#define GNTTABOP_swap_grant_ref 11
#define GNTTABOP_cache_flush	12

#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE	   0
#define GNTTAB_RESERVED_XENSTORE   1

/* One entry of the (v1) grant table: 512 per 4 KiB frame. */
struct grant_entry_v1 {
	uint16_t flags; /* GTF_*; write it last, after domid and frame */
	domid_t domid;	/* who may use the grant */
	uint32_t frame; /* the granted gpfn */
};
TARN_ABI_SIZE(struct grant_entry_v1, 8);
TARN_ABI_OFFSET(struct grant_entry_v1, domid, 2);
TARN_ABI_OFFSET(struct grant_entry_v1, frame, 4);

#define GTF_invalid	    0
#define GTF_permit_access   1
#define GTF_accept_transfer 2
#define GTF_transitive	    3
#define GTF_type_mask	    3
#define GTF_readonly	    (1u << 2) /* the grantee may only read */
#define GTF_reading	    (1u << 3) /* set by the hypervisor while mapped / copied from */
#define GTF_writing	    (1u << 4) /* set by the hypervisor while mapped writable */
#define GTF_sub_page	    (1u << 8)

/* On Arm a map must be exactly GNTMAP_host_map, optionally | GNTMAP_readonly. */
#define GNTMAP_device_map      (1u << 0)
#define GNTMAP_host_map	       (1u << 1)
#define GNTMAP_readonly	       (1u << 2)
#define GNTMAP_application_map (1u << 3)
#define GNTMAP_contains_pte    (1u << 4)

#define GNTST_okay		(0)
#define GNTST_general_error	(-1)
#define GNTST_bad_domain	(-2)
#define GNTST_bad_gntref	(-3)
#define GNTST_bad_handle	(-4)
#define GNTST_bad_virt_addr	(-5)
#define GNTST_bad_dev_addr	(-6)
#define GNTST_no_device_space	(-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page		(-9)
#define GNTST_bad_copy_arg	(-10)
#define GNTST_address_too_big	(-11)
#define GNTST_eagain		(-12)
#define GNTST_no_space		(-13)

struct gnttab_map_grant_ref {
	uint64_t host_addr;    /* IN: on Arm, the guest *physical* address to map at */
	uint32_t flags;	       /* IN: GNTMAP_* */
	grant_ref_t ref;       /* IN */
	domid_t dom;	       /* IN: the granting domain */
	int16_t status;	       /* OUT: GNTST_* */
	grant_handle_t handle; /* OUT */
	uint64_t dev_bus_addr; /* OUT */
};
TARN_ABI_SIZE(struct gnttab_map_grant_ref, 32);
TARN_ABI_OFFSET(struct gnttab_map_grant_ref, flags, 8);
TARN_ABI_OFFSET(struct gnttab_map_grant_ref, ref, 12);
TARN_ABI_OFFSET(struct gnttab_map_grant_ref, dom, 16);
TARN_ABI_OFFSET(struct gnttab_map_grant_ref, status, 18);
TARN_ABI_OFFSET(struct gnttab_map_grant_ref, handle, 20);
TARN_ABI_OFFSET(struct gnttab_map_grant_ref, dev_bus_addr, 24);

struct gnttab_unmap_grant_ref {
	uint64_t host_addr;
	uint64_t dev_bus_addr;
	grant_handle_t handle;
	int16_t status; /* OUT: GNTST_* */
};
TARN_ABI_SIZE(struct gnttab_unmap_grant_ref, 24);
TARN_ABI_OFFSET(struct gnttab_unmap_grant_ref, handle, 16);
TARN_ABI_OFFSET(struct gnttab_unmap_grant_ref, status, 20);

struct gnttab_setup_table {
	domid_t dom;
	uint32_t nr_frames;
	int16_t status;				/* OUT: GNTST_* */
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT */
};
TARN_ABI_SIZE(struct gnttab_setup_table, 24);
TARN_ABI_OFFSET(struct gnttab_setup_table, nr_frames, 4);
TARN_ABI_OFFSET(struct gnttab_setup_table, status, 8);
TARN_ABI_OFFSET(struct gnttab_setup_table, frame_list, 16);

struct gnttab_query_size {
	domid_t dom;		/* IN */
	uint32_t nr_frames;	/* OUT */
	uint32_t max_nr_frames; /* OUT */
	int16_t status;		/* OUT: GNTST_* */
};
TARN_ABI_SIZE(struct gnttab_query_size, 16);
TARN_ABI_OFFSET(struct gnttab_query_size, nr_frames, 4);
TARN_ABI_OFFSET(struct gnttab_query_size, max_nr_frames, 8);
TARN_ABI_OFFSET(struct gnttab_query_size, status, 12);

/* gnttab_copy.flags: which side is named by a grant ref rather than a gmfn. */
#define GNTCOPY_source_gref (1u << 0)
#define GNTCOPY_dest_gref   (1u << 1)

struct gnttab_copy_ptr {
	union {
		grant_ref_t ref;
		xen_pfn_t gmfn;
	} u;
	domid_t domid;
	uint16_t offset; /* inside the page */
};
TARN_ABI_SIZE(struct gnttab_copy_ptr, 16);
TARN_ABI_OFFSET(struct gnttab_copy_ptr, domid, 8);
TARN_ABI_OFFSET(struct gnttab_copy_ptr, offset, 10);

struct gnttab_copy {
	struct gnttab_copy_ptr source;
	struct gnttab_copy_ptr dest;
	uint16_t len;	/* bytes; source and dest must not cross a page */
	uint16_t flags; /* GNTCOPY_* */
	int16_t status; /* OUT: GNTST_* */
};
TARN_ABI_SIZE(struct gnttab_copy, 40);
TARN_ABI_OFFSET(struct gnttab_copy, dest, 16);
TARN_ABI_OFFSET(struct gnttab_copy, len, 32);
TARN_ABI_OFFSET(struct gnttab_copy, flags, 34);
TARN_ABI_OFFSET(struct gnttab_copy, status, 36);

struct gnttab_set_version {
	uint32_t version; /* IN: 1; OUT: the version in force */
};
TARN_ABI_SIZE(struct gnttab_set_version, 4);

struct gnttab_get_version {
	domid_t dom;
	uint16_t pad;
	uint32_t version; /* OUT */
};
TARN_ABI_SIZE(struct gnttab_get_version, 8);

#endif /* TARN_GRANT_TABLE_H */
