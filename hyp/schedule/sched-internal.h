/*
 * What the scheduler core's two files share (hyp/schedule/schedule.c: switching and
 * the policy's environment; hyp/schedule/sched-ctl.c: accounting, placement and the
 * control operations). Not for anyone else.
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

/* v's run state follows its state and whether it is loaded: account the
 * time in the old one. v's CPU lock held. */
void runstate_update(struct vcpu *v);
/* Write v's runstate to the area it registered (v loaded on this CPU). */
void runstate_publish(struct vcpu *v);
/* v is not running and its CPU is not in its affinity: move it to one that
 * is. Takes the locks itself (none held). */
void sched_place(struct vcpu *v);

#endif /* HYP_SCHED_INTERNAL_H */
