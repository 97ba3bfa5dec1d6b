/*
 * The arm64 Image header (Linux's Documentation/arm64/booting: the 64-byte
 * header at the start of every Image): what the domain builder checks
 * before it makes a domain for a kernel. Pure, host-testable.
 */
#ifndef CTL_IMAGE_H
#define CTL_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define IMAGE_HEADER_SIZE 64

struct image_info {
	uint64_t text_offset; /* where in RAM (from a 2 MiB boundary) it is loaded */
	uint64_t image_size;  /* bytes it occupies from there, at least the file's */
};

/*
 * Check the first len bytes of a file as an arm64 Image that must fit,
 * loaded at text_offset, in room bytes of RAM. 0 with *out filled, or
 * -22 (EINVAL) with a one-line reason in why ("not an arm64 Image (no
 * ARM\x64 magic)", "kernel of N bytes does not fit in M KiB").
 */
int image_check(const void *file, size_t len, uint64_t room, struct image_info *out, char *why,
		size_t whylen);

#endif /* CTL_IMAGE_H */
