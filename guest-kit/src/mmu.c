/*
 * The stage-1 identity map (VA == IPA), 4 KiB granule, 48-bit VA, tables from
 * a static pool in BSS.
 *
 * gk_mmu_early_init() runs with the MMU off (Device memory: this file is built
 * with -mstrict-align, like all of guest-kit) and maps only what crt0 and
 * libfdt need: the low 1 GiB of IPA space, the image and the device tree. Once
 * the tree is readable, gk_mmu_map_ram() adds every RAM bank it lists. New
 * entries only ever fill invalid slots, so no break-before-make is needed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "internal.h"
#include "sysreg.h"
#include <guestkit/fdt.h>
#include <guestkit/mmu.h>
#include <guestkit/spinlock.h>
#include <tarn/xen.h>

#define PAGE_SIZE  4096ULL
#define PT_ENTRIES 512
#define PT_POOL	   48 /* tables: 192 KiB; a few GiB of RAM needs about 10 */
#define PT_LEVELS  4

#define PTE_VALID     (1ULL << 0)
#define PTE_TABLE     (1ULL << 1) /* levels 0..2: next table; level 3: page */
#define PTE_ATTR(i)   ((uint64_t)(i) << 2)
#define PTE_ATTR_MASK PTE_ATTR(7)
#define PTE_SH_INNER  (3ULL << 8)
#define PTE_AF	      (1ULL << 10)
#define PTE_PXN	      (1ULL << 53)
#define PTE_UXN	      (1ULL << 54)
#define PTE_ADDR_MASK 0x0000FFFFFFFFF000ULL

/* MAIR_EL1 slots: 0 Normal WB read/write-allocate, 1 Device-nGnRE. */
#define MAIR_NORMAL 0
#define MAIR_DEVICE 1
#define MAIR_VALUE  (0xFFULL << (8 * MAIR_NORMAL) | 0x04ULL << (8 * MAIR_DEVICE))

/* TCR_EL1: T0SZ 16 (48 bits), walks WB-cacheable inner-shareable, TTBR1 off. */
#define TCR_T0SZ      16ULL
#define TCR_T1SZ      (16ULL << 16)
#define TCR_IRGN0_WB  (1ULL << 8)
#define TCR_ORGN0_WB  (1ULL << 10)
#define TCR_SH0_INNER (3ULL << 12)
#define TCR_EPD1      (1ULL << 23)
#define TCR_IPS_SHIFT 32

#define SCTLR_M	  (1ULL << 0)
#define SCTLR_A	  (1ULL << 1)
#define SCTLR_C	  (1ULL << 2)
#define SCTLR_I	  (1ULL << 12)
#define SCTLR_WXN (1ULL << 19)
#define SCTLR_E0E (1ULL << 24)
#define SCTLR_EE  (1ULL << 25)

/* Left unmapped so that NULL pointers fault in the guest. */
#define NULL_GUARD_END 0x200000ULL
#define LOW_END	       GUEST_RAM0_BASE
#define FDT_MAX_SIZE   0x200000ULL /* the arm64 boot protocol's limit */

struct gk_mmu_regs gk_mmu_regs;

static uint64_t tables[PT_POOL][PT_ENTRIES] __attribute__((aligned(4096)));
static unsigned int tables_used;
static bool mmu_on;
static struct gk_spinlock map_lock = GK_SPINLOCK_INIT;

static uint64_t *table_alloc(void)
{
	/* BSS: already zero, i.e. all entries invalid. */
	return tables_used < PT_POOL ? tables[tables_used++] : NULL;
}

static uint64_t leaf_attrs(enum gk_mem_type type)
{
	if (type == GK_MEM_DEVICE)
		return PTE_VALID | PTE_AF | PTE_ATTR(MAIR_DEVICE) | PTE_PXN | PTE_UXN;
	return PTE_VALID | PTE_AF | PTE_ATTR(MAIR_NORMAL) | PTE_SH_INNER;
}

static int check_existing(uint64_t pte, uint64_t attrs)
{
	return (pte & PTE_ATTR_MASK) == (attrs & PTE_ATTR_MASK) ? 0 : -EEXIST;
}

static int map_level(uint64_t *table, int level, uint64_t addr, uint64_t end, uint64_t attrs);

/* One slot of a level-0..2 table: a block if it fits, else a table. */
static int map_slot(uint64_t *slot, int level, uint64_t addr, uint64_t next, uint64_t attrs)
{
	uint64_t block = 1ULL << (39 - 9 * level);
	uint64_t *sub;

	if (*slot & PTE_VALID) {
		if (!(*slot & PTE_TABLE))
			return check_existing(*slot, attrs);
		sub = (uint64_t *)(uintptr_t)(*slot & PTE_ADDR_MASK);
		return map_level(sub, level + 1, addr, next, attrs);
	}
	if (level >= 1 && !(addr & (block - 1)) && next - addr == block) {
		*slot = addr | attrs; /* a block: bit 1 clear */
		return 0;
	}
	sub = table_alloc();
	if (!sub)
		return -ENOMEM;
	*slot = (uint64_t)(uintptr_t)sub | PTE_VALID | PTE_TABLE;
	return map_level(sub, level + 1, addr, next, attrs);
}

