/*
 * The scheduler core (see schedule.h): vCPU states, per-CPU run queues kept
 * by the policy, switching, idling, and waking blocked vCPUs whose virtual
 * timer comes due.
 *
 * Switching happens only on the way back to a guest: the exception frame at
 * the top of the CPU's stack is the running vCPU's registers, so a switch
 * saves that frame into the old vCPU and fills it from the new one, and the
 * exception return enters whichever vCPU is in it.
 *
 * Locking: each CPU's sched_lock (in its percpu) protects its run queue, its
 * curr, its timer_list and the state of the vCPUs assigned to it. Taken with
 * IRQs masked. Order: sched_lock, then a domain's vgic lock (never the
 * reverse: the vGIC calls vcpu_kick() after dropping its lock).
 */
#include "hyp/schedule.h"

#include "arch/arm64/vcpu.h"
#include "hyp/hyp.h"
#include "hyp/irq.h"
#include "hyp/percpu.h"
#include "hyp/timer.h"

static const struct sched_ops *ops = &sched_rr_ops;

static struct percpu *cpu_of(struct vcpu *v)
{
	return &percpu_data[v->unit.cpu];
}

struct vcpu *current_vcpu(void)
{
	return this_cpu()->curr;
}

void schedule_init(void)
{
	for (unsigned int i = 0; i < cpus_possible; i++)
		percpu_data[i].sched_lock = (struct spinlock)SPINLOCK_INIT;
}

void sched_vcpu_insert(struct vcpu *v)
{
	ops->unit_insert(&v->unit, cpus_online());
}

static void timer_list_remove(struct percpu *pc, struct vcpu *v)
{
	struct vcpu **pp = &pc->timer_list;

	while (*pp && *pp != v)
		pp = &(*pp)->timer_next;
	if (*pp)
		*pp = v->timer_next;
	v->timer_next = NULL;
	v->timer_armed = false;
}

void sched_vcpu_remove(struct vcpu *v)
{
	struct percpu *pc = cpu_of(v);
	uint64_t flags = spin_lock_irqsave(&pc->sched_lock);

	timer_list_remove(pc, v);
	v->unit.runnable = false;
	ops->unit_remove(&v->unit);
	spin_unlock_irqrestore(&pc->sched_lock, flags);
}

/* Make pc look at its queue again soon. */
static void resched_cpu(struct percpu *pc)
{
	if (pc == this_cpu())
		pc->need_resched = true;
	else
		irq_send_sgi(pc->id, SGI_RESCHED);
}

static void wake_locked(struct percpu *pc, struct vcpu *v)
{
	if (v->domain->state != DOMAIN_RUNNING)
		return;
	timer_list_remove(pc, v);
	v->state = VCPU_RUNNABLE;
	v->unit.runnable = true;
	ops->wake(&v->unit);
	if (ops->preempts(pc->id, &v->unit, pc->curr ? &pc->curr->unit : NULL))
		resched_cpu(pc);
}

void vcpu_wake(struct vcpu *v)
{
	struct percpu *pc = cpu_of(v);
	uint64_t flags = spin_lock_irqsave(&pc->sched_lock);

	if (v->state != VCPU_RUNNABLE)
		wake_locked(pc, v);
	spin_unlock_irqrestore(&pc->sched_lock, flags);
}

void vcpu_kick(struct vcpu *v)
{
	struct percpu *pc = cpu_of(v);
	uint64_t flags = spin_lock_irqsave(&pc->sched_lock);

	if (v->state == VCPU_BLOCKED)
		wake_locked(pc, v);
	else if (pc->curr == v && pc != this_cpu())
		irq_send_sgi(pc->id, SGI_RESCHED); /* exit, so new interrupts reach its LRs */
	spin_unlock_irqrestore(&pc->sched_lock, flags);
}

/* Counter value at which v's virtual timer fires, if it is armed and unmasked. */
static bool vtimer_deadline(struct vcpu *v, uint64_t *when)
{
	uint64_t ctl = v->arch.cntv_ctl;

	*when = v->arch.cntv_cval;
	return (ctl & 3) == 1; /* ENABLE set, IMASK clear */
}

void vcpu_block(struct vcpu *v)
{
	struct percpu *pc = cpu_of(v);
	uint64_t flags = spin_lock_irqsave(&pc->sched_lock);

	if (!vgic_vcpu_has_pending(v) && v->state == VCPU_RUNNABLE) {
		v->state = VCPU_BLOCKED;
		v->unit.runnable = false;
		ops->sleep(&v->unit);
		pc->need_resched = true;
	}
	spin_unlock_irqrestore(&pc->sched_lock, flags);
}

void vcpu_stop(struct vcpu *v, enum vcpu_state state)
{
	struct percpu *pc = cpu_of(v);
	uint64_t flags = spin_lock_irqsave(&pc->sched_lock);

	timer_list_remove(pc, v);
	v->state = state;
	v->unit.runnable = false;
	ops->sleep(&v->unit);
	if (pc->curr == v)
		resched_cpu(pc);
	spin_unlock_irqrestore(&pc->sched_lock, flags);
}

