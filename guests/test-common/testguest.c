/*
 * Shared helpers of the test guests (see testguest.h). The bootargs are read
 * from the device tree each time: they are short and read a handful of times.
 */
#include <stdlib.h>
#include <string.h>

#include <guestkit/guestkit.h>

#include "testguest.h"

static const char *bootargs(void)
{
	int chosen = fdt_path_offset(gk_fdt(), "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(gk_fdt(), chosen, "bootargs", NULL) : NULL;

	return args ? args : "";
}

/* Start of word key in the bootargs (followed by '=', a space or the end). */
static const char *find_word(const char *key)
{
	size_t n = strlen(key);

	for (const char *p = bootargs(); (p = strstr(p, key)) != NULL; p += n) {
		bool starts = p == bootargs() || p[-1] == ' ';
		bool ends = p[n] == '\0' || p[n] == ' ' || p[n] == '=';

		if (starts && ends)
			return p;
	}
	return NULL;
}

uint64_t tg_arg_u64(const char *key, uint64_t def)
{
	const char *p = find_word(key);
	char *end;
	uint64_t v;

	if (!p || p[strlen(key)] != '=')
		return def;
	p += strlen(key) + 1;
	v = strtoull(p, &end, 0);
	return end == p ? def : v;
}

bool tg_arg_flag(const char *key)
{
	return find_word(key) != NULL;
}

static void wake_sgi(unsigned int intid, void *arg)
{
	/* Nothing to do: taking it ends the waiter's WFI. */
}

void tg_cpu_init(void)
{
	gk_irq_register(TG_SGI_WAKE, wake_sgi, NULL);
	gk_gic_enable(TG_SGI_WAKE);
}

void tg_notify(unsigned int cpu)
{
	/* The word's store must be visible before the waiter wakes to read it. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	gk_gic_send_sgi(cpu, TG_SGI_WAKE);
}

/* Sleeps until an interrupt is pending unless the word is already there. */
static void sleep_unless(const volatile uint32_t *word, uint32_t want)
{
	uint64_t flags = gk_irq_save();

	/* Checked with IRQs masked: a notification after the check still ends the WFI. */
	if (tg_load(word) < want)
		gk_wait_for_interrupt();
	gk_irq_restore(flags);
}

bool tg_wait_u32(const volatile uint32_t *word, uint32_t want, uint64_t timeout_ns)
{
	uint64_t deadline = gk_ns_now() + timeout_ns;
	bool reached;

	gk_timer_set(deadline, NULL, NULL);
	while (!(reached = tg_load(word) >= want) && gk_ns_now() < deadline)
		sleep_unless(word, want);
	gk_timer_cancel();
	return reached;
}

void tg_yield(void)
{
	HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}
