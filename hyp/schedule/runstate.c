/*
 * Run-state accounting: each vCPU's time in Xen's four run states (running,
 * runnable, blocked, offline), as domctl reports it and as the guest's
 * registered runstate area shows it (written at every switch-in), and each
 * CPU's idle time. A vCPU's run state is kept by its CPU's scheduler lock.
 */
#include "arch/arm64/guestcopy.h"
#include "arch/arm64/timer.h"
#include "hyp/schedule/sched-internal.h"
#include "hyp/schedule/schedule.h"
#include "tarn/vcpu.h"

static unsigned int runstate_of(const struct vcpu *v)
{
	switch (v->state) {
	case VCPU_RUNNABLE:
		return v->loaded ? RUNSTATE_running : RUNSTATE_runnable;
	case VCPU_BLOCKED:
		return RUNSTATE_blocked;
	default:
		return RUNSTATE_offline;
	}
}

void runstate_update(struct vcpu *v)
{
	unsigned int now_state = runstate_of(v);
	uint64_t now;

	if (now_state == v->rs.state)
		return;
	now = sched_env_now();
	v->rs.time[v->rs.state] += now - v->rs.entry_ns;
	v->rs.entry_ns = now;
	v->rs.state = now_state;
}

void runstate_publish(struct vcpu *v)
{
	struct vcpu_runstate_info info = {
		.state = (int32_t)v->rs.state,
		.state_entry_time = v->rs.entry_ns,
	};

	if (!v->runstate_gva)
		return;
	for (unsigned int i = 0; i < 4; i++)
		info.time[i] = v->rs.time[i];
	/* An area the guest has since unmapped is its own business, as on Xen. */
	(void)copy_to_guest(v->runstate_gva, &info, sizeof(info));
}

void sched_vcpu_times(struct vcpu *v, struct sched_vcpu_times *out)
{
	uint64_t flags;
	struct percpu *pc = vcpu_lock(v, &flags);

	out->state = v->rs.state;
	out->cpu = v->unit.cpu;
	for (unsigned int i = 0; i < 4; i++)
		out->time[i] = v->rs.time[i];
	out->time[v->rs.state] += sched_env_now() - v->rs.entry_ns;
	vcpu_unlock(pc, flags);
}

uint64_t sched_cpu_idle_ns(unsigned int cpu)
{
	const struct percpu *pc = &percpu_data[cpu];
	uint64_t since = pc->idle_since;
	uint64_t count = pc->idle_count;

	if (since)
		count += timer_now() - since;
	return timer_ns(count);
}
