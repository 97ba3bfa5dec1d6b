/*
 * Host unit tests for the vGIC's arch-neutral side (hyp/vgic*.c): the
 * pending lists and list-register management over a fake LR backend
 * (fake_vgic_hw.c), and the emulated GICv3 and GICv2 registers through
 * arch/arm64/vdev/mmio.c's dispatch, as a trapped guest access would reach them.
 *
 * vcpu_kick() is faked here: it counts, per vCPU, the kicks the vGIC gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "hyp/schedule/schedule.h"
#include "tests/unit/fake_vgic_hw.h"

#define NR_VCPUS 3
#define NR_LRS	 4

/* Guest-physical register addresses. */
#define GICD(off)	 (VGIC_DIST_BASE + (off))
#define GICR(n, off)	 (VGIC_V3_REDIST_BASE + (n)*VGIC_V3_REDIST_STRIDE + (off))
#define GICR_SGI(n, off) GICR(n, 0x10000 + (off))
#define ISENABLER(i)	 (0x100 + 4 * ((i) / 32))
#define ICENABLER(i)	 (0x180 + 4 * ((i) / 32))
#define ISPENDR(i)	 (0x200 + 4 * ((i) / 32))
#define ICPENDR(i)	 (0x280 + 4 * ((i) / 32))
#define ISACTIVER(i)	 (0x300 + 4 * ((i) / 32))
#define IPRIORITYR(i)	 (0x400 + (i))
#define ICFGR(i)	 (0xc00 + 4 * ((i) / 16))
#define ITARGETSR(i)	 (0x800 + (i))
#define IROUTER(i)	 (0x6000 + 8 * (i))
#define BIT(i)		 (1u << ((i) % 32))

static struct domain dom;
static struct vcpu vcpus[NR_VCPUS];
static unsigned int kicks[NR_VCPUS];

void vcpu_kick(struct vcpu *v)
{
	kicks[v->id]++;
}

static void domain_setup(unsigned int version, unsigned int nvcpus)
{
	memset(&dom, 0, sizeof(dom));
	memset(vcpus, 0, sizeof(vcpus));
	memset(kicks, 0, sizeof(kicks));
	fake_vgic_reset(version, NR_LRS);
	/* As domain_create() does: the vGIC first, then the vCPUs one by one. */
	assert_int_equal(vgic_domain_init(&dom), 0);
	for (unsigned int i = 0; i < nvcpus; i++) {
		vcpus[i].domain = &dom;
		vcpus[i].id = i;
		dom.vcpus[i] = &vcpus[i];
		dom.nvcpus = i + 1;
		assert_int_equal(vgic_vcpu_init(&vcpus[i]), 0);
	}
}

static bool mmio(struct vcpu *v, uint64_t addr, unsigned int size, bool write, uint64_t *val)
{
	struct mmio_access a = {.addr = addr, .size = size, .write = write, .data = *val};
	bool ok = mmio_dispatch(&dom.mmio, v, &a);

	*val = a.data;
	return ok;
}

static uint64_t rd(struct vcpu *v, uint64_t addr, unsigned int size)
{
	uint64_t val = 0xdeadbeef;

	assert_true(mmio(v, addr, size, false, &val));
	return val;
}

static void wr(struct vcpu *v, uint64_t addr, unsigned int size, uint64_t val)
{
	assert_true(mmio(v, addr, size, true, &val));
}

static bool refused(struct vcpu *v, uint64_t addr, unsigned int size, bool write)
{
	uint64_t val = 0;

	return !mmio(v, addr, size, write, &val);
}

/* A GICv3 guest's usual start: distributor on, SPIs enabled at a priority. */
static void v3_enable_spi(unsigned int intid, uint8_t prio)
{
	wr(&vcpus[0], GICD(0), 4, VGIC_CTLR_GRP1);
	wr(&vcpus[0], GICD(IPRIORITYR(intid)), 1, prio);
	wr(&vcpus[0], GICD(ISENABLER(intid)), 4, BIT(intid));
	memset(kicks, 0, sizeof(kicks));
}

static void v3_enable_private(unsigned int vcpu, unsigned int intid)
{
	wr(&vcpus[0], GICD(0), 4, VGIC_CTLR_GRP1);
	wr(&vcpus[vcpu], GICR_SGI(vcpu, ISENABLER(intid)), 4, BIT(intid));
	memset(kicks, 0, sizeof(kicks));
}

