/*
 * tarnctl: the control domain's program (DESIGN §6). It opens the Tarn
 * store on the boot disk, starts what the store's autostart list names,
 * then gives the console to the tarnctl prompt.
 *
 * autostart is a config-type record in the store: one config name a line,
 * blank lines and lines starting with '#' ignored (tools/tarn-store add
 * DISK autostart FILE --type config).
 */
#include <guestkit/hypercall.h>
#include <guestkit/timer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/store/store.h"
#include "tarnctl.h"

#define AUTOSTART "autostart"

static void autostart_run(void)
{
	char err[160];
	char *list, *line, *save = NULL;
	size_t len;

	if (disk_load(AUTOSTART, STORE_T_CONFIG, &list, &len, err, sizeof(err)))
		return; /* none: nothing to start */
	for (line = strtok_r(list, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char cmd[STORE_NAME_MAX + 16];

		line[strcspn(line, "\r")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		printf("autostart: %s\n", line);
		snprintf(cmd, sizeof(cmd), "create %s", line);
		shell_run_line(cmd);
	}
	free(list);
}

/* Take the console: from a first read on, Tarn sends the keys typed to
 * this domain and prints its output as it comes (a prompt has no newline). */
static void console_take(void)
{
	char none;

	HYPERVISOR_console_io(CONSOLEIO_read, 0, &none);
}

int main(void)
{
	console_take();
	printf("tarnctl: the Tarn control domain\n");
	if (disk_open_store() == 0)
		autostart_run();
	printf("tarnctl: ready at %llu ns of system time\n", (unsigned long long)gk_ns_now());
	printf("Type help for the commands; try: create -c hello.cfg\n");
	fflush(stdout);
	shell_loop();
}
