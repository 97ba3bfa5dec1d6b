/*
 * TAP output for test guests, on stdout:
 *
 *   1..N            tap_plan(N) (or printed by tap_done() if no plan was given)
 *   ok N - msg      tap_ok(true, ...)
 *   not ok N - msg  tap_ok(false, ...)
 *   ok N - msg # SKIP   tap_skip(...)
 *   # msg           tap_diag(...)
 *
 * tap_done() prints "# N passed, N failed, N skipped" and returns the exit
 * status: 0 only if nothing failed and the count matched the plan. Use it as
 * `return tap_done();` from main().
 */
#ifndef GUESTKIT_TAP_H
#define GUESTKIT_TAP_H

#include <stdbool.h>

void tap_plan(unsigned int n);
bool tap_ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int tap_done(void);

#endif /* GUESTKIT_TAP_H */
