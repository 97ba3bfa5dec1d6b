/*
 * Host unit tests for the boot device-tree reader (hyp/boot/bootinfo.c).
 *
 * The trees are built here, with libfdt's sequential-write API, from a
 * struct tree_opts that starts out describing QEMU virt (GICv3, 4 CPUs,
 * PSCI, a PL011, two /chosen modules) and that each test bends one way: a
 * GICv2, a Raspberry Pi 4 /soc bus, or one specific defect. Valid trees are
 * checked field by field; malformed ones must be refused with -TARN_EINVAL
 * and a message naming the problem, which the failure output quotes.
 *
 * The tree is said to live at FDT_PA, inside the first RAM bank, so that
 * modules and Tarn's image can be placed on top of it on purpose.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "hyp/boot/bootinfo.h"
#include "tarn/errno.h"

#define FDT_PA	     0x48000000ULL
#define FDT_BUF_SIZE 65536

/* A compatible list with its embedded NULs: the string and its full size. */
#define COMPAT(s)	   s, sizeof(s)
#define MOD_COMPAT(s)	   s, .compat_len = sizeof(s)
#define MULTIBOOT_KERNEL   MOD_COMPAT("multiboot,kernel\0multiboot,module")
#define MULTIBOOT_RAMDISK  MOD_COMPAT("multiboot,ramdisk\0multiboot,module")
#define DEVICE_TREE_MODULE MOD_COMPAT("multiboot,device-tree\0multiboot,module")

struct rng {
	uint64_t base, size;
};

struct mod_spec {
	const char *name;
	const char *compat;
	int compat_len;
	struct rng reg;
	bool no_reg;
	const char *bootargs;
};

/* A dom0less domain: its own cells (1 + 1 here, unlike /chosen), its modules. */
struct dom_spec {
	const char *name;
	uint64_t memory_kib;
	int memory_cells; /* 1 or 2; 0: no memory property */
	int cpus;	  /* -1: no cpus property */
	bool vpl011;
	struct mod_spec mods[3];
	int nmods;
};

struct tree_opts {
	int root_sc; /* root #size-cells: 2 on QEMU virt, 1 on the Pi 4 */
	struct rng banks[4];
	int nbanks;
	bool banks_one_node; /* all banks in one memory node's reg */
	struct rng memreserve[4];
	int nmemreserve;
	struct rng resmem[4]; /* children of /reserved-memory */
	int nresmem;
	bool no_cpus;
	int ncpus;
	int cpu_ac; /* /cpus #address-cells */
	uint64_t mpidr[8];
	bool spin_table;
	int gic;	/* 0 (none), 2 or 3 */
	bool rpi_soc;	/* GIC and UART under a translated /soc bus */
	int timer_irqs; /* entries in the timer's interrupts; 0: no timer */
	uint32_t timer_freq;
	const char *psci_method; /* NULL: no /psci */
	bool psci_01;		 /* "arm,psci" with a cpu_on id, not 0.2+ */
	bool uart;
	const char *stdout_path;
	const char *alias_serial0;
	const char *bootargs;
	const char *xen_bootargs;
	struct mod_spec mods[4];
	int nmods;
	struct dom_spec doms[BOOT_MAX_DOMAINS + 1]; /* dom0less xen,domain nodes in /chosen */
	int ndoms;
	int nvirtio; /* virtio-mmio transports with interrupts (node_virtio) */
};

static char fdt_buf[FDT_BUF_SIZE];
static struct bootinfo bi;
static char err[256];

#define OK(call) assert_int_equal((call), 0)

/* ---- tree builder ------------------------------------------------------ */

static int put_cells(fdt32_t *out, uint64_t v, int cells)
{
	if (cells == 2)
		*out++ = cpu_to_fdt32((uint32_t)(v >> 32));
	if (cells >= 1)
		*out = cpu_to_fdt32((uint32_t)v);
	return cells;
}

static void prop_reg(void *fdt, int ac, int sc, const struct rng *r, int n)
{
	fdt32_t cells[64];
	int k = 0;

	for (int i = 0; i < n; i++) {
		k += put_cells(cells + k, r[i].base, ac);
		k += put_cells(cells + k, r[i].size, sc);
	}
	OK(fdt_property(fdt, "reg", cells, k * 4));
}

/* n GIC interrupt specifiers, 3 cells each. */
static void prop_irqs(void *fdt, const uint32_t *spec, int n)
{
	fdt32_t cells[12];

	for (int i = 0; i < 3 * n; i++)
		cells[i] = cpu_to_fdt32(spec[i]);
	OK(fdt_property(fdt, "interrupts", cells, n * 12));
}

static void prop_cells2(void *fdt, int ac, int sc)
{
	OK(fdt_property_u32(fdt, "#address-cells", ac));
	OK(fdt_property_u32(fdt, "#size-cells", sc));
}

static void node_memory(void *fdt, const struct tree_opts *o)
{
	char name[32];

	for (int i = 0; i < o->nbanks; i++) {
		snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)o->banks[i].base);
		OK(fdt_begin_node(fdt, name));
		OK(fdt_property_string(fdt, "device_type", "memory"));
		prop_reg(fdt, 2, o->root_sc, &o->banks[i], o->banks_one_node ? o->nbanks : 1);
		OK(fdt_end_node(fdt));
		if (o->banks_one_node)
			break;
	}
}

