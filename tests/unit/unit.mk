# Host unit tests (cmocka). Each test NAME is tests/unit/test_NAME.c linked with
# tests/unit/support.c and the Tarn sources listed in UNIT_SRCS_NAME; the
# top-level Makefile builds and runs them all with `make unit`.

UNIT_TESTS += buddy
UNIT_SRCS_buddy := mm/buddy.c

UNIT_TESTS += memmap
UNIT_SRCS_memmap := mm/memmap.c

UNIT_TESTS += format
UNIT_SRCS_format := lib/format.c

UNIT_TESTS += pgtable
UNIT_SRCS_pgtable := arch/arm64/pgtable.c

UNIT_TESTS += mmplan
UNIT_SRCS_mmplan := mm/page-alloc.c mm/memmap.c mm/buddy.c lib/format.c hyp/boot/bootinfo-mm.c

UNIT_TESTS += bootinfo
UNIT_SRCS_bootinfo := hyp/boot/bootinfo.c hyp/boot/dt-read.c hyp/boot/bootinfo-machine.c \
	hyp/boot/bootinfo-modules.c lib/format.c
UNIT_LIBS_bootinfo := -lfdt

UNIT_TESTS += guestfdt
UNIT_SRCS_guestfdt := lib/guest-fdt.c lib/format.c
UNIT_LIBS_guestfdt := -lfdt

UNIT_TESTS += hypercall
UNIT_SRCS_hypercall := hyp/hypercall/hypercall.c hyp/hypercall/xen-version.c \
	hyp/hypercall/console-io.c hyp/hypercall/sched-op.c hyp/hypercall/vcpu-op.c \
	hyp/hypercall/hvm-op.c hyp/hypercall/memory-op.c hyp/hypercall/domctl.c \
	hyp/hypercall/domctl-domain.c hyp/hypercall/sysctl.c hyp/hypercall/ctl-common.c \
	tests/unit/fake_domain.c \
	tests/unit/fake_guest.c
$(BUILD)/unit/test_hypercall: tests/unit/fake_guest.h

UNIT_TESTS += vgic
UNIT_SRCS_vgic := arch/arm64/vdev/vgic/vgic.c arch/arm64/vdev/vgic/vgic-lr.c arch/arm64/vdev/vgic/vgic-dist.c arch/arm64/vdev/vgic/vgic-v3-dist.c \
	arch/arm64/vdev/vgic/vgic-v3-redist.c arch/arm64/vdev/vgic/vgic-v2-dist.c arch/arm64/vdev/mmio.c tests/unit/fake_vgic_hw.c

UNIT_TESTS += stage2
UNIT_SRCS_stage2 := arch/arm64/pgtable.c

# The credit scheduler in the host discrete-event simulator (tests/sim/).
UNIT_TESTS += sched_sim
CREDIT_SRCS := sched/credit.c sched/credit-runq.c sched/credit-acct.c
CREDIT_HDRS := sched/sched.h sched/credit.h sched/credit-internal.h
UNIT_SRCS_sched_sim := $(CREDIT_SRCS) tests/sim/sim.c tests/sim/workload.c
$(BUILD)/unit/test_sched_sim: tests/sim/sim.h tests/sim/workload.h $(CREDIT_HDRS)

# The scheduling-decision cost driver for tests/bench/sched_cost.py (callgrind):
# -O2 without sanitizers, built only when asked for (not part of `make unit`).
SCHED_BENCH_SRCS := tests/sim/bench.c tests/sim/sim.c tests/sim/workload.c $(CREDIT_SRCS)
$(BUILD)/unit/sched_bench: $(SCHED_BENCH_SRCS) tests/sim/sim.h tests/sim/workload.h $(CREDIT_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
		-I. -Ipv-abi/include -o $@ $(SCHED_BENCH_SRCS)

# The Tarn store (ctl/store/), on an in-memory block device.
UNIT_TESTS += store
STORE_SRCS := ctl/store/store.c ctl/store/store-scan.c ctl/store/store-write.c \
	ctl/store/store-read.c ctl/store/crc32c.c
STORE_HDRS := ctl/store/store.h ctl/store/store-internal.h ctl/store/format.h ctl/store/crc32c.h
UNIT_SRCS_store := $(STORE_SRCS)
$(BUILD)/unit/test_store: $(STORE_HDRS)

# The domain-config parser (xl.cfg subset) of the control domain's builder.
UNIT_TESTS += domcfg
UNIT_SRCS_domcfg := ctl/domcfg.c ctl/domcfg-keys.c ctl/domcfg-lex.c ctl/domcfg-rules.c \
	ctl/domcfg-format.c
$(BUILD)/unit/test_domcfg: ctl/domcfg.h ctl/domcfg-internal.h

# tarnctl's line editor, command-line words and xl-style tables.
UNIT_TESTS += lineedit
UNIT_SRCS_lineedit := ctl/lineedit.c
$(BUILD)/unit/test_lineedit: ctl/lineedit.h

UNIT_TESTS += shell_args
UNIT_SRCS_shell_args := ctl/shell-args.c
$(BUILD)/unit/test_shell_args: ctl/shell-args.h

UNIT_TESTS += xlfmt
UNIT_SRCS_xlfmt := ctl/xlfmt.c
$(BUILD)/unit/test_xlfmt: ctl/xlfmt.h

# The domain builder's Image header check and the boot disk's MBR.
UNIT_TESTS += image
UNIT_SRCS_image := ctl/image.c ctl/mbr.c
$(BUILD)/unit/test_image: ctl/image.h ctl/mbr.h
