/*
 * The prompt (see tarnctl.h): keys from the console (console_io read; Tarn
 * kicks this vCPU out of WFI when one arrives, and a 50 ms timer wakes it
 * anyway to watch the domains), the line editor, and the command table.
 */
#include <guestkit/console.h>
#include <guestkit/irq.h>
#include <guestkit/timer.h>
#include <stdio.h>
#include <string.h>

#include "ctl/lineedit.h"
#include "ctl/shell-args.h"
#include "tarnctl.h"

#define PROMPT	 "tarnctl> "
#define MAX_ARGS 16
#define WATCH_MS 50
#define CTRL_L	 0x0c /* the line editor's redraw */

static const struct {
	const struct cmd *cmds;
	const size_t *count;
} tables[] = {
	{life_cmds, &life_cmds_count},
	{info_cmds, &info_cmds_count},
	{misc_cmds, &misc_cmds_count},
};

int shell_getc(void)
{
	return gk_console_getc();
}

void shell_wait(unsigned int ms)
{
	gk_timer_set(gk_ns_now() + (uint64_t)ms * 1000000, NULL, NULL);
	gk_wait_for_interrupt();
}

static void term_write(void *ctx, const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
	fflush(stdout);
}

static const struct cmd *cmd_find(const char *name)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (size_t i = 0; i < *tables[t].count; i++)
			if (!strcmp(tables[t].cmds[i].name, name))
				return &tables[t].cmds[i];
	return NULL;
}

static int cmd_help(int argc, char **argv)
{
	printf("Commands (as xl's; <dom> is a domain's name or id):\n");
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (size_t i = 0; i < *tables[t].count; i++) {
			const struct cmd *c = &tables[t].cmds[i];
			char usage[64];

			snprintf(usage, sizeof(usage), "%s %s", c->name, c->args);
			printf("  %-34s %s\n", usage, c->help);
		}
	printf("  %-34s %s\n", "time <command>", "run the command and say how long it took");
	printf("  %-34s %s\n", "help", "this list");
	return 0;
}

static void run_argv(int argc, char **argv);

/* "time <command>": run it and say how long it took, in system time. */
static void cmd_time(int argc, char **argv)
{
	uint64_t start = gk_ns_now(), end;

	run_argv(argc - 1, argv + 1);
	end = gk_ns_now();
	printf("time: %llu ns (from %llu to %llu ns of system time)\n",
	       (unsigned long long)(end - start), (unsigned long long)start,
	       (unsigned long long)end);
}

static void run_argv(int argc, char **argv)
{
	const struct cmd *c = cmd_find(argv[0]);

	if (!strcmp(argv[0], "help") || !strcmp(argv[0], "?")) {
		cmd_help(argc, argv);
		return;
	}
	if (!c) {
		printf("unknown command '%s': type help for the list\n", argv[0]);
		return;
	}
	c->fn(argc, argv);
}

void shell_run_line(char *line)
{
	char *argv[MAX_ARGS + 1];
	int argc = args_split(line, argv, MAX_ARGS + 1);

	if (argc < 0) {
		printf("%s\n", args_split_error(argc));
		return;
	}
	if (argc == 0)
		return;
	/* "tarnctl list" works too: a user coming from a host shell types it. */
	if (!strcmp(argv[0], "tarnctl") || !strcmp(argv[0], "xl")) {
		if (argc == 1)
			return;
		argc--;
		memmove(argv, argv + 1, sizeof(argv[0]) * (size_t)(argc + 1));
	}
	if (!strcmp(argv[0], "time") && argc > 1)
		cmd_time(argc, argv);
	else
		run_argv(argc, argv);
}

_Noreturn void shell_loop(void)
{
	static struct lineedit le;
	uint64_t next_watch = 0;

	lineedit_init(&le, PROMPT, term_write, NULL);
	lineedit_start(&le);
	for (;;) {
		int c = shell_getc();

		if (c < 0) {
			if (gk_ns_now() >= next_watch) {
				/* What it printed ended the line being typed: draw it again. */
				if (doms_watch())
					lineedit_feed(&le, CTRL_L);
				next_watch = gk_ns_now() + WATCH_MS * 1000000ULL;
			}
			shell_wait(WATCH_MS);
			continue;
		}
		if (lineedit_feed(&le, (char)c) != LINEEDIT_LINE)
			continue;
		{
			char line[LINEEDIT_MAX];

			snprintf(line, sizeof(line), "%s", lineedit_line(&le));
			shell_run_line(line);
		}
		fflush(stdout);
		doms_watch();
		lineedit_start(&le);
	}
}