/* The given children, plus a disabled one that must be ignored. */
static void node_reserved_memory(void *fdt, const struct tree_opts *o)
{
	static const struct rng off = {0x5f000000, 0x100000};
	char name[48];

	if (!o->nresmem)
		return;
	OK(fdt_begin_node(fdt, "reserved-memory"));
	prop_cells2(fdt, 2, o->root_sc);
	OK(fdt_property(fdt, "ranges", NULL, 0));
	for (int i = 0; i < o->nresmem; i++) {
		snprintf(name, sizeof(name), "shm@%llx", (unsigned long long)o->resmem[i].base);
		OK(fdt_begin_node(fdt, name));
		OK(fdt_property(fdt, "no-map", NULL, 0));
		prop_reg(fdt, 2, o->root_sc, &o->resmem[i], 1);
		OK(fdt_end_node(fdt));
	}
	OK(fdt_begin_node(fdt, "unused@5f000000"));
	OK(fdt_property_string(fdt, "status", "disabled"));
	prop_reg(fdt, 2, o->root_sc, &off, 1);
	OK(fdt_end_node(fdt));
	OK(fdt_end_node(fdt));
}

static void node_cpus(void *fdt, const struct tree_opts *o)
{
	char name[32];

	if (o->no_cpus)
		return;
	OK(fdt_begin_node(fdt, "cpus"));
	prop_cells2(fdt, o->cpu_ac, 0);
	for (int i = 0; i < o->ncpus; i++) {
		fdt32_t reg[2];

		snprintf(name, sizeof(name), "cpu@%llx", (unsigned long long)o->mpidr[i]);
		OK(fdt_begin_node(fdt, name));
		OK(fdt_property_string(fdt, "device_type", "cpu"));
		OK(fdt_property_string(fdt, "compatible", "arm,cortex-a72"));
		OK(fdt_property(fdt, "reg", reg, put_cells(reg, o->mpidr[i], o->cpu_ac) * 4));
		if (o->spin_table) {
			OK(fdt_property_string(fdt, "enable-method", "spin-table"));
			OK(fdt_property_u64(fdt, "cpu-release-addr", 0xd8 + 8 * i));
		} else {
			OK(fdt_property_string(fdt, "enable-method", "psci"));
		}
		OK(fdt_end_node(fdt));
	}
	/* Not a CPU, and must not be counted as one. */
	OK(fdt_begin_node(fdt, "cpu-map"));
	OK(fdt_end_node(fdt));
	OK(fdt_end_node(fdt));
}

static void node_gic(void *fdt, const struct tree_opts *o)
{
	static const struct rng v3[] = {{0x8000000, 0x10000}, {0x80a0000, 0xf60000}};
	static const struct rng v2[] = {
	    {0x8000000, 0x10000},
	    {0x8010000, 0x10000},
	    {0x8030000, 0x10000},
	    {0x8040000, 0x10000},
	};
	/* The Pi 4's GIC-400, in /soc's 32-bit bus addresses. */
	static const struct rng pi[] = {
	    {0x40041000, 0x1000},
	    {0x40042000, 0x2000},
	    {0x40044000, 0x2000},
	    {0x40046000, 0x2000},
	};
	static const uint32_t maint_v3[] = {1, 9, 4}, maint_v2[] = {1, 9, 0xf04};

	if (!o->gic)
		return;
	OK(fdt_begin_node(fdt, o->rpi_soc ? "interrupt-controller@40041000" : "intc@8000000"));
	if (o->gic == 3) {
		OK(fdt_property(fdt, "compatible", COMPAT("arm,gic-v3")));
		OK(fdt_property_u32(fdt, "#redistributor-regions", 1));
		prop_reg(fdt, 2, o->root_sc, v3, 2);
		prop_irqs(fdt, maint_v3, 1);
	} else if (o->rpi_soc) {
		OK(fdt_property(fdt, "compatible", COMPAT("arm,gic-400")));
		prop_reg(fdt, 1, 1, pi, 4);
		prop_irqs(fdt, maint_v2, 1);
	} else {
		OK(fdt_property(fdt, "compatible", COMPAT("arm,cortex-a15-gic")));
		prop_reg(fdt, 2, o->root_sc, v2, 4);
		prop_irqs(fdt, maint_v2, 1);
	}
	OK(fdt_property_u32(fdt, "#interrupt-cells", 3));
	OK(fdt_property(fdt, "interrupt-controller", NULL, 0));
	OK(fdt_end_node(fdt));
}

static void node_uart(void *fdt, const struct tree_opts *o)
{
	static const struct rng qemu = {0x9000000, 0x1000}, pi = {0x7e201000, 0x200};
	static const uint32_t irq_qemu[] = {0, 1, 4}, irq_pi[] = {0, 121, 4};

	if (!o->uart)
		return;
	OK(fdt_begin_node(fdt, o->rpi_soc ? "serial@7e201000" : "pl011@9000000"));
	OK(fdt_property(fdt, "compatible", COMPAT("arm,pl011\0arm,primecell")));
	if (o->rpi_soc)
		prop_reg(fdt, 1, 1, &pi, 1);
	else
		prop_reg(fdt, 2, o->root_sc, &qemu, 1);
	prop_irqs(fdt, o->rpi_soc ? irq_pi : irq_qemu, 1);
	OK(fdt_end_node(fdt));
}

/* The Pi 4's /soc: 32-bit bus addresses, two windows into the CPU's space. */
static void node_soc(void *fdt, const struct tree_opts *o)
{
	static const uint32_t ranges[] = {
	    0x7e000000, 0x0, 0xfe000000, 0x1800000, 0x40000000, 0x0, 0xff800000, 0x800000,
	};
	fdt32_t cells[ARRAY_SIZE(ranges)];

	OK(fdt_begin_node(fdt, "soc"));
	OK(fdt_property(fdt, "compatible", COMPAT("simple-bus")));
	prop_cells2(fdt, 1, 1);
	for (unsigned int i = 0; i < ARRAY_SIZE(ranges); i++)
		cells[i] = cpu_to_fdt32(ranges[i]);
	OK(fdt_property(fdt, "ranges", cells, sizeof(cells)));
	node_gic(fdt, o);
	node_uart(fdt, o);
	OK(fdt_end_node(fdt));
}

