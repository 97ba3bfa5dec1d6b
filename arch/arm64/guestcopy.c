/*
 * Guest virtual address translation for hypercall arguments (see
 * guestcopy.h): AT S1E1R/W walks the guest's own stage 1 in hardware, with
 * the guest's registers, which are live while Tarn handles its trap; the IPA
 * it gives must then be the domain's RAM in its stage 2. PAR_EL1 belongs to
 * the guest, so it is put back afterwards.
 *
 * Why not AT S12E1R/W and the memory type it reports: with its MMU off a
 * guest's data accesses are Device-nGnRnE, so every address, its RAM too,
 * would look like a device and every hypercall with a pointer would fail,
 * where Xen (which also checks the stage-2 type) serves it.
 */
#include "arch/arm64/guestcopy.h"

#include "arch/arm64/p2m.h"
#include "arch/arm64/sysreg.h"
#include "hyp/domain/domain.h"
#include "hyp/schedule/schedule.h"
#include "lib/string.h"
#include "lib/types.h"
#include "tarn/errno.h"

#define PAR_F	      1ULL
#define PAR_ADDR_MASK 0x0000fffffffff000ULL

static int gva_to_pa(uint64_t gva, bool write, paddr_t *pa)
{
	uint64_t saved = read_sysreg(par_el1);
	uint64_t par;

	if (write)
		__asm__ volatile("at s1e1w, %0" : : "r"(gva));
	else
		__asm__ volatile("at s1e1r, %0" : : "r"(gva));
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	if (par & PAR_F)
		return -TARN_EFAULT;
	/* Only the domain's own RAM: its stage 2 says which IPAs those are. */
	if (!p2m_lookup_ram(current_vcpu()->domain, (par & PAR_ADDR_MASK) | (gva & PAGE_MASK), pa))
		return -TARN_EFAULT;
	return 0;
}

int copy_from_guest(void *dst, uint64_t gva, size_t len)
{
	uint8_t *d = dst;

	while (len) {
		size_t chunk = MIN(len, PAGE_SIZE - (gva & PAGE_MASK));
		paddr_t pa;
		int rc = gva_to_pa(gva, false, &pa);

		if (rc)
			return rc;
		memcpy(d, pa_to_ptr(pa), chunk);
		d += chunk;
		gva += chunk;
		len -= chunk;
	}
	return 0;
}

int copy_to_guest(uint64_t gva, const void *src, size_t len)
{
	const uint8_t *s = src;

	while (len) {
		size_t chunk = MIN(len, PAGE_SIZE - (gva & PAGE_MASK));
		paddr_t pa;
		int rc = gva_to_pa(gva, true, &pa);

		if (rc)
			return rc;
		memcpy(pa_to_ptr(pa), s, chunk);
		s += chunk;
		gva += chunk;
		len -= chunk;
	}
	return 0;
}
