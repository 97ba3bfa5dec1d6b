/*
 * <limits.h> for code built into Tarn (libfdt's headers ask for it). GCC's
 * own limits.h chains to a C library's, which Tarn does not have.
 */
#ifndef HYP_LIBC_LIMITS_H
#define HYP_LIBC_LIMITS_H

#define CHAR_BIT   8
#define SCHAR_MAX  127
#define SCHAR_MIN  (-128)
#define UCHAR_MAX  255
#define CHAR_MIN   0 /* char is unsigned on arm64 */
#define CHAR_MAX   255
#define SHRT_MAX   32767
#define SHRT_MIN   (-32768)
#define USHRT_MAX  65535
#define INT_MAX	   2147483647
#define INT_MIN	   (-INT_MAX - 1)
#define UINT_MAX   4294967295U
#define LONG_MAX   9223372036854775807L
#define LONG_MIN   (-LONG_MAX - 1L)
#define ULONG_MAX  18446744073709551615UL
#define LLONG_MAX  9223372036854775807LL
#define LLONG_MIN  (-LLONG_MAX - 1LL)
#define ULLONG_MAX 18446744073709551615ULL

#endif /* HYP_LIBC_LIMITS_H */
