/*
 * Tarn's console: printk() to the physical UART, kept in a log ring too (the
 * control domain reads it later, as `xl dmesg` does), and the input side that
 * hands typed keys to the key handlers.
 */
#ifndef HYP_CONSOLE_H
#define HYP_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_LOG_SIZE 16384

/* Every line Tarn prints starts with this, as Xen's start with "(XEN) ". */
#define CONSOLE_PREFIX "(tarn) "

void console_init(uint64_t uart_base);
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print without taking the console lock: for crash reports, which must get out. */
int printk_unlocked(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Stop Tarn with a message: Tarn's own state is broken (hyp/console/panic.c). */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Wait for interrupts forever (after a refusal to go on). */
_Noreturn void hyp_idle(void);

/* A line of guest console output, printed as "(d<domid>) <line>" as Xen does. */
void console_guest_line(unsigned int domid, const char *line);
/* A character of the control domain's output, printed as it is (no prefix,
 * no line buffering, not in the log): once it owns the console input. */
void console_guest_raw(char c);

/*
 * Console input (console-input.c). Typed keys go to Tarn's debug keys until
 * the control domain first reads the console (CONSOLEIO_read); from then on
 * they go to it, and Ctrl-A three times in a row switches between it and
 * Tarn, as on Xen.
 */
void console_input_feed(char c);
/* Has the control domain taken the console input? */
bool console_input_owned(void);
/* The control domain reads up to len typed bytes (and takes the input). */
size_t console_input_read(char *buf, size_t len);

/* Let typed characters raise the UART interrupt (whose handler calls console_rx). */
void console_enable_rx_irq(void);
/* Feed received characters to the key handlers; called from the UART interrupt. */
void console_rx(void);
/* Copy up to len bytes of the log from byte *index of everything printed
 * (advanced past what was copied); *lost: bytes that had left the log
 * before they were read. Returns the bytes copied. */
size_t console_log_read(char *buf, size_t len, uint64_t *index, uint64_t *lost);

#endif /* HYP_CONSOLE_H */
