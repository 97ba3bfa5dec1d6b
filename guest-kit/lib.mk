# guest-kit/lib.mk: builds libguestkit.a into $(GK_BUILD) (included by
# guestkit.mk; one object per file of src/).

# Rules below must not become the includer's default goal.
gk_saved_goal := $(.DEFAULT_GOAL)

GK_SRCS := head.S vectors.S hypercall.S smccc.S secondary.S mmu-on.S cache.S \
	main.c mmu.c fdt.c heap.c malloc-lock.c console.c console-hcall.c \
	console-pl011.c console-ring.c crash.c irq.c gic.c gic-v2.c gic-v3.c timer.c \
	psci.c smp.c spinlock.c shared-info.c syscalls.c syscalls-proc.c time.c \
	exit.c stackprot.c tap.c virtio-mmio.c virtio-blk.c balloon.c
GK_OBJS := $(patsubst %,$(GK_BUILD)/obj/%.o,$(basename $(GK_SRCS)))

# The library's own code runs before the MMU is on (Device memory: no
# unaligned accesses), hence -mstrict-align for all of it.
GK_LIB_CFLAGS := $(GK_CFLAGS) -mstrict-align -I$(GK_DIR)/src -Wall -Wextra -Werror -Wshadow \
	-Wmissing-prototypes -Wstrict-prototypes -Wvla -Wpointer-arith -Wundef \
	-Wno-unused-parameter

GK_DEPS_STAMPS := $(GK_NEWLIB)/.stamp $(abspath $(GK_LIBFDT)/..)/.stamp

$(GK_DEPS_STAMPS):
	@echo "guest-kit: $@ missing: build newlib and libfdt first ('make deps' at the top)" >&2
	@exit 1

$(GK_BUILD)/obj/%.o: $(GK_DIR)/src/%.c | $(GK_DEPS_STAMPS)
	@mkdir -p $(dir $@)
	$(GK_CC) $(GK_LIB_CFLAGS) -MMD -MP -c $< -o $@

$(GK_BUILD)/obj/%.o: $(GK_DIR)/src/%.S
	@mkdir -p $(dir $@)
	$(GK_CC) $(GK_LIB_CFLAGS) -D__ASSEMBLY__ -MMD -MP -c $< -o $@

$(GK_LIB): $(GK_OBJS)
	@rm -f $@
	$(GK_AR) rcs $@ $^

-include $(GK_OBJS:.o=.d)

.DEFAULT_GOAL := $(gk_saved_goal)
