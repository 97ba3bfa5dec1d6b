/*
 * console (attach to a domain's output; Ctrl-] detaches, as xl's), store
 * (what the Tarn store holds), and the errno names every command prints.
 */
#include <stdio.h>
#include <string.h>
#include <tarn/errno.h>

#include "ctl/store/store.h"
#include "hv.h"
#include "tarnctl.h"

#define CTRL_RBRACKET 0x1d
#define CONSOLE_CHUNK 512

const char *errno_text(long rc)
{
	switch (-rc) {
	case TARN_EPERM:
		return "operation not permitted (EPERM)";
	case TARN_ENOENT:
		return "no such entry (ENOENT)";
	case TARN_ESRCH:
		return "no such domain (ESRCH)";
	case TARN_EIO:
		return "I/O error (EIO)";
	case TARN_ENOMEM:
		return "out of memory (ENOMEM)";
	case TARN_EACCES:
		return "interface version mismatch (EACCES)";
	case TARN_EFAULT:
		return "bad address (EFAULT)";
	case TARN_EBUSY:
		return "busy (EBUSY)";
	case TARN_EEXIST:
		return "already exists (EEXIST)";
	case TARN_ENODEV:
		return "no such device (ENODEV)";
	case TARN_EINVAL:
		return "invalid argument or state (EINVAL)";
	case TARN_ENOSPC:
		return "no space left (ENOSPC)";
	case TARN_ENOSYS:
		return "not implemented (ENOSYS)";
	default:
		return "error";
	}
}

/* Print what domid wrote since *index; false once the domain is gone. */
static bool console_pump(uint32_t domid, uint64_t *index)
{
	char buf[CONSOLE_CHUNK];
	long n;

	while ((n = hv_console_read(domid, buf, sizeof(buf), index)) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	fflush(stdout);
	return n == 0;
}

/* Has domid stopped for good (shut down, crashed, gone)? */
static bool console_ended(uint32_t domid)
{
	struct tarn_domctl_domaininfo info;

	return hv_domain_info(domid, &info) || info.state == TARN_DOMSTATE_shutdown ||
	       info.state == TARN_DOMSTATE_crashed;
}

int console_attach(uint32_t domid)
{
	uint64_t index = 0;

	printf("Connected to domain %u's console; Ctrl-] returns to tarnctl\n", domid);
	for (;;) {
		bool ended = console_ended(domid);
		int c;

		if (!console_pump(domid, &index) || ended) {
			printf("\n[domain %u has ended]\n", domid);
			return 0;
		}
		c = shell_getc();
		if (c == CTRL_RBRACKET)
			break;
		if (c < 0)
			shell_wait(20);
		/* Typed keys reach the guest with its PV console (a later issue). */
	}
	printf("\n");
	return 0;
}

static int cmd_console(int argc, char **argv)
{
	int id;

	if (argc != 2) {
		printf("usage: console <dom>\n");
		return -TARN_EINVAL;
	}
	id = doms_resolve(argv[1]);
	if (id < 0)
		return -TARN_EINVAL;
	if (id == 0) {
		printf("console: this is domain 0's console already\n");
		return -TARN_EINVAL;
	}
	return console_attach((uint32_t)id);
}

static int cmd_store(int argc, char **argv)
{
	const char *name;
	unsigned int type;
	uint64_t size;

	if (!disk_have_store()) {
		printf("there is no store\n");
		return -TARN_ENOENT;
	}
	printf("%-40s %-7s %10s\n", "Name", "Type", "Bytes");
	for (size_t i = 0; disk_entry(i, &name, &type, &size); i++)
		printf("%-40s %-7s %10llu\n", name, store_type_name(type),
		       (unsigned long long)size);
	return 0;
}

const struct cmd misc_cmds[] = {
	{"console", "<dom>", "show a domain's console (Ctrl-] to come back)", cmd_console},
	{"store", "", "list the images and configs in the Tarn store", cmd_store},
};
const size_t misc_cmds_count = sizeof(misc_cmds) / sizeof(misc_cmds[0]);
