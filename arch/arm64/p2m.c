/*
 * Stage-2 translation for domains (see p2m.h), on the generic table code.
 *
 * Every domain gets the same IPA size, the CPU's physical address range
 * capped at 48 bits (at least 40, as DESIGN asks; QEMU's Cortex-A57 gives
 * 44), walked from level 0 with 4 KiB pages. VMIDs are 8 bits; VMID 0 is
 * never given out, so a stale TLB entry of "no domain" can never match.
 *
 * Table pages come from the page allocator and are freed with the domain.
 */
#include "arch/arm64/p2m.h"

#include "arch/arm64/mmu.h"
#include "arch/arm64/sysreg.h"
#include "hyp/domain/domain.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "mm/page-alloc.h"
#include "tarn/errno.h"

/* Stage-2 leaf attributes. */
#define S2_MEMATTR_NORMAL_WB	(0xfULL << 2)
#define S2_MEMATTR_DEVICE_nGnRE (0x1ULL << 2)
#define S2_AP_RW		(3ULL << 6)
#define S2_SH_INNER		(3ULL << 8)
#define S2_AF			(1ULL << 10)
#define S2_XN			(1ULL << 54)

#define VMID_MAX 256

static unsigned int ipa_bits;
static uint64_t vtcr;
static uint8_t vmid_used[VMID_MAX];
static struct spinlock vmid_lock = SPINLOCK_INIT;

unsigned int p2m_ipa_bits(void)
{
	return ipa_bits;
}

void p2m_cpu_init(void)
{
	uint64_t parange = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	if (parange > 5)
		parange = 5;
	ipa_bits = mmu_pa_bits() > 48 ? 48 : mmu_pa_bits();
	/* T0SZ, SL0 = 2 (start at level 0), inner-shareable WBWA walks, 4 KiB, PS. */
	vtcr = (1ULL << 31) | (parange << 16) | (3ULL << 12) | (1ULL << 10) | (1ULL << 8) |
	       (2ULL << 6) | (64 - ipa_bits);
	write_sysreg(vtcr_el2, vtcr);
	isb();
}

static int table_alloc(void *ctx, paddr_t *out)
{
	int rc = page_alloc(0, out);

	(void)ctx;
	if (rc)
		return rc;
	memset(pa_to_ptr(*out), 0, PAGE_SIZE);
	return 0;
}

static int vmid_alloc(uint16_t *out)
{
	uint64_t flags = spin_lock_irqsave(&vmid_lock);
	int rc = -TARN_ENOSPC;

	for (unsigned int i = 1; i < VMID_MAX; i++) {
		if (!vmid_used[i]) {
			vmid_used[i] = 1;
			*out = (uint16_t)i;
			rc = 0;
			break;
		}
	}
	spin_unlock_irqrestore(&vmid_lock, flags);
	return rc;
}

int p2m_domain_init(struct domain *d)
{
	int rc = vmid_alloc(&d->arch.vmid);

	if (rc)
		return rc;
	rc = pt_init(&d->arch.p2m, 0, table_alloc, NULL);
	if (rc) {
		vmid_used[d->arch.vmid] = 0;
		return rc;
	}
	d->arch.vttbr = ((uint64_t)d->arch.vmid << 48) | pa_val(d->arch.p2m.root);
	return 0;
}

static void table_free(uint64_t *table, unsigned int level)
{
	for (unsigned int i = 0; level < 3 && i < PT_ENTRIES; i++) {
		uint64_t e = table[i];

		if ((e & (PTE_VALID | PTE_TYPE_TABLE)) == (PTE_VALID | PTE_TYPE_TABLE))
			table_free(pa_to_ptr(pa_init(e & PTE_ADDR_MASK)), level + 1);
	}
	page_free(pa_from_ptr(table), 0);
}

/* Drop every TLB entry of d's VMID, on every CPU. */
static void p2m_flush(struct domain *d)
{
	uint64_t flags = irq_save();
	uint64_t old = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2, d->arch.vttbr);
	isb();
	dsb_ishst();
	__asm__ volatile("tlbi vmalls12e1is" ::: "memory");
	dsb_ish();
	isb();
	write_sysreg(vttbr_el2, old);
	isb();
	irq_restore(flags);
}

void p2m_domain_destroy(struct domain *d)
{
	if (!d->arch.vmid)
		return;
	p2m_flush(d);
	table_free(pa_to_ptr(d->arch.p2m.root), 0);
	spin_lock(&vmid_lock);
	vmid_used[d->arch.vmid] = 0;
	spin_unlock(&vmid_lock);
	d->arch.vmid = 0;
}

int p2m_map(struct domain *d, uint64_t ipa, paddr_t pa, uint64_t size, enum p2m_type t)
{
	uint64_t attrs = S2_AF | S2_AP_RW;
	int rc;

	if (ipa + size < ipa || ipa + size > (1ULL << ipa_bits))
		return -TARN_EINVAL;
	if (t == P2M_RAM_RW)
		attrs |= S2_MEMATTR_NORMAL_WB | S2_SH_INNER;
	else
		attrs |= S2_MEMATTR_DEVICE_nGnRE | S2_XN;
	rc = pt_map(&d->arch.p2m, ipa, pa, size, attrs);
	dsb_ishst();
	return rc;
}

int p2m_unmap(struct domain *d, uint64_t ipa, uint64_t size)
{
	int rc = pt_unmap(&d->arch.p2m, ipa, size);

	p2m_flush(d);
	return rc;
}

bool p2m_lookup_ram(struct domain *d, uint64_t ipa, paddr_t *pa)
{
	uint64_t attrs;

	if (pt_lookup(&d->arch.p2m, ipa, pa, &attrs, NULL))
		return false;
	return (attrs & (0xfULL << 2)) == S2_MEMATTR_NORMAL_WB;
}

void p2m_load(struct domain *d)
{
	write_sysreg(vttbr_el2, d->arch.vttbr);
	isb();
}
