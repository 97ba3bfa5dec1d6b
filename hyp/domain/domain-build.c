/*
 * Building the domains the boot device tree describes, before any guest
 * runs: the control domain from the first top-level kernel module, then each
 * dom0less "xen,domain" node. A domain whose description is wrong (no kernel,
 * not an Image, too many vCPUs, more memory than is free...) is reported by
 * name and not created; the others still boot.
 *
 * Each guest gets Xen 4.17's memory map: RAM0 at 0x40000000, the kernel at
 * RAM0 + text_offset, its device tree in the top 2 MiB of RAM0, vCPU 0
 * entered at EL1h with the MMU off and x0 = the tree's address.
 */
#include "hyp/domain/domain-build.h"

#include <libfdt.h>

#include "arch/arm64/gic.h"
#include "arch/arm64/vcpu.h"
#include "hyp/console/console.h"
#include "hyp/domain/domain.h"
#include "lib/format.h"
#include "lib/guest-fdt.h"
#include "hyp/domain/passthrough.h"
#include "lib/string.h"
#include "arch/arm64/vdev/vpl011.h"
#include "mm/page-alloc.h"
#include "mm/zalloc.h"
#include "tarn/errno.h"
#include "tarn/xen.h"

#define IMAGE_MAGIC	    0x644d5241 /* "ARM\x64" */
#define GUEST_FDT_MAX	    0x10000
#define GUEST_FDT_ROOM	    MIB(2)
#define GUEST_MEM_MIN	    MIB(4)
#define CONTROL_DEFAULT_MEM MIB(128)

/* The arm64 Image header fields Tarn reads (offsets in the 64-byte header). */
#define IMAGE_HEADER_SIZE  64
#define IMAGE_TEXT_OFFSET  8
#define IMAGE_SIZE	   16
#define IMAGE_MAGIC_OFFSET 56

static uint64_t image_u64(const uint8_t *h, unsigned int off)
{
	uint64_t v;

	memcpy(&v, h + off, sizeof(v));
	return v;
}

struct build_req {
	const char *name;
	bool privileged;
	uint64_t mem;
	unsigned int cpus;
	bool vpl011;
	const struct boot_module *kernel;
};

static int refuse(const struct build_req *q, const char *why)
{
	printk("domain %s: %s; not created\n", q->name, why);
	return -TARN_EINVAL;
}

static int check_image(const struct build_req *q, uint64_t *entry_off)
{
	const uint8_t *h = pa_to_ptr(pa_init(q->kernel->base));
	uint64_t text_offset, image_size;

	if (q->kernel->size < IMAGE_HEADER_SIZE ||
	    (uint32_t)image_u64(h, IMAGE_MAGIC_OFFSET) != IMAGE_MAGIC)
		return refuse(q, "kernel module is not an arm64 Image (no ARM\\x64 magic)");
	text_offset = image_u64(h, IMAGE_TEXT_OFFSET);
	image_size = MAX(image_u64(h, IMAGE_SIZE), q->kernel->size);
	/*
	 * The header's fields are the module's word, any 64-bit value: compare
	 * them with what is left rather than add them, which can wrap.
	 * check_request() has made sure that q->mem > GUEST_FDT_ROOM.
	 */
	if (text_offset > q->mem - GUEST_FDT_ROOM ||
	    image_size > q->mem - GUEST_FDT_ROOM - text_offset) {
		char why[160];

		fmt_snprintf(
			why, sizeof(why),
			"kernel (%llu bytes, image_size %llu, text_offset %llu) does not fit in "
			"%llu KiB of RAM",
			(unsigned long long)q->kernel->size,
			(unsigned long long)image_u64(h, IMAGE_SIZE),
			(unsigned long long)text_offset, (unsigned long long)(q->mem >> 10));
		return refuse(q, why);
	}
	*entry_off = text_offset;
	return 0;
}

static int check_request(const struct build_req *q, uint64_t *entry_off)
{
	char why[96];

	if (!q->kernel)
		return refuse(q, "no kernel module (multiboot,kernel)");
	if (q->kernel->bad[0]) {
		fmt_snprintf(why, sizeof(why), "kernel module %s %s", q->kernel->node,
			     q->kernel->bad);
		return refuse(q, why);
	}
	if (q->cpus == 0 || q->cpus > DOMAIN_MAX_VCPUS) {
		fmt_snprintf(why, sizeof(why), "cpus = %u, Tarn allows 1 to %u", q->cpus,
			     DOMAIN_MAX_VCPUS);
		return refuse(q, why);
	}
	if (q->mem < GUEST_MEM_MIN || q->mem > GUEST_RAM0_SIZE || !IS_ALIGNED(q->mem, MIB(2))) {
		fmt_snprintf(why, sizeof(why),
			     "memory = %llu KiB, must be a multiple of 2 MiB from 4 MiB to 3 GiB",
			     (unsigned long long)(q->mem >> 10));
		return refuse(q, why);
	}
	if ((q->mem >> PAGE_SHIFT) > page_alloc_free_pages()) {
		fmt_snprintf(why, sizeof(why), "wants %llu MiB but only %llu MiB is free",
			     (unsigned long long)(q->mem >> 20),
			     (unsigned long long)(page_alloc_free_pages() >> 8));
		return refuse(q, why);
	}
	return check_image(q, entry_off);
}