/* The guest takes and finishes the interrupt in LR i; Tarn sees the exit. */
static void guest_handles(struct vcpu *v, int i)
{
	assert_true(i >= 0);
	fake_guest_ack((unsigned int)i);
	fake_guest_eoi((unsigned int)i);
	vgic_sync_lrs(v);
}

static void test_lrs_take_highest_priority_first(void **state)
{
	static const uint8_t prio[] = {0x80, 0x40, 0xc0, 0x20, 0x60};
	struct vcpu *v = &vcpus[0];

	domain_setup(3, NR_VCPUS);
	for (unsigned int i = 0; i < 5; i++)
		v3_enable_spi(40 + i, prio[i]);
	for (unsigned int i = 0; i < 5; i++)
		vgic_inject_spi(&dom, 40 + i);
	assert_int_equal(kicks[0], 5);
	assert_true(vgic_vcpu_has_pending(v));
	vgic_flush_lrs(v);
	/* Four LRs: the four most urgent, in priority order; the fifth waits. */
	assert_int_equal(fake_lr(0).intid, 43);
	assert_int_equal(fake_lr(1).intid, 41);
	assert_int_equal(fake_lr(2).intid, 44);
	assert_int_equal(fake_lr(3).intid, 40);
	assert_int_equal(fake_lr(0).priority, 0x20);
	assert_true(fake_lr(0).pending && fake_lr(0).group1 && !fake_lr(0).eoi_notify);
	assert_true(fake_hw.enabled && fake_hw.underflow);
	assert_int_equal(fake_lr_find(42), -1);

	/* The guest finishes one: the exit frees its LR, the entry refills it. */
	guest_handles(v, 0);
	assert_int_equal(fake_lrs_valid(), 3);
	vgic_flush_lrs(v);
	assert_int_equal(fake_lr(0).intid, 42);
	assert_false(fake_hw.underflow);

	for (int i = 0; i < NR_LRS; i++)
		guest_handles(v, i);
	vgic_flush_lrs(v);
	assert_int_equal(fake_lrs_valid(), 0);
	assert_false(vgic_vcpu_has_pending(v));
}

static void test_equal_priorities_keep_arrival_order(void **state)
{
	struct vcpu *v = &vcpus[0];

	domain_setup(3, 1);
	for (unsigned int i = 0; i < 3; i++)
		v3_enable_spi(50 - i, 0xa0);
	vgic_inject_spi(&dom, 49);
	vgic_inject_spi(&dom, 50);
	vgic_inject_spi(&dom, 48);
	vgic_flush_lrs(v);
	assert_int_equal(fake_lr(0).intid, 49);
	assert_int_equal(fake_lr(1).intid, 50);
	assert_int_equal(fake_lr(2).intid, 48);
}

static void test_disabled_interrupts_wait(void **state)
{
	struct vcpu *v = &vcpus[0];

	domain_setup(3, 1);
	wr(v, GICD(0), 4, VGIC_CTLR_GRP1);
	assert_int_equal(kicks[0], 1); /* a group turned on: look again */
	kicks[0] = 0;
	vgic_inject_spi(&dom, 40);
	assert_int_equal(kicks[0], 0);
	assert_false(vgic_vcpu_has_pending(v));
	assert_true(rd(v, GICD(ISPENDR(40)), 4) & BIT(40));
	vgic_flush_lrs(v);
	assert_int_equal(fake_lrs_valid(), 0);

	/* Enabling it delivers it. */
	wr(v, GICD(ISENABLER(40)), 4, BIT(40));
	assert_int_equal(kicks[0], 1);
	assert_true(rd(v, GICD(ISENABLER(40)), 4) & BIT(40));
	vgic_flush_lrs(v);
	assert_int_equal(fake_lr_find(40), 0);

	/* Disabled before the guest took it: the next entry takes it back, still pending. */
	wr(v, GICD(ICENABLER(40)), 4, BIT(40));
	assert_false(rd(v, GICD(ISENABLER(40)), 4) & BIT(40));
	vgic_flush_lrs(v);
	assert_int_equal(fake_lr_find(40), -1);
	assert_true(rd(v, GICD(ISPENDR(40)), 4) & BIT(40));
	assert_false(vgic_vcpu_has_pending(v));

	wr(v, GICD(ISENABLER(40)), 4, BIT(40));
	vgic_flush_lrs(v);
	assert_int_equal(fake_lr_find(40), 0);
}

