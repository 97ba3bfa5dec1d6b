/*
 * What the test guests (guests/test-*) share: their knobs from the kernel
 * command line (/chosen/bootargs, the dom0less module's bootargs on Tarn and
 * Xen alike), waits that give the CPU away, and a few counter helpers.
 * Nothing here depends on the hypervisor: every guest runs on Tarn and Xen.
 */
#ifndef TESTGUEST_H
#define TESTGUEST_H

#include <stdbool.h>
#include <stdint.h>

/* Value of "key=value" in the bootargs, or def if absent or not a number. */
uint64_t tg_arg_u64(const char *key, uint64_t def);
/* True if the bootargs hold the word key (alone or as key=...). */
bool tg_arg_flag(const char *key);

/*
 * Waiting for another vCPU without burning a physical CPU: the waiter sleeps
 * in WFI, the other side stores to the word, then sends SGI TG_SGI_WAKE with
 * tg_notify(). Every vCPU that waits or is notified calls tg_cpu_init() first
 * (the SGI is enabled per vCPU). WFI lets the hypervisor block the vCPU, so
 * the vCPUs it waits for get the CPU when they share it.
 */
#define TG_SGI_WAKE 15

void tg_cpu_init(void);
void tg_notify(unsigned int cpu);
/*
 * Waits until *word >= want, at most timeout_ns of virtual time (the virtual
 * timer wakes it then: it replaces this vCPU's gk_timer_set() alarm). True if
 * reached.
 */
bool tg_wait_u32(const volatile uint32_t *word, uint32_t want, uint64_t timeout_ns);

/* Gives the physical CPU to another vCPU if one is waiting for it. */
void tg_yield(void);

/* The virtual counter with no read ahead of earlier instructions. */
static inline uint64_t tg_counter(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

/* The virtual timer's compare value, as the guest last programmed it. */
static inline uint64_t tg_timer_cval(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntv_cval_el0" : "=r"(v));
	return v;
}

/* The calling vCPU's MPIDR_EL1 as it reads it (Tarn and Xen virtualise it). */
static inline uint64_t tg_mpidr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
	return v;
}

static inline void tg_atomic_inc(volatile uint32_t *word)
{
	__atomic_fetch_add(word, 1, __ATOMIC_SEQ_CST);
}

static inline uint32_t tg_load(const volatile uint32_t *word)
{
	return __atomic_load_n(word, __ATOMIC_ACQUIRE);
}

#endif /* TESTGUEST_H */