static void node_timer(void *fdt, const struct tree_opts *o)
{
	static const uint32_t irqs[] = {1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08, 1, 10, 0xf08};

	if (!o->timer_irqs)
		return;
	OK(fdt_begin_node(fdt, "timer"));
	OK(fdt_property(fdt, "compatible", COMPAT("arm,armv8-timer\0arm,armv7-timer")));
	prop_irqs(fdt, irqs, o->timer_irqs);
	if (o->timer_freq)
		OK(fdt_property_u32(fdt, "clock-frequency", o->timer_freq));
	OK(fdt_property(fdt, "always-on", NULL, 0));
	OK(fdt_end_node(fdt));
}

static void node_psci(void *fdt, const struct tree_opts *o)
{
	if (!o->psci_method)
		return;
	OK(fdt_begin_node(fdt, "psci"));
	if (o->psci_01) {
		OK(fdt_property(fdt, "compatible", COMPAT("arm,psci")));
		OK(fdt_property_u32(fdt, "cpu_on", 0x84000002));
	} else {
		OK(fdt_property(fdt, "compatible", COMPAT("arm,psci-1.0\0arm,psci-0.2\0arm,psci")));
	}
	OK(fdt_property_string(fdt, "method", o->psci_method));
	OK(fdt_end_node(fdt));
}

/* A device stdout-path may wrongly name: not a PL011. */
/* One transport without interrupts (ignored), then o->nvirtio QEMU-like ones
 * (SPI 17.., edge-rising as QEMU writes it) and a disabled one. */
static void node_virtio(void *fdt, const struct tree_opts *o)
{
	static const struct rng r = {0xa000000, 0x200};
	static const struct rng off = {0xb000000, 0x200};
	char name[32];

	OK(fdt_begin_node(fdt, "virtio_mmio@a000000"));
	OK(fdt_property_string(fdt, "compatible", "virtio,mmio"));
	prop_reg(fdt, 2, o->root_sc, &r, 1);
	OK(fdt_end_node(fdt));
	for (int i = 0; i < o->nvirtio; i++) {
		struct rng t = {0xa000200 + 0x200ULL * i, 0x200};
		uint32_t irq[3] = {0, 17 + i, 1};

		snprintf(name, sizeof(name), "virtio_mmio@%llx", (unsigned long long)t.base);
		OK(fdt_begin_node(fdt, name));
		OK(fdt_property_string(fdt, "compatible", "virtio,mmio"));
		prop_reg(fdt, 2, o->root_sc, &t, 1);
		prop_irqs(fdt, irq, 1);
		OK(fdt_property(fdt, "dma-coherent", NULL, 0));
		OK(fdt_end_node(fdt));
	}
	OK(fdt_begin_node(fdt, "virtio_mmio@b000000"));
	OK(fdt_property_string(fdt, "compatible", "virtio,mmio"));
	OK(fdt_property_string(fdt, "status", "disabled"));
	prop_reg(fdt, 2, o->root_sc, &off, 1);
	OK(fdt_end_node(fdt));
}

static void node_module(void *fdt, const struct mod_spec *m, int ac, int sc)
{
	OK(fdt_begin_node(fdt, m->name));
	OK(fdt_property(fdt, "compatible", m->compat, m->compat_len));
	if (!m->no_reg)
		prop_reg(fdt, ac, sc, &m->reg, 1);
	if (m->bootargs)
		OK(fdt_property_string(fdt, "bootargs", m->bootargs));
	OK(fdt_end_node(fdt));
}

static void node_domain(void *fdt, const struct dom_spec *d)
{
	OK(fdt_begin_node(fdt, d->name));
	OK(fdt_property_string(fdt, "compatible", "xen,domain"));
	prop_cells2(fdt, 1, 1);
	if (d->cpus >= 0)
		OK(fdt_property_u32(fdt, "cpus", (uint32_t)d->cpus));
	if (d->memory_cells == 1)
		OK(fdt_property_u32(fdt, "memory", (uint32_t)d->memory_kib));
	else if (d->memory_cells == 2)
		OK(fdt_property_u64(fdt, "memory", d->memory_kib));
	if (d->vpl011)
		OK(fdt_property(fdt, "vpl011", NULL, 0));
	for (int i = 0; i < d->nmods; i++)
		node_module(fdt, &d->mods[i], 1, 1);
	OK(fdt_end_node(fdt));
}

static void node_chosen(void *fdt, const struct tree_opts *o)
{
	OK(fdt_begin_node(fdt, "chosen"));
	prop_cells2(fdt, 2, 2);
	if (o->stdout_path)
		OK(fdt_property_string(fdt, "stdout-path", o->stdout_path));
	if (o->bootargs)
		OK(fdt_property_string(fdt, "bootargs", o->bootargs));
	if (o->xen_bootargs)
		OK(fdt_property_string(fdt, "xen,xen-bootargs", o->xen_bootargs));
	for (int i = 0; i < o->nmods; i++)
		node_module(fdt, &o->mods[i], 2, 2);
	for (int i = 0; i < o->ndoms; i++)
		node_domain(fdt, &o->doms[i]);
	OK(fdt_end_node(fdt));
}

