/*
 * compute: a CPU hog for scheduler tests. It measures once how much work
 * takes about 10 ms, then does that much work per line forever:
 * "compute: 1", "compute: 2"... So its line rate shows the CPU share the
 * scheduler gives it, not the passing of time.
 */
#include <stdint.h>
#include <stdio.h>

#include <guestkit/timer.h>

#define LINE_NS 10000000ULL /* ~10 ms of work per line */
#define CHUNK	1000

static volatile uint64_t sink; /* keeps the work from being optimised away */

static uint64_t work(uint64_t iterations, uint64_t x)
{
	for (uint64_t i = 0; i < iterations; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	return x;
}

static uint64_t calibrate(void)
{
	uint64_t end = gk_ns_now() + LINE_NS, n = 0, x = 1;

	while (gk_ns_now() < end) {
		x = work(CHUNK, x);
		n += CHUNK;
	}
	sink = x;
	return n;
}

int main(void)
{
	uint64_t per_line, x = 1;

	calibrate(); /* the first run also pays for translating the loop (QEMU) */
	per_line = calibrate();

	printf("compute: starting, one line per ~10 ms of work\n");
	for (unsigned long line = 1;; line++) {
		x = work(per_line, x);
		sink = x;
		printf("compute: %lu\n", line);
	}
}