static void test_distributor_enable_gates_delivery(void **state)
{
	struct vcpu *v = &vcpus[0];

	domain_setup(3, 2);
	v3_enable_spi(33, 0x80);
	wr(v, GICD(0), 4, 0);
	kicks[0] = 0;
	vgic_inject_spi(&dom, 33);
	assert_int_equal(kicks[0], 0);
	assert_false(vgic_vcpu_has_pending(v));
	vgic_flush_lrs(v);
	assert_int_equal(fake_lrs_valid(), 0);
	assert_false(fake_hw.underflow);

	wr(v, GICD(0), 4, VGIC_CTLR_GRP1);
	assert_int_equal(kicks[0], 1);
	vgic_flush_lrs(v);
	assert_int_equal(fake_lr_find(33), 0);
}

static void test_level_repends_after_eoi_while_high(void **state)
{
	struct vcpu *v = &vcpus[0];
	int i;

	domain_setup(3, 1);
	v3_enable_spi(VIRQ_VPL011, 0xa0);
	vgic_set_level(&dom, NULL, VIRQ_VPL011, true);
	assert_int_equal(kicks[0], 1);
	vgic_flush_lrs(v);
	i = fake_lr_find(VIRQ_VPL011);
	assert_true(i >= 0 && fake_lr(i).eoi_notify);

	/* EOI while the line is still high: pending again. */
	guest_handles(v, i);
	assert_true(vgic_vcpu_has_pending(v));
	vgic_flush_lrs(v);
	i = fake_lr_find(VIRQ_VPL011);
	assert_true(i >= 0 && fake_lr(i).pending);

	/* The handler quietens the device before its EOI: done. */
	fake_guest_ack(i);
	vgic_set_level(&dom, NULL, VIRQ_VPL011, false);
	fake_guest_eoi(i);
	vgic_sync_lrs(v);
	assert_false(vgic_vcpu_has_pending(v));
	vgic_flush_lrs(v);
	assert_int_equal(fake_lrs_valid(), 0);
	assert_false(rd(v, GICD(ISPENDR(VIRQ_VPL011)), 4) & BIT(VIRQ_VPL011));
}

static void test_level_low_before_delivery_is_not_pending(void **state)
{
	struct vcpu *v = &vcpus[0];

	domain_setup(3, 1);
	v3_enable_spi(VIRQ_VPL011, 0xa0);
	vgic_set_level(&dom, NULL, VIRQ_VPL011, true);
	vgic_set_level(&dom, NULL, VIRQ_VPL011, false);
	assert_false(vgic_vcpu_has_pending(v));
	vgic_flush_lrs(v);
	assert_int_equal(fake_lrs_valid(), 0);
}

static void test_edge_while_active_becomes_active_pending(void **state)
{
	struct vcpu *v = &vcpus[1];
	int i;

	domain_setup(3, 2);
	v3_enable_private(1, VIRQ_VTIMER);
	vgic_inject(v, VIRQ_VTIMER);
	assert_int_equal(kicks[1], 1);
	vgic_flush_lrs(v);
	i = fake_lr_find(VIRQ_VTIMER);
	fake_guest_ack(i);
	vgic_sync_lrs(v);
	assert_true(rd(v, GICR_SGI(1, ISACTIVER(0)), 4) & BIT(VIRQ_VTIMER));

	vgic_inject(v, VIRQ_VTIMER);
	assert_int_equal(kicks[1], 2);
	assert_true(vgic_vcpu_has_pending(v));
	vgic_flush_lrs(v);
	assert_int_equal(fake_lr_find(VIRQ_VTIMER), i);
	assert_true(fake_lr(i).pending && fake_lr(i).active);
	fake_guest_eoi(i);
	vgic_sync_lrs(v);
	assert_true(fake_lr(i).pending);
	/* vCPU 0's own PPI 27 is untouched. */
	assert_false(rd(&vcpus[0], GICR_SGI(0, ISPENDR(0)), 4) & BIT(VIRQ_VTIMER));
}

static void test_pending_cleared_by_guest_leaves_lr(void **state)
{
	struct vcpu *v = &vcpus[0];

	domain_setup(3, 1);
	v3_enable_spi(45, 0x80);
	vgic_inject_spi(&dom, 45);
	vgic_flush_lrs(v);
	assert_int_equal(fake_lr_find(45), 0);
	vgic_sync_lrs(v);
	wr(v, GICD(ICPENDR(45)), 4, BIT(45));
	assert_false(rd(v, GICD(ISPENDR(45)), 4) & BIT(45));
	vgic_flush_lrs(v);
	assert_int_equal(fake_lrs_valid(), 0);
	assert_false(vgic_vcpu_has_pending(v));
}

