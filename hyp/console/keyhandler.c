/*
 * Debug keys (see keyhandler.h). Each key prints a view of Tarn's state; 'C'
 * provokes an EL2 data abort on purpose, which shows that the crash report
 * works (tests use it, as Xen's 'C' key crashes Xen on purpose).
 */
#include "hyp/console/keyhandler.h"

#include "arch/arm64/vcpu.h"
#include "hyp/console/console.h"
#include "hyp/domain/domain.h"
#include "lib/format.h"
#include "arch/arm64/cpu.h"
#include "hyp/boot/boot.h"
#include "hyp/percpu.h"
#include "hyp/schedule/schedule.h"
#include "mm/page-alloc.h"

struct key {
	char key;
	const char *help;
	void (*fn)(void);
};

static void key_help(void);

static void key_ticks(void)
{
	char line[32 * TARN_MAX_CPUS];
	size_t len = 0;

	line[0] = '\0';
	/* One printk, so the line cannot interleave with another CPU's output. */
	for (unsigned int i = 0; i < cpus_possible && len < sizeof(line); i++)
		len += (size_t)fmt_snprintf(line + len, sizeof(line) - len, " cpu%u=%llu%s", i,
					    (unsigned long long)percpu_data[i].ticks,
					    percpu_data[i].online ? "" : "(offline)");
	printk("ticks:%s\n", line);
}

static void key_memory(void)
{
	printk("memory: %llu KiB free of %llu KiB, largest free block order %d\n",
	       (unsigned long long)(page_alloc_free_pages() * PAGE_SIZE >> 10),
	       (unsigned long long)(page_alloc_total_pages() * PAGE_SIZE >> 10),
	       page_alloc_largest_order());
}

static const char *const domain_states[] = {"building", "running", "paused",
					    "shutdown", "crashed", "dying"};
static const char *const vcpu_states[] = {"offline", "runnable", "blocked", "stopped"};

static void key_domains(void)
{
	for (unsigned int i = 0; i < DOMAIN_MAX; i++) {
		struct domain *d = domains[i];

		if (!d)
			continue;
		printk("domain %u (%s): %s, %llu KiB%s\n", d->id, d->name, domain_states[d->state],
		       (unsigned long long)(d->tot_pages * PAGE_SIZE >> 10),
		       d->privileged ? ", control domain" : "");
		for (unsigned int j = 0; j < d->nvcpus; j++) {
			struct vcpu *v = d->vcpus[j];

			printk("  vCPU %u: %s on CPU %u%s, pc %016llx\n", v->id,
			       vcpu_states[v->state], v->unit.cpu, v->loaded ? " (loaded)" : "",
			       (unsigned long long)arch_vcpu_pc(v));
		}
	}
}

static void key_crash(void)
{
	printk("'C' pressed: taking a data abort at EL2 on purpose\n");
	arch_crash_on_purpose();
}

static void key_summary(void)
{
	hyp_print_summary();
}

static const struct key keys[] = {
	{'h', "list debug keys", key_help},
	{'t', "per-CPU timer tick counts", key_ticks},
	{'m', "physical memory", key_memory},
	{'s', "boot summary", key_summary},
	{'q', "domains and their vCPUs", key_domains},
	{'r', "scheduler: parameters, decisions, run times", sched_dump},
	{'C', "crash Tarn on purpose (tests the crash report)", key_crash},
};

static void key_help(void)
{
	printk("debug keys:\n");
	for (unsigned int i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		printk("  '%c' %s\n", keys[i].key, keys[i].help);
}

void keyhandler_run(char key)
{
	for (unsigned int i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (keys[i].key == key) {
			keys[i].fn();
			return;
		}
	}
	if (key != '\r' && key != '\n')
		printk("unknown key '%c' (0x%02x): 'h' lists the debug keys\n",
		       key >= 0x20 && key < 0x7f ? key : '?', (unsigned int)(unsigned char)key);
}
