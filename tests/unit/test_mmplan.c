/*
 * Host unit tests for mm_plan() (mm/page-alloc.c) fed by bootinfo_mm_layout()
 * (hyp/boot/bootinfo-mm.c): deciding, from a struct bootinfo, which RAM the
 * page allocator gets and where the frame tables go.
 *
 * The bootinfo structs are filled by hand to look like QEMU virt and a
 * Raspberry Pi 4. Each plan is checked twice: its free map against the exact
 * ranges expected, and by building a real buddy allocator from it (frame
 * tables from the host heap, since the plan's addresses are physical) and
 * draining it page by page, so no page of Tarn, the tree, a module, a
 * reservation or a frame table can ever be handed out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "hyp/boot/bootinfo.h"
#include "mm/page-alloc.h"
#include "tarn/errno.h"

struct span {
	uint64_t base, size;
	const char *what;
};

struct rng {
	uint64_t base, size;
};

/* What boot does: the boot description's layout, then the plan. */
static int plan_of(const struct bootinfo *bi, uint64_t image_base, uint64_t image_size,
		   struct mm_plan *plan, char *err, size_t errlen)
{
	struct mm_layout l;

	bootinfo_mm_layout(bi, image_base, image_size, &l);
	return mm_plan(&l, plan, err, errlen);
}

static void add_bank(struct bootinfo *bi, uint64_t base, uint64_t size)
{
	bi->banks[bi->nbanks].base = base;
	bi->banks[bi->nbanks].size = size;
	bi->nbanks++;
}

static void add_reserved(struct bootinfo *bi, uint64_t base, uint64_t size, const char *what)
{
	struct reserved_range *r = &bi->reserved[bi->nreserved++];

	r->base = base;
	r->size = size;
	strncpy(r->what, what, sizeof(r->what) - 1);
}

static void add_module(struct bootinfo *bi, uint64_t base, uint64_t size)
{
	bi->modules[bi->nmodules].base = base;
	bi->modules[bi->nmodules].size = size;
	bi->modules[bi->nmodules].kind = MODULE_KERNEL;
	bi->nmodules++;
}

static void expect_free(const struct memmap *m, const struct rng *want, unsigned int n)
{
	bool same = m->n == n;

	for (unsigned int i = 0; same && i < n; i++)
		same = m->r[i].base == want[i].base && m->r[i].size == want[i].size;
	if (same)
		return;
	for (unsigned int i = 0; i < m->n; i++)
		print_error("have [0x%llx, 0x%llx)\n", (unsigned long long)m->r[i].base,
			    (unsigned long long)(m->r[i].base + m->r[i].size));
	for (unsigned int i = 0; i < n; i++)
		print_error("want [0x%llx, 0x%llx)\n", (unsigned long long)want[i].base,
			    (unsigned long long)(want[i].base + want[i].size));
	fail();
}

/* Everything the plan must keep away from the allocator, frame tables included. */
static unsigned int exclusions(const struct bootinfo *bi, const struct mm_plan *plan,
			       uint64_t image_base, uint64_t image_size, struct span *out)
{
	unsigned int n = 0;

	out[n++] = (struct span){image_base, image_size, "image"};
	for (unsigned int i = 0; i < bi->nreserved; i++)
		out[n++] =
		    (struct span){bi->reserved[i].base, bi->reserved[i].size, bi->reserved[i].what};
	for (unsigned int i = 0; i < bi->nmodules; i++)
		out[n++] = (struct span){bi->modules[i].base, bi->modules[i].size, "module"};
	for (unsigned int z = 0; z < plan->nzones; z++)
		out[n++] = (struct span){
		    plan->zones[z].frames,
		    ALIGN_UP(buddy_frames_bytes(plan->zones[z].npages), PAGE_SIZE), "frame table"};
	return n;
}

static bool in_bank(const struct bootinfo *bi, uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < bi->nbanks; i++)
		if (base >= bi->banks[i].base &&
		    base + size <= bi->banks[i].base + bi->banks[i].size)
			return true;
	return false;
}

/* Frame tables lie in RAM, apart from each other and from every exclusion. */
static void check_frame_tables(const struct bootinfo *bi, const struct mm_plan *plan,
			       const struct span *ex, unsigned int nex)
{
	uint64_t total = 0;

	for (unsigned int z = 0; z < plan->nzones; z++) {
		uint64_t at = plan->zones[z].frames;
		uint64_t bytes = ALIGN_UP(buddy_frames_bytes(plan->zones[z].npages), PAGE_SIZE);

		assert_true(IS_ALIGNED(at, PAGE_SIZE));
		assert_true(in_bank(bi, at, bytes));
		for (unsigned int i = 0; i < nex; i++) {
			if (ex[i].base == at)
				continue; /* itself */
			if (range_overlaps(at, bytes, ex[i].base, ex[i].size))
				fail_msg("frame table %u [0x%llx, +0x%llx) overlaps %s", z,
					 (unsigned long long)at, (unsigned long long)bytes,
					 ex[i].what);
		}
		for (unsigned int i = 0; i < plan->free.n; i++)
			assert_false(
			    range_overlaps(at, bytes, plan->free.r[i].base, plan->free.r[i].size));
		total += bytes;
	}
	assert_int_equal(plan->frame_bytes, total);
}

