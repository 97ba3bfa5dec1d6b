/*
 * The boot device-tree reader: turns the tree U-Boot hands Tarn into a
 * struct bootinfo (see bootinfo.h), checking as it goes.
 *
 * It reads: /memory banks; reservations (/memreserve/, /reserved-memory, the
 * tree itself); /cpus; the GIC (v2: arm,cortex-a15-gic / arm,gic-400; v3:
 * arm,gic-v3); the architected timer; /psci; the console named by
 * /chosen/stdout-path; and the /chosen modules of Xen's multiboot binding,
 * at the top level and inside dom0less "xen,domain" nodes; and the
 * "virtio,mmio" transports, which the control domain is given.
 *
 * Addresses of devices under buses (the Raspberry Pi 4's /soc) are
 * translated through the parents' "ranges". Runs at boot only, before any
 * guest, and in host unit tests against malformed trees.
 */
#include "hyp/boot/bootinfo.h"

#include <libfdt.h>
#include <stdarg.h>

#include "lib/format.h"
#include "tarn/errno.h"

struct ctx {
	const void *fdt;
	struct bootinfo *bi;
	char *err;
	size_t errlen;
};

/* The description Tarn runs on (bootinfo_host()). */
static const struct bootinfo *host_bootinfo;

static int fail(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(c->err, c->errlen, fmt, ap);
	va_end(ap);
	return -TARN_EINVAL;
}

static uint64_t read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

static int cells_of(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len != 4)
		return dflt;
	return (int)fdt32_to_cpu(*p);
}

static bool node_enabled(const void *fdt, int node)
{
	const char *s = fdt_getprop(fdt, node, "status", NULL);

	return !s || strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
}

static void node_path(const void *fdt, int node, char *buf, size_t len)
{
	if (fdt_get_path(fdt, node, buf, (int)len) < 0)
		fmt_snprintf(buf, len, "(node at offset %d)", node);
}

/*
 * Translate a bus address of node's parent bus up to a CPU physical
 * address, through every ancestor's "ranges". Returns false when a bus on
 * the way has no ranges covering addr.
 */
static bool dt_translate(const void *fdt, int node, uint64_t *addr)
{
	int bus = fdt_parent_offset(fdt, node);

	while (bus > 0) {
		int parent = fdt_parent_offset(fdt, bus);
		int ca = cells_of(fdt, bus, "#address-cells", 2);
		int cs = cells_of(fdt, bus, "#size-cells", 1);
		int pa = cells_of(fdt, parent, "#address-cells", 2);
		int len, entry = ca + pa + cs;
		const fdt32_t *r = fdt_getprop(fdt, bus, "ranges", &len);
		bool found = false;

		if (parent < 0)
			return false;
		if (!r)
			return false; /* not memory-mapped from the CPU's view */
		for (int i = 0; len > 0 && i + entry <= len / 4; i += entry) {
			uint64_t child = read_cells(r + i, ca);
			uint64_t up = read_cells(r + i + ca, pa);
			uint64_t size = read_cells(r + i + ca + pa, cs);

			if (*addr >= child && *addr - child < size) {
				*addr = *addr - child + up;
				found = true;
				break;
			}
		}
		if (len > 0 && !found)
			return false;
		bus = parent;
	}
	return true;
}

/*
 * The index-th (base, size) pair of node's reg. Device addresses are
 * translated to CPU addresses through the buses above (translate = true);
 * /chosen modules and /memory already hold physical addresses.
 */
static int reg_read(const void *fdt, int node, int index, struct mem_range *out, bool translate)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = cells_of(fdt, parent, "#address-cells", 2);
	int sc = cells_of(fdt, parent, "#size-cells", 1);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -TARN_ENOENT;
	if ((index + 1) * (ac + sc) * 4 > len)
		return -TARN_ENOENT;
	reg += index * (ac + sc);
	out->base = read_cells(reg, ac);
	out->size = read_cells(reg + ac, sc);
	if (translate && !dt_translate(fdt, node, &out->base))
		return -TARN_ENXIO;
	return 0;
}

