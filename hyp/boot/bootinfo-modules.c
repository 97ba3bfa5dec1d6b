/*
 * What U-Boot loaded: the /chosen modules of Xen's multiboot binding, at the
 * top level (the control domain's kernel first) and inside dom0less
 * "xen,domain" nodes, each checked to lie in RAM and to overlap nothing
 * else; a bad module spoils only itself and its domain.
 */
#include "hyp/boot/bootinfo-internal.h"

#include "lib/format.h"
#include "lib/string.h"
#include "tarn/errno.h"

static enum boot_module_kind module_kind(const void *fdt, int node)
{
	if (!fdt_node_check_compatible(fdt, node, "multiboot,kernel"))
		return MODULE_KERNEL;
	if (!fdt_node_check_compatible(fdt, node, "multiboot,ramdisk"))
		return MODULE_RAMDISK;
	if (!fdt_node_check_compatible(fdt, node, "multiboot,device-tree"))
		return MODULE_DTB;
	return MODULE_OTHER;
}

bool bootinfo_in_ram(const struct bootinfo *bi, uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi->nbanks; i++) {
		const struct mem_range *b = &bi->banks[i];

		if (base >= b->base && size <= b->size && base - b->base <= b->size - size)
			return true;
	}
	return false;
}

static void module_name(const struct boot_module *m, char *buf, size_t len)
{
	fmt_snprintf(buf, len, "%s%s%s", m->domain, m->domain[0] ? "/" : "", m->node);
}

/*
 * A module outside RAM means the tree is wrong: fatal. A module that overlaps
 * another (or the tree) was overwritten when the later one was loaded: both
 * are marked bad, which only stops the domains that use them.
 */
static int check_module(struct ctx *c, struct boot_module *m, const char *path)
{
	struct bootinfo *bi = c->bi;
	char name[BOOT_NAME_LEN * 2];

	if (!bootinfo_in_ram(bi, m->base, m->size))
		return parse_fail(c, "module %s: [0x%llx, 0x%llx) lies outside RAM", path,
			    (unsigned long long)m->base, (unsigned long long)(m->base + m->size));
	for (unsigned int i = 0; i < bi->nmodules; i++) {
		struct boot_module *o = &bi->modules[i];

		if (!range_overlaps(m->base, m->size, o->base, o->size))
			continue;
		module_name(o, name, sizeof(name));
		fmt_snprintf(m->bad, sizeof(m->bad), "overlaps module %s", name);
		module_name(m, name, sizeof(name));
		fmt_snprintf(o->bad, sizeof(o->bad), "overlaps module %s", name);
	}
	if (range_overlaps(m->base, m->size, bi->fdt_base, bi->fdt_size))
		fmt_snprintf(m->bad, sizeof(m->bad), "overlaps the device tree");
	return 0;
}

static int add_module(struct ctx *c, int node, const char *domain)
{
	struct bootinfo *bi = c->bi;
	struct boot_module *m;
	char path[BOOT_NAME_LEN];
	struct mem_range r;
	const char *args;
	int rc;

	dt_node_path(c->fdt, node, path, sizeof(path));
	if (bi->nmodules == BOOT_MAX_MODULES)
		return parse_fail(c, "module %s: more than %d modules", path, BOOT_MAX_MODULES);
	rc = dt_reg_read(c->fdt, node, 0, &r, false);
	if (rc || !r.size)
		return parse_fail(c, "module %s: missing or empty reg", path);
	m = &bi->modules[bi->nmodules];
	m->base = r.base;
	m->size = r.size;
	m->kind = module_kind(c->fdt, node);
	fmt_snprintf(m->node, sizeof(m->node), "%s", fdt_get_name(c->fdt, node, NULL));
	fmt_snprintf(m->domain, sizeof(m->domain), "%s", domain);
	args = fdt_getprop(c->fdt, node, "bootargs", NULL);
	fmt_snprintf(m->bootargs, sizeof(m->bootargs), "%s", args ? args : "");
	rc = check_module(c, m, path);
	if (rc)
		return rc;
	bi->nmodules++;
	return 0;
}

static bool is_module(const void *fdt, int node)
{
	return !fdt_node_check_compatible(fdt, node, "multiboot,module") ||
	       !fdt_node_check_compatible(fdt, node, "xen,multiboot-module");
}

/* Record a dom0less domain node and its modules. */
static int add_domain(struct ctx *c, int node)
{
	struct bootinfo *bi = c->bi;
	struct boot_domain *d;
	int sub, rc;

	if (bi->ndomains == BOOT_MAX_DOMAINS)
		return parse_fail(c, "/chosen/%s: more than %d boot-time domains",
			    fdt_get_name(c->fdt, node, NULL), BOOT_MAX_DOMAINS);
	d = &bi->domains[bi->ndomains++];
	fmt_snprintf(d->name, sizeof(d->name), "%s", fdt_get_name(c->fdt, node, NULL));
	d->memory_kib = dt_prop_u64(c->fdt, node, "memory");
	d->cpus = (uint32_t)dt_prop_u64(c->fdt, node, "cpus");
	d->vpl011 = fdt_getprop(c->fdt, node, "vpl011", NULL) != NULL;
	d->kernel = -1;
	fdt_for_each_subnode(sub, c->fdt, node)
	{
		if (!is_module(c->fdt, sub))
			continue;
		rc = add_module(c, sub, d->name);
		if (rc)
			return rc;
		if (bi->modules[bi->nmodules - 1].kind == MODULE_KERNEL) {
			if (d->kernel < 0)
				d->kernel = (int)bi->nmodules - 1;
			d->nkernels++;
		}
	}
	return 0;
}

int parse_modules(struct ctx *c)
{
	const void *fdt = c->fdt;
	int chosen = fdt_path_offset(fdt, "/chosen");
	int node, rc;
	const char *args;

	if (chosen < 0)
		return 0;
	args = fdt_getprop(fdt, chosen, "xen,xen-bootargs", NULL);
	if (!args)
		args = fdt_getprop(fdt, chosen, "bootargs", NULL);
	fmt_snprintf(c->bi->bootargs, sizeof(c->bi->bootargs), "%s", args ? args : "");
	fdt_for_each_subnode(node, fdt, chosen)
	{
		if (is_module(fdt, node)) {
			rc = add_module(c, node, "");
			if (rc)
				return rc;
		} else if (!fdt_node_check_compatible(fdt, node, "xen,domain")) {
			rc = add_domain(c, node);
			if (rc)
				return rc;
		}
	}
	return 0;
}
