/*
 * The scheduler core (see schedule.h): vCPU states, switching, idling, and
 * waking blocked vCPUs whose virtual timer comes due. The policy (the credit
 * scheduler, sched/credit.c) decides what runs; this file is its
 * environment (the sched_env_*() functions) in Tarn. Accounting of run
 * states is in runstate.c, the control operations in sched-ctl.c, the
 * timer's hook in tick.c.
 *
 * Switching happens only on the way back to a guest (schedule(), called by
 * the arch's trap code): arch_vcpu_save() takes the running vCPU's registers
 * from the CPU, trap frame included, and arch_vcpu_restore() puts the next
 * one's there, so the exception return enters whichever vCPU was loaded.
 *
 * Locking: each CPU's sched_lock (in its percpu) protects its run queues,
 * its curr, its timer_list and the state of the vCPUs whose unit.cpu it is.
 * A vCPU's unit.cpu changes only with both CPUs' locks held (the policy
 * steals with trylock; sched_move() takes two in CPU order), so
 * vcpu_lock() rereads it after locking. Taken with IRQs masked. Order: a
 * sched_lock, then the policy's global lock, then a domain's vgic lock
 * (never the reverse: the vGIC calls vcpu_kick() after dropping its lock).
 */
#include "hyp/schedule/schedule.h"

#include "arch/arm64/vcpu.h"
#include "arch/arm64/cpu.h"
#include "arch/arm64/guest-traps.h"
#include "arch/arm64/irq.h"
#include "hyp/percpu.h"
#include "hyp/schedule/sched-internal.h"
#include "arch/arm64/timer.h"
#include "arch/arm64/vdev/vtimer.h"
#include "tarn/vcpu.h"

const struct sched_ops *sched_ops = &sched_credit_ops;
static struct spinlock global_lock = SPINLOCK_INIT;

struct vcpu *current_vcpu(void)
{
	return this_cpu()->curr;
}

/* ---- the policy's environment ------------------------------------------- */

uint64_t sched_env_now(void)
{
	return timer_ns(timer_now());
}

bool sched_env_trylock(unsigned int cpu)
{
	return spin_trylock(&percpu_data[cpu].sched_lock);
}

void sched_env_unlock(unsigned int cpu)
{
	spin_unlock(&percpu_data[cpu].sched_lock);
}

void sched_env_global_lock(void)
{
	spin_lock(&global_lock);
}

void sched_env_global_unlock(void)
{
	spin_unlock(&global_lock);
}

void sched_env_kick(unsigned int cpu)
{
	if (cpu == this_cpu()->id)
		this_cpu()->need_resched = true;
	else
		irq_send_sgi(cpu, SGI_RESCHED);
}

/* ---- locking a vCPU's CPU --------------------------------------------------- */

struct percpu *vcpu_lock(struct vcpu *v, uint64_t *flags)
{
	for (;;) {
		unsigned int cpu = __atomic_load_n(&v->unit.cpu, __ATOMIC_ACQUIRE);
		struct percpu *pc = &percpu_data[cpu];

		*flags = spin_lock_irqsave(&pc->sched_lock);
		if (v->unit.cpu == cpu)
			return pc;
		spin_unlock_irqrestore(&pc->sched_lock, *flags); /* stolen meanwhile */
	}
}

void vcpu_unlock(struct percpu *pc, uint64_t flags)
{
	spin_unlock_irqrestore(&pc->sched_lock, flags);
}

uint64_t online_mask(void)
{
	uint64_t m = 0;

	for (unsigned int i = 0; i < cpus_possible; i++)
		if (percpu_data[i].online)
			m |= 1ULL << i;
	return m;
}

void schedule_init(void)
{
	for (unsigned int i = 0; i < cpus_possible; i++)
		percpu_data[i].sched_lock = (struct spinlock)SPINLOCK_INIT;
	sched_ops->init(cpus_possible);
}

void sched_vcpu_insert(struct vcpu *v)
{
	v->unit.dom = &v->domain->sdom;
	v->unit.affinity = online_mask();
	v->rs.state = RUNSTATE_offline;
	v->rs.entry_ns = sched_env_now();
	sched_ops->unit_insert(&v->unit);
}

void timer_list_remove(struct percpu *pc, struct vcpu *v)
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
	uint64_t flags;
	struct percpu *pc = vcpu_lock(v, &flags);

	timer_list_remove(pc, v);
	v->unit.runnable = false;
	sched_ops->unit_remove(&v->unit);
	vcpu_unlock(pc, flags);
}

static void wake_locked(struct percpu *pc, struct vcpu *v)
{
	if (v->domain->state != DOMAIN_RUNNING)
		return;
	timer_list_remove(pc, v);
	v->state = VCPU_RUNNABLE;
	v->unit.runnable = true;
	runstate_update(v);
	sched_ops->wake(&v->unit);
}

void vcpu_wake(struct vcpu *v)
{
	uint64_t flags;
	struct percpu *pc = vcpu_lock(v, &flags);
	bool misplaced;

	if (v->state != VCPU_RUNNABLE)
		wake_locked(pc, v);
	misplaced = !sched_cpu_allowed(&v->unit, pc->id);
	vcpu_unlock(pc, flags);
	if (misplaced)
		sched_place(v);
}

void vcpu_kick(struct vcpu *v)
{
	uint64_t flags;
	struct percpu *pc = vcpu_lock(v, &flags);

	if (v->state == VCPU_BLOCKED)
		wake_locked(pc, v);
	else if (pc->curr == v && pc != this_cpu())
		irq_send_sgi(pc->id, SGI_RESCHED); /* exit, so new interrupts reach its LRs */
	vcpu_unlock(pc, flags);
}

