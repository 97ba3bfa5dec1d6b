/*
 * Round-robin: the simplest policy behind the scheduler interface (the credit
 * scheduler replaces it). Each physical CPU has a FIFO of runnable units; a
 * unit runs for one slice, then goes to the back. New units are spread over
 * the CPUs in turn.
 */
#include "sched/sched.h"

#include <stddef.h>

#define RR_SLICE_NS 10000000ULL /* 10 ms */

struct rr_queue {
	struct sched_unit *head, *tail;
};

static struct rr_queue queues[SCHED_MAX_CPUS];
static unsigned int next_cpu;

static void rr_enqueue(struct sched_unit *u)
{
	struct rr_queue *q = &queues[u->cpu];

	if (u->queued)
		return;
	u->next = NULL;
	if (q->tail)
		q->tail->next = u;
	else
		q->head = u;
	q->tail = u;
	u->queued = true;
}

static void rr_dequeue(struct sched_unit *u)
{
	struct rr_queue *q = &queues[u->cpu];
	struct sched_unit **pp = &q->head;
	struct sched_unit *prev = NULL;

	if (!u->queued)
		return;
	while (*pp && *pp != u) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	if (*pp) {
		*pp = u->next;
		if (q->tail == u)
			q->tail = prev;
	}
	u->next = NULL;
	u->queued = false;
}

static void rr_unit_insert(struct sched_unit *u, unsigned int ncpus)
{
	u->cpu = next_cpu++ % (ncpus ? ncpus : 1);
	u->queued = false;
	u->next = NULL;
}

static void rr_unit_remove(struct sched_unit *u)
{
	rr_dequeue(u);
}

static void rr_wake(struct sched_unit *u)
{
	rr_enqueue(u);
}

static void rr_sleep(struct sched_unit *u)
{
	rr_dequeue(u);
}

static struct sched_unit *rr_pick(unsigned int cpu, struct sched_unit *prev)
{
	struct rr_queue *q = &queues[cpu];
	struct sched_unit *u;

	/* prev goes to the back of the queue if it still wants to run. */
	if (prev && prev->runnable && prev->queued && q->head == prev && prev->next) {
		rr_dequeue(prev);
		rr_enqueue(prev);
	}
	u = q->head;
	return u;
}

static bool rr_preempts(unsigned int cpu, const struct sched_unit *woken,
			const struct sched_unit *curr)
{
	(void)cpu;
	(void)woken;
	return curr == NULL; /* only an idle CPU is interrupted at once */
}

static uint64_t rr_slice_ns(struct sched_unit *u)
{
	(void)u;
	return RR_SLICE_NS;
}

const struct sched_ops sched_rr_ops = {
	.name = "rr",
	.unit_insert = rr_unit_insert,
	.unit_remove = rr_unit_remove,
	.wake = rr_wake,
	.sleep = rr_sleep,
	.pick = rr_pick,
	.preempts = rr_preempts,
	.slice_ns = rr_slice_ns,
};
