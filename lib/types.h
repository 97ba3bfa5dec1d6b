/*
 * Basic types shared by every part of Tarn, arch-neutral and host-testable.
 *
 * Physical addresses get their own type so that the compiler refuses to mix a
 * physical address with a pointer or a plain number by accident (the idea of
 * Hafnium's addr.h). Tarn identity-maps RAM at EL2, so turning a physical
 * address into a pointer is a cast, but it is always spelled pa_to_ptr().
 */
#ifndef HYP_TYPES_H
#define HYP_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ULL << PAGE_SHIFT)
#define PAGE_MASK  (PAGE_SIZE - 1)

#define KIB(x) ((uint64_t)(x) << 10)
#define MIB(x) ((uint64_t)(x) << 20)
#define GIB(x) ((uint64_t)(x) << 30)

#define ARRAY_SIZE(a)	 (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)	 (((x) + ((a)-1)) & ~((uint64_t)(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((uint64_t)(a)-1)) == 0)
#define MIN(a, b)	 ((a) < (b) ? (a) : (b))
#define MAX(a, b)	 ((a) > (b) ? (a) : (b))

/* A physical address. */
typedef struct {
	uint64_t v;
} paddr_t;

static inline paddr_t pa_init(uint64_t v)
{
	return (paddr_t){v};
}

static inline uint64_t pa_val(paddr_t p)
{
	return p.v;
}

static inline paddr_t pa_add(paddr_t p, uint64_t off)
{
	return (paddr_t){p.v + off};
}

static inline void *pa_to_ptr(paddr_t p)
{
	return (void *)(uintptr_t)p.v;
}

static inline paddr_t pa_from_ptr(const void *ptr)
{
	return (paddr_t){(uint64_t)(uintptr_t)ptr};
}

/* True when [a, a+alen) and [b, b+blen) share at least one byte. */
static inline bool range_overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen != 0 && blen != 0 && a < b + blen && b < a + alen;
}

#endif /* HYP_TYPES_H */