static void node_aliases(void *fdt, const struct tree_opts *o)
{
	if (!o->alias_serial0)
		return;
	OK(fdt_begin_node(fdt, "aliases"));
	OK(fdt_property_string(fdt, "serial0", o->alias_serial0));
	OK(fdt_end_node(fdt));
}

/* Write the tree o describes into fdt_buf; returns its size. */
static uint32_t build_tree(const struct tree_opts *o)
{
	void *fdt = fdt_buf;

	memset(fdt_buf, 0, sizeof(fdt_buf));
	OK(fdt_create(fdt, sizeof(fdt_buf)));
	for (int i = 0; i < o->nmemreserve; i++)
		OK(fdt_add_reservemap_entry(fdt, o->memreserve[i].base, o->memreserve[i].size));
	OK(fdt_finish_reservemap(fdt));
	OK(fdt_begin_node(fdt, ""));
	prop_cells2(fdt, 2, o->root_sc);
	OK(fdt_property_string(fdt, "compatible", "linux,dummy-virt"));
	node_aliases(fdt, o);
	node_memory(fdt, o);
	node_reserved_memory(fdt, o);
	node_cpus(fdt, o);
	if (o->rpi_soc) {
		node_soc(fdt, o);
	} else {
		node_gic(fdt, o);
		node_uart(fdt, o);
	}
	node_timer(fdt, o);
	node_psci(fdt, o);
	node_virtio(fdt, o);
	node_chosen(fdt, o);
	OK(fdt_end_node(fdt));
	OK(fdt_finish(fdt));
	return fdt_totalsize(fdt);
}

/* QEMU virt, -machine gic-version=3 -smp 4 -m 2G, as U-Boot passes it on. */
static void qemu_opts(struct tree_opts *o)
{
	*o = (struct tree_opts){
	    .root_sc = 2,
	    .banks = {{0x40000000, GIB(1)}, {0x100000000ULL, GIB(1)}},
	    .nbanks = 2,
	    .memreserve = {{0x7ff00000, 0x100000}},
	    .nmemreserve = 1,
	    .resmem = {{0x50000000, 0x100000}},
	    .nresmem = 1,
	    .ncpus = 4,
	    .cpu_ac = 1,
	    .mpidr = {0, 1, 2, 3},
	    .gic = 3,
	    .timer_irqs = 4,
	    .psci_method = "smc",
	    .uart = true,
	    .stdout_path = "/pl011@9000000",
	    .bootargs = "loglvl=all",
	    .mods =
		{
		    {.name = "module@44000000",
		     .compat = MULTIBOOT_KERNEL,
		     .reg = {0x44000000, 0x200000},
		     .bootargs = "console=hvc0 root=/dev/ram0"},
		    {.name = "module@44400000",
		     .compat = MULTIBOOT_RAMDISK,
		     .reg = {0x44400000, 0x123456}},
		},
	    .nmods = 2,
	};
}

/* domU1: 128 MiB (one cell), 1 vCPU, a kernel and a device-tree module. */
static struct dom_spec domu1(void)
{
	return (struct dom_spec){
	    .name = "domU1",
	    .memory_kib = 0x20000,
	    .memory_cells = 1,
	    .cpus = 1,
	    .mods =
		{
		    {.name = "module@46000000",
		     .compat = MULTIBOOT_KERNEL,
		     .reg = {0x46000000, 0x100000},
		     .bootargs = "console=ttyAMA0"},
		    {.name = "module@46200000",
		     .compat = DEVICE_TREE_MODULE,
		     .reg = {0x46200000, 0x2000}},
		},
	    .nmods = 2,
	};
}

static int parse_avail(const struct tree_opts *o, size_t avail_delta)
{
	uint32_t size = build_tree(o);

	return bootinfo_parse(fdt_buf, FDT_PA, size - avail_delta, &bi, err, sizeof(err));
}

static void parse_ok(const struct tree_opts *o)
{
	int rc = parse_avail(o, 0);

	if (rc)
		fail_msg("bootinfo_parse: %d: %s", rc, err);
}

static void expect_error_raw(int rc, const char *words)
{
	if (rc != -TARN_EINVAL)
		fail_msg("rc %d, want -TARN_EINVAL; message \"%s\"", rc, err);
	if (!strstr(err, words))
		fail_msg("message \"%s\" does not mention \"%s\"", err, words);
}

static void expect_error(const struct tree_opts *o, const char *words)
{
	expect_error_raw(parse_avail(o, 0), words);
}

static const struct reserved_range *find_reserved(uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi.nreserved; i++)
		if (bi.reserved[i].base == base && bi.reserved[i].size == size)
			return &bi.reserved[i];
	fail_msg("no reserved range [0x%llx, +0x%llx)", (unsigned long long)base,
		 (unsigned long long)size);
	return NULL;
}

static void expect_range(const struct mem_range *r, uint64_t base, uint64_t size)
{
	if (r->base != base || r->size != size)
		fail_msg("range [0x%llx, +0x%llx), want [0x%llx, +0x%llx)",
			 (unsigned long long)r->base, (unsigned long long)r->size,
			 (unsigned long long)base, (unsigned long long)size);
}

/* ---- valid trees ------------------------------------------------------- */

