/*
 * The heap behind malloc(): newlib grows it with _sbrk() from the end of the
 * image (BSS included) up to the first thing in the same RAM bank that must
 * not be overwritten: the device tree (Xen puts a domU's tree in the top
 * 2 MiB of its RAM), an initrd, a /memreserve/ entry. Everything past it is
 * left alone.
 */
#include <stddef.h>
#include <stdint.h>

#include "internal.h"
#include "sys-errno.h"
#include <guestkit/crash.h>
#include <guestkit/fdt.h>

#define HEAP_ALIGN 64

static uintptr_t heap_start, heap_end, heap_brk;

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Shrinks [start, end) so that it no longer overlaps [os, oe). */
static void avoid(uint64_t *start, uint64_t *end, uint64_t os, uint64_t oe)
{
	if (oe <= *start || os >= *end)
		return;
	if (os <= *start)
		*start = align_up(oe, HEAP_ALIGN);
	else
		*end = os;
	if (*start > *end)
		*start = *end;
}

static void avoid_initrd(uint64_t *start, uint64_t *end)
{
	const void *fdt = gk_fdt();
	int chosen = fdt_path_offset(fdt, "/chosen");
	const fdt32_t *s, *e;
	int slen, elen;

	if (chosen < 0)
		return;
	s = fdt_getprop(fdt, chosen, "linux,initrd-start", &slen);
	e = fdt_getprop(fdt, chosen, "linux,initrd-end", &elen);
	if (!s || !e)
		return;
	avoid(start, end, slen == 8 ? fdt64_ld((const fdt64_t *)s) : fdt32_ld(s),
	      elen == 8 ? fdt64_ld((const fdt64_t *)e) : fdt32_ld(e));
}

void gk_heap_init(void)
{
	uint64_t bank, bank_size, start, end, rsv_addr, rsv_size;
	const void *fdt = gk_fdt();

	if (gk_fdt_ram_bank((uintptr_t)gk_head, &bank, &bank_size))
		gk_panic("the image at %p is in no RAM bank of the device tree", (void *)gk_head);
	start = align_up((uintptr_t)_end, HEAP_ALIGN);
	end = bank + bank_size;
	avoid(&start, &end, gk_fdt_addr(), gk_fdt_addr() + gk_fdt_size());
	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++)
		if (!fdt_get_mem_rsv(fdt, i, &rsv_addr, &rsv_size))
			avoid(&start, &end, rsv_addr, rsv_addr + rsv_size);
	avoid_initrd(&start, &end);
	heap_start = heap_brk = start;
	heap_end = end & ~(uint64_t)(HEAP_ALIGN - 1);
}

void *_sbrk(ptrdiff_t incr);
void *_sbrk(ptrdiff_t incr)
{
	uintptr_t old = heap_brk;

	if ((incr > 0 && (uintptr_t)incr > heap_end - heap_brk) ||
	    (incr < 0 && (uintptr_t)-incr > heap_brk - heap_start)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_brk += incr;
	return (void *)old;
}
