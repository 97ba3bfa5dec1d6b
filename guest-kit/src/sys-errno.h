/*
 * The errno of newlib's system-call layer. newlib's reentrant wrappers
 * (_write_r, _sbrk_r...) clear the *global* int errno, call our _write or
 * _sbrk, and copy errno into the caller's struct _reent when we return -1;
 * <errno.h>'s errno macro names the per-reent one instead. Files that
 * implement system calls include this after <errno.h>.
 */
#ifndef GK_SYS_ERRNO_H
#define GK_SYS_ERRNO_H

#include <errno.h>

#undef errno
extern int errno;

/* Sets errno and returns -1, the system calls' failure value. */
static inline int sys_fail(int err)
{
	errno = err;
	return -1;
}

#endif /* GK_SYS_ERRNO_H */