static int reg_get(const void *fdt, int node, int index, struct mem_range *out)
{
	return reg_read(fdt, node, index, out, true);
}

static int reg_count(const void *fdt, int node)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = cells_of(fdt, parent, "#address-cells", 2);
	int sc = cells_of(fdt, parent, "#size-cells", 1);
	int len;

	if (!fdt_getprop(fdt, node, "reg", &len) || ac + sc == 0)
		return 0;
	return len / (4 * (ac + sc));
}

/* INTID of the index-th GIC interrupt specifier of node (3 cells). */
static unsigned int irq_get(const void *fdt, int node, int index)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);
	uint32_t type, num;

	if (!p || (index + 1) * 12 > len)
		return 0;
	type = fdt32_to_cpu(p[index * 3]);
	num = fdt32_to_cpu(p[index * 3 + 1]);
	if (type == 1 && num < 16)
		return 16 + num; /* PPI */
	if (type == 0 && num < 988)
		return 32 + num; /* SPI */
	return 0;
}

static int add_reserved(struct ctx *c, uint64_t base, uint64_t size, const char *what)
{
	struct bootinfo *bi = c->bi;
	struct reserved_range *r;

	if (!size)
		return 0;
	if (bi->nreserved == BOOT_MAX_RESERVED)
		return fail(c, "device tree: more than %d reserved memory ranges",
			    BOOT_MAX_RESERVED);
	r = &bi->reserved[bi->nreserved++];
	r->base = base;
	r->size = size;
	fmt_snprintf(r->what, sizeof(r->what), "%s", what);
	return 0;
}

static int parse_header(struct ctx *c, uint64_t fdt_pa, size_t avail)
{
	const void *fdt = c->fdt;
	int rc;

	if (avail < sizeof(struct fdt_header))
		return fail(c, "device tree at 0x%llx: truncated (%zu bytes)",
			    (unsigned long long)fdt_pa, avail);
	if (fdt_magic(fdt) != FDT_MAGIC)
		return fail(c,
			    "device tree at 0x%llx: bad magic 0x%08x, not a flattened device tree",
			    (unsigned long long)fdt_pa, fdt_magic(fdt));
	if (fdt_totalsize(fdt) > avail)
		return fail(c,
			    "device tree at 0x%llx: truncated: header says %u bytes, %zu present",
			    (unsigned long long)fdt_pa, fdt_totalsize(fdt), avail);
	rc = fdt_check_full(fdt, fdt_totalsize(fdt));
	if (rc)
		return fail(c, "device tree at 0x%llx: corrupt: %s", (unsigned long long)fdt_pa,
			    fdt_strerror(rc));
	c->bi->fdt_base = fdt_pa;
	c->bi->fdt_size = fdt_totalsize(fdt);
	return add_reserved(c, fdt_pa, fdt_totalsize(fdt), "device tree");
}

static bool is_memory_node(const void *fdt, int node)
{
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);

	return type && strcmp(type, "memory") == 0 && node_enabled(fdt, node);
}

static int add_bank(struct ctx *c, const struct mem_range *m, int node)
{
	struct bootinfo *bi = c->bi;
	char path[BOOT_NAME_LEN];

	if (!m->size)
		return 0;
	node_path(c->fdt, node, path, sizeof(path));
	if (m->base + m->size < m->base)
		return fail(c, "%s: memory bank 0x%llx+0x%llx wraps around", path,
			    (unsigned long long)m->base, (unsigned long long)m->size);
	if (!IS_ALIGNED(m->base, PAGE_SIZE) || !IS_ALIGNED(m->size, PAGE_SIZE))
		return fail(c, "%s: memory bank 0x%llx+0x%llx is not page aligned", path,
			    (unsigned long long)m->base, (unsigned long long)m->size);
	for (unsigned int i = 0; i < bi->nbanks; i++) {
		const struct mem_range *o = &bi->banks[i];

		if (range_overlaps(m->base, m->size, o->base, o->size))
			return fail(c,
				    "memory banks overlap: [0x%llx, 0x%llx) and [0x%llx, 0x%llx)",
				    (unsigned long long)o->base,
				    (unsigned long long)(o->base + o->size),
				    (unsigned long long)m->base,
				    (unsigned long long)(m->base + m->size));
	}
	if (bi->nbanks == BOOT_MAX_BANKS)
		return fail(c, "device tree: more than %d memory banks", BOOT_MAX_BANKS);
	bi->banks[bi->nbanks++] = *m;
	return 0;
}

