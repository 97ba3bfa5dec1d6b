/*
 * Invariant checks. A failed assertion names itself (expression, file, line)
 * and stops Tarn: it means Tarn's own state is wrong, never that a guest sent
 * bad input (bad input gets an error code instead).
 *
 * The failure handler is hyp_assert_fail(), provided by the hypervisor
 * (hyp/panic.c) and by the host unit tests, so this header is host-testable.
 */
#ifndef HYP_ASSERT_H
#define HYP_ASSERT_H

_Noreturn void hyp_assert_fail(const char *expr, const char *file, int line);

#define ASSERT(e) ((e) ? (void)0 : hyp_assert_fail(#e, __FILE__, __LINE__))

#endif /* HYP_ASSERT_H */
