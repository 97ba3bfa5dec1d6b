/*
 * The wall clock (see wallclock.h). QEMU's virt machine and most boards have
 * a PL031 whose data register counts seconds since 1970; Tarn reads it once
 * and subtracts the time the counter has been running. Without an RTC the
 * wall clock starts at 0 (1970), as it does for Xen's dom0less domUs.
 */
#include "hyp/domain/wallclock.h"

#include "lib/io.h"
#include "arch/arm64/mmu.h"
#include "arch/arm64/timer.h"
#include "tarn/xen.h"

#define RTCDR 0x000

static uint64_t boot_wall_ns; /* wall-clock time when the counter read 0 */

void wallclock_init(uint64_t rtc_pa, uint64_t rtc_size)
{
	uint64_t secs, up_ns;

	if (!rtc_pa || mmu_map_device(pa_init(rtc_pa), rtc_size))
		return;
	secs = mmio_read32(rtc_pa + RTCDR);
	up_ns = timer_ns(timer_now());
	boot_wall_ns = secs * 1000000000ULL > up_ns ? secs * 1000000000ULL - up_ns : 0;
}

void wallclock_fill(struct shared_info *s)
{
	uint64_t sec = boot_wall_ns / 1000000000ULL;

	/* Odd while writing, even when done: guests retry on odd or changed. */
	s->wc_version++;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	s->wc_sec = (uint32_t)sec;
	s->wc_sec_hi = (uint32_t)(sec >> 32);
	s->wc_nsec = (uint32_t)(boot_wall_ns % 1000000000ULL);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	s->wc_version++;
}