static int parse_memory(struct ctx *c)
{
	const void *fdt = c->fdt;
	int node, rc;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		int n;

		if (!is_memory_node(fdt, node))
			continue;
		n = reg_count(fdt, node);
		for (int i = 0; i < n; i++) {
			struct mem_range m;

			if (reg_get(fdt, node, i, &m))
				continue;
			rc = add_bank(c, &m, node);
			if (rc)
				return rc;
		}
	}
	if (!c->bi->nbanks)
		return fail(c, "device tree: no memory node (device_type = \"memory\" with a reg)");
	return 0;
}

static int parse_reserved(struct ctx *c)
{
	const void *fdt = c->fdt;
	int n = fdt_num_mem_rsv(fdt);
	int rm, node, rc;

	for (int i = 0; i < n; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size))
			break;
		rc = add_reserved(c, base, size, "/memreserve/");
		if (rc)
			return rc;
	}
	rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, rm)
	{
		char path[BOOT_NAME_LEN];
		int nr = reg_count(fdt, node);

		if (!node_enabled(fdt, node))
			continue;
		node_path(fdt, node, path, sizeof(path));
		for (int i = 0; i < nr; i++) {
			struct mem_range m;

			if (reg_read(fdt, node, i, &m, false))
				continue;
			rc = add_reserved(c, m.base, m.size, path);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static void parse_cpu_enable(struct ctx *c, int node, struct boot_cpu *cpu)
{
	const char *m = fdt_getprop(c->fdt, node, "enable-method", NULL);
	int len;
	const fdt32_t *rel;

	cpu->enable = CPU_ENABLE_NONE;
	if (!m)
		return;
	if (strcmp(m, "psci") == 0) {
		cpu->enable = CPU_ENABLE_PSCI;
	} else if (strcmp(m, "spin-table") == 0) {
		rel = fdt_getprop(c->fdt, node, "cpu-release-addr", &len);
		if (rel && len == 8) {
			cpu->enable = CPU_ENABLE_SPIN_TABLE;
			cpu->release_addr = read_cells(rel, 2);
		}
	}
}

static int parse_cpus(struct ctx *c)
{
	const void *fdt = c->fdt;
	struct bootinfo *bi = c->bi;
	int cpus = fdt_path_offset(fdt, "/cpus");
	int ac, node;

	if (cpus < 0)
		return fail(c, "device tree: no /cpus node");
	ac = cells_of(fdt, cpus, "#address-cells", 2);
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		int len;
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (!type || strcmp(type, "cpu") != 0 || !node_enabled(fdt, node))
			continue;
		if (!reg || ac < 1 || ac > 2 || len < ac * 4 || bi->ncpus == BOOT_MAX_CPUS) {
			bi->ncpus_ignored++;
			continue;
		}
		bi->cpus[bi->ncpus].mpidr = read_cells(reg, ac);
		parse_cpu_enable(c, node, &bi->cpus[bi->ncpus]);
		bi->ncpus++;
	}
	if (!bi->ncpus)
		return fail(c, "device tree: no usable CPU node under /cpus");
	return 0;
}

static int gic_reg(struct ctx *c, int node, int index, struct mem_range *out, const char *what)
{
	char path[BOOT_NAME_LEN];

	if (!reg_get(c->fdt, node, index, out) && out->size)
		return 0;
	node_path(c->fdt, node, path, sizeof(path));
	return fail(c, "%s: missing or untranslatable %s region (reg #%d)", path, what, index);
}

static int parse_gic_v3(struct ctx *c, int node)
{
	struct boot_gic *g = &c->bi->gic;
	int nr = cells_of(c->fdt, node, "#redistributor-regions", 1);
	int total = reg_count(c->fdt, node);
	int rc;

	g->version = 3;
	if (nr < 1 || nr > BOOT_MAX_REDIST)
		return fail(c, "GICv3: unsupported #redistributor-regions %d", nr);
	rc = gic_reg(c, node, 0, &g->dist, "distributor");
	for (int i = 0; !rc && i < nr; i++)
		rc = gic_reg(c, node, 1 + i, &g->redist[i], "redistributor");
	if (rc)
		return rc;
	g->nredist = (unsigned int)nr;
	/* Optional GICv2-compatible CPU, hypervisor and virtual CPU interfaces. */
	if (total > nr + 1)
		reg_get(c->fdt, node, nr + 1, &g->cpu);
	if (total > nr + 2)
		reg_get(c->fdt, node, nr + 2, &g->hyp);
	if (total > nr + 3)
		reg_get(c->fdt, node, nr + 3, &g->vcpu);
	g->maint_irq = irq_get(c->fdt, node, 0);
	return 0;
}

static int parse_gic_v2(struct ctx *c, int node)
{
	struct boot_gic *g = &c->bi->gic;
	int rc;

	g->version = 2;
	rc = gic_reg(c, node, 0, &g->dist, "distributor");
	if (!rc)
		rc = gic_reg(c, node, 1, &g->cpu, "CPU interface");
	if (rc)
		return rc;
	if (reg_count(c->fdt, node) >= 4) {
		reg_get(c->fdt, node, 2, &g->hyp);
		reg_get(c->fdt, node, 3, &g->vcpu);
	}
	g->maint_irq = irq_get(c->fdt, node, 0);
	return 0;
}

static int parse_gic(struct ctx *c)
{
	static const char *const v2[] = {"arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a7-gic"};
	int node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,gic-v3");

	if (node >= 0)
		return parse_gic_v3(c, node);
	for (unsigned int i = 0; i < ARRAY_SIZE(v2); i++) {
		node = fdt_node_offset_by_compatible(c->fdt, -1, v2[i]);
		if (node >= 0)
			return parse_gic_v2(c, node);
	}
	return fail(c, "device tree: no supported interrupt controller (GICv2 or GICv3)");
}

static int parse_timer(struct ctx *c)
{
	struct boot_timer *t = &c->bi->timer;
	int node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,armv8-timer");
	int len;
	const fdt32_t *f;

	if (node < 0)
		node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,armv7-timer");
	if (node < 0)
		return fail(c, "device tree: no architected timer (arm,armv8-timer)");
	/* Order fixed by the binding: secure phys, non-secure phys, virt, hyp. */
	t->phys_irq = irq_get(c->fdt, node, 1);
	t->virt_irq = irq_get(c->fdt, node, 2);
	t->hyp_irq = irq_get(c->fdt, node, 3);
	if (!t->hyp_irq)
		return fail(c, "timer: no hypervisor timer interrupt (4th entry of interrupts)");
	f = fdt_getprop(c->fdt, node, "clock-frequency", &len);
	t->freq = f && len == 4 ? fdt32_to_cpu(*f) : 0;
	return 0;
}

static void parse_psci(struct ctx *c)
{
	struct bootinfo *bi = c->bi;
	int node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,psci-0.2");
	const char *method;
	int len;
	const fdt32_t *id;

	bi->psci_v02 = node >= 0;
	if (node < 0)
		node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,psci");
	if (node < 0)
		return;
	method = fdt_getprop(c->fdt, node, "method", NULL);
	if (method && strcmp(method, "smc") == 0)
		bi->psci = PSCI_SMC;
	else if (method && strcmp(method, "hvc") == 0)
		bi->psci = PSCI_HVC;
	bi->psci_cpu_on = 0xc4000003; /* CPU_ON, SMC64 calling convention */
	if (!bi->psci_v02) {
		id = fdt_getprop(c->fdt, node, "cpu_on", &len);
		bi->psci_cpu_on = id && len == 4 ? fdt32_to_cpu(*id) : 0;
	}
}

static int parse_uart(struct ctx *c)
{
	struct boot_uart *u = &c->bi->uart;
	int chosen = fdt_path_offset(c->fdt, "/chosen");
	const char *path = NULL;
	const char *colon;
	int node, plen;
	struct mem_range m;

	if (chosen >= 0) {
		path = fdt_getprop(c->fdt, chosen, "stdout-path", NULL);
		if (!path)
			path = fdt_getprop(c->fdt, chosen, "linux,stdout-path", NULL);
	}
	if (!path)
		return 0; /* keep the platform's early UART */
	colon = strchr(path, ':');
	plen = colon ? (int)(colon - path) : (int)strlen(path);
	node = fdt_path_offset_namelen(c->fdt, path, plen);
	if (node < 0)
		return fail(c, "/chosen/stdout-path: \"%.*s\" names no node", plen, path);
	if (fdt_node_check_compatible(c->fdt, node, "arm,pl011"))
		return fail(c, "/chosen/stdout-path: \"%.*s\" is not a PL011 UART", plen, path);
	if (reg_get(c->fdt, node, 0, &m) || !m.size)
		return fail(c, "/chosen/stdout-path: \"%.*s\" has no usable reg", plen, path);
	u->base = m.base;
	u->size = m.size;
	u->irq = irq_get(c->fdt, node, 0);
	node_path(c->fdt, node, u->path, sizeof(u->path));
	return 0;
}

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

static bool in_ram(const struct bootinfo *bi, uint64_t base, uint64_t size)
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

	if (!in_ram(bi, m->base, m->size))
		return fail(c, "module %s: [0x%llx, 0x%llx) lies outside RAM", path,
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

	node_path(c->fdt, node, path, sizeof(path));
	if (bi->nmodules == BOOT_MAX_MODULES)
		return fail(c, "module %s: more than %d modules", path, BOOT_MAX_MODULES);
	rc = reg_read(c->fdt, node, 0, &r, false);
	if (rc || !r.size)
		return fail(c, "module %s: missing or empty reg", path);
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

static uint64_t prop_u64(const void *fdt, int node, const char *name)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || (len != 4 && len != 8))
		return 0;
	return read_cells(p, len / 4);
}

