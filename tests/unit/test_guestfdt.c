/*
 * Host unit tests for the guest device-tree writer (lib/guest-fdt.c).
 *
 * Each test builds a tree for one guest description (GICv3 or GICv2, 1 or 4
 * vCPUs, with or without the vpl011 and /hypervisor), checks it with
 * fdt_check_full(), then reads it back with libfdt the way a guest does:
 * nodes found by path, compatible or phandle, and every value a Linux or Xen
 * guest relies on compared byte for byte (xen-arm-abi.md §4). Values are
 * written out as literals rather than taken from Tarn's headers, so a changed
 * constant shows up here as a changed guest ABI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/guest-fdt.h"
#include "tarn/errno.h"

#define BUF_SIZE 16384

/* A compatible list with its embedded and final NULs. */
#define STRLIST(s) s, sizeof(s)

/* GICv2 PPI flags carry the CPU mask of all eight CPUs' interface (0xf00). */
#define PPI_LOW(gic) ((gic) == 2 ? 0xf08u : 0x8u)

static char buf[BUF_SIZE];

static struct guest_fdt_desc desc(unsigned int gic, unsigned int nvcpus, bool vpl011, bool hyp)
{
	return (struct guest_fdt_desc){
		.mem_base = 0x40000000,
		.mem_size = 0x10000000,
		.nvcpus = nvcpus,
		.gic_version = gic,
		.vpl011 = vpl011,
		.hypervisor_node = hyp,
		.bootargs = "console=ttyAMA0 earlycon",
	};
}

/* Build into buf and insist the result is a sound tree. */
static const void *build(const struct guest_fdt_desc *g)
{
	int rc;

	memset(buf, 0, sizeof(buf));
	rc = guest_fdt_build(buf, sizeof(buf), g);
	if (rc)
		fail_msg("guest_fdt_build: %d", rc);
	rc = fdt_check_full(buf, fdt_totalsize(buf));
	if (rc)
		fail_msg("fdt_check_full: %s", fdt_strerror(rc));
	return buf;
}

static int node(const void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	if (off < 0)
		fail_msg("no node %s: %s", path, fdt_strerror(off));
	return off;
}

static int node_compat(const void *fdt, const char *compat)
{
	int off = fdt_node_offset_by_compatible(fdt, -1, compat);

	if (off < 0)
		fail_msg("no node compatible with %s: %s", compat, fdt_strerror(off));
	return off;
}

/* The property is exactly these bytes. */
static void expect_bytes(const void *fdt, int off, const char *name, const void *want, int len)
{
	int got_len;
	const void *got = fdt_getprop(fdt, off, name, &got_len);

	if (!got)
		fail_msg("%s: no property %s", fdt_get_name(fdt, off, NULL), name);
	if (got_len != len || memcmp(got, want, (size_t)len))
		fail_msg("%s: %s has %d bytes, want %d (or different contents)",
			 fdt_get_name(fdt, off, NULL), name, got_len, len);
}

static void expect_str(const void *fdt, int off, const char *name, const char *want)
{
	expect_bytes(fdt, off, name, want, (int)strlen(want) + 1);
}