static void test_qemu_gicv3(void **state)
{
	struct tree_opts o;
	uint32_t size;

	qemu_opts(&o);
	size = build_tree(&o);
	OK(bootinfo_parse(fdt_buf, FDT_PA, size, &bi, err, sizeof(err)));
	assert_string_equal(err, "");
	assert_int_equal(bi.fdt_base, FDT_PA);
	assert_int_equal(bi.fdt_size, size);

	assert_int_equal(bi.nbanks, 2);
	expect_range(&bi.banks[0], 0x40000000, GIB(1));
	expect_range(&bi.banks[1], 0x100000000ULL, GIB(1));
	assert_int_equal(bootinfo_ram_total(&bi), GIB(2));

	assert_int_equal(bi.nreserved, 3); /* the disabled /reserved-memory child is not */
	assert_string_equal(find_reserved(FDT_PA, size)->what, "device tree");
	assert_string_equal(find_reserved(0x7ff00000, 0x100000)->what, "/memreserve/");
	assert_string_equal(find_reserved(0x50000000, 0x100000)->what,
			    "/reserved-memory/shm@50000000");

	assert_int_equal(bi.ncpus, 4);
	assert_int_equal(bi.ncpus_ignored, 0);
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(bi.cpus[i].mpidr, i);
		assert_int_equal(bi.cpus[i].enable, CPU_ENABLE_PSCI);
	}
	assert_int_equal(bi.psci, PSCI_SMC);
	assert_true(bi.psci_v02);
	assert_int_equal(bi.psci_cpu_on, 0xc4000003);

	assert_int_equal(bi.gic.version, 3);
	expect_range(&bi.gic.dist, 0x8000000, 0x10000);
	assert_int_equal(bi.gic.nredist, 1);
	expect_range(&bi.gic.redist[0], 0x80a0000, 0xf60000);
	expect_range(&bi.gic.hyp, 0, 0);
	assert_int_equal(bi.gic.maint_irq, 25);

	assert_int_equal(bi.timer.phys_irq, 30);
	assert_int_equal(bi.timer.virt_irq, 27);
	assert_int_equal(bi.timer.hyp_irq, 26);
	assert_int_equal(bi.timer.freq, 0);

	assert_int_equal(bi.uart.base, 0x9000000);
	assert_int_equal(bi.uart.size, 0x1000);
	assert_int_equal(bi.uart.irq, 33);
	assert_string_equal(bi.uart.path, "/pl011@9000000");

	assert_string_equal(bi.bootargs, "loglvl=all");
	assert_int_equal(bi.nmodules, 2);
	assert_int_equal(bi.modules[0].base, 0x44000000);
	assert_int_equal(bi.modules[0].size, 0x200000);
	assert_int_equal(bi.modules[0].kind, MODULE_KERNEL);
	assert_string_equal(bi.modules[0].node, "module@44000000");
	assert_string_equal(bi.modules[0].domain, "");
	assert_string_equal(bi.modules[0].bootargs, "console=hvc0 root=/dev/ram0");
	assert_int_equal(bi.modules[1].base, 0x44400000);
	assert_int_equal(bi.modules[1].size, 0x123456);
	assert_int_equal(bi.modules[1].kind, MODULE_RAMDISK);
	assert_string_equal(bi.modules[1].node, "module@44400000");
	assert_string_equal(bi.modules[1].bootargs, "");
	assert_string_equal(bootinfo_module_kind_name(bi.modules[1].kind), "ramdisk");
}

static void test_qemu_gicv2(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.gic = 2;
	o.psci_method = "hvc";
	o.timer_freq = 62500000;
	parse_ok(&o);
	assert_int_equal(bi.gic.version, 2);
	expect_range(&bi.gic.dist, 0x8000000, 0x10000);
	expect_range(&bi.gic.cpu, 0x8010000, 0x10000);
	expect_range(&bi.gic.hyp, 0x8030000, 0x10000);
	expect_range(&bi.gic.vcpu, 0x8040000, 0x10000);
	assert_int_equal(bi.gic.nredist, 0);
	assert_int_equal(bi.gic.maint_irq, 25);
	assert_int_equal(bi.psci, PSCI_HVC);
	assert_int_equal(bi.timer.freq, 62500000);
}

/*
 * Raspberry Pi 4 (4 GiB): root #size-cells 1, both banks in one reg, GIC and
 * UART behind /soc's ranges, spin-table CPUs, stdout-path through an alias
 * with options, PSCI 0.1 ids.
 */
static void test_virtio_mmio(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.nvirtio = 3;
	parse_ok(&o);
	assert_int_equal(bi.nvirtio, 3);
	assert_int_equal(bi.nvirtio_ignored, 1); /* the one without interrupts */
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(bi.virtio[i].base, 0xa000200 + 0x200 * i);
		assert_int_equal(bi.virtio[i].size, 0x200);
		assert_int_equal(bi.virtio[i].spi, 32 + 17 + i);
		assert_int_equal(bi.virtio[i].flags, 1);
	}
	assert_ptr_equal(bootinfo_host(), &bi);
}

static void test_virtio_mmio_too_many(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.nvirtio = BOOT_MAX_VIRTIO + 1;
	parse_ok(&o);
	assert_int_equal(bi.nvirtio, BOOT_MAX_VIRTIO);
	assert_int_equal(bi.nvirtio_ignored, 2);
	assert_int_equal(bi.virtio[BOOT_MAX_VIRTIO - 1].spi, 32 + 17 + BOOT_MAX_VIRTIO - 1);
}

