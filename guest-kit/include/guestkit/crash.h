/*
 * Ending the guest on a fatal error. Every path ends its report with the line
 * "not ok - guest crashed", so a TAP harness fails the run, then shuts the
 * domain down with SHUTDOWN_crash.
 */
#ifndef GUESTKIT_CRASH_H
#define GUESTKIT_CRASH_H

/* Prints "guest-kit: panic: <msg>" and crashes the domain. */
_Noreturn void gk_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* GUESTKIT_CRASH_H */
