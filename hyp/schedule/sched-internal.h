/*
 * What the scheduler core's files share (schedule.c: switching and the
 * policy's environment; runstate.c: accounting; sched-ctl.c: placement and
 * the control operations; tick.c: the timer's hook). Private to
 * hyp/schedule/.
 */
#ifndef HYP_SCHED_INTERNAL_H
#define HYP_SCHED_INTERNAL_H

#include "hyp/domain/domain.h"
#include "hyp/percpu.h"

extern const struct sched_ops *sched_ops;

/* Lock the CPU v belongs to (rereading unit.cpu, which a steal may change
 * until the lock is held); IRQs masked until vcpu_unlock(). */
struct percpu *vcpu_lock(struct vcpu *v, uint64_t *flags);
void vcpu_unlock(struct percpu *pc, uint64_t flags);
/* Physical CPUs that are online, as an affinity mask. */
uint64_t online_mask(void);
void timer_list_remove(struct percpu *pc, struct vcpu *v);
/* The timer's part (tick.c): wake this CPU's vCPUs whose virtual timer is
 * due, note an ended slice; returns the next wake-up, UINT64_MAX for none. */
uint64_t sched_timer_check(uint64_t now);

/* v's run state follows its state and whether it is loaded: account the
 * time in the old one. v's CPU lock held. */
void runstate_update(struct vcpu *v);
/* Write v's runstate to the area it registered (v loaded on this CPU). */
void runstate_publish(struct vcpu *v);
/* v is not running and its CPU is not in its affinity: move it to one that
 * is. Takes the locks itself (none held). */
void sched_place(struct vcpu *v);

#endif /* HYP_SCHED_INTERNAL_H */
