/*
 * A small vsnprintf for Tarn's console and messages (see format.h).
 * Arch-neutral, allocation-free and host-testable.
 */
#include "lib/format.h"

#include <stdbool.h>
#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	bool left, zero, plus, space;
	int width;
	int prec; /* -1: none */
	int lmod; /* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size_t/ptrdiff/intmax */
};

static void out_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_char(o, c);
}

static void out_str(struct out *o, const struct spec *sp, const char *s)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->prec < 0 || len < sp->prec))
		len++;
	if (!sp->left)
		out_pad(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		out_char(o, s[i]);
	if (sp->left)
		out_pad(o, ' ', sp->width - len);
}

static void out_num(struct out *o, const struct spec *sp, uint64_t v, bool neg, unsigned base,
		    bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = 0, zeros, pad;
	char sign = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	while (prefix[plen])
		plen++;
	zeros = sp->prec > n ? sp->prec - n : 0;
	pad = sp->width - n - zeros - plen - (sign ? 1 : 0);
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		out_pad(o, ' ', pad);
	if (sign)
		out_char(o, sign);
	for (int i = 0; i < plen; i++)
		out_char(o, prefix[i]);
	out_pad(o, '0', zeros);
	while (n)
		out_char(o, tmp[--n]);
	if (sp->left)
		out_pad(o, ' ', pad);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){.prec = -1};
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else if (*f == '+')
			sp->plus = true;
		else if (*f == ' ')
			sp->space = true;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	for (; *f >= '0' && *f <= '9'; f++)
		sp->width = sp->width * 10 + (*f - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		for (; *f >= '0' && *f <= '9'; f++)
			sp->prec = sp->prec * 10 + (*f - '0');
	}
	for (;; f++) {
		if (*f == 'l')
			sp->lmod = sp->lmod == 1 ? 2 : 1;
		else if (*f == 'h')
			sp->lmod = sp->lmod == -1 ? -2 : -1;
		else if (*f == 'z' || *f == 't' || *f == 'j')
			sp->lmod = 3;
		else
			break;
	}
	return f;
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->lmod) {
	case 1:
		return va_arg(*ap, long);
	case 2:
		return va_arg(*ap, long long);
	case 3:
		return (int64_t)va_arg(*ap, intptr_t);
	case -1:
		return (short)va_arg(*ap, int);
	case -2:
		return (signed char)va_arg(*ap, int);
	default:
		return va_arg(*ap, int);
	}
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->lmod) {
	case 1:
		return va_arg(*ap, unsigned long);
	case 2:
		return va_arg(*ap, unsigned long long);
	case 3:
		return va_arg(*ap, size_t);
	case -1:
		return (unsigned short)va_arg(*ap, unsigned int);
	case -2:
		return (unsigned char)va_arg(*ap, unsigned int);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static void format_one(struct out *o, char conv, const struct spec *sp, va_list *ap)
{
	int64_t s;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		s = arg_signed(sp, ap);
		out_num(o, sp, s < 0 ? (uint64_t)0 - (uint64_t)s : (uint64_t)s, s < 0, 10, false,
			"");
		break;
	case 'u':
		out_num(o, sp, arg_unsigned(sp, ap), false, 10, false, "");
		break;
	case 'x':
	case 'X':
		out_num(o, sp, arg_unsigned(sp, ap), false, 16, conv == 'X', "");
		break;
	case 'o':
		out_num(o, sp, arg_unsigned(sp, ap), false, 8, false, "");
		break;
	case 'p':
		out_num(o, sp, (uint64_t)(uintptr_t)va_arg(*ap, void *), false, 16, false, "0x");
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		out_pad(o, ' ', sp->left ? 0 : sp->width - 1);
		out_char(o, c);
		out_pad(o, ' ', sp->left ? sp->width - 1 : 0);
		break;
	case 's':
		out_str(o, sp, va_arg(*ap, const char *));
		break;
	default:
		out_char(o, '%');
		if (conv)
			out_char(o, conv);
		break;
	}
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &args);
		if (*fmt == '%') {
			out_char(&o, '%');
		} else {
			format_one(&o, *fmt, &sp, &args);
			if (!*fmt)
				break;
		}
		fmt++;
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
