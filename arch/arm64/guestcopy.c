/*
 * Guest virtual address translation for hypercall arguments (see
 * guestcopy.h): AT S12E1R/W does the guest's stage 1 and its stage 2 in
 * hardware, with the guest's own registers, which are live while Tarn handles
 * its trap. PAR_EL1 belongs to the guest, so it is put back afterwards.
 * Only Normal memory is accepted: in a guest's stage 2 that is its RAM.
 */
#include "hyp/guestcopy.h"

#include "arch/arm64/sysreg.h"
#include "hyp/string.h"
#include "hyp/types.h"
#include "tarn/errno.h"

#define PAR_F 1ULL
#define PAR_ATTR_SHIFT 56

static int gva_to_pa(uint64_t gva, bool write, paddr_t *pa)
{
	uint64_t saved = read_sysreg(par_el1);
	uint64_t par, attr;

	if (write)
		__asm__ volatile("at s12e1w, %0" : : "r"(gva));
	else
		__asm__ volatile("at s12e1r, %0" : : "r"(gva));
	isb();
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, saved);
	if (par & PAR_F)
		return -TARN_EFAULT;
	attr = par >> PAR_ATTR_SHIFT;
	if ((attr & 0xf0) == 0) /* Device memory */
		return -TARN_EFAULT;
	*pa = pa_init((par & 0x0000fffffffff000ULL) | (gva & PAGE_MASK));
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