static void test_v2_sgi_carries_each_source(void **state)
{
	struct vcpu *v0 = &vcpus[0];
	uint64_t spend;
	int i;

	domain_setup(2, 3);
	wr(v0, GICD(0), 4, VGIC_CTLR_GRP0);
	wr(v0, GICD(ISENABLER(3)), 4, BIT(3));
	kicks[0] = 0;
	/* vCPUs 1 and 2 send SGI 3 to vCPU 0 (target list); one kick is enough. */
	wr(&vcpus[1], GICD(0xf00), 4, (1u << 16) | 3);
	wr(&vcpus[2], GICD(0xf00), 4, (1u << 16) | 3);
	assert_int_equal(kicks[0], 1);
	spend = rd(v0, GICD(0xf20), 4);
	assert_int_equal((spend >> 24) & 0xff, 0x6);
	assert_int_equal(rd(&vcpus[1], GICD(0xf20), 4), 0); /* banked: vCPU 1 has none */

	vgic_flush_lrs(v0);
	i = fake_lr_find(3);
	assert_int_equal(fake_lrs_valid(), 1); /* one source per LR, one LR per SGI */
	assert_int_equal(fake_lr(i).source, 1);
	assert_false(fake_lr(i).group1);
	assert_int_equal(rd(v0, GICD(0xf23), 1), 0x6);
	guest_handles(v0, i);
	vgic_flush_lrs(v0);
	i = fake_lr_find(3);
	assert_int_equal(fake_lr(i).source, 2);
	guest_handles(v0, i);
	vgic_flush_lrs(v0);
	assert_int_equal(fake_lrs_valid(), 0);
	assert_false(vgic_vcpu_has_pending(v0));
}

static void test_v2_sgi_filters_and_pend_registers(void **state)
{
	struct vcpu *v1 = &vcpus[1];

	domain_setup(2, 3);
	wr(v1, GICD(0), 4, VGIC_CTLR_GRP0);
	/* "All but me" from vCPU 1: vCPUs 0 and 2; "me": vCPU 1 itself. */
	wr(v1, GICD(0xf00), 4, (1u << 24) | 7);
	wr(v1, GICD(0xf00), 4, (2u << 24) | 8);
	assert_int_equal(rd(&vcpus[0], GICD(0xf24), 4) >> 24, 0x2);
	assert_int_equal(rd(&vcpus[2], GICD(0xf24), 4) >> 24, 0x2);
	assert_int_equal(rd(v1, GICD(0xf24), 4) >> 24, 0);
	assert_int_equal(rd(v1, GICD(0xf28), 1), 0x2);
	/* GICD_SPENDSGIR adds a source, GICD_CPENDSGIR removes it. */
	wr(v1, GICD(0xf28), 1, 0x5);
	assert_int_equal(rd(v1, GICD(0xf28), 1), 0x7);
	wr(v1, GICD(0xf18), 1, 0x3);
	assert_int_equal(rd(v1, GICD(0xf28), 1), 0x4);
	/* ISPENDR cannot pend a GICv2 SGI (it has no source). */
	wr(v1, GICD(ISPENDR(0)), 4, BIT(9));
	assert_false(rd(v1, GICD(ISPENDR(0)), 4) & BIT(9));
}

static void test_v3_sgi_targets(void **state)
{
	domain_setup(3, 3);
	for (unsigned int i = 0; i < 3; i++)
		v3_enable_private(i, 5);
	/* Target list {1}, Aff1-3 = 0. */
	vgic_v3_send_sgi(&vcpus[0], (5ULL << 24) | 0x2);
	assert_int_equal(kicks[1], 1);
	assert_true(rd(&vcpus[0], GICR_SGI(1, ISPENDR(0)), 4) & BIT(5));
	assert_false(rd(&vcpus[0], GICR_SGI(2, ISPENDR(0)), 4) & BIT(5));
	/* IRM: everyone but the sender. */
	vgic_v3_send_sgi(&vcpus[2], (5ULL << 24) | (1ULL << 40));
	assert_int_equal(kicks[0], 1);
	assert_int_equal(kicks[2], 0);
	/* Aff1 = 1 names nobody Tarn has. */
	vgic_v3_send_sgi(&vcpus[0], (5ULL << 24) | (1ULL << 16) | 0x4);
	assert_int_equal(kicks[2], 0);
	vgic_flush_lrs(&vcpus[1]);
	assert_int_equal(fake_lr(fake_lr_find(5)).source, 0);
}