/* Record a dom0less domain node and its modules. */
static int add_domain(struct ctx *c, int node)
{
	struct bootinfo *bi = c->bi;
	struct boot_domain *d;
	int sub, rc;

	if (bi->ndomains == BOOT_MAX_DOMAINS)
		return fail(c, "/chosen/%s: more than %d boot-time domains",
			    fdt_get_name(c->fdt, node, NULL), BOOT_MAX_DOMAINS);
	d = &bi->domains[bi->ndomains++];
	fmt_snprintf(d->name, sizeof(d->name), "%s", fdt_get_name(c->fdt, node, NULL));
	d->memory_kib = prop_u64(c->fdt, node, "memory");
	d->cpus = (uint32_t)prop_u64(c->fdt, node, "cpus");
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

static int parse_modules(struct ctx *c)
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

/* The PL031 real-time clock, if the machine has one: the wall clock at boot. */
static void parse_rtc(struct ctx *c)
{
	int node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,pl031");

	if (node < 0 || !node_enabled(c->fdt, node) || reg_get(c->fdt, node, 0, &c->bi->rtc))
		c->bi->rtc = (struct mem_range){0, 0};
}

/* The index-th interrupt specifier's flags cell (trigger type), 0 if none. */
static uint32_t irq_flags_get(const void *fdt, int node, int index)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);

	if (!p || (index + 1) * 12 > len)
		return 0;
	return fdt32_to_cpu(p[index * 3 + 2]);
}

