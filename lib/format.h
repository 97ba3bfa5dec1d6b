/*
 * Formatted output into a buffer (lib/format.c): a printf subset that is all
 * Tarn needs. Conversions: %d %i %u %x %X %o %c %s %p %%, flags '-' '0'
 * '+' ' ', width and precision (numbers or '*'), length modifiers hh h l ll z t j.
 */
#ifndef HYP_FORMAT_H
#define HYP_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Like vsnprintf(): returns the length the full output would have. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* HYP_FORMAT_H */
