/*
 * The machine as the boot device tree describes it: /memory banks;
 * reservations (/memreserve/, /reserved-memory, the tree itself); /cpus and
 * how each starts (PSCI or spin-table); the GIC (v2: arm,cortex-a15-gic /
 * arm,gic-400; v3: arm,gic-v3); the architected timer; /psci; the console
 * named by /chosen/stdout-path; the PL031 real-time clock; and the
 * "virtio,mmio" transports, which the control domain is given.
 */
#include "hyp/boot/bootinfo-internal.h"

#include "lib/format.h"
#include "lib/string.h"
#include "tarn/errno.h"

int reserved_add(struct ctx *c, uint64_t base, uint64_t size, const char *what)
{
	struct bootinfo *bi = c->bi;
	struct reserved_range *r;

	if (!size)
		return 0;
	if (bi->nreserved == BOOT_MAX_RESERVED)
		return parse_fail(c, "device tree: more than %d reserved memory ranges",
			    BOOT_MAX_RESERVED);
	r = &bi->reserved[bi->nreserved++];
	r->base = base;
	r->size = size;
	fmt_snprintf(r->what, sizeof(r->what), "%s", what);
	return 0;
}

static bool is_memory_node(const void *fdt, int node)
{
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);

	return type && strcmp(type, "memory") == 0 && dt_node_enabled(fdt, node);
}

static int add_bank(struct ctx *c, const struct mem_range *m, int node)
{
	struct bootinfo *bi = c->bi;
	char path[BOOT_NAME_LEN];

	if (!m->size)
		return 0;
	dt_node_path(c->fdt, node, path, sizeof(path));
	if (m->base + m->size < m->base)
		return parse_fail(c, "%s: memory bank 0x%llx+0x%llx wraps around", path,
			    (unsigned long long)m->base, (unsigned long long)m->size);
	if (!IS_ALIGNED(m->base, PAGE_SIZE) || !IS_ALIGNED(m->size, PAGE_SIZE))
		return parse_fail(c, "%s: memory bank 0x%llx+0x%llx is not page aligned", path,
			    (unsigned long long)m->base, (unsigned long long)m->size);
	for (unsigned int i = 0; i < bi->nbanks; i++) {
		const struct mem_range *o = &bi->banks[i];

		if (range_overlaps(m->base, m->size, o->base, o->size))
			return parse_fail(c,
				    "memory banks overlap: [0x%llx, 0x%llx) and [0x%llx, 0x%llx)",
				    (unsigned long long)o->base,
				    (unsigned long long)(o->base + o->size),
				    (unsigned long long)m->base,
				    (unsigned long long)(m->base + m->size));
	}
	if (bi->nbanks == BOOT_MAX_BANKS)
		return parse_fail(c, "device tree: more than %d memory banks", BOOT_MAX_BANKS);
	bi->banks[bi->nbanks++] = *m;
	return 0;
}

int parse_memory(struct ctx *c)
{
	const void *fdt = c->fdt;
	int node, rc;

	for (node = fdt_next_node(fdt, -1, NULL); node >= 0;
	     node = fdt_next_node(fdt, node, NULL)) {
		int n;

		if (!is_memory_node(fdt, node))
			continue;
		n = dt_reg_count(fdt, node);
		for (int i = 0; i < n; i++) {
			struct mem_range m;

			if (dt_reg_get(fdt, node, i, &m))
				continue;
			rc = add_bank(c, &m, node);
			if (rc)
				return rc;
		}
	}
	if (!c->bi->nbanks)
		return parse_fail(c, "device tree: no memory node (device_type = \"memory\" with a reg)");
	return 0;
}

int parse_reserved(struct ctx *c)
{
	const void *fdt = c->fdt;
	int n = fdt_num_mem_rsv(fdt);
	int rm, node, rc;

	for (int i = 0; i < n; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size))
			break;
		rc = reserved_add(c, base, size, "/memreserve/");
		if (rc)
			return rc;
	}
	rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, rm)
	{
		char path[BOOT_NAME_LEN];
		int nr = dt_reg_count(fdt, node);

		if (!dt_node_enabled(fdt, node))
			continue;
		dt_node_path(fdt, node, path, sizeof(path));
		for (int i = 0; i < nr; i++) {
			struct mem_range m;

			if (dt_reg_read(fdt, node, i, &m, false))
				continue;
			rc = reserved_add(c, m.base, m.size, path);
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
			cpu->release_addr = dt_read_cells(rel, 2);
		}
	}
}

int parse_cpus(struct ctx *c)
{
	const void *fdt = c->fdt;
	struct bootinfo *bi = c->bi;
	int cpus = fdt_path_offset(fdt, "/cpus");
	int ac, node;

	if (cpus < 0)
		return parse_fail(c, "device tree: no /cpus node");
	ac = dt_cells(fdt, cpus, "#address-cells", 2);
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		int len;
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (!type || strcmp(type, "cpu") != 0 || !dt_node_enabled(fdt, node))
			continue;
		if (!reg || ac < 1 || ac > 2 || len < ac * 4 || bi->ncpus == BOOT_MAX_CPUS) {
			bi->ncpus_ignored++;
			continue;
		}
		bi->cpus[bi->ncpus].mpidr = dt_read_cells(reg, ac);
		parse_cpu_enable(c, node, &bi->cpus[bi->ncpus]);
		bi->ncpus++;
	}
	if (!bi->ncpus)
		return parse_fail(c, "device tree: no usable CPU node under /cpus");
	return 0;
}

