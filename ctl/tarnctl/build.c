/*
 * The domain builder (see build.h): checks first, then create, populate,
 * copy the kernel, write the device tree, set vCPU 0, apply the scheduler
 * settings, unpause. The device tree is written by the same code Tarn uses
 * for its boot-time domains (lib/guest-fdt.c), so a guest cannot tell how it
 * was made.
 */
#include "build.h"

#include <guestkit/gic.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <tarn/errno.h>
#include <tarn/xen.h>

#include "ctl/image.h"
#include "hv.h"
#include "lib/guest-fdt.h"

#define FDT_ROOM   (2ULL << 20) /* the top 2 MiB of RAM0 hold the tree */
#define FDT_MAX	   0x10000
#define PAGE_BYTES 4096ULL

static int fail(char *err, size_t errlen, int rc, const char *what)
{
	snprintf(err, errlen, "%s", what);
	return rc;
}

/* Checks that need no domain: the kernel fits, the memory is there. */
static int build_check(const struct domcfg *cfg, const void *image, size_t len,
		       struct image_info *img, char *err, size_t errlen)
{
	uint64_t mem = (uint64_t)cfg->memory_mib << 20;
	struct tarn_sysctl_physinfo pi;
	char why[160];
	int rc = image_check(image, len, mem - FDT_ROOM, img, why, sizeof(why));

	if (rc) {
		snprintf(err, errlen, "kernel %s: %s", cfg->kernel, why);
		return rc;
	}
	rc = (int)hv_physinfo(&pi);
	if (rc)
		return fail(err, errlen, rc, "cannot read the machine's memory (physinfo)");
	if (mem / PAGE_BYTES > pi.free_pages) {
		snprintf(err, errlen, "memory = %u MiB but only %llu MiB is free", cfg->memory_mib,
			 (unsigned long long)(pi.free_pages * PAGE_BYTES >> 20));
		return -TARN_ENOMEM;
	}
	return 0;
}

static int write_tree(uint32_t id, const struct domcfg *cfg, uint64_t at)
{
	struct guest_fdt_desc g = {
		.mem_base = GUEST_RAM0_BASE,
		.mem_size = (uint64_t)cfg->memory_mib << 20,
		.nvcpus = cfg->vcpus,
		.gic_version = (unsigned int)gk_gic_version(),
		.hypervisor_node = true,
		.bootargs = cfg->cmdline,
	};
	void *buf = calloc(1, FDT_MAX);
	int rc;

	if (!buf)
		return -TARN_ENOMEM;
	rc = guest_fdt_build(buf, FDT_MAX, &g);
	if (!rc)
		rc = (int)hv_copy_to(id, at, buf, fdt_totalsize(buf));
	free(buf);
	return rc;
}

/* The steps after create; the caller destroys the domain if one fails. */
static int build_fill(uint32_t id, const struct domcfg *cfg, const void *image, size_t len,
		      const struct image_info *img, char *err, size_t errlen)
{
	uint64_t mem = (uint64_t)cfg->memory_mib << 20;
	uint64_t entry = GUEST_RAM0_BASE + img->text_offset;
	uint64_t tree = GUEST_RAM0_BASE + mem - FDT_ROOM;
	int rc = (int)hv_populate(id, GUEST_RAM0_BASE, mem);

	if (rc)
		return fail(err, errlen, rc, "cannot give it its memory");
	rc = (int)hv_copy_to(id, entry, image, len);
	if (rc)
		return fail(err, errlen, rc, "cannot copy the kernel");
	rc = write_tree(id, cfg, tree);
	if (rc)
		return fail(err, errlen, rc, "cannot write its device tree");
	rc = (int)hv_vcpu_context(id, 0, entry, tree);
	if (rc)
		return fail(err, errlen, rc, "cannot set vCPU 0's entry");
	rc = (int)hv_credit_set(id, cfg->weight, cfg->cap);
	if (rc)
		return fail(err, errlen, rc, "cannot set its weight and cap");
	rc = (int)hv_unpause(id);
	if (rc)
		return fail(err, errlen, rc, "cannot start it");
	return 0;
}

int build_domain(const struct domcfg *cfg, const void *image, size_t len, uint32_t *domid,
		 char *err, size_t errlen)
{
	struct image_info img;
	uint32_t id;
	int rc = build_check(cfg, image, len, &img, err, errlen);

	if (rc)
		return rc;
	rc = (int)hv_create(cfg->name, cfg->vcpus, ((uint64_t)cfg->memory_mib << 20) / PAGE_BYTES,
			    &id);
	if (rc == -TARN_EEXIST)
		return fail(err, errlen, rc, "a domain with that name exists");
	if (rc)
		return fail(err, errlen, rc, "Tarn refused to create it");
	rc = build_fill(id, cfg, image, len, &img, err, errlen);
	if (rc) {
		hv_destroy(id);
		return rc;
	}
	*domid = id;
	return 0;
}
