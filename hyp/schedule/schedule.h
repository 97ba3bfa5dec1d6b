/*
 * The scheduler core: which vCPU each physical CPU runs, and the vCPU state
 * changes that involve scheduling (wake, block, kick). The policy behind it
 * is a struct sched_ops (sched/sched.h).
 */
#ifndef HYP_SCHEDULE_H
#define HYP_SCHEDULE_H

#include "hyp/domain/domain.h"

/* The vCPU this physical CPU is running, NULL when idle. */
struct vcpu *current_vcpu(void);

void schedule_init(void);
/* On every CPU, once its timer runs: start its periodic tick (tick.c). */
void tick_cpu_start(void);
/* A new vCPU: give it to the policy (stays off the queues until woken). */
void sched_vcpu_insert(struct vcpu *v);
void sched_vcpu_remove(struct vcpu *v);
/* v can run now (started, or an interrupt arrived while blocked). */
void vcpu_wake(struct vcpu *v);
/* v waits for an interrupt (WFI): it sleeps unless one is already pending. */
void vcpu_block(struct vcpu *v);
/* v stops running (domain paused, shut down, CPU_OFF). */
void vcpu_stop(struct vcpu *v, enum vcpu_state state);
/* Something changed for v (a new pending interrupt): wake it if blocked, and
 * make its CPU look again if it is running there. */
void vcpu_kick(struct vcpu *v);
/* Let another vCPU on this CPU run (SCHEDOP_yield, WFE). */
void vcpu_yield(struct vcpu *v);

/*
 * Called by the arch on the way back to a guest: switches vCPUs if the
 * scheduler says so, idling in WFI while nothing is runnable. Returns with
 * the vCPU to enter loaded on this CPU (current_vcpu()).
 */
void schedule(void);
/* Ask this CPU to call the scheduler before it returns to a guest. */
void sched_raise(void);
/* Start scheduling on this CPU (from boot): enter the first vCPU, through
 * the arch's guest_run_first(); never returns. */
_Noreturn void schedule_start(void);

/* ---- control (domctl/sysctl) and accounting ---- */

/* A domain joins and leaves the scheduler (domain_create/destroy). */
void sched_dom_insert(struct domain *d);
void sched_dom_remove(struct domain *d);
/* Credit parameters: weight 1..65535, cap 0 or 1..100 × vCPUs; -EINVAL and
 * nothing changed otherwise. */
int sched_dom_set(struct domain *d, unsigned int weight, unsigned int cap);
void sched_dom_get(struct domain *d, unsigned int *weight, unsigned int *cap);
/* Global parameters; -EINVAL and nothing changed when out of range. */
int sched_set_params(const struct sched_params *p);
void sched_get_params(struct sched_params *p);
/* Hard affinity (bit n = CPU n); -EINVAL when mask has no online CPU. v
 * moves at once if it is on a CPU the mask leaves out. */
int sched_vcpu_set_affinity(struct vcpu *v, uint64_t mask);
uint64_t sched_vcpu_get_affinity(struct vcpu *v);

/* v's run state (RUNSTATE_*), its CPU and the ns spent in each state,
 * counted up to now. */
struct sched_vcpu_times {
	unsigned int state;
	unsigned int cpu;
	uint64_t time[4];
};
void sched_vcpu_times(struct vcpu *v, struct sched_vcpu_times *out);
/* ns physical CPU cpu has spent idle since it started scheduling. */
uint64_t sched_cpu_idle_ns(unsigned int cpu);
/* Debug key 'r': parameters, each CPU's decisions and idle time, each
 * domain's weight and cap and its vCPUs' run states. */
void sched_dump(void);

#endif /* HYP_SCHEDULE_H */
