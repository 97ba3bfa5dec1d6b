# Tarn: one entry point for building, running, testing and measuring.
#
#   make            build build/$(PLATFORM)/tarn.bin and the boot disk
#   make run        boot Tarn in QEMU through U-Boot, on this terminal
#   make test       lint, header check, host unit tests, QEMU scenarios
#   make bench      benchmarks under QEMU icount (figures in docs/performance.md)
#   make deps       install and build what the above need (called by them)
#
# Variables: PLATFORM=qemu-virt|rpi4, GIC=2|3, SMP=, MEM=, CROSS_COMPILE=.

PLATFORM ?= qemu-virt
GIC ?= 3
SMP ?= 4
MEM ?= 2G
CROSS_COMPILE ?= aarch64-linux-gnu-

BUILD := build
OUT := $(BUILD)/$(PLATFORM)
DEPS := $(BUILD)/deps
DEPS_STAMP := $(DEPS)/libfdt/.stamp $(DEPS)/newlib/.stamp
LIBFDT := $(DEPS)/libfdt/usr

CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
HOSTCC := gcc
# Debian's interpreter, which has pytest and xdist from the packages deps installs.
PYTHON := /usr/bin/python3

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wvla \
	-Wpointer-arith -Wcast-align -Wundef -Wno-unused-parameter
GCC_INC = $(shell $(CC) -print-file-name=include 2>/dev/null)
CFLAGS = -std=gnu11 -O2 -g $(WARNINGS) -ffreestanding -fno-builtin -nostdinc \
	-isystem $(GCC_INC) -mgeneral-regs-only -mstrict-align -mno-outline-atomics -fpie -fvisibility=hidden \
	-fno-stack-protector -fno-common -fno-tree-loop-distribute-patterns \
	-ffunction-sections -fdata-sections \
	-I. -Ipv-abi/include -isystem lib/libc -isystem $(LIBFDT)/include
ASFLAGS := -D__ASSEMBLY__ -I.
LDFLAGS := -pie --no-dynamic-linker -z norelro -z noexecstack --no-warn-rwx-segments --gc-sections -T arch/arm64/tarn.lds

OBJS :=
include lib/build.mk arch/arm64/build.mk hyp/build.mk mm/build.mk sched/build.mk platform/build.mk
include platform/$(PLATFORM)/platform.mk
OBJS := $(addprefix $(OUT)/obj/,$(OBJS))
# Tarn's own sources, every layer (docs/architecture.md).
TARN_DIRS := lib mm sched platform arch hyp
TARN_SRCS := $(sort $(shell find $(TARN_DIRS) -name '*.c'))
TARN_HDRS := $(sort $(shell find $(TARN_DIRS) -name '*.h'))

.PHONY: all deps run test unit qemu-test guests lint format check-headers bench clean FORCE
all: $(OUT)/tarn.bin $(addprefix $(OUT)/,$(PLATFORM_IMAGES))

deps:
	@tools/deps.sh $(DEPS)

$(DEPS)/libfdt/.stamp $(DEPS)/newlib/.stamp:
	@tools/deps.sh $(DEPS)

$(OUT)/obj/%.o: %.c $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(OUT)/obj/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -MMD -MP -c $< -o $@

$(OUT)/tarn.elf: $(OBJS) arch/arm64/tarn.lds $(DEPS_STAMP)
	$(LD) $(LDFLAGS) -o $@ $(OBJS) $(LIBFDT)/lib/aarch64-linux-gnu/libfdt.a
	@tools/check-relocs.sh $@ $(CROSS_COMPILE)

$(OUT)/tarn.bin: $(OUT)/tarn.elf
	$(OBJCOPY) -O binary $< $@

$(OUT)/disk.img: $(OUT)/tarn.bin platform/$(PLATFORM)/boot.cmd tools/mkdisk.sh
	tools/mkdisk.sh $@ platform/$(PLATFORM)/boot.cmd $(OUT)/tarn.bin

$(OUT)/uboot-env.img: tools/uboot-env.py | $(DEPS_STAMP)
	$(PYTHON) tools/uboot-env.py --uboot $(UBOOT_BIN) --out $@

