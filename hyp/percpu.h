/*
 * Per-CPU state. Each CPU finds its own through this_cpu() (the arch keeps a
 * pointer in a register and defines the array, arch/arm64/percpu.c). Logical
 * CPU 0 is the boot CPU; the others are numbered in device-tree order. The
 * arch's own part is struct arch_percpu, first.
 */
#ifndef HYP_PERCPU_H
#define HYP_PERCPU_H

#include "arch/arm64/arch-percpu.h"
#include "lib/spinlock.h"
#include "lib/types.h"

struct vcpu;

#define TARN_MAX_CPUS	64
#define HYP_STACK_ORDER 2 /* 16 KiB stacks */

struct percpu {
	struct arch_percpu arch; /* first: see arch-percpu.h */
	unsigned int id;
	volatile bool online;
	volatile uint64_t ticks; /* periodic ticks taken (hyp/schedule/tick.c) */
	volatile uint64_t pings; /* SGI_PING interrupts taken */
	/* Scheduling (hyp/schedule/); sched_lock protects this CPU's run queue,
	 * curr's switching and timer_list. */
	struct spinlock sched_lock;
	struct vcpu *curr; /* vCPU loaded on this CPU, NULL when idle */
	volatile bool need_resched;
	struct vcpu *timer_list; /* blocked vCPUs here whose virtual timer is armed */
	uint64_t slice_end;	 /* counter value at which curr's slice ends */
	uint64_t next_tick;	 /* counter value of the next periodic tick */
	uint64_t idle_since;	 /* counter value when it went idle, 0 if busy */
	uint64_t idle_count;	 /* counter ticks spent idle before that */
	/* The policy's decisions here: how many and their cost in counter ticks
	 * (debug key 'r'; under icount a tick is 16 instructions). */
	uint64_t picks, pick_count, pick_max;
};

extern struct percpu percpu_data[TARN_MAX_CPUS];
extern unsigned int cpus_possible; /* entries of percpu_data in use */

/* The arch's (arch/arm64/percpu.c). */
struct percpu *this_cpu(void);
void percpu_set(struct percpu *pc);
/* The boot CPU's slot: its boot stack, its affinity, this_cpu() works. */
void percpu_boot_init(struct percpu *pc);

static inline unsigned int cpus_online(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < cpus_possible; i++)
		n += percpu_data[i].online;
	return n;
}

#endif /* HYP_PERCPU_H */
