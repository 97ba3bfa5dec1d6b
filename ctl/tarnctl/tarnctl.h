/*
 * tarnctl, the control domain's shell (DESIGN §6): what its parts share.
 * main.c starts it, shell.c reads and runs command lines, doms.c keeps the
 * domains it built and acts on their ends (reboot, on_crash), disk.c is the
 * Tarn store on the boot disk, cmd-*.c are the commands.
 */
#ifndef TARNCTL_TARNCTL_H
#define TARNCTL_TARNCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl/domcfg.h"

#define TARNCTL_DOMS 64 /* as many as Tarn has ids */

/* A domain tarnctl built: its config, to restart it with. */
struct tracked {
	bool used;
	uint32_t domid;
	struct domcfg cfg;
	/* Crash restarts within RESTART_WINDOW of the first of them. */
	unsigned int restarts;
	uint64_t restart_window_ns;
	bool preserved; /* crashed, kept by on_crash = "preserve": said so once */
};

struct cmd {
	const char *name;
	const char *args; /* for help */
	const char *help;
	int (*fn)(int argc, char **argv);
};

/* ---- doms.c ---- */
/* The id of a domain named by id or name; -1 with a message if none. */
int doms_resolve(const char *what);
struct tracked *doms_tracked(uint32_t domid);
/* Build cfg's domain from the store (its kernel); 0 and *domid, or -errno
 * with the reason printed. */
int doms_create(const struct domcfg *cfg, uint32_t *domid);
/* Look at every domain built here and act on those that ended (reboot,
 * poweroff, on_crash); called between commands and while waiting for keys.
 * True if it printed anything. */
bool doms_watch(void);
/* Forget domid (destroyed). */
void doms_forget(uint32_t domid);

/* ---- disk.c ---- */
/* Open the store on the boot disk's second partition; prints what it finds. */
int disk_open_store(void);
bool disk_have_store(void);
/* A whole store record by name, in a malloc()ed buffer (NUL-terminated,
 * not counted in *len); -errno with a message in err. */
int disk_load(const char *name, unsigned int type, char **out, size_t *len, char *err,
	      size_t errlen);
/* The store's names, one a call (i from 0); false past the last. */
bool disk_entry(size_t i, const char **name, unsigned int *type, uint64_t *size);

/* ---- cmd-misc.c ---- */
/* Show domid's console until Ctrl-] or until it ends. */
int console_attach(uint32_t domid);

/* ---- shell.c ---- */
/* Read one key if one is waiting (-1 if not). */
int shell_getc(void);
/* Sleep until a key may have come or ms have passed. */
void shell_wait(unsigned int ms);
/* Run one command line (modified in place). */
void shell_run_line(char *line);
_Noreturn void shell_loop(void);

/* ---- the commands ---- */
extern const struct cmd life_cmds[];
extern const size_t life_cmds_count;
extern const struct cmd info_cmds[];
extern const size_t info_cmds_count;
extern const struct cmd misc_cmds[];
extern const size_t misc_cmds_count;

/* Print a failed call as "what: strerror" with Xen's errno names. */
const char *errno_text(long rc);

#endif /* TARNCTL_TARNCTL_H */