/*
 * Build a buddy allocator from the plan as page_alloc_init() would, drain it
 * one page at a time and check every page. Returns how many there were.
 */
static uint64_t drain_plan(const struct mm_plan *plan, const struct span *ex, unsigned int nex)
{
	struct buddy b;
	struct frame *frames[BUDDY_MAX_ZONES];
	uint64_t count = 0;
	paddr_t pa;

	buddy_init(&b);
	for (unsigned int z = 0; z < plan->nzones; z++) {
		frames[z] = calloc(1, buddy_frames_bytes(plan->zones[z].npages));
		assert_non_null(frames[z]);
		assert_int_equal(buddy_add_zone(&b, pa_init(plan->zones[z].base),
						plan->zones[z].npages, frames[z]),
				 0);
	}
	for (unsigned int i = 0; i < plan->free.n; i++)
		assert_int_equal(buddy_release(&b, pa_init(plan->free.r[i].base),
					       plan->free.r[i].size >> PAGE_SHIFT),
				 0);
	while (buddy_alloc(&b, 0, &pa) == 0) {
		for (unsigned int i = 0; i < nex; i++)
			if (range_overlaps(pa_val(pa), PAGE_SIZE, ex[i].base, ex[i].size))
				fail_msg("page 0x%llx handed out, but it is in the %s",
					 (unsigned long long)pa_val(pa), ex[i].what);
		count++;
	}
	assert_int_equal(b.free_pages, 0);
	for (unsigned int z = 0; z < plan->nzones; z++)
		free(frames[z]);
	return count;
}

#define QEMU_RAM	0x40000000ULL
#define QEMU_IMAGE	0x40400000ULL
#define QEMU_IMAGE_SIZE 0x5f000ULL

/* QEMU virt with 512 MiB, as U-Boot leaves it for Tarn. */
static void qemu_bootinfo(struct bootinfo *bi)
{
	*bi = (struct bootinfo){0};
	add_bank(bi, QEMU_RAM, MIB(512));
	bi->fdt_base = 0x44000000;
	bi->fdt_size = 0x15000;
	add_reserved(bi, 0x44000000, 0x15000, "device tree");
	add_reserved(bi, 0x50000000, MIB(1), "/reserved-memory/shm@50000000");
	add_reserved(bi, 0x10000000, 0x1000, "/memreserve/"); /* not RAM: no effect */
	add_module(bi, 0x45000000, 0x123456);		      /* ends mid-page */
}