static void expect_cells(const void *fdt, int off, const char *name, const uint32_t *want, int n)
{
	fdt32_t cells[16];

	assert_true(n <= 16);
	for (int i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(want[i]);
	expect_bytes(fdt, off, name, cells, n * 4);
}

static void expect_u32(const void *fdt, int off, const char *name, uint32_t want)
{
	expect_cells(fdt, off, name, &want, 1);
}

/* reg as <base size>... pairs of two cells each (the root's 2/2). */
static void expect_reg(const void *fdt, int off, const uint64_t *pairs, int n)
{
	uint32_t cells[16];

	for (int i = 0; i < 2 * n; i++) {
		cells[2 * i] = (uint32_t)(pairs[i] >> 32);
		cells[2 * i + 1] = (uint32_t)pairs[i];
	}
	expect_cells(fdt, off, "reg", cells, 4 * n);
}

static void expect_flag(const void *fdt, int off, const char *name)
{
	int len = -1;

	if (!fdt_getprop(fdt, off, name, &len) || len != 0)
		fail_msg("%s: %s missing or not empty (%d)", fdt_get_name(fdt, off, NULL), name,
			 len);
}

static void expect_absent(const void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	if (off != -FDT_ERR_NOTFOUND)
		fail_msg("%s: found (%d), want no such node", path, off);
}

static int count_subnodes(const void *fdt, int parent)
{
	int n = 0, sub;

	fdt_for_each_subnode(sub, fdt, parent) n++;
	return n;
}

/* ---- the root, memory, CPUs, PSCI ----------------------------------------- */

static void test_root(void **state)
{
	struct guest_fdt_desc g = desc(3, 1, false, false);
	const void *fdt = build(&g);

	expect_bytes(fdt, 0, "compatible", STRLIST("xen,xenvm-4.17\0xen,xenvm"));
	expect_u32(fdt, 0, "#address-cells", 2);
	expect_u32(fdt, 0, "#size-cells", 2);
	expect_u32(fdt, 0, "interrupt-parent", 65000);
	assert_int_equal(fdt_num_mem_rsv(fdt), 0);
}

static void test_memory(void **state)
{
	struct guest_fdt_desc g = desc(3, 1, false, false);
	const void *fdt = build(&g);
	const uint64_t reg[] = {0x40000000, 0x10000000};
	const uint64_t reg_high[] = {0x80000000, 0x123000};
	int mem = node(fdt, "/memory@40000000");

	expect_str(fdt, mem, "device_type", "memory");
	expect_reg(fdt, mem, reg, 1);
	/* The unit address follows the base. */
	g.mem_base = 0x80000000;
	g.mem_size = 0x123000;
	fdt = build(&g);
	expect_absent(fdt, "/memory@40000000");
	expect_reg(fdt, node(fdt, "/memory@80000000"), reg_high, 1);
}

static void check_cpus(unsigned int n)
{
	struct guest_fdt_desc g = desc(3, n, false, false);
	const void *fdt = build(&g);
	int cpus = node(fdt, "/cpus");
	char path[32];

	expect_u32(fdt, cpus, "#address-cells", 1);
	expect_u32(fdt, cpus, "#size-cells", 0);
	assert_int_equal(count_subnodes(fdt, cpus), n);
	for (unsigned int i = 0; i < n; i++) {
		int cpu;

		snprintf(path, sizeof(path), "/cpus/cpu@%u", i);
		cpu = node(fdt, path);
		expect_str(fdt, cpu, "device_type", "cpu");
		expect_u32(fdt, cpu, "reg", i);
		expect_str(fdt, cpu, "enable-method", "psci");
	}
	snprintf(path, sizeof(path), "/cpus/cpu@%u", n);
	expect_absent(fdt, path);
}

static void test_cpus_1(void **state)
{
	check_cpus(1);
}

static void test_cpus_4(void **state)
{
	check_cpus(4);
}

static void test_psci(void **state)
{
	struct guest_fdt_desc g = desc(2, 2, false, false);
	const void *fdt = build(&g);
	int psci = node(fdt, "/psci");

	assert_string_equal(fdt_stringlist_get(fdt, psci, "compatible", 0, NULL), "arm,psci-1.0");
	assert_true(fdt_stringlist_search(fdt, psci, "compatible", "arm,psci-0.2") > 0);
	expect_str(fdt, psci, "method", "hvc");
}

/* ---- the GIC and the timer ------------------------------------------------ */

static void check_gic_common(const void *fdt, int gic)
{
	expect_u32(fdt, gic, "#interrupt-cells", 3);
	expect_flag(fdt, gic, "interrupt-controller");
	expect_u32(fdt, gic, "phandle", 65000);
	/* interrupt-parent = <65000> must lead here. */
	assert_int_equal(fdt_node_offset_by_phandle(fdt, 65000), gic);
}

static void check_gicv3(unsigned int n)
{
	struct guest_fdt_desc g = desc(3, n, true, true);
	const void *fdt = build(&g);
	const uint64_t reg[] = {0x03001000, 0x10000, 0x03020000, 0x20000ULL * n};
	int gic = node_compat(fdt, "arm,gic-v3");

	assert_int_equal(gic, node(fdt, "/interrupt-controller@3001000"));
	expect_str(fdt, gic, "compatible", "arm,gic-v3");
	expect_reg(fdt, gic, reg, 2);
	check_gic_common(fdt, gic);
	assert_int_equal(fdt_node_offset_by_compatible(fdt, -1, "arm,cortex-a15-gic"),
			 -FDT_ERR_NOTFOUND);
}

static void test_gicv3_1(void **state)
{
	check_gicv3(1);
}

static void test_gicv3_4(void **state)
{
	check_gicv3(4);
}

static void test_gicv2(void **state)
{
	struct guest_fdt_desc g = desc(2, 4, true, true);
	const void *fdt = build(&g);
	const uint64_t reg[] = {0x03001000, 0x1000, 0x03002000, 0x2000};
	int gic = node_compat(fdt, "arm,cortex-a15-gic");

	assert_int_equal(gic, node(fdt, "/interrupt-controller@3001000"));
	expect_reg(fdt, gic, reg, 2);
	check_gic_common(fdt, gic);
	assert_int_equal(fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3"), -FDT_ERR_NOTFOUND);
}

/* Secure and non-secure physical, virtual, hypervisor: PPIs 13, 14, 11, 10. */
static void check_timer(unsigned int gic)
{
	struct guest_fdt_desc g = desc(gic, 4, false, false);
	const void *fdt = build(&g);
	const uint32_t f = PPI_LOW(gic);
	const uint32_t irqs[] = {1, 13, f, 1, 14, f, 1, 11, f, 1, 10, f};
	int timer = node_compat(fdt, "arm,armv8-timer");

	assert_int_equal(timer, node(fdt, "/timer"));
	assert_string_equal(fdt_stringlist_get(fdt, timer, "compatible", 0, NULL),
			    "arm,armv8-timer");
	expect_cells(fdt, timer, "interrupts", irqs, 12);
}

static void test_timer_gicv3(void **state)
{
	check_timer(3);
}

static void test_timer_gicv2(void **state)
{
	check_timer(2);
}

/* ---- /hypervisor ---------------------------------------------------------- */

/* What Linux's xen_dt_guest_init() and fdt_find_hyper_node() check. */
static void check_hypervisor(unsigned int gic)
{
	struct guest_fdt_desc g = desc(gic, 1, false, true);
	const void *fdt = build(&g);
	const uint64_t reg[] = {0x38000000, 0x1000000};
	const uint32_t irq[] = {1, 15, PPI_LOW(gic)};
	int hyp = node(fdt, "/hypervisor"), len;
	const char *compat = fdt_getprop(fdt, hyp, "compatible", &len);

	assert_string_equal(fdt_get_name(fdt, hyp, NULL), "hypervisor"); /* no unit address */
	assert_int_equal(fdt_parent_offset(fdt, hyp), 0);
	expect_bytes(fdt, hyp, "compatible", STRLIST("xen,xen-4.17\0xen,xen"));
	assert_non_null(compat);
	assert_true(len > 11); /* strlen("xen,xen-") + 3 < len */
	assert_memory_equal(compat, "xen,xen-", 8);
	assert_int_equal(node_compat(fdt, "xen,xen"), hyp);
	expect_reg(fdt, hyp, reg, 1);
	expect_cells(fdt, hyp, "interrupts", irq, 3);
}

static void test_hypervisor_gicv3(void **state)
{
	check_hypervisor(3);
}

static void test_hypervisor_gicv2(void **state)
{
	check_hypervisor(2);
}

static void test_no_hypervisor(void **state)
{
	struct guest_fdt_desc g = desc(3, 1, true, false);
	const void *fdt = build(&g);

	expect_absent(fdt, "/hypervisor");
	assert_int_equal(fdt_node_offset_by_compatible(fdt, -1, "xen,xen"), -FDT_ERR_NOTFOUND);
}

/* ---- the vpl011 and /chosen ----------------------------------------------- */

static void check_vpl011(unsigned int gic)
{
	struct guest_fdt_desc g = desc(gic, 1, true, false);
	const void *fdt = build(&g);
	const uint64_t reg[] = {0x22000000, 0x1000};
	const uint32_t irq[] = {0, 0, 4}; /* SPI 32, level-high: no CPU mask on SPIs */
	int uart = node(fdt, "/sbsa-uart@22000000");
	int chosen = node(fdt, "/chosen");
	const char *path;

	assert_int_equal(node_compat(fdt, "arm,sbsa-uart"), uart);
	expect_str(fdt, uart, "compatible", "arm,sbsa-uart");
	expect_reg(fdt, uart, reg, 1);
	expect_cells(fdt, uart, "interrupts", irq, 3);
	expect_str(fdt, chosen, "stdout-path", "/sbsa-uart@22000000");
	path = fdt_getprop(fdt, chosen, "stdout-path", NULL);
	assert_int_equal(fdt_path_offset(fdt, path), uart);
}

static void test_vpl011_gicv3(void **state)
{
	check_vpl011(3);
}

static void test_vpl011_gicv2(void **state)
{
	check_vpl011(2);
}

static void test_no_vpl011(void **state)
{
	struct guest_fdt_desc g = desc(3, 1, false, true);
	const void *fdt = build(&g);
	int chosen = node(fdt, "/chosen"), len;

	expect_absent(fdt, "/sbsa-uart@22000000");
	assert_int_equal(fdt_node_offset_by_compatible(fdt, -1, "arm,sbsa-uart"),
			 -FDT_ERR_NOTFOUND);
	assert_null(fdt_getprop(fdt, chosen, "stdout-path", &len));
	assert_int_equal(len, -FDT_ERR_NOTFOUND);
}

static void test_bootargs(void **state)
{
	struct guest_fdt_desc g = desc(3, 1, false, false);
	const void *fdt = build(&g);

	expect_str(fdt, node(fdt, "/chosen"), "bootargs", "console=ttyAMA0 earlycon");
	g.bootargs = NULL;
	fdt = build(&g);
	expect_str(fdt, node(fdt, "/chosen"), "bootargs", "");
}

/* ---- passed-through devices and the DMA window ----------------------------- */

static const struct guest_fdt_dev pt_devs[] = {
	{0x0a000000, 0x200, 48},
	{0x0a003e00, 0x200, 79},
};

static void check_passthrough(unsigned int gic)
{
	struct guest_fdt_desc g = desc(gic, 1, false, true);
	const uint64_t dma_reg[] = {0x5f800000, 0x400000};
	const uint64_t dev_reg[] = {0x0a003e00, 0x200};
	const uint32_t irq[] = {0, 47, 4}; /* SPI 79 - 32, level-high, no CPU mask */
	const void *fdt;
	int dev, pool, rm, mem;

	g.devs = pt_devs;
	g.ndevs = 2;
	g.dma_base = 0x5f800000;
	g.dma_size = 0x400000;
	fdt = build(&g);
	mem = node(fdt, "/memory@5f800000");
	expect_str(fdt, mem, "device_type", "memory");
	expect_reg(fdt, mem, dma_reg, 1);
	rm = node(fdt, "/reserved-memory");
	expect_u32(fdt, rm, "#address-cells", 2);
	expect_u32(fdt, rm, "#size-cells", 2);
	expect_flag(fdt, rm, "ranges");
	pool = node(fdt, "/reserved-memory/dma@5f800000");
	expect_str(fdt, pool, "compatible", "restricted-dma-pool");
	expect_reg(fdt, pool, dma_reg, 1);
	expect_u32(fdt, pool, "phandle", 65001);
	assert_int_equal(fdt_node_offset_by_phandle(fdt, 65001), pool);
	node(fdt, "/virtio_mmio@a000000");
	dev = node(fdt, "/virtio_mmio@a003e00");
	expect_str(fdt, dev, "compatible", "virtio,mmio");
	expect_reg(fdt, dev, dev_reg, 1);
	expect_cells(fdt, dev, "interrupts", irq, 3);
	expect_flag(fdt, dev, "dma-coherent");
	expect_u32(fdt, dev, "memory-region", 65001);
}

static void test_passthrough_gicv3(void **state)
{
	check_passthrough(3);
}

static void test_passthrough_gicv2(void **state)
{
	check_passthrough(2);
}

/* Devices without a window: no memory-region, no /reserved-memory; domUs get neither. */
static void test_passthrough_no_window(void **state)
{
	struct guest_fdt_desc g = desc(3, 1, false, true);
	const void *fdt;
	int len;

	fdt = build(&g);
	assert_int_equal(fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio"), -FDT_ERR_NOTFOUND);
	expect_absent(fdt, "/reserved-memory");
	g.devs = pt_devs;
	g.ndevs = 1;
	fdt = build(&g);
	expect_absent(fdt, "/reserved-memory");
	assert_null(fdt_getprop(fdt, node(fdt, "/virtio_mmio@a000000"), "memory-region", &len));
}

static void test_passthrough_bad(void **state)
{
	struct guest_fdt_desc g = desc(3, 1, false, true);
	const struct guest_fdt_dev ppi = {0x0a000000, 0x200, 27};

	g.ndevs = 1; /* and no devs */
	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &g), -TARN_EINVAL);
	g.devs = &ppi;
	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &g), -TARN_EINVAL);
}