static void test_rpi4_bus_translation(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.root_sc = 1;
	o.banks[0] = (struct rng){0x0, 0x3b400000};
	o.banks[1] = (struct rng){0x40000000, 0xbc000000};
	o.banks_one_node = true;
	o.memreserve[0] = (struct rng){0x0, 0x1000};
	o.nresmem = 0;
	o.gic = 2;
	o.rpi_soc = true;
	o.spin_table = true;
	o.psci_01 = true;
	o.stdout_path = "serial0:115200n8";
	o.alias_serial0 = "/soc/serial@7e201000";
	parse_ok(&o);

	assert_int_equal(bi.nbanks, 2);
	expect_range(&bi.banks[0], 0x0, 0x3b400000);
	expect_range(&bi.banks[1], 0x40000000, 0xbc000000);
	assert_int_equal(bootinfo_ram_total(&bi), 0x3b400000ULL + 0xbc000000ULL);
	assert_int_equal(bi.uart.base, 0xfe201000);
	assert_int_equal(bi.uart.size, 0x200);
	assert_int_equal(bi.uart.irq, 153);
	assert_string_equal(bi.uart.path, "/soc/serial@7e201000");
	expect_range(&bi.gic.dist, 0xff841000, 0x1000);
	expect_range(&bi.gic.cpu, 0xff842000, 0x2000);
	expect_range(&bi.gic.hyp, 0xff844000, 0x2000);
	expect_range(&bi.gic.vcpu, 0xff846000, 0x2000);
	assert_int_equal(bi.ncpus, 4);
	for (unsigned int i = 0; i < 4; i++) {
		assert_int_equal(bi.cpus[i].enable, CPU_ENABLE_SPIN_TABLE);
		assert_int_equal(bi.cpus[i].release_addr, 0xd8 + 8 * i);
	}
	assert_false(bi.psci_v02);
	assert_int_equal(bi.psci_cpu_on, 0x84000002);
	assert_int_equal(find_reserved(0x0, 0x1000)->base, 0);
}

static void test_cpus_two_cells(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.cpu_ac = 2;
	o.ncpus = 3;
	o.mpidr[0] = 0x0;
	o.mpidr[1] = 0x100;
	o.mpidr[2] = 0x10000000001ULL; /* Aff3 lives in the upper word */
	parse_ok(&o);
	assert_int_equal(bi.ncpus, 3);
	assert_int_equal(bi.cpus[1].mpidr, 0x100);
	assert_int_equal(bi.cpus[2].mpidr, 0x10000000001ULL);
}

static void test_domain_modules(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.xen_bootargs = "dom0_mem=512M";
	o.doms[0] = domu1();
	o.ndoms = 1;
	parse_ok(&o);
	assert_string_equal(bi.bootargs, "dom0_mem=512M"); /* xen,xen-bootargs wins */
	assert_int_equal(bi.nmodules, 4);
	assert_int_equal(bi.modules[2].base, 0x46000000);
	assert_int_equal(bi.modules[2].size, 0x100000);
	assert_int_equal(bi.modules[2].kind, MODULE_KERNEL);
	assert_string_equal(bi.modules[2].domain, "domU1");
	assert_string_equal(bi.modules[2].node, "module@46000000");
	assert_string_equal(bi.modules[2].bootargs, "console=ttyAMA0");
	assert_int_equal(bi.modules[3].kind, MODULE_DTB);
	assert_int_equal(bi.modules[3].size, 0x2000);
}

/*
 * Three domains as dom0less trees write them: domU1 as above; domU2 with a
 * two-cell memory, 4 vCPUs, a vpl011 and its kernel after its ramdisk; domU3
 * with nothing but its compatible. Values are recorded, not judged.
 */
static void test_domains_recorded(void **state)
{
	struct tree_opts o;
	const struct boot_domain *d;

	qemu_opts(&o);
	o.doms[0] = domu1();
	o.doms[1] = (struct dom_spec){
	    .name = "domU2",
	    .memory_kib = 0x123456789ULL,
	    .memory_cells = 2,
	    .cpus = 4,
	    .vpl011 = true,
	    .mods =
		{
		    {.name = "module@47000000",
		     .compat = MULTIBOOT_RAMDISK,
		     .reg = {0x47000000, 0x1000}},
		    {.name = "module@47400000",
		     .compat = MULTIBOOT_KERNEL,
		     .reg = {0x47400000, 0x3000}},
		},
	    .nmods = 2,
	};
	o.doms[2] = (struct dom_spec){.name = "domU3", .cpus = -1};
	o.ndoms = 3;
	parse_ok(&o);
	assert_int_equal(bi.ndomains, 3);
	assert_int_equal(bi.nmodules, 6); /* two at the top level, two in domU1, two in domU2 */

	d = &bi.domains[0];
	assert_string_equal(d->name, "domU1");
	assert_int_equal(d->memory_kib, 0x20000);
	assert_int_equal(d->cpus, 1);
	assert_false(d->vpl011);
	assert_int_equal(d->kernel, 2);
	assert_int_equal(d->nkernels, 1);
	assert_int_equal(bi.modules[d->kernel].base, 0x46000000);

	d = &bi.domains[1];
	assert_string_equal(d->name, "domU2");
	assert_int_equal(d->memory_kib, 0x123456789ULL);
	assert_int_equal(d->cpus, 4);
	assert_true(d->vpl011);
	assert_int_equal(d->kernel, 5);
	assert_int_equal(d->nkernels, 1);
	assert_int_equal(bi.modules[5].base, 0x47400000);
	assert_int_equal(bi.modules[5].kind, MODULE_KERNEL);
	assert_string_equal(bi.modules[5].domain, "domU2");
	assert_int_equal(bi.modules[4].kind, MODULE_RAMDISK);
	assert_string_equal(bi.modules[4].domain, "domU2");

	d = &bi.domains[2];
	assert_string_equal(d->name, "domU3");
	assert_int_equal(d->memory_kib, 0);
	assert_int_equal(d->cpus, 0);
	assert_false(d->vpl011);
	assert_int_equal(d->kernel, -1);
	assert_int_equal(d->nkernels, 0);
}