void vcpu_yield(struct vcpu *v)
{
	(void)v;
	this_cpu()->need_resched = true;
}

void sched_raise(void)
{
	this_cpu()->need_resched = true;
}

/* A blocked vCPU leaves its CPU: watch its virtual timer for it. Called with
 * pc->sched_lock held. */
static void timer_watch(struct percpu *pc, struct vcpu *v)
{
	uint64_t when;

	if (v->state != VCPU_BLOCKED || !vtimer_deadline(v, &when))
		return;
	v->wake_deadline = when;
	v->timer_armed = true;
	v->timer_next = pc->timer_list;
	pc->timer_list = v;
	timer_program_event(when);
}

uint64_t sched_timer_check(uint64_t now)
{
	struct percpu *pc = this_cpu();
	uint64_t next = UINT64_MAX;
	struct vcpu *v, *n;

	spin_lock(&pc->sched_lock);
	for (v = pc->timer_list; v; v = n) {
		n = v->timer_next;
		if (v->wake_deadline <= now)
			wake_locked(pc, v);
		else if (v->wake_deadline < next)
			next = v->wake_deadline;
	}
	if (pc->curr && now >= pc->slice_end)
		pc->need_resched = true;
	spin_unlock(&pc->sched_lock);
	return next;
}

static void vcpu_unload(struct percpu *pc, struct vcpu *v, const struct regs *r)
{
	struct domain *d = v->domain;
	bool gone;

	v->arch.regs = *r;
	arch_vcpu_save(v);
	/*
	 * Under the lock: wake_locked() on another CPU reads curr and v's state
	 * and edits timer_list. Unlocked, a wake between the state test in
	 * timer_watch() and the insertion left a runnable v on the list, and its
	 * next block inserted it again: a cycle sched_timer_check() walked forever.
	 */
	spin_lock(&pc->sched_lock);
	v->loaded = false;
	pc->curr = NULL;
	timer_watch(pc, v);
	spin_unlock(&pc->sched_lock);
	spin_lock(&d->lock);
	gone = --d->vcpus_loaded == 0;
	spin_unlock(&d->lock);
	if (gone && d->state != DOMAIN_RUNNING)
		domain_vcpus_gone(d);
}

static void vcpu_load(struct percpu *pc, struct vcpu *v, struct regs *r)
{
	spin_lock(&v->domain->lock);
	v->domain->vcpus_loaded++;
	spin_unlock(&v->domain->lock);
	arch_vcpu_restore(v);
	*r = v->arch.regs;
	v->loaded = true;
	pc->curr = v;
}

static struct vcpu *pick_next(struct percpu *pc)
{
	struct sched_unit *u;

	spin_lock(&pc->sched_lock);
	u = ops->pick(pc->id, pc->curr ? &pc->curr->unit : NULL);
	spin_unlock(&pc->sched_lock);
	return u ? u->owner : NULL;
}

void schedule(struct regs *r)
{
	struct percpu *pc = this_cpu();
	struct vcpu *prev = pc->curr;
	struct vcpu *next;

	if (!pc->need_resched && prev && prev->unit.runnable)
		return;
	pc->need_resched = false;
	next = pick_next(pc);
	if (next != prev && prev) {
		vcpu_unload(pc, prev, r);
		/* A wake between the pick and the unload saw prev still here and
		 * sent no kick: look again before sleeping. */
		if (!next)
			next = pick_next(pc);
	}
	while (!next) {
		/* Nothing to run: sleep until an interrupt brings work. */
		arch_irq_enable();
		arch_wait_for_interrupt();
		arch_irq_disable();
		pc->need_resched = false;
		next = pick_next(pc);
	}
	if (next != pc->curr)
		vcpu_load(pc, next, r);
	pc->slice_end = timer_now() + timer_ns_to_count(ops->slice_ns(&next->unit));
	timer_program_event(pc->slice_end);
}

static void resched_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	this_cpu()->need_resched = true;
}

_Noreturn void call_on_stack(void *sp, void (*fn)(void *), void *arg);

static _Noreturn void schedule_first(void *arg)
{
	struct percpu *pc = this_cpu();
	struct regs *frame = arg;

	if (pc->id == 0)
		irq_request(SGI_RESCHED, resched_irq, NULL);
	else
		irq_enable_private(SGI_RESCHED);
	arch_guest_cpu_init();
	pc->curr = NULL;
	pc->need_resched = true;
	schedule(frame);
	vgic_flush_lrs(pc->curr);
	guest_enter(frame);
}

_Noreturn void schedule_start(void)
{
	/* The frame every guest exception on this CPU will use: the top of its stack. */
	struct regs *frame = (struct regs *)(this_cpu()->stack_top - sizeof(struct regs));

	call_on_stack(frame, schedule_first, frame);
}
