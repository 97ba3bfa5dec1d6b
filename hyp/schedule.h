/*
 * The scheduler core: which vCPU each physical CPU runs, and the vCPU state
 * changes that involve scheduling (wake, block, kick). The policy behind it
 * is a struct sched_ops (sched/sched.h).
 */
#ifndef HYP_SCHEDULE_H
#define HYP_SCHEDULE_H

#include "hyp/domain.h"

/* The vCPU this physical CPU is running, NULL when idle. */
struct vcpu *current_vcpu(void);

void schedule_init(void);
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
 * Called on the way back to a guest (or to idle) with the exception frame
 * r: switches vCPUs if the scheduler says so, idling in WFI while nothing is
 * runnable. Returns with r holding the vCPU to enter.
 */
void schedule(struct regs *r);
/* Ask this CPU to call the scheduler before it returns to a guest. */
void sched_raise(void);
/* Enter the first vCPU on this CPU (from boot); never returns. */
_Noreturn void schedule_start(void);

#endif /* HYP_SCHEDULE_H */