/*
 * Every enabled "virtio,mmio" node with a register window and an SPI. One
 * that lacks either, or one past BOOT_MAX_VIRTIO, is counted and left out:
 * nobody gets it, which is safe, and Tarn boots.
 */
static void parse_virtio(struct ctx *c)
{
	struct bootinfo *bi = c->bi;
	int node;

	for (node = fdt_node_offset_by_compatible(c->fdt, -1, "virtio,mmio"); node >= 0;
	     node = fdt_node_offset_by_compatible(c->fdt, node, "virtio,mmio")) {
		struct mem_range m;
		unsigned int spi;

		if (!node_enabled(c->fdt, node))
			continue;
		spi = irq_get(c->fdt, node, 0);
		if (reg_get(c->fdt, node, 0, &m) || !m.size || m.base + m.size < m.base ||
		    spi < 32 || bi->nvirtio == BOOT_MAX_VIRTIO) {
			bi->nvirtio_ignored++;
			continue;
		}
		bi->virtio[bi->nvirtio++] = (struct boot_virtio){
			.base = m.base,
			.size = m.size,
			.spi = spi,
			.flags = irq_flags_get(c->fdt, node, 0),
		};
	}
}

int bootinfo_parse(const void *fdt, uint64_t fdt_pa, size_t avail, struct bootinfo *bi, char *err,
		   size_t errlen)
{
	struct ctx c = {fdt, bi, err, errlen};
	int rc;

	*bi = (struct bootinfo){0};
	if (errlen)
		err[0] = '\0';
	rc = parse_header(&c, fdt_pa, avail);
	if (!rc)
		rc = parse_memory(&c);
	if (!rc)
		rc = parse_reserved(&c);
	if (!rc)
		rc = parse_cpus(&c);
	if (!rc)
		rc = parse_gic(&c);
	if (!rc)
		rc = parse_timer(&c);
	if (!rc)
		rc = parse_uart(&c);
	if (!rc)
		rc = parse_modules(&c);
	if (!rc) {
		parse_psci(&c);
		parse_rtc(&c);
		parse_virtio(&c);
		host_bootinfo = bi;
	}
	return rc;
}

