/*
 * newlib's file system calls. There is no file system: descriptors 0, 1 and 2
 * are the console (<guestkit/console.h>) and everything else fails with the
 * errno a POSIX system without that file would give.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include "sys-errno.h"
#include <guestkit/console.h>
#include <guestkit/hypercall.h>

int _write(int fd, const void *buf, size_t len);
int _read(int fd, void *buf, size_t len);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
off_t _lseek(int fd, off_t offset, int whence);
int _open(const char *path, int flags, int mode);
int _link(const char *old, const char *new_path);
int _unlink(const char *path);
int _stat(const char *path, struct stat *st);
int _mkdir(const char *path, int mode);
int _fcntl(int fd, int cmd, int arg);

static int is_console(int fd)
{
	return fd >= 0 && fd <= 2;
}

int _write(int fd, const void *buf, size_t len)
{
	if (fd != 1 && fd != 2)
		return sys_fail(EBADF);
	gk_console_write(buf, len);
	return (int)len;
}

/* Blocks until at least one byte has arrived, then takes what is there. */
int _read(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t n = 0;

	if (fd != 0)
		return sys_fail(EBADF);
	while (n < len) {
		int c = gk_console_getc();

		if (c < 0 && n)
			break;
		if (c < 0) {
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
			continue;
		}
		p[n++] = (char)c;
		if (c == '\n')
			break;
	}
	return (int)n;
}

int _close(int fd)
{
	return is_console(fd) ? 0 : sys_fail(EBADF);
}

int _fstat(int fd, struct stat *st)
{
	if (!is_console(fd))
		return sys_fail(EBADF);
	*st = (struct stat){.st_mode = S_IFCHR};
	return 0;
}

/* A terminal: newlib then line-buffers stdout. */
int _isatty(int fd)
{
	return is_console(fd) ? 1 : sys_fail(EBADF);
}

off_t _lseek(int fd, off_t offset, int whence)
{
	return sys_fail(is_console(fd) ? ESPIPE : EBADF);
}

int _open(const char *path, int flags, int mode)
{
	return sys_fail(ENOENT);
}

int _link(const char *old, const char *new_path)
{
	return sys_fail(ENOSYS);
}

int _unlink(const char *path)
{
	return sys_fail(ENOENT);
}

int _stat(const char *path, struct stat *st)
{
	return sys_fail(ENOENT);
}

int _mkdir(const char *path, int mode)
{
	return sys_fail(ENOSYS);
}

int _fcntl(int fd, int cmd, int arg)
{
	return sys_fail(is_console(fd) ? ENOSYS : EBADF);
}
