/*
 * newlib's process system calls for a guest that is the only process: pid 1,
 * no fork or exec, and a signal sent to itself ends the domain as a crash
 * (that is how abort() and a failed assert() arrive).
 */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "sys-errno.h"
#include <guestkit/crash.h>

int _getpid(void);
int _kill(int pid, int sig);
int _fork(void);
int _execve(const char *path, char *const argv[], char *const envp[]);
int _wait(int *status);
int posix_memalign(void **ptr, size_t align, size_t size);

int _getpid(void)
{
	return 1;
}

int _kill(int pid, int sig)
{
	if (pid != 1)
		return sys_fail(ESRCH);
	gk_panic("killed by signal %d%s", sig, sig == SIGABRT ? " (abort)" : "");
}

int _fork(void)
{
	return sys_fail(ENOSYS);
}

int _execve(const char *path, char *const argv[], char *const envp[])
{
	return sys_fail(ENOSYS);
}

int _wait(int *status)
{
	return sys_fail(ECHILD);
}

/* newlib has memalign() but leaves posix_memalign() (aligned_alloc's base) to us. */
int posix_memalign(void **ptr, size_t align, size_t size)
{
	void *p;

	if (!align || (align & (align - 1)) || align % sizeof(void *))
		return EINVAL;
	p = memalign(align, size);
	if (!p)
		return ENOMEM;
	*ptr = p;
	return 0;
}
