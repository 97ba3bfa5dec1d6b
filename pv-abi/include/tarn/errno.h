/*
 * Error numbers returned across the guest boundary.
 *
 * Hypercalls return a negative value of one of these on failure. The values are
 * Xen's (xen/include/public/errno.h), which are also Linux's, so a guest built
 * for Xen on Arm reads Tarn's errors unchanged. Tarn uses the same numbers
 * internally, so an error can travel from deep inside the hypervisor to the
 * guest without translation.
 *
 * This header is part of the public ABI: it includes nothing and stands alone.
 */
#ifndef TARN_ERRNO_H
#define TARN_ERRNO_H

#define TARN_EPERM     1  /* operation not permitted */
#define TARN_ENOENT    2  /* no such entry */
#define TARN_ESRCH     3  /* no such domain */
#define TARN_EIO       5  /* I/O error */
#define TARN_ENXIO     6  /* no such device or address */
#define TARN_E2BIG     7  /* argument list too long */
#define TARN_ENOEXEC   8  /* not an executable image */
#define TARN_EBADF     9  /* bad file (port, handle) number */
#define TARN_EAGAIN    11 /* try again */
#define TARN_ENOMEM    12 /* out of memory */
#define TARN_EACCES    13 /* permission denied (also: interface version mismatch) */
#define TARN_EFAULT    14 /* bad address */
#define TARN_EBUSY     16 /* resource busy */
#define TARN_EEXIST    17 /* already exists */
#define TARN_ENODEV    19 /* no such device */
#define TARN_EINVAL    22 /* invalid argument */
#define TARN_ENOSPC    28 /* no space left */
#define TARN_ERANGE    34 /* result out of range */
#define TARN_ENOSYS    38 /* function not implemented */
#define TARN_EOVERFLOW 75 /* value too large */

#endif /* TARN_ERRNO_H */