/* Two kernels: the first is the kernel, the count tells the builder to refuse. */
static void test_domain_two_kernels(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.nmods = 0;
	o.doms[0] = domu1();
	o.doms[0].mods[2] = (struct mod_spec){
	    .name = "module@46400000", .compat = MULTIBOOT_KERNEL, .reg = {0x46400000, 0x1000}};
	o.doms[0].nmods = 3;
	o.ndoms = 1;
	parse_ok(&o);
	assert_int_equal(bi.ndomains, 1);
	assert_int_equal(bi.nmodules, 3);
	assert_int_equal(bi.domains[0].kernel, 0);
	assert_int_equal(bi.domains[0].nkernels, 2);
	assert_int_equal(bi.modules[2].kind, MODULE_KERNEL);
	assert_string_equal(bi.modules[2].domain, "domU1");
}

static void test_too_many_domains(void **state)
{
	struct tree_opts o;
	static char names[BOOT_MAX_DOMAINS + 1][16];

	qemu_opts(&o);
	for (int i = 0; i <= BOOT_MAX_DOMAINS; i++) {
		snprintf(names[i], sizeof(names[i]), "dom%d", i);
		o.doms[i] = (struct dom_spec){.name = names[i], .cpus = 1};
	}
	o.ndoms = BOOT_MAX_DOMAINS;
	parse_ok(&o);
	assert_int_equal(bi.ndomains, BOOT_MAX_DOMAINS);
	assert_string_equal(bi.domains[BOOT_MAX_DOMAINS - 1].name, "dom7");
	o.ndoms = BOOT_MAX_DOMAINS + 1;
	expect_error(&o, "more than 8 boot-time domains");
	expect_error(&o, "dom8");
}

/* ---- malformed trees --------------------------------------------------- */

static void test_truncated(void **state)
{
	struct tree_opts o;
	uint32_t size;

	qemu_opts(&o);
	expect_error_raw(parse_avail(&o, 1), "truncated");
	size = fdt_totalsize(fdt_buf);
	expect_error_raw(bootinfo_parse(fdt_buf, FDT_PA, size / 2, &bi, err, sizeof(err)),
			 "truncated");
	expect_error_raw(bootinfo_parse(fdt_buf, FDT_PA, 16, &bi, err, sizeof(err)), "truncated");
	expect_error_raw(bootinfo_parse(fdt_buf, FDT_PA, 0, &bi, err, sizeof(err)), "truncated");
}

static void test_bad_magic(void **state)
{
	struct tree_opts o;
	uint32_t size;

	qemu_opts(&o);
	size = build_tree(&o);
	fdt_buf[0] ^= 0x5a;
	expect_error_raw(bootinfo_parse(fdt_buf, FDT_PA, size, &bi, err, sizeof(err)), "bad magic");
}

/* A valid header over a broken structure block. */
static void test_corrupt_structure(void **state)
{
	struct tree_opts o;
	uint32_t size;
	fdt32_t *tok;

	qemu_opts(&o);
	size = build_tree(&o);
	tok = (fdt32_t *)(fdt_buf + fdt_off_dt_struct(fdt_buf));
	assert_int_equal(fdt32_to_cpu(*tok), FDT_BEGIN_NODE);
	*tok = cpu_to_fdt32(0xdeadbeef);
	expect_error_raw(bootinfo_parse(fdt_buf, FDT_PA, size, &bi, err, sizeof(err)), "corrupt");

	/* The root's end token, just before FDT_END, overwritten. */
	size = build_tree(&o);
	tok = (fdt32_t *)(fdt_buf + fdt_off_dt_struct(fdt_buf) + fdt_size_dt_struct(fdt_buf) - 8);
	assert_int_equal(fdt32_to_cpu(*tok), FDT_END_NODE);
	*tok = cpu_to_fdt32(0x7);
	expect_error_raw(bootinfo_parse(fdt_buf, FDT_PA, size, &bi, err, sizeof(err)), "corrupt");
}

static void test_overlapping_banks(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.banks[1] = (struct rng){0x7ff00000, MIB(2)}; /* second node */
	expect_error(&o, "overlap");
	o.banks_one_node = true; /* same, in one reg */
	expect_error(&o, "overlap");
	o.banks[1] = o.banks[0]; /* identical */
	expect_error(&o, "overlap");
}

static void test_no_memory(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.nbanks = 0;
	expect_error(&o, "no memory node");
}

static void test_bank_not_page_aligned(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.banks[1].size = GIB(1) - 0x800;
	expect_error(&o, "not page aligned");
	expect_error(&o, "/memory@100000000");
	o.banks[1] = (struct rng){0x100000800, GIB(1)};
	expect_error(&o, "not page aligned");
}

static void test_module_outside_ram(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.mods[1].reg = (struct rng){0x30000000, 0x1000}; /* below RAM */
	expect_error(&o, "outside RAM");
	expect_error(&o, "module@44400000");
	o.mods[1].reg = (struct rng){0x7ffff000, 0x2000}; /* runs off the end of a bank */
	expect_error(&o, "outside RAM");
}

/* A domain's module obeys the same rules as a top-level one. */
static void test_domain_module_outside_ram(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.doms[0] = domu1();
	o.doms[0].mods[1].reg = (struct rng){0x30000000, 0x2000};
	o.ndoms = 1;
	expect_error(&o, "outside RAM");
	expect_error(&o, "domU1/module@46200000");
	/* Overlapping modules spoil only themselves (issue 3): both are marked. */
	o.doms[0] = domu1();
	o.doms[0].mods[0].reg = (struct rng){0x44100000, 0x1000}; /* on the top-level kernel */
	parse_ok(&o);
	assert_string_equal(bi.modules[0].bad, "overlaps module domU1/module@46000000");
	assert_string_equal(bi.modules[bi.domains[0].kernel].bad,
			    "overlaps module module@44000000");
}