static int gic_reg(struct ctx *c, int node, int index, struct mem_range *out, const char *what)
{
	char path[BOOT_NAME_LEN];

	if (!dt_reg_get(c->fdt, node, index, out) && out->size)
		return 0;
	dt_node_path(c->fdt, node, path, sizeof(path));
	return parse_fail(c, "%s: missing or untranslatable %s region (reg #%d)", path, what, index);
}

static int parse_gic_v3(struct ctx *c, int node)
{
	struct boot_gic *g = &c->bi->gic;
	int nr = dt_cells(c->fdt, node, "#redistributor-regions", 1);
	int total = dt_reg_count(c->fdt, node);
	int rc;

	g->version = 3;
	if (nr < 1 || nr > BOOT_MAX_REDIST)
		return parse_fail(c, "GICv3: unsupported #redistributor-regions %d", nr);
	rc = gic_reg(c, node, 0, &g->dist, "distributor");
	for (int i = 0; !rc && i < nr; i++)
		rc = gic_reg(c, node, 1 + i, &g->redist[i], "redistributor");
	if (rc)
		return rc;
	g->nredist = (unsigned int)nr;
	/* Optional GICv2-compatible CPU, hypervisor and virtual CPU interfaces. */
	if (total > nr + 1)
		dt_reg_get(c->fdt, node, nr + 1, &g->cpu);
	if (total > nr + 2)
		dt_reg_get(c->fdt, node, nr + 2, &g->hyp);
	if (total > nr + 3)
		dt_reg_get(c->fdt, node, nr + 3, &g->vcpu);
	g->maint_irq = dt_irq_get(c->fdt, node, 0);
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
	if (dt_reg_count(c->fdt, node) >= 4) {
		dt_reg_get(c->fdt, node, 2, &g->hyp);
		dt_reg_get(c->fdt, node, 3, &g->vcpu);
	}
	g->maint_irq = dt_irq_get(c->fdt, node, 0);
	return 0;
}

int parse_gic(struct ctx *c)
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
	return parse_fail(c, "device tree: no supported interrupt controller (GICv2 or GICv3)");
}

int parse_timer(struct ctx *c)
{
	struct boot_timer *t = &c->bi->timer;
	int node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,armv8-timer");
	int len;
	const fdt32_t *f;

	if (node < 0)
		node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,armv7-timer");
	if (node < 0)
		return parse_fail(c, "device tree: no architected timer (arm,armv8-timer)");
	/* Order fixed by the binding: secure phys, non-secure phys, virt, hyp. */
	t->phys_irq = dt_irq_get(c->fdt, node, 1);
	t->virt_irq = dt_irq_get(c->fdt, node, 2);
	t->hyp_irq = dt_irq_get(c->fdt, node, 3);
	if (!t->hyp_irq)
		return parse_fail(c, "timer: no hypervisor timer interrupt (4th entry of interrupts)");
	f = fdt_getprop(c->fdt, node, "clock-frequency", &len);
	t->freq = f && len == 4 ? fdt32_to_cpu(*f) : 0;
	return 0;
}

void parse_psci(struct ctx *c)
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

int parse_uart(struct ctx *c)
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
		return parse_fail(c, "/chosen/stdout-path: \"%.*s\" names no node", plen, path);
	if (fdt_node_check_compatible(c->fdt, node, "arm,pl011"))
		return parse_fail(c, "/chosen/stdout-path: \"%.*s\" is not a PL011 UART", plen, path);
	if (dt_reg_get(c->fdt, node, 0, &m) || !m.size)
		return parse_fail(c, "/chosen/stdout-path: \"%.*s\" has no usable reg", plen, path);
	u->base = m.base;
	u->size = m.size;
	u->irq = dt_irq_get(c->fdt, node, 0);
	dt_node_path(c->fdt, node, u->path, sizeof(u->path));
	return 0;
}

/* The PL031 real-time clock, if the machine has one: the wall clock at boot. */
void parse_rtc(struct ctx *c)
{
	int node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,pl031");

	if (node < 0 || !dt_node_enabled(c->fdt, node) || dt_reg_get(c->fdt, node, 0, &c->bi->rtc))
		c->bi->rtc = (struct mem_range){0, 0};
}

/*
 * Every enabled "virtio,mmio" node with a register window and an SPI. One
 * that lacks either, or one past BOOT_MAX_VIRTIO, is counted and left out:
 * nobody gets it, which is safe, and Tarn boots.
 */
void parse_virtio(struct ctx *c)
{
	struct bootinfo *bi = c->bi;
	int node;

	for (node = fdt_node_offset_by_compatible(c->fdt, -1, "virtio,mmio"); node >= 0;
	     node = fdt_node_offset_by_compatible(c->fdt, node, "virtio,mmio")) {
		struct mem_range m;
		unsigned int spi;

		if (!dt_node_enabled(c->fdt, node))
			continue;
		spi = dt_irq_get(c->fdt, node, 0);
		if (dt_reg_get(c->fdt, node, 0, &m) || !m.size || m.base + m.size < m.base ||
		    spi < 32 || bi->nvirtio == BOOT_MAX_VIRTIO) {
			bi->nvirtio_ignored++;
			continue;
		}
		bi->virtio[bi->nvirtio++] = (struct boot_virtio){
			.base = m.base,
			.size = m.size,
			.spi = spi,
			.flags = dt_irq_flags(c->fdt, node, 0),
		};
	}
}