/* ---- errors --------------------------------------------------------------- */

static void test_bad_desc(void **state)
{
	struct guest_fdt_desc g = desc(3, 0, true, true);

	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &g), -TARN_EINVAL);
	g = desc(4, 1, true, true);
	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &g), -TARN_EINVAL);
	g = desc(1, 1, true, true);
	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &g), -TARN_EINVAL);
	g = desc(0, 1, true, true);
	assert_int_equal(guest_fdt_build(buf, sizeof(buf), &g), -TARN_EINVAL);
}

/*
 * The full tree fits a buffer of exactly its size and nothing smaller; every
 * smaller buffer gets -TARN_ENOSPC, and nothing is written past its end.
 * Each size gets a heap block of exactly that size, so ASan sees any overrun.
 */
static void test_too_small(void **state)
{
	struct guest_fdt_desc g = desc(3, 4, true, true);
	int full;

	build(&g);
	full = (int)fdt_totalsize(buf);
	for (int size = full; size >= 0; size--) {
		char *b = malloc(size ? (size_t)size : 1);
		int rc;

		assert_non_null(b);
		memset(b, 0, (size_t)size);
		rc = guest_fdt_build(b, (size_t)size, &g);
		if (size == full && rc)
			fail_msg("exact size %d: %d", size, rc);
		if (size < full && rc != -TARN_ENOSPC)
			fail_msg("size %d of %d: %d, want -TARN_ENOSPC", size, full, rc);
		free(b);
	}
}

