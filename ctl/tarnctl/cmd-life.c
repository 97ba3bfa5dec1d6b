/*
 * The commands that make and end domains and change their state: create,
 * destroy, shutdown, reboot, pause, unpause, mem-set (xl's, DESIGN §6).
 * Each checks its arguments and prints one clear line when it cannot act;
 * nothing changes then.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tarn/errno.h>
#include <tarn/xen.h>

#include "ctl/shell-args.h"
#include "ctl/store/store.h"
#include "hv.h"
#include "tarnctl.h"

static int usage(const char *cmd, const char *args)
{
	printf("usage: %s %s\n", cmd, args);
	return -TARN_EINVAL;
}

/* The config's store name: as typed, or with ".cfg" added. */
static int config_load(const char *what, struct domcfg *cfg)
{
	char name[STORE_NAME_MAX + 1], err[200];
	char *text;
	size_t len;
	int rc;

	snprintf(name, sizeof(name), "%s", what);
	rc = disk_load(name, STORE_T_CONFIG, &text, &len, err, sizeof(err));
	if (rc == -TARN_ENOENT && !strstr(what, ".cfg")) {
		snprintf(name, sizeof(name), "%s.cfg", what);
		rc = disk_load(name, STORE_T_CONFIG, &text, &len, err, sizeof(err));
	}
	if (rc) {
		printf("cannot read config %s: %s\n", what, err);
		return rc;
	}
	printf("Parsing config from %s\n", name);
	rc = domcfg_parse_named(name, text, len, cfg, err, sizeof(err));
	free(text);
	if (rc)
		printf("%s\n", err);
	return rc;
}

static int cmd_create(int argc, char **argv)
{
	bool attach = argc == 3 && !strcmp(argv[1], "-c");
	struct domcfg cfg;
	uint32_t id;
	int rc;

	if (argc != 2 && !attach)
		return usage(argv[0], "[-c] <config>");
	rc = config_load(argv[argc - 1], &cfg);
	if (rc)
		return rc;
	rc = doms_create(&cfg, &id);
	if (rc)
		return rc;
	printf("Started domain %s (id=%u)\n", cfg.name, id);
	return attach ? console_attach(id) : 0;
}

/* The domain argv[1] names, if it is not the control domain. */
static int target(int argc, char **argv, const char *args)
{
	int id;

	if (argc != 2) {
		usage(argv[0], args);
		return -1;
	}
	id = doms_resolve(argv[1]);
	if (id == 0) {
		printf("%s: domain 0 is the control domain: refused\n", argv[0]);
		return -1;
	}
	return id;
}

static int report(const char *cmd, const char *dom, long rc)
{
	if (rc)
		printf("%s %s failed: %s\n", cmd, dom, errno_text(rc));
	return (int)rc;
}

static int cmd_destroy(int argc, char **argv)
{
	int id = target(argc, argv, "<dom>");
	long rc;

	if (id < 0)
		return -TARN_EINVAL;
	rc = hv_destroy((uint32_t)id);
	if (!rc)
		doms_forget((uint32_t)id);
	return report(argv[0], argv[1], rc);
}

static int cmd_shutdown(int argc, char **argv)
{
	int id = target(argc, argv, "<dom>");
	uint32_t reason = !strcmp(argv[0], "reboot") ? SHUTDOWN_reboot : SHUTDOWN_poweroff;

	if (id < 0)
		return -TARN_EINVAL;
	if (reason == SHUTDOWN_reboot && !doms_tracked((uint32_t)id)) {
		printf("reboot %s: not created by tarnctl, so there is no config to build it "
		       "again from\n",
		       argv[1]);
		return -TARN_EINVAL;
	}
	return report(argv[0], argv[1], hv_shutdown((uint32_t)id, reason));
}

static int cmd_pause(int argc, char **argv)
{
	int id = target(argc, argv, "<dom>");

	if (id < 0)
		return -TARN_EINVAL;
	if (!strcmp(argv[0], "pause"))
		return report(argv[0], argv[1], hv_pause((uint32_t)id));
	return report(argv[0], argv[1], hv_unpause((uint32_t)id));
}

static int cmd_mem_set(int argc, char **argv)
{
	uint64_t kib;
	int id;

	if (argc != 3)
		return usage(argv[0], "<dom> <memory, e.g. 64m>");
	if (args_parse_mem(argv[2], &kib) || kib < 4096 || kib % 4) {
		printf("mem-set: %s: not a memory size of at least 4 MiB (as 64m, 1g)\n", argv[2]);
		return -TARN_EINVAL;
	}
	id = doms_resolve(argv[1]);
	if (id < 0)
		return -TARN_EINVAL;
	return report(argv[0], argv[1], hv_max_mem((uint32_t)id, kib / 4));
}

const struct cmd life_cmds[] = {
	{"create", "[-c] <config>",
	 "build and start a domain from a config in the store (-c: attach its console)",
	 cmd_create},
	{"destroy", "<dom>", "stop a domain at once and free everything it held", cmd_destroy},
	{"shutdown", "<dom>", "shut a domain down (poweroff), then destroy it", cmd_shutdown},
	{"reboot", "<dom>", "shut a domain down and build it again from its config", cmd_shutdown},
	{"pause", "<dom>", "stop a domain's vCPUs until unpause", cmd_pause},
	{"unpause", "<dom>", "let a paused domain run again", cmd_pause},
	{"mem-set", "<dom> <mem>", "set a domain's memory target (its balloon)", cmd_mem_set},
};
const size_t life_cmds_count = sizeof(life_cmds) / sizeof(life_cmds[0]);
