/*
 * Tarn's EL2 translation regime: an identity map (VA = PA) built over the
 * generic table code in pgtable.c.
 *
 * early_mmu_init() runs with the MMU and caches off, straight after
 * relocation: it maps the image with per-section permissions (text RX,
 * rodata RO, data and BSS RW, W^X enforced by SCTLR_EL2.WXN), the device tree
 * and the platform's early UART, which is all hyp_start() needs to read the
 * device tree. RAM and the other devices are mapped later, from what the
 * device tree says.
 *
 * Table pages come from a static pool in BSS: Tarn maps memory with blocks, so
 * a handful of tables cover everything it needs at boot.
 */
#include "arch/arm64/mmu.h"

#include "arch/arm64/cache.h"
#include "arch/arm64/pgtable.h"
#include "arch/arm64/sysreg.h"
#include "platform/platform.h"
#include "tarn/errno.h"

#define MAIR_DEVICE_nGnRE 1
#define MAIR_NORMAL_WB	  2
#define MAIR_VALUE	  ((0x00ULL << 0) | (0x04ULL << 8) | (0xffULL << 16) | (0x44ULL << 24))

#define ATTR_COMMON (PTE_AF | PTE_AP_RES1)
#define ATTR_NORMAL (ATTR_COMMON | PTE_ATTRIDX(MAIR_NORMAL_WB) | PTE_SH_INNER)
#define ATTR_TEXT   (ATTR_NORMAL | PTE_AP_RO)
#define ATTR_RODATA (ATTR_NORMAL | PTE_AP_RO | PTE_XN)
#define ATTR_DATA   (ATTR_NORMAL | PTE_XN)
#define ATTR_DEVICE (ATTR_COMMON | PTE_ATTRIDX(MAIR_DEVICE_nGnRE) | PTE_XN)

#define POOL_PAGES   64
#define FDT_MAX_SIZE MIB(2)

static uint8_t table_pool[POOL_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned int pool_used;
static struct pgtable hyp_pt;

/* What every CPU loads into its MMU registers; secondaries read it with the
 * MMU off, hence mmu_publish_for_secondaries(). */
static struct {
	uint64_t mair, tcr, ttbr;
} mmu_regs;

static int pool_alloc(void *ctx, paddr_t *out)
{
	(void)ctx;
	if (pool_used == POOL_PAGES)
		return -TARN_ENOMEM;
	/* BSS was zeroed at entry; pages are handed out once. */
	*out = pa_from_ptr(table_pool[pool_used++]);
	return 0;
}

unsigned int mmu_pa_bits(void)
{
	static const unsigned int bits[] = {32, 36, 40, 42, 44, 48, 52};
	unsigned int parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return parange < ARRAY_SIZE(bits) ? bits[parange] : 48;
}

static uint64_t tcr_value(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	if (parange > 5)
		parange = 5; /* 48 bits: what a 4-level, 4 KiB walk reaches */
	/* RES1 bits 31 and 23; T0SZ = 16 (48-bit VA); WBWA inner-shareable walks. */
	return (1ULL << 31) | (1ULL << 23) | (parange << 16) | (3ULL << 12) | (1ULL << 10) |
	       (1ULL << 8) | 16;
}

/* With the MMU off there is no console yet: a failure here cannot be reported. */
static _Noreturn void halt_early(void)
{
	for (;;)
		wfi();
}

static void map_or_halt(uint64_t base, uint64_t end, uint64_t attrs)
{
	uint64_t b = ALIGN_DOWN(base, PAGE_SIZE);

	if (pt_map(&hyp_pt, b, pa_init(b), ALIGN_UP(end, PAGE_SIZE) - b, attrs))
		halt_early();
}

/* Map [b, e) identity with attrs, leaving Tarn's own image as it is. */
static int map_around_image(uint64_t b, uint64_t e, uint64_t attrs)
{
	uint64_t head = (uint64_t)(uintptr_t)_head;
	uint64_t end = ALIGN_UP((uint64_t)(uintptr_t)_image_end, PAGE_SIZE);
	int rc = 0;

	b = ALIGN_DOWN(b, PAGE_SIZE);
	e = ALIGN_UP(e, PAGE_SIZE);
	if (b < head)
		rc = pt_map(&hyp_pt, b, pa_init(b), MIN(e, head) - b, attrs);
	if (!rc && e > end) {
		uint64_t s = MAX(b, end);

		rc = pt_map(&hyp_pt, s, pa_init(s), e - s, attrs);
	}
	return rc;
}

void early_mmu_init(uint64_t fdt_pa)
{
	uint64_t fdt = ALIGN_DOWN(fdt_pa, MIB(2));

	if (pt_init(&hyp_pt, 0, pool_alloc, NULL))
		halt_early();
	map_or_halt((uint64_t)(uintptr_t)_head, (uint64_t)(uintptr_t)_text_end, ATTR_TEXT);
	map_or_halt((uint64_t)(uintptr_t)_text_end, (uint64_t)(uintptr_t)_rodata_end, ATTR_RODATA);
	map_or_halt((uint64_t)(uintptr_t)_rodata_end, (uint64_t)(uintptr_t)_image_end, ATTR_DATA);
	/* The tree may be up to 2 MiB long and straddle a 2 MiB boundary. */
	if (map_around_image(fdt, fdt + 2 * FDT_MAX_SIZE, ATTR_DATA))
		halt_early();
	map_or_halt(platform.early_uart, platform.early_uart + PAGE_SIZE, ATTR_DEVICE);

	mmu_regs.mair = MAIR_VALUE;
	mmu_regs.tcr = tcr_value();
	mmu_regs.ttbr = pa_val(hyp_pt.root);
}

static void mmu_enable(void)
{
	write_sysreg(mair_el2, mmu_regs.mair);
	write_sysreg(tcr_el2, mmu_regs.tcr);
	write_sysreg(ttbr0_el2, mmu_regs.ttbr);
	isb();
	__asm__ volatile("tlbi alle2" ::: "memory");
	dsb_sy();
	isb();
	write_sysreg(sctlr_el2,
		     read_sysreg(sctlr_el2) | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA | SCTLR_WXN);
	isb();
}

void mmu_enable_boot(void)
{
	uint64_t head = (uint64_t)(uintptr_t)_head;

	/*
	 * Everything written so far (relocations, BSS, tables) went straight to
	 * memory; drop any stale cache lines before the caches start serving reads.
	 */
	dcache_inval_range(_head, (uint64_t)(uintptr_t)_image_end - head);
	mmu_enable();
}

void mmu_enable_secondary(void)
{
	mmu_enable();
}

void mmu_publish_for_secondaries(void)
{
	dcache_clean_range(&mmu_regs, sizeof(mmu_regs));
}

static void tlb_flush_all(void)
{
	dsb_ishst();
	__asm__ volatile("tlbi alle2is" ::: "memory");
	dsb_ish();
	isb();
}

int mmu_map_ram(paddr_t base, uint64_t size)
{
	int rc = map_around_image(pa_val(base), pa_val(base) + size, ATTR_DATA);

	tlb_flush_all();
	return rc;
}

int mmu_map_device(paddr_t base, uint64_t size)
{
	uint64_t b = ALIGN_DOWN(pa_val(base), PAGE_SIZE);
	uint64_t e = ALIGN_UP(pa_val(base) + size, PAGE_SIZE);
	int rc = pt_map(&hyp_pt, b, pa_init(b), e - b, ATTR_DEVICE);

	tlb_flush_all();
	return rc;
}

unsigned int mmu_tables_used(void)
{
	return pool_used;
}