void vcpu_block(struct vcpu *v)
{
	uint64_t flags;
	struct percpu *pc = vcpu_lock(v, &flags);

	if (!vgic_vcpu_has_pending(v) && v->state == VCPU_RUNNABLE) {
		v->state = VCPU_BLOCKED;
		v->unit.runnable = false;
		runstate_update(v);
		sched_ops->sleep(&v->unit);
		pc->need_resched = true;
	}
	vcpu_unlock(pc, flags);
}

void vcpu_stop(struct vcpu *v, enum vcpu_state state)
{
	uint64_t flags;
	struct percpu *pc = vcpu_lock(v, &flags);

	timer_list_remove(pc, v);
	v->state = state;
	v->unit.runnable = false;
	runstate_update(v);
	sched_ops->sleep(&v->unit);
	/* Chosen but not yet loaded counts too: it must leave again at once. */
	if (pc->curr == v || v->unit.running)
		sched_env_kick(pc->id);
	vcpu_unlock(pc, flags);
}

void vcpu_yield(struct vcpu *v)
{
	uint64_t flags;
	struct percpu *pc = vcpu_lock(v, &flags);

	sched_ops->yield(&v->unit);
	vcpu_unlock(pc, flags);
	this_cpu()->need_resched = true;
}

void sched_raise(void)
{
	this_cpu()->need_resched = true;
}

/* A blocked vCPU leaves its CPU: watch its virtual timer for it. Called with
 * pc->sched_lock held; programs this CPU's timer, so pc must be this CPU. */
static void timer_watch(struct percpu *pc, struct vcpu *v)
{
	uint64_t when;

	if (v->state != VCPU_BLOCKED || v->timer_armed || !vtimer_deadline(v, &when))
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
	if (now >= pc->slice_end)
		pc->need_resched = true;
	spin_unlock(&pc->sched_lock);
	return next;
}

static void vcpu_unload(struct percpu *pc, struct vcpu *v)
{
	struct domain *d = v->domain;

	arch_vcpu_save(v);
	/*
	 * Under the lock: wake_locked() on another CPU reads curr and v's state
	 * and edits timer_list. Unlocked, a wake between the state test in
	 * timer_watch() and the insertion left a runnable v on the list, and its
	 * next block inserted it again: a cycle sched_timer_check() walked forever.
	 */
	spin_lock(&pc->sched_lock);
	v->loaded = false;
	v->unit.running = false; /* from now on another CPU may take it */
	pc->curr = NULL;
	runstate_update(v);
	timer_watch(pc, v);
	spin_unlock(&pc->sched_lock);
	domain_vcpu_left(d);
}

static void vcpu_load(struct percpu *pc, struct vcpu *v)
{
	spin_lock(&v->domain->lock);
	v->domain->vcpus_loaded++;
	spin_unlock(&v->domain->lock);
	arch_vcpu_restore(v);
	spin_lock(&pc->sched_lock);
	v->loaded = true;
	pc->curr = v;
	runstate_update(v);
	spin_unlock(&pc->sched_lock);
	runstate_publish(v); /* its EL1 registers are live: its stage 1 works */
}

/* Ask the policy; marks what it chose as running before anyone can steal it. */
static struct vcpu *pick_next(struct percpu *pc, struct vcpu *prev)
{
	struct sched_unit *u;
	uint64_t slice_ns = 0;
	uint64_t now;

	uint64_t cost;

	spin_lock(&pc->sched_lock);
	now = timer_now();
	u = sched_ops->pick(pc->id, prev ? &prev->unit : NULL, timer_ns(now), &slice_ns);
	if (u)
		u->running = true;
	cost = timer_now() - now;
	pc->picks++;
	pc->pick_count += cost;
	pc->pick_max = MAX(pc->pick_max, cost);
	pc->slice_end = now + timer_ns_to_count(slice_ns);
	spin_unlock(&pc->sched_lock);
	timer_program_event(pc->slice_end);
	return u ? u->owner : NULL;
}

/* Nothing to run: sleep until an interrupt brings work or the policy's slice
 * for idling ends. */
static struct vcpu *idle(struct percpu *pc)
{
	struct vcpu *next = NULL;
	uint64_t since = timer_now();

	pc->idle_since = since;
	while (!next) {
		arch_irq_enable();
		arch_wait_for_interrupt();
		arch_irq_disable();
		pc->need_resched = false;
		next = pick_next(pc, NULL);
	}
	pc->idle_count += timer_now() - since;
	pc->idle_since = 0;
	return next;
}

void schedule(void)
{
	struct percpu *pc = this_cpu();
	struct vcpu *prev = pc->curr;
	struct vcpu *next;

	if (!pc->need_resched && prev && prev->unit.runnable)
		return;
	pc->need_resched = false;
	next = pick_next(pc, prev);
	if (next != prev && prev) {
		vcpu_unload(pc, prev);
		if (!sched_cpu_allowed(&prev->unit, pc->id))
			sched_place(prev); /* its affinity changed while it ran */
		/* A wake between the pick and the unload may have queued prev
		 * again: look once more before sleeping. */
		if (!next)
			next = pick_next(pc, NULL);
	}
	if (!next)
		next = idle(pc);
	if (next != pc->curr)
		vcpu_load(pc, next);
}

static void resched_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	this_cpu()->need_resched = true;
}

_Noreturn void schedule_start(void)
{
	struct percpu *pc = this_cpu();

	/* Boot left IRQs on; the scheduler takes its locks with them off (a
	 * timer interrupt inside pick() would take the same lock again). */
	arch_irq_disable();
	if (pc->id == 0)
		irq_request(SGI_RESCHED, resched_irq, NULL);
	else
		irq_enable_private(SGI_RESCHED);
	pc->curr = NULL;
	pc->need_resched = true;
	guest_run_first();
}