# run, test and bench first make sure the machine has everything (deps is quick
# when it does), then build in a fresh make that sees the installed tools.
# make run boots tarnctl as the control domain; the store (the disk's second
# partition) holds the example guests of ctl/examples/ (their configs, and
# their Images from build/guests/). RUN_GUESTS adds boot-time (dom0less)
# domains, as domu1.bin ...
RUN_GUESTS ?=
RUN_EXAMPLES := hello ticker
# tools/mkdisk.sh's layout: the store partition starts at 33 MiB.
STORE_OFFSET := 34603008

run:
	@tools/deps.sh $(DEPS)
	@$(MAKE) --no-print-directory all guests $(OUT)/run-disk.img
	tools/run-qemu.sh --gic $(GIC) --smp $(SMP) --mem $(MEM) \
		--disk $(OUT)/run-disk.img --env $(OUT)/uboot-env.img

# tarn.bin, tarnctl as dom0.bin, RUN_GUESTS as domu<N>.bin; then the store.
$(OUT)/run-disk.img: $(OUT)/tarn.bin platform/$(PLATFORM)/boot.cmd tools/mkdisk.sh \
		$(BUILD)/tools/tarn-store FORCE
	@rm -rf $(OUT)/run-files && mkdir -p $(OUT)/run-files
	cp $(BUILD)/ctl/tarnctl.img $(OUT)/run-files/dom0.bin
	@n=0; for g in $(RUN_GUESTS); do n=$$((n + 1)); \
		cp $(BUILD)/guests/$$g/$$g.img $(OUT)/run-files/domu$$n.bin; done
	tools/mkdisk.sh $@ platform/$(PLATFORM)/boot.cmd $(OUT)/tarn.bin $(OUT)/run-files/*.bin
	$(BUILD)/tools/tarn-store --offset $(STORE_OFFSET) mkfs $@ 64M
	@set -e; for g in $(RUN_EXAMPLES); do \
		$(BUILD)/tools/tarn-store --offset $(STORE_OFFSET) add $@ $$g.img \
			$(BUILD)/guests/$$g/$$g.img --type image; \
		$(BUILD)/tools/tarn-store --offset $(STORE_OFFSET) add $@ $$g.cfg \
			ctl/examples/$$g.cfg --type config; done

FORCE:

# ---- tests ----------------------------------------------------------------

UNIT_TESTS :=
include tests/unit/unit.mk
UNIT_OUT := $(BUILD)/unit
UNIT_CFLAGS = -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
	-I. -Ipv-abi/include -fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_BINS := $(addprefix $(UNIT_OUT)/test_,$(UNIT_TESTS))

define unit_rule
$(UNIT_OUT)/test_$(1): tests/unit/test_$(1).c tests/unit/support.c $(UNIT_SRCS_$(1)) $$(TARN_HDRS)
	@mkdir -p $(UNIT_OUT)
	$(HOSTCC) $(UNIT_CFLAGS) -o $$@ tests/unit/test_$(1).c tests/unit/support.c $(UNIT_SRCS_$(1)) $(UNIT_LIBS_$(1)) -lcmocka
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

unit: $(DEPS_STAMP) $(UNIT_BINS) $(BUILD)/tools/tarn-store
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done
	tests/unit/tarn-store.sh $(BUILD)/tools/tarn-store

# guest-kit and the guests under guests/, built as an outside guest kernel builds.
# tarnctl (ctl/tarnctl/) is one of them: the control domain's program.
guests: $(DEPS_STAMP)
	@$(MAKE) --no-print-directory -C guest-kit
	@$(MAKE) --no-print-directory -C ctl/tarnctl

qemu-test: all guests $(BUILD)/tools/tarn-store
	$(PYTHON) -m pytest -q tests/qemu -n 2 -p no:cacheprovider

test:
	@tools/deps.sh $(DEPS)
	@$(MAKE) --no-print-directory lint check-headers
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory qemu-test

# ---- habits ---------------------------------------------------------------

# The control domain's own libraries (freestanding C, linted like Tarn's).
CTL_SRCS := $(wildcard ctl/*.c ctl/*/*.c)
# clang's own freestanding headers (stddef.h, stdint.h), shipped with clang-tidy.
CLANG_INC = $(lastword $(sort $(wildcard /usr/lib/llvm-*/lib/clang/*/include)))
LINT_FLAGS := -I. -Ipv-abi/include -isystem lib/libc -isystem $(LIBFDT)/include
# The control domain's code is a guest-kit program: newlib's C library.
CTL_LINT_FLAGS := -I. -Ipv-abi/include -Iguest-kit/include -isystem $(DEPS)/newlib/include \
	-isystem $(LIBFDT)/include

lint: $(DEPS_STAMP)
	cppcheck -q --error-exitcode=1 --enable=warning,style,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem --std=c11 \
		-D__aarch64__ -I. -Ipv-abi/include -Iguest-kit/include $(TARN_SRCS) $(CTL_SRCS)
	clang-tidy --quiet $(TARN_SRCS) -- --target=aarch64-linux-gnu -ffreestanding \
		-std=gnu11 -nostdinc -isystem $(CLANG_INC) $(LINT_FLAGS)
	clang-tidy --quiet $(CTL_SRCS) -- --target=aarch64-linux-gnu -ffreestanding \
		-std=gnu11 -nostdinc -isystem $(CLANG_INC) $(CTL_LINT_FLAGS)

# asm.h holds assembler macros, which clang-format would mangle.
FORMAT_HDRS := $(filter-out arch/arm64/asm.h,$(TARN_HDRS) $(wildcard pv-abi/include/tarn/*.h tests/unit/*.h))

format:
	clang-format -i $(TARN_SRCS) $(CTL_SRCS) $(FORMAT_HDRS) $(wildcard ctl/*.h ctl/*/*.h)

check-headers:
	@mkdir -p $(BUILD)/headers
	@set -e; for h in $(wildcard pv-abi/include/tarn/*.h); do \
		n=$$(basename $$h .h); \
		printf '#include <tarn/%s.h>\ntypedef int header_check_t;\n' $$n > $(BUILD)/headers/$$n.c; \
		for std in c99 c11; do \
			$(HOSTCC) -std=$$std -pedantic -Wall -Wextra -Werror -Ipv-abi/include \
				-c $(BUILD)/headers/$$n.c -o /dev/null; \
			$(CC) -std=$$std -pedantic -Wall -Wextra -Werror -ffreestanding -Ipv-abi/include \
				-c $(BUILD)/headers/$$n.c -o /dev/null; \
		done; \
	done; echo "public headers compile alone: $(notdir $(wildcard pv-abi/include/tarn/*.h))"

bench:
	@tools/deps.sh $(DEPS)
	@$(MAKE) --no-print-directory all guests
	$(PYTHON) tests/bench/boot.py --build $(OUT)
	TARN_BUILD=$(OUT) $(PYTHON) tests/bench/micro.py
	$(PYTHON) tests/bench/sched_cost.py
	TARN_BUILD=$(OUT) $(PYTHON) tests/bench/sched_decision.py
	TARN_BUILD=$(OUT) $(PYTHON) tests/bench/sched_fair.py --jobs 2
	$(PYTHON) tests/bench/tarnctl_records.py

clean:
	rm -rf $(OUT) $(UNIT_OUT) $(BUILD)/headers $(BUILD)/guest-kit $(BUILD)/guests $(BUILD)/test-guests

-include $(OBJS:.o=.d)

# ---- host tools -------------------------------------------------------------

# tarn-store: the Tarn store library (ctl/store/, as the control domain runs it) on a file.
TARN_STORE_SRCS := tools/tarn-store.c ctl/mbr.c ctl/store/store.c ctl/store/store-scan.c \
	ctl/store/store-write.c ctl/store/store-read.c ctl/store/crc32c.c
$(BUILD)/tools/tarn-store: $(TARN_STORE_SRCS) $(wildcard ctl/store/*.h) ctl/mbr.h
	@mkdir -p $(@D)
	$(HOSTCC) -std=gnu11 -O2 -g $(WARNINGS) -I. -o $@ $(TARN_STORE_SRCS)
