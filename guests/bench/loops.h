/*
 * The timed loops of loops.S. bench_X(n, arg) runs operation X n times and
 * returns the CNTVCT_EL0 ticks taken; bench_X_base(n, arg) is the same loop
 * without the operation.
 */
#ifndef BENCH_LOOPS_H
#define BENCH_LOOPS_H

#include <stdint.h>

typedef uint64_t (*bench_loop_fn)(uint64_t n, uint64_t arg);

uint64_t bench_null_hypercall(uint64_t n, uint64_t arg);
uint64_t bench_null_hypercall_base(uint64_t n, uint64_t arg);
uint64_t bench_yield(uint64_t n, uint64_t arg);
uint64_t bench_yield_base(uint64_t n, uint64_t arg);
uint64_t bench_mmio_read(uint64_t n, uint64_t uart_base);
uint64_t bench_mmio_read_base(uint64_t n, uint64_t uart_base);
uint64_t bench_sysreg_read(uint64_t n, uint64_t arg);
uint64_t bench_sysreg_read_base(uint64_t n, uint64_t arg);

/* Runs n & 15 nops. */
void bench_pad(unsigned int n);

/* 1 if reading PMCCNTR_EL0 is UNDEFINED here, else 0 and the value read. */
int bench_probe_pmccntr(uint64_t *value);

#endif /* BENCH_LOOPS_H */