static void test_v3_id_registers(void **state)
{
	struct vcpu *v = &vcpus[0];
	uint64_t typer;

	domain_setup(3, 3);
	typer = rd(v, GICD(0x4), 4);
	assert_int_equal(typer & 0x1f, VGIC_NR_IRQS / 32 - 1);
	assert_int_equal((typer >> 5) & 7, 2);
	assert_int_equal((typer >> 19) & 0x1f, 9);
	assert_int_equal(rd(v, GICD(0x0), 4), (1u << 4) | (1u << 6)); /* ARE, DS */
	wr(v, GICD(0x0), 4, 0x3);
	assert_int_equal(rd(v, GICD(0x0), 4), 0x53);
	assert_int_equal(rd(v, GICD(0x8), 4), VGIC_IIDR);
	assert_int_equal(rd(v, GICD(0xffe8), 4) & 0xf0, 0x30);
	assert_int_equal(rd(v, GICD(0x80 + 4), 4), 0xffffffff); /* Group 1 only */
	assert_int_equal(rd(v, GICD(ISENABLER(0)), 4), 0);	/* private: in the GICR */
}

static void test_v3_redistributors(void **state)
{
	struct vcpu *v = &vcpus[0];

	domain_setup(3, 3);
	for (unsigned int n = 0; n < 3; n++) {
		uint64_t typer = rd(v, GICR(n, 0x8), 8);

		assert_int_equal(typer >> 32, n);	    /* Aff0 = vCPU index */
		assert_int_equal((typer >> 8) & 0xffff, n); /* Processor_Number */
		assert_int_equal((typer >> 4) & 1, n == 2); /* Last */
		assert_int_equal(rd(v, GICR(n, 0xc), 4), n);
		assert_int_equal(rd(v, GICR(n, 0xffe8), 4) & 0xf0, 0x30);
	}
	assert_true(refused(v, GICR(3, 0x8), 8, false)); /* past the last one */
	assert_int_equal(rd(v, GICR(1, 0x14), 4), 0x6);	 /* asleep */
	wr(v, GICR(1, 0x14), 4, 0);
	assert_int_equal(rd(v, GICR(1, 0x14), 4), 0);
	assert_int_equal(rd(v, GICR(0, 0x14), 4), 0x6);
	/* SGI frame: SGIs edge-triggered, PPIs configurable, priorities per vCPU. */
	assert_int_equal(rd(v, GICR_SGI(0, ICFGR(0)), 4), VGIC_SGI_RAW_CFG);
	wr(v, GICR_SGI(1, IPRIORITYR(27)), 1, 0x40);
	assert_int_equal(rd(v, GICR_SGI(1, IPRIORITYR(24)), 4), 0x40000000);
	assert_int_equal(rd(v, GICR_SGI(0, IPRIORITYR(24)), 4), 0);
}

static void test_priorities_and_config(void **state)
{
	struct vcpu *v = &vcpus[0];

	domain_setup(3, 1);
	wr(v, GICD(IPRIORITYR(32)), 4, 0x10203040);
	assert_int_equal(rd(v, GICD(IPRIORITYR(33)), 1), 0x30);
	wr(v, GICD(IPRIORITYR(37)), 1, 0xff);
	assert_int_equal(rd(v, GICD(IPRIORITYR(36)), 4), 0xf800); /* five bits kept */
	assert_int_equal(rd(v, GICD(IPRIORITYR(8)), 1), 0);	  /* private: RAZ */
	wr(v, GICD(ICFGR(40)), 4, 2u << (2 * (40 % 16)));
	assert_int_equal(rd(v, GICD(ICFGR(40)), 4), 2u << (2 * (40 % 16)));
}

