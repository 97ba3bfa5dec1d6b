/*
 * MMIO accessors. Emulated devices (the vGIC distributor and redistributors,
 * the vpl011) trap to the hypervisor, which decodes the access from the
 * syndrome: that works only for a plain load or store with a single base
 * register and no writeback. The inline assembly guarantees that form.
 */
#ifndef GK_MMIO_H
#define GK_MMIO_H

#include <stdint.h>

static inline uint32_t mmio_read32(uint64_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline uint64_t mmio_read64(uint64_t addr)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write64(uint64_t addr, uint64_t v)
{
	__asm__ volatile("str %x0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

#endif /* GK_MMIO_H */