int bootinfo_check_image(const struct bootinfo *bi, uint64_t base, uint64_t size, char *err,
			 size_t errlen)
{
	if (!in_ram(bi, base, size)) {
		fmt_snprintf(err, errlen, "Tarn's image [0x%llx, 0x%llx) is not in RAM",
			     (unsigned long long)base, (unsigned long long)(base + size));
		return -TARN_EINVAL;
	}
	for (unsigned int i = 0; i < bi->nmodules; i++) {
		const struct boot_module *m = &bi->modules[i];

		if (range_overlaps(base, size, m->base, m->size)) {
			fmt_snprintf(err, errlen, "Tarn's image overlaps module %s", m->node);
			return -TARN_EINVAL;
		}
	}
	for (unsigned int i = 0; i < bi->nreserved; i++) {
		const struct reserved_range *r = &bi->reserved[i];

		if (range_overlaps(base, size, r->base, r->size)) {
			fmt_snprintf(err, errlen, "Tarn's image overlaps reserved memory (%s)",
				     r->what);
			return -TARN_EINVAL;
		}
	}
	return 0;
}

const struct bootinfo *bootinfo_host(void)
{
	return host_bootinfo;
}

uint64_t bootinfo_ram_total(const struct bootinfo *bi)
{
	uint64_t total = 0;

	for (unsigned int i = 0; i < bi->nbanks; i++)
		total += bi->banks[i].size;
	return total;
}

const char *bootinfo_module_kind_name(enum boot_module_kind kind)
{
	switch (kind) {
	case MODULE_KERNEL:
		return "kernel";
	case MODULE_RAMDISK:
		return "ramdisk";
	case MODULE_DTB:
		return "device-tree";
	default:
		return "module";
	}
}