static int map_level(uint64_t *table, int level, uint64_t addr, uint64_t end, uint64_t attrs)
{
	unsigned int shift = 39 - 9 * level;
	uint64_t block = 1ULL << shift;
	int rc = 0;

	while (addr < end && !rc) {
		uint64_t next = (addr & ~(block - 1)) + block;
		uint64_t *slot = &table[(addr >> shift) % PT_ENTRIES];

		if (next > end)
			next = end;
		if (level == PT_LEVELS - 1) {
			if (*slot & PTE_VALID)
				rc = check_existing(*slot, attrs);
			else
				*slot = addr | attrs | PTE_TABLE; /* a page: bits 1:0 = 11 */
		} else {
			rc = map_slot(slot, level, addr, next, attrs);
		}
		addr = next;
	}
	return rc;
}

static int map_range(uint64_t addr, uint64_t size, enum gk_mem_type type)
{
	uint64_t start = addr & ~(PAGE_SIZE - 1);
	uint64_t end = (addr + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

	if (!size || end <= start || end > (1ULL << 48))
		return -EINVAL;
	return map_level(tables[0], 0, start, end, leaf_attrs(type));
}

int gk_mmu_map(uint64_t addr, uint64_t size, enum gk_mem_type type)
{
	uint64_t flags;
	int rc;

	if (!mmu_on)
		return map_range(addr, size, type);
	flags = gk_spin_lock_irqsave(&map_lock);
	rc = map_range(addr, size, type);
	/* The walker snoops the caches (walks are Inner WB); only order them. */
	dsb(ishst);
	isb();
	gk_spin_unlock_irqrestore(&map_lock, flags);
	return rc;
}

/* The tree's size, read by hand: libfdt must wait for the MMU. */
static uint64_t early_fdt_size(const void *dt)
{
	const volatile uint32_t *hdr = dt;
	uint64_t size;

	if (!dt || ((uintptr_t)dt & 7) || __builtin_bswap32(hdr[0]) != 0xd00dfeed)
		return 0;
	size = __builtin_bswap32(hdr[1]);
	return size < FDT_MAX_SIZE ? size : FDT_MAX_SIZE;
}

static uint64_t ips_bits(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xF;

	return parange > 5 ? 5 : parange; /* 5 = 48 bits: as far as T0SZ reaches */
}

struct gk_mmu_regs *gk_mmu_early_init(const void *dt)
{
	uint64_t fdt_size = early_fdt_size(dt);
	uint64_t sctlr = read_sysreg(sctlr_el1);

	table_alloc(); /* tables[0]: the root */
	map_range(NULL_GUARD_END, GUEST_GNTTAB_BASE - NULL_GUARD_END, GK_MEM_DEVICE);
	map_range(GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE + GUEST_MAGIC_SIZE, GK_MEM_NORMAL);
	map_range(GUEST_MAGIC_BASE + GUEST_MAGIC_SIZE,
		  LOW_END - (GUEST_MAGIC_BASE + GUEST_MAGIC_SIZE), GK_MEM_DEVICE);
	map_range((uintptr_t)gk_head, (uintptr_t)_end - (uintptr_t)gk_head, GK_MEM_NORMAL);
	if (fdt_size)
		map_range((uintptr_t)dt, fdt_size, GK_MEM_NORMAL);

	gk_mmu_regs.mair = MAIR_VALUE;
	gk_mmu_regs.tcr = TCR_T0SZ | TCR_T1SZ | TCR_IRGN0_WB | TCR_ORGN0_WB | TCR_SH0_INNER |
			  TCR_EPD1 | ips_bits() << TCR_IPS_SHIFT;
	gk_mmu_regs.ttbr0 = (uintptr_t)tables[0];
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I;
	sctlr &= ~(SCTLR_A | SCTLR_WXN | SCTLR_EE | SCTLR_E0E);
	gk_mmu_regs.sctlr = sctlr;
	return &gk_mmu_regs;
}

int gk_mmu_map_ram(void)
{
	int node, rc, banks = 0;

	mmu_on = true;
	for (node = gk_fdt_next_memory(-1); node >= 0; node = gk_fdt_next_memory(node)) {
		uint64_t base, size;

		for (int i = 0; gk_fdt_reg(node, i, &base, &size) == 0; i++) {
			if (!size)
				continue;
			rc = gk_mmu_map(base, size, GK_MEM_NORMAL);
			if (rc)
				return rc;
			banks++;
		}
	}
	return banks ? 0 : -ENOENT;
}
