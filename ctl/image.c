/*
 * arm64 Image header checks (see image.h).
 */
#include "ctl/image.h"

#include <stdio.h>
#include <string.h>

#define IMAGE_MAGIC	0x644d5241u /* "ARM\x64", little-endian at offset 56 */
#define OFF_TEXT_OFFSET 8
#define OFF_IMAGE_SIZE	16
#define OFF_MAGIC	56
#define IMAGE_EINVAL	22

static uint64_t le64_at(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

int image_check(const void *file, size_t len, uint64_t room, struct image_info *out, char *why,
		size_t whylen)
{
	const uint8_t *h = file;
	uint64_t text_offset, size;

	if (len < IMAGE_HEADER_SIZE || (uint32_t)le64_at(h + OFF_MAGIC) != IMAGE_MAGIC) {
		snprintf(why, whylen, "not an arm64 Image (no ARM\\x64 magic)");
		return -IMAGE_EINVAL;
	}
	text_offset = le64_at(h + OFF_TEXT_OFFSET);
	size = le64_at(h + OFF_IMAGE_SIZE);
	if (size < len)
		size = len;
	/* Header fields are any 64-bit value: compare, never add (wraps). */
	if (text_offset > room || size > room - text_offset) {
		snprintf(why, whylen,
			 "kernel of %zu bytes (image_size %llu, text_offset %llu) does not fit in "
			 "%llu "
			 "KiB",
			 len, (unsigned long long)le64_at(h + OFF_IMAGE_SIZE),
			 (unsigned long long)text_offset, (unsigned long long)(room >> 10));
		return -IMAGE_EINVAL;
	}
	out->text_offset = text_offset;
	out->image_size = size;
	return 0;
}
