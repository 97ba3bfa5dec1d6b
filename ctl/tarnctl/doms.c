/*
 * The domains tarnctl built (see tarnctl.h): their configs, kept so that a
 * reboot or an on_crash = "restart" can build them again, and the watcher
 * that notices a domain has ended and does what its config says, as xl's
 * per-domain daemon does: reboot -> build again; poweroff, or a crash with
 * on_crash = "destroy" -> destroy; on_crash = "restart" -> destroy and build
 * again; "preserve" -> leave it for `destroy`.
 *
 * A guest that crashes at once would be rebuilt forever, its messages
 * burying the prompt: after RESTART_MAX crash restarts within
 * RESTART_WINDOW_S seconds tarnctl stops and destroys it instead (xl gives up
 * on a domain that keeps dying at start-up in the same spirit).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tarn/errno.h>
#include <tarn/xen.h>

#include <guestkit/timer.h>

#include "build.h"
#include "hv.h"
#include "tarnctl.h"

#define RESTART_MAX	 3
#define RESTART_WINDOW_S 10

static struct tracked tracked[TARNCTL_DOMS];
static bool watch_said; /* the watcher printed: the prompt needs drawing again */

struct tracked *doms_tracked(uint32_t domid)
{
	for (size_t i = 0; i < TARNCTL_DOMS; i++)
		if (tracked[i].used && tracked[i].domid == domid)
			return &tracked[i];
	return NULL;
}

void doms_forget(uint32_t domid)
{
	struct tracked *t = doms_tracked(domid);

	if (t)
		memset(t, 0, sizeof(*t));
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int doms_resolve(const char *what)
{
	struct tarn_sysctl_domlist_entry e[TARN_SYSCTL_DOMLIST_MAX];
	uint32_t nr = 0;

	if (all_digits(what) && strlen(what) < 6) {
		struct tarn_domctl_domaininfo info;
		int id = atoi(what);

		if (hv_domain_info((uint32_t)id, &info) == 0)
			return id;
	} else if (hv_domain_list(0, e, TARN_SYSCTL_DOMLIST_MAX, &nr) == 0) {
		for (uint32_t i = 0; i < nr; i++)
			if (!strcmp(e[i].info.name, what))
				return (int)e[i].domain;
	}
	printf("%s is an invalid domain identifier\n", what);
	return -1;
}

int doms_create(const struct domcfg *cfg, uint32_t *domid)
{
	char err[200];
	char *image;
	size_t len;
	struct tracked *slot = NULL;
	int rc;

	for (size_t i = 0; i < TARNCTL_DOMS && !slot; i++)
		if (!tracked[i].used)
			slot = &tracked[i];
	if (!slot) {
		printf("cannot create %s: tarnctl already keeps %d domains\n", cfg->name,
		       TARNCTL_DOMS);
		return -TARN_ENOSPC;
	}
	rc = disk_load(cfg->kernel, 1 /* STORE_T_IMAGE */, &image, &len, err, sizeof(err));
	if (rc) {
		printf("cannot create %s: kernel %s: %s\n", cfg->name, cfg->kernel, err);
		return rc;
	}
	rc = build_domain(cfg, image, len, domid, err, sizeof(err));
	free(image);
	if (rc) {
		printf("cannot create %s: %s (%s)\n", cfg->name, err, errno_text(rc));
		return rc;
	}
	slot->used = true;
	slot->domid = *domid;
	slot->cfg = *cfg;
	return 0;
}

/* Build t's domain again under the same config (a new id, as on Xen). */
static void doms_restart(struct tracked *t, const char *why, bool crashed)
{
	struct domcfg cfg = t->cfg;
	uint32_t old = t->domid, id;
	uint64_t now = gk_ns_now();
	unsigned int restarts = t->restarts;
	uint64_t window = t->restart_window_ns;

	if (crashed) {
		if (!restarts || now - window > RESTART_WINDOW_S * 1000000000ULL) {
			restarts = 0;
			window = now;
		}
		if (++restarts > RESTART_MAX) {
			printf("\n%s (domain %u) crashed %d times within %d s: not restarting it; "
			       "destroyed\n",
			       cfg.name, old, RESTART_MAX + 1, RESTART_WINDOW_S);
			hv_destroy(old);
			memset(t, 0, sizeof(*t));
			return;
		}
	}
	hv_destroy(old);
	memset(t, 0, sizeof(*t));
	if (doms_create(&cfg, &id) != 0)
		return;
	printf("\n%s (domain %u) %s: restarted as domain %u\n", cfg.name, old, why, id);
	t = doms_tracked(id);
	if (t && crashed) {
		t->restarts = restarts;
		t->restart_window_ns = window;
	}
}

static void doms_end(struct tracked *t, const struct tarn_domctl_domaininfo *info)
{
	watch_said = true; /* each way out below prints a line (or the builder does) */
	if (info->state == TARN_DOMSTATE_shutdown && info->shutdown_reason == SHUTDOWN_reboot) {
		doms_restart(t, "rebooted", false);
		return;
	}
	if (info->state == TARN_DOMSTATE_crashed && t->cfg.on_crash == DOMCFG_CRASH_RESTART) {
		doms_restart(t, "crashed", true);
		return;
	}
	if (info->state == TARN_DOMSTATE_crashed && t->cfg.on_crash == DOMCFG_CRASH_PRESERVE) {
		if (!t->preserved)
			printf("\n%s (domain %u) crashed: kept as it is (on_crash = \"preserve\"); "
			       "destroy it when done\n",
			       t->cfg.name, t->domid);
		watch_said = !t->preserved;
		t->preserved = true;
		return;
	}
	printf("\n%s (domain %u) %s: destroyed\n", t->cfg.name, t->domid,
	       info->state == TARN_DOMSTATE_crashed ? "crashed" : "shut down");
	hv_destroy(t->domid);
	memset(t, 0, sizeof(*t));
}

bool doms_watch(void)
{
	watch_said = false;
	for (size_t i = 0; i < TARNCTL_DOMS; i++) {
		struct tarn_domctl_domaininfo info;
		struct tracked *t = &tracked[i];

		if (!t->used)
			continue;
		if (hv_domain_info(t->domid, &info)) {
			memset(t, 0, sizeof(*t)); /* destroyed by someone else */
			continue;
		}
		if (info.state == TARN_DOMSTATE_shutdown || info.state == TARN_DOMSTATE_crashed)
			doms_end(t, &info);
	}
	return watch_said;
}