static void test_v3_irouter_routes_spis(void **state)
{
	domain_setup(3, 3);
	v3_enable_spi(33, 0x80);
	wr(&vcpus[0], GICD(IROUTER(33)), 8, 1);
	assert_int_equal(rd(&vcpus[0], GICD(IROUTER(33)), 8), 1);
	vgic_inject_spi(&dom, 33);
	assert_int_equal(kicks[1], 1);
	assert_true(vgic_vcpu_has_pending(&vcpus[1]));
	assert_false(vgic_vcpu_has_pending(&vcpus[0]));

	/* Re-routed while it waits: it moves. Low half alone, 32-bit. */
	wr(&vcpus[0], GICD(IROUTER(33)), 4, 2);
	assert_int_equal(rd(&vcpus[0], GICD(IROUTER(33)), 4), 2);
	assert_int_equal(rd(&vcpus[0], GICD(IROUTER(33) + 4), 4), 0);
	assert_int_equal(kicks[2], 1);
	assert_false(vgic_vcpu_has_pending(&vcpus[1]));
	vgic_flush_lrs(&vcpus[2]);
	assert_true(fake_lr_find(33) >= 0);

	/* IRM, or a vCPU that does not exist: vCPU 0. */
	wr(&vcpus[0], GICD(IROUTER(34)), 8, 1ULL << 31);
	assert_int_equal(rd(&vcpus[0], GICD(IROUTER(34)), 8), 0);
	wr(&vcpus[0], GICD(IROUTER(34)), 8, 7);
	assert_int_equal(rd(&vcpus[0], GICD(IROUTER(34)), 8), 0);
}

static void test_v2_itargetsr_routes_spis(void **state)
{
	domain_setup(2, 3);
	assert_int_equal(rd(&vcpus[1], GICD(ITARGETSR(0)), 4), 0x02020202);
	assert_int_equal(rd(&vcpus[2], GICD(ITARGETSR(28)), 4), 0x04040404);
	assert_int_equal(rd(&vcpus[0], GICD(ITARGETSR(32)), 1), 0x1);
	wr(&vcpus[0], GICD(0), 4, VGIC_CTLR_GRP0);
	wr(&vcpus[0], GICD(ISENABLER(40)), 4, BIT(40));
	memset(kicks, 0, sizeof(kicks));
	wr(&vcpus[0], GICD(ITARGETSR(40)), 1, 0x6); /* lowest named: vCPU 1 */
	assert_int_equal(rd(&vcpus[0], GICD(ITARGETSR(40)), 1), 0x6);
	vgic_inject_spi(&dom, 40);
	assert_int_equal(kicks[1], 1);
	assert_true(vgic_vcpu_has_pending(&vcpus[1]));
	/* Word write; bits for vCPUs that do not exist read as zero. */
	wr(&vcpus[0], GICD(ITARGETSR(40)), 4, 0xff);
	assert_int_equal(rd(&vcpus[0], GICD(ITARGETSR(40)), 4), 0x7);
	assert_true(vgic_vcpu_has_pending(&vcpus[0]));
	assert_false(vgic_vcpu_has_pending(&vcpus[1]));
	/* No target: delivered to nobody. */
	wr(&vcpus[0], GICD(ITARGETSR(40)), 1, 0);
	assert_false(vgic_vcpu_has_pending(&vcpus[0]));
}

static void test_v2_id_registers(void **state)
{
	struct vcpu *v = &vcpus[0];

	domain_setup(2, 3);
	assert_int_equal(rd(v, GICD(0x4), 4), (VGIC_NR_IRQS / 32 - 1) | (2u << 5));
	assert_int_equal(rd(v, GICD(0x8), 4), VGIC_IIDR);
	wr(v, GICD(0x0), 4, 1);
	assert_int_equal(rd(v, GICD(0x0), 4), 1);
	assert_int_equal(rd(v, GICD(0x80), 4), 0); /* Group 0 at reset, writable */
	wr(v, GICD(0x84), 4, 0x2);
	assert_int_equal(rd(v, GICD(0x84), 4), 0x2);
	assert_int_equal(fake_hw.domain_inits, 1);
	/* 4 KiB distributor: the GICC frame after it is not emulated. */
	assert_true(refused(v, VGIC_V2_CPU_BASE, 4, false));
}