static void test_qemu_plan(void **state)
{
	struct bootinfo bi;
	struct mm_plan plan;
	struct span ex[8];
	unsigned int nex;
	char err[128] = "";
	/* 2^17 pages of 16-byte frames: a 2 MiB table at the very top. */
	static const struct rng want[] = {
	    {0x40000000, 0x400000},
	    {0x4045f000, 0x44000000 - 0x4045f000},
	    {0x44015000, 0x45000000 - 0x44015000},
	    {0x45124000, 0x50000000 - 0x45124000},
	    {0x50100000, 0x5fe00000 - 0x50100000},
	};

	qemu_bootinfo(&bi);
	assert_int_equal(plan_of(&bi, QEMU_IMAGE, QEMU_IMAGE_SIZE, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.nzones, 1);
	assert_int_equal(plan.zones[0].base, QEMU_RAM);
	assert_int_equal(plan.zones[0].npages, 0x20000);
	assert_int_equal(plan.zones[0].frames, 0x5fe00000);
	assert_int_equal(plan.frame_bytes, MIB(2));
	expect_free(&plan.free, want, ARRAY_SIZE(want));
	nex = exclusions(&bi, &plan, QEMU_IMAGE, QEMU_IMAGE_SIZE, ex);
	check_frame_tables(&bi, &plan, ex, nex);
	assert_int_equal(drain_plan(&plan, ex, nex), memmap_total(&plan.free) / PAGE_SIZE);
	assert_int_equal(memmap_total(&plan.free),
			 MIB(512) - 0x5f000 - 0x15000 - 0x124000 - MIB(1) - MIB(2));
}

/*
 * Raspberry Pi 4 (4 GiB): RAM in two banks around the VideoCore's carve-out,
 * the firmware's spin tables reserved at 0, Tarn loaded low.
 */
static void test_rpi4_plan(void **state)
{
	struct bootinfo bi = {0};
	struct mm_plan plan;
	struct span ex[8];
	unsigned int nex;
	char err[128] = "";
	uint64_t image = 0x200000, image_size = 0x60000;
	/* Bank 0: 0x3b400 pages -> 0x3b4000 bytes; bank 1: 0xbc000 -> 0xbc0000. */
	uint64_t ft0 = 0xfc000000 - 0x3b4000, ft1 = ft0 - 0xbc0000;
	static const struct rng want[] = {
	    {0x1000, 0x200000 - 0x1000},
	    {0x260000, 0x2600000 - 0x260000},
	    {0x260c000, 0x2800000 - 0x260c000},
	    {0x3000000, 0x3b400000 - 0x3000000},
	    {0x40000000, 0xfc000000 - 0x3b4000 - 0xbc0000 - 0x40000000},
	};

	add_bank(&bi, 0x0, 0x3b400000);
	add_bank(&bi, 0x40000000, 0xbc000000);
	bi.fdt_base = 0x2600000;
	bi.fdt_size = 0xb123;
	add_reserved(&bi, 0x0, 0x1000, "/memreserve/");
	add_reserved(&bi, 0x2600000, 0xb123, "device tree"); /* size not page aligned */
	add_module(&bi, 0x2800000, MIB(8));
	assert_int_equal(plan_of(&bi, image, image_size, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.nzones, 2);
	assert_int_equal(plan.zones[0].base, 0);
	assert_int_equal(plan.zones[0].npages, 0x3b400);
	assert_int_equal(plan.zones[1].base, 0x40000000);
	assert_int_equal(plan.zones[1].npages, 0xbc000);
	assert_int_equal(plan.zones[0].frames, ft0);
	assert_int_equal(plan.zones[1].frames, ft1);
	expect_free(&plan.free, want, ARRAY_SIZE(want));
	nex = exclusions(&bi, &plan, image, image_size, ex);
	check_frame_tables(&bi, &plan, ex, nex);
	assert_int_equal(drain_plan(&plan, ex, nex), memmap_total(&plan.free) / PAGE_SIZE);
}

/* Banks that are not page aligned lose their partial pages, zones included. */
static void test_unaligned_bank(void **state)
{
	struct bootinfo bi = {0};
	struct mm_plan plan;
	char err[128] = "";

	add_bank(&bi, 0x40000800, MIB(16));
	add_bank(&bi, 0x80000000, 0x800); /* less than a page: no zone */
	assert_int_equal(plan_of(&bi, 0x40400000, 0x1000, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.nzones, 1);
	assert_int_equal(plan.zones[0].base, 0x40001000);
	assert_int_equal(plan.zones[0].npages, 0xfff);
	assert_int_equal(plan.zones[0].frames, 0x41000000 - 0x10000);
	assert_int_equal(plan.free.n, 2);
	assert_int_equal(plan.free.r[0].base, 0x40001000);
	assert_int_equal(plan.free.r[1].base, 0x40401000);
	assert_int_equal(plan.free.r[1].size, 0x41000000 - 0x10000 - 0x40401000);
}

static void test_too_many_banks(void **state)
{
	struct bootinfo bi = {0};
	struct mm_plan plan;
	char err[128] = "";

	for (unsigned int i = 0; i <= BUDDY_MAX_ZONES; i++)
		add_bank(&bi, GIB(1) * (i + 1), MIB(64));
	assert_int_equal(plan_of(&bi, GIB(1), 0x1000, &plan, err, sizeof(err)), -TARN_ENOSPC);
	assert_string_equal(err, "memory: too many memory banks");
}

static void test_overlapping_banks(void **state)
{
	struct bootinfo bi = {0};
	struct mm_plan plan;
	char err[128] = "";

	add_bank(&bi, 0x40000000, MIB(64));
	add_bank(&bi, 0x43000000, MIB(64));
	assert_int_equal(plan_of(&bi, 0x40000000, 0x1000, &plan, err, sizeof(err)), -TARN_EINVAL);
	assert_string_equal(err, "memory: bad memory banks");
}

/* 16 MiB needs a 64 KiB frame table; only two 32 KiB pieces are left. */
static void test_no_room_for_frame_table(void **state)
{
	struct bootinfo bi = {0};
	struct mm_plan plan;
	char err[128] = "";

	add_bank(&bi, 0x40000000, MIB(16));
	assert_int_equal(plan_of(&bi, 0x40008000, MIB(16) - 0x10000, &plan, err, sizeof(err)),
			 -TARN_ENOMEM);
	assert_string_equal(err, "memory: no room for the frame table");
	/* One page more on top and it fits exactly there. */
	assert_int_equal(plan_of(&bi, 0x40008000, MIB(16) - 0x18000, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.zones[0].frames, 0x40ff0000);
	assert_int_equal(plan.free.n, 1);
	assert_int_equal(plan.free.r[0].base, 0x40000000);
	assert_int_equal(plan.free.r[0].size, 0x8000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_qemu_plan),
	    cmocka_unit_test(test_rpi4_plan),
	    cmocka_unit_test(test_unaligned_bank),
	    cmocka_unit_test(test_too_many_banks),
	    cmocka_unit_test(test_overlapping_banks),
	    cmocka_unit_test(test_no_room_for_frame_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