/*
 * A buffer smaller than the header: libfdt refuses to start, and the writer
 * must stop there rather than carry on over whatever the memory held before
 * (here: another tree being written in the same memory, with room to spare).
 */
static void test_smaller_than_header(void **state)
{
	struct guest_fdt_desc g = desc(3, 4, true, true);
	static char before[BUF_SIZE];
	const size_t small = 32;

	memset(buf, 0, sizeof(buf));
	assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	memcpy(before, buf, sizeof(buf));
	assert_int_equal(guest_fdt_build(buf, small, &g), -TARN_ENOSPC);
	if (memcmp(buf + small, before + small, sizeof(buf) - small))
		fail_msg("guest_fdt_build wrote past the %zu bytes it was given", small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_cpus_1),
		cmocka_unit_test(test_cpus_4),
		cmocka_unit_test(test_psci),
		cmocka_unit_test(test_gicv3_1),
		cmocka_unit_test(test_gicv3_4),
		cmocka_unit_test(test_gicv2),
		cmocka_unit_test(test_timer_gicv3),
		cmocka_unit_test(test_timer_gicv2),
		cmocka_unit_test(test_hypervisor_gicv3),
		cmocka_unit_test(test_hypervisor_gicv2),
		cmocka_unit_test(test_no_hypervisor),
		cmocka_unit_test(test_vpl011_gicv3),
		cmocka_unit_test(test_vpl011_gicv2),
		cmocka_unit_test(test_no_vpl011),
		cmocka_unit_test(test_bootargs),
		cmocka_unit_test(test_passthrough_gicv3),
		cmocka_unit_test(test_passthrough_gicv2),
		cmocka_unit_test(test_passthrough_no_window),
		cmocka_unit_test(test_passthrough_bad),
		cmocka_unit_test(test_bad_desc),
		cmocka_unit_test(test_too_small),
		cmocka_unit_test(test_smaller_than_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