static void test_bad_access_sizes_refused(void **state)
{
	struct vcpu *v = &vcpus[0];

	domain_setup(3, 2);
	assert_true(refused(v, GICD(0x0), 2, false)); /* halfword */
	assert_true(refused(v, GICD(0x0), 8, false)); /* CTLR is 32-bit */
	assert_true(refused(v, GICD(0x0), 1, true));
	assert_true(refused(v, GICD(ISENABLER(32)), 1, false));	   /* bit registers: words */
	assert_true(refused(v, GICD(ISENABLER(32) + 2), 4, true)); /* misaligned */
	assert_true(refused(v, GICD(IPRIORITYR(32)), 2, false));
	assert_true(refused(v, GICD(IPRIORITYR(32)), 8, false));
	assert_true(refused(v, GICD(IROUTER(32)), 1, false));
	assert_true(refused(v, GICD(IROUTER(32) + 4), 8, false));
	assert_true(refused(v, GICR(0, 0x14), 8, false));
	assert_true(refused(v, GICR_SGI(0, ISENABLER(0)), 2, true));
	assert_false(refused(v, GICD(IPRIORITYR(33)), 1, false));
	assert_false(refused(v, GICD(IROUTER(32) + 4), 4, false));
	assert_false(refused(v, GICR_SGI(0, IPRIORITYR(3)), 1, true));
	assert_false(refused(v, GICD(0x1234), 4, false)); /* reserved: RAZ/WI */

	domain_setup(2, 2);
	assert_true(refused(v, GICD(0x0), 1, false));
	assert_true(refused(v, GICD(0xf00), 1, true));
	assert_true(refused(v, GICD(ICFGR(32)), 1, false));
	assert_false(refused(v, GICD(ITARGETSR(33)), 1, false));
	assert_false(refused(v, GICD(0xf21), 1, true));
}

static void test_save_restore_moves_lrs(void **state)
{
	struct vcpu *v = &vcpus[0];
	uint64_t lr0;

	domain_setup(3, 1);
	v3_enable_spi(40, 0x80);
	vgic_inject_spi(&dom, 40);
	vgic_flush_lrs(v);
	lr0 = fake_hw.lr[0];
	vgic_sync_lrs(v);
	vgic_save(v);
	assert_int_equal(fake_hw.lr[0], 0);
	assert_false(fake_hw.enabled);
	assert_int_equal(v->arch.gic.vmcr, 0x1234);
	vgic_restore(v);
	assert_int_equal(fake_hw.lr[0], lr0);
	assert_true(fake_hw.enabled);
	/* Still pending for the guest: WFI must not sleep. */
	assert_true(vgic_vcpu_has_pending(v));
}

static void test_spi_rerouted_while_in_lr_stays_with_holder(void **state)
{
	domain_setup(3, 2);
	v3_enable_spi(33, 0x80);
	vgic_inject_spi(&dom, 33);
	vgic_flush_lrs(&vcpus[0]);
	assert_int_equal(fake_lr_find(33), 0);
	vgic_sync_lrs(&vcpus[0]);
	wr(&vcpus[0], GICD(IROUTER(33)), 8, 1);
	/* A new edge goes to the vCPU holding it, which merges it. */
	vgic_inject_spi(&dom, 33);
	assert_int_equal(kicks[0], 2);
	assert_int_equal(kicks[1], 0);
	fake_guest_ack(0);
	vgic_sync_lrs(&vcpus[0]);
	vgic_flush_lrs(&vcpus[0]);
	assert_true(fake_lr(0).pending && fake_lr(0).active);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lrs_take_highest_priority_first),
		cmocka_unit_test(test_equal_priorities_keep_arrival_order),
		cmocka_unit_test(test_disabled_interrupts_wait),
		cmocka_unit_test(test_distributor_enable_gates_delivery),
		cmocka_unit_test(test_level_repends_after_eoi_while_high),
		cmocka_unit_test(test_level_low_before_delivery_is_not_pending),
		cmocka_unit_test(test_edge_while_active_becomes_active_pending),
		cmocka_unit_test(test_pending_cleared_by_guest_leaves_lr),
		cmocka_unit_test(test_v2_sgi_carries_each_source),
		cmocka_unit_test(test_v2_sgi_filters_and_pend_registers),
		cmocka_unit_test(test_v3_sgi_targets),
		cmocka_unit_test(test_v3_id_registers),
		cmocka_unit_test(test_v3_redistributors),
		cmocka_unit_test(test_priorities_and_config),
		cmocka_unit_test(test_v3_irouter_routes_spis),
		cmocka_unit_test(test_v2_itargetsr_routes_spis),
		cmocka_unit_test(test_v2_id_registers),
		cmocka_unit_test(test_bad_access_sizes_refused),
		cmocka_unit_test(test_save_restore_moves_lrs),
		cmocka_unit_test(test_spi_rerouted_while_in_lr_stays_with_holder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