static void test_module_without_reg(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.mods[1].no_reg = true;
	expect_error(&o, "missing or empty reg");
	o.mods[1].no_reg = false;
	o.mods[1].reg.size = 0;
	expect_error(&o, "missing or empty reg");
}

static void test_modules_overlap(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.mods[1].reg = (struct rng){0x441ff000, 0x2000};
	parse_ok(&o);
	assert_string_equal(bi.modules[1].bad, "overlaps module module@44000000");
	assert_string_equal(bi.modules[0].bad, "overlaps module module@44400000");
	/* Apart, neither is marked. */
	o.mods[1].reg = (struct rng){0x44400000, 0x2000};
	parse_ok(&o);
	assert_string_equal(bi.modules[0].bad, "");
	assert_string_equal(bi.modules[1].bad, "");
}

static void test_module_overlaps_tree(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.mods[1].reg = (struct rng){FDT_PA - 0x1000, 0x1001};
	parse_ok(&o);
	assert_string_equal(bi.modules[1].bad, "overlaps the device tree");
}

static void test_no_cpus(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.no_cpus = true;
	expect_error(&o, "no /cpus");
	o.no_cpus = false;
	o.ncpus = 0; /* /cpus with only cpu-map */
	expect_error(&o, "no usable CPU");
}

static void test_no_gic(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.gic = 0;
	expect_error(&o, "no supported interrupt controller");
}

static void test_no_timer(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.timer_irqs = 0;
	expect_error(&o, "no architected timer");
}

static void test_timer_without_hyp_irq(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.timer_irqs = 3;
	expect_error(&o, "no hypervisor timer interrupt");
}

static void test_stdout_path_missing_node(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.stdout_path = "/pl011@9001000:115200n8";
	expect_error(&o, "names no node");
	expect_error(&o, "\"/pl011@9001000\"");
	o.stdout_path = "serial0"; /* an alias that is not there */
	expect_error(&o, "names no node");
}

static void test_stdout_path_not_pl011(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	o.stdout_path = "/virtio_mmio@a000000";
	expect_error(&o, "is not a PL011");
}

/* ---- Tarn's image ------------------------------------------------------ */

static void test_check_image(void **state)
{
	struct tree_opts o;

	qemu_opts(&o);
	parse_ok(&o);
	OK(bootinfo_check_image(&bi, 0x40400000, 0x5f000, err, sizeof(err)));
	OK(bootinfo_check_image(&bi, 0x140000000ULL - 0x200000, 0x200000, err, sizeof(err)));
	assert_int_equal(bootinfo_check_image(&bi, 0x20000000, 0x5f000, err, sizeof(err)),
			 -TARN_EINVAL);
	assert_non_null(strstr(err, "not in RAM"));
	/* Starts in the first bank, ends past it. */
	assert_int_equal(bootinfo_check_image(&bi, 0x7ff00000, 0x200000, err, sizeof(err)),
			 -TARN_EINVAL);
	assert_non_null(strstr(err, "not in RAM"));
	assert_int_equal(bootinfo_check_image(&bi, 0x44300000, 0x200000, err, sizeof(err)),
			 -TARN_EINVAL);
	if (!strstr(err, "overlaps module module@44400000"))
		fail_msg("message \"%s\"", err);
}

/* bootinfo.h: the image must not overlap a reserved range either. */
static void test_check_image_reserved(void **state)
{
	struct tree_opts o;
	int rc;

	qemu_opts(&o);
	parse_ok(&o);
	rc = bootinfo_check_image(&bi, FDT_PA, 0x200000, err, sizeof(err));
	if (rc != -TARN_EINVAL)
		fail_msg("image over the device tree at 0x%llx accepted (rc %d)",
			 (unsigned long long)FDT_PA, rc);
	rc = bootinfo_check_image(&bi, 0x50000000, 0x1000, err, sizeof(err));
	if (rc != -TARN_EINVAL)
		fail_msg("image over /reserved-memory accepted (rc %d)", rc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_qemu_gicv3),
	    cmocka_unit_test(test_qemu_gicv2),
	    cmocka_unit_test(test_virtio_mmio),
	    cmocka_unit_test(test_virtio_mmio_too_many),
	    cmocka_unit_test(test_rpi4_bus_translation),
	    cmocka_unit_test(test_cpus_two_cells),
	    cmocka_unit_test(test_domain_modules),
	    cmocka_unit_test(test_domains_recorded),
	    cmocka_unit_test(test_domain_two_kernels),
	    cmocka_unit_test(test_too_many_domains),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_bad_magic),
	    cmocka_unit_test(test_corrupt_structure),
	    cmocka_unit_test(test_overlapping_banks),
	    cmocka_unit_test(test_no_memory),
	    cmocka_unit_test(test_bank_not_page_aligned),
	    cmocka_unit_test(test_module_outside_ram),
	    cmocka_unit_test(test_domain_module_outside_ram),
	    cmocka_unit_test(test_module_without_reg),
	    cmocka_unit_test(test_modules_overlap),
	    cmocka_unit_test(test_module_overlaps_tree),
	    cmocka_unit_test(test_no_cpus),
	    cmocka_unit_test(test_no_gic),
	    cmocka_unit_test(test_no_timer),
	    cmocka_unit_test(test_timer_without_hyp_irq),
	    cmocka_unit_test(test_stdout_path_missing_node),
	    cmocka_unit_test(test_stdout_path_not_pl011),
	    cmocka_unit_test(test_check_image),
	    cmocka_unit_test(test_check_image_reserved),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
