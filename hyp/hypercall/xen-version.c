/*
 * xen_version (hypercall 17): the Xen interface Tarn implements (4.17), its
 * extra version and changeset strings, the page size, and the feature bits
 * Xen on Arm reports (docs/xen-abi.md).
 */
#include "arch/arm64/guestcopy.h"
#include "hyp/domain/domain.h"
#include "hyp/hypercall/hypercall.h"
#include "lib/string.h"
#include "tarn/errno.h"
#include "tarn/version.h"
#include "tarn/xen.h"

/* The Xen interface Tarn implements: 4.17. */
#define TARN_XEN_MAJOR 4
#define TARN_XEN_MINOR 17

static long version_copy_string(uint64_t arg, const char *s, size_t len)
{
	char buf[XEN_CHANGESET_INFO_LEN] = {0};

	strlcpy(buf, s, len);
	return copy_to_guest(arg, buf, len);
}

long do_xen_version(struct vcpu *v, const uint64_t *args)
{
	struct xen_feature_info fi;

	switch (args[0]) {
	case XENVER_version:
		return (TARN_XEN_MAJOR << 16) | TARN_XEN_MINOR;
	case XENVER_extraversion:
		return version_copy_string(args[1], "-tarn", XEN_EXTRAVERSION_LEN);
	case XENVER_changeset:
		return version_copy_string(args[1], "tarn", XEN_CHANGESET_INFO_LEN);
	case XENVER_pagesize:
		return PAGE_SIZE;
	case XENVER_get_features:
		if (copy_from_guest(&fi, args[1], sizeof(fi)))
			return -TARN_EFAULT;
		fi.submap = 0;
		if (fi.submap_idx == 0)
			fi.submap = v->domain->privileged ? XENFEAT_ARM_DOM0_SUBMAP0
							  : XENFEAT_ARM_DOMU_SUBMAP0;
		return copy_to_guest(args[1], &fi, sizeof(fi));
	default:
		return -TARN_ENOSYS;
	}
}