/* Copy len bytes into d's RAM at ipa, page by page through its stage 2. */
static int copy_to_domain(struct domain *d, uint64_t ipa, const void *src, uint64_t len)
{
	const uint8_t *s = src;

	while (len) {
		uint64_t chunk = MIN(len, PAGE_SIZE - (ipa & PAGE_MASK));
		paddr_t pa;

		if (!domain_ipa_to_pa(d, ipa, &pa))
			return -TARN_EFAULT;
		memcpy(pa_to_ptr(pa), s, chunk);
		s += chunk;
		ipa += chunk;
		len -= chunk;
	}
	return 0;
}

static int write_fdt(struct domain *d, const struct build_req *q)
{
	struct guest_fdt_desc g = {
		.mem_base = GUEST_RAM0_BASE,
		.mem_size = q->mem,
		.nvcpus = q->cpus,
		.gic_version = gic_version(),
		.vpl011 = q->vpl011,
		.hypervisor_node = true,
		.bootargs = q->kernel->bootargs,
	};
	void *buf = zalloc(GUEST_FDT_MAX);
	int rc;

	if (!buf)
		return -TARN_ENOMEM;
	rc = q->privileged ? passthrough_assign(d, &g) : 0;
	if (!rc)
		rc = guest_fdt_build(buf, GUEST_FDT_MAX, &g);
	d->dtb_ipa = GUEST_RAM0_BASE + q->mem - GUEST_FDT_ROOM;
	if (!rc)
		rc = copy_to_domain(d, d->dtb_ipa, buf, fdt_totalsize(buf));
	zfree(buf, GUEST_FDT_MAX);
	return rc;
}

static int build(const struct build_req *q)
{
	struct domain *d;
	uint64_t entry_off;
	int rc = check_request(q, &entry_off);

	if (rc)
		return rc;
	rc = domain_create(q->name, q->privileged, q->cpus, q->mem >> PAGE_SHIFT, &d);
	if (rc)
		return refuse(q, rc == -TARN_ENOMEM ? "out of memory" : "cannot create it");
	d->entry_ipa = GUEST_RAM0_BASE + entry_off;
	rc = domain_populate(d, GUEST_RAM0_BASE, q->mem);
	if (!rc)
		rc = copy_to_domain(d, d->entry_ipa, pa_to_ptr(pa_init(q->kernel->base)),
				    q->kernel->size);
	if (!rc)
		rc = write_fdt(d, q);
	if (!rc && q->vpl011)
		rc = vpl011_init(d);
	if (rc) {
		domain_destroy(d);
		return refuse(q, rc == -TARN_ENOMEM ? "out of memory" : "building it failed");
	}
	arch_vcpu_reset(d->vcpus[0], d->entry_ipa, d->dtb_ipa);
	printk("domain %u (%s): %u vCPU%s, %llu MiB, kernel %llu bytes%s%s\n", d->id, d->name,
	       q->cpus, q->cpus == 1 ? "" : "s", (unsigned long long)(q->mem >> 20),
	       (unsigned long long)q->kernel->size, q->privileged ? ", control domain" : "",
	       q->vpl011 ? ", vpl011" : "");
	domain_unpause(d);
	return 0;
}

static const struct boot_module *control_kernel(const struct bootinfo *bi)
{
	for (unsigned int i = 0; i < bi->nmodules; i++)
		if (!bi->modules[i].domain[0] && bi->modules[i].kind == MODULE_KERNEL)
			return &bi->modules[i];
	return NULL;
}

/* "key=<size>[KMG]" in Tarn's command line, or dflt. */
static uint64_t bootarg_size(const char *args, const char *key, uint64_t dflt)
{
	const char *p = args;
	size_t klen = strlen(key);

	for (; (p = strstr(p, key)) != NULL; p += klen) {
		char *end;
		uint64_t v;

		if (p != args && p[-1] != ' ')
			continue;
		v = strtoul(p + klen, &end, 0);
		if (*end == 'K' || *end == 'k')
			v <<= 10;
		else if (*end == 'M' || *end == 'm')
			v <<= 20;
		else if (*end == 'G' || *end == 'g')
			v <<= 30;
		return v;
	}
	return dflt;
}

unsigned int domains_build_boot(const struct bootinfo *bi)
{
	const struct boot_module *k = control_kernel(bi);
	unsigned int built = 0;

	if (k) {
		struct build_req q = {
			.name = "control",
			.privileged = true,
			.mem = bootarg_size(bi->bootargs, "dom0_mem=", CONTROL_DEFAULT_MEM),
			.cpus = (unsigned int)bootarg_size(bi->bootargs, "dom0_max_vcpus=", 1),
			.kernel = k,
		};

		built += build(&q) == 0;
	}
	for (unsigned int i = 0; i < bi->ndomains; i++) {
		const struct boot_domain *bd = &bi->domains[i];
		struct build_req q = {
			.name = bd->name,
			.mem = bd->memory_kib << 10,
			.cpus = bd->cpus,
			.vpl011 = bd->vpl011,
			.kernel = bd->kernel >= 0 ? &bi->modules[bd->kernel] : NULL,
		};

		if (bd->nkernels > 1)
			refuse(&q, "more than one kernel module");
		else
			built += build(&q) == 0;
	}
	return built;
}
