/*
 * The boot description's memory, as the page allocator's planner wants it
 * (mm/page-alloc.h): the RAM banks, and everything in them that is taken:
 * Tarn's own image, the reserved ranges (the device tree among them) and the
 * boot modules. mm/ knows nothing of device trees; this is the translation.
 */
#include "hyp/boot/bootinfo.h"

#include "mm/page-alloc.h"

_Static_assert(BOOT_MAX_BANKS <= MM_MAX_BANKS, "every bank fits the layout");
_Static_assert(1 + BOOT_MAX_RESERVED + BOOT_MAX_MODULES <= MM_MAX_EXCLUDED,
	       "every taken range fits the layout");

static void exclude(struct mm_layout *l, uint64_t base, uint64_t size)
{
	l->excluded[l->nexcluded++] = (struct mm_range){base, size};
}

void bootinfo_mm_layout(const struct bootinfo *bi, uint64_t image_base, uint64_t image_size,
			struct mm_layout *out)
{
	*out = (struct mm_layout){0};
	for (unsigned int i = 0; i < bi->nbanks && i < BOOT_MAX_BANKS; i++)
		out->banks[out->nbanks++] = (struct mm_range){bi->banks[i].base, bi->banks[i].size};
	exclude(out, image_base, image_size);
	for (unsigned int i = 0; i < bi->nreserved && i < BOOT_MAX_RESERVED; i++)
		exclude(out, bi->reserved[i].base, bi->reserved[i].size);
	for (unsigned int i = 0; i < bi->nmodules && i < BOOT_MAX_MODULES; i++)
		exclude(out, bi->modules[i].base, bi->modules[i].size);
}
