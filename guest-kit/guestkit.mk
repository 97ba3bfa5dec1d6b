# guest-kit/guestkit.mk: what a guest kernel's Makefile includes to build on
# guest-kit, Tarn's guest library. It defines
#
#   GK_DIR      this directory (absolute)
#   GK_CC       the compiler (aarch64-linux-gnu-gcc; override GK_CROSS)
#   GK_CFLAGS   flags to compile guest C code: newlib's and libfdt's headers,
#               guest-kit's (<guestkit/...>) and the ABI's (<tarn/...>)
#   GK_LDFLAGS  flags to link: static, no libc start files, guest-kit's linker
#               script (the Image runs at 0x40000000, guest RAM bank 0)
#   GK_LIBS     what to link last: libguestkit.a, newlib, libfdt, libgcc
#   GK_LIB      libguestkit.a, with the rules that build it (lib.mk)
#
# and the pattern rule X.img <- X.elf (an arm64 Image, as Xen and Tarn load).
# A guest's Makefile is then:
#
#   include path/to/guest-kit/guestkit.mk
#   hello.elf: main.c $(GK_LIB)
#   	$(GK_CC) $(GK_CFLAGS) -o $@ main.c $(GK_LDFLAGS) $(GK_LIBS)
#
# newlib and libfdt come from the project's `make deps` (build/deps/); point
# GK_NEWLIB / GK_LIBFDT elsewhere to use other builds.

GK_DIR := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
GK_ROOT := $(abspath $(GK_DIR)/..)
GK_BUILD ?= $(GK_ROOT)/build/guest-kit
GK_DEPS ?= $(GK_ROOT)/build/deps
GK_NEWLIB ?= $(GK_DEPS)/newlib
GK_LIBFDT ?= $(GK_DEPS)/libfdt/usr

GK_CROSS ?= aarch64-linux-gnu-
GK_CC := $(GK_CROSS)gcc
GK_AR := $(GK_CROSS)ar
GK_OBJCOPY := $(GK_CROSS)objcopy
GK_GCC_INC := $(shell $(GK_CC) -print-file-name=include)
GK_LIBGCC := $(shell $(GK_CC) -print-libgcc-file-name)

# No glibc headers: newlib's first, then gcc's own (stddef.h, stdarg.h...).
# Outline atomics would need glibc's getauxval; -fno-pie: the Image is linked
# at a fixed address.
GK_CFLAGS := -std=gnu11 -O2 -g -nostdinc -isystem $(GK_NEWLIB)/include -isystem $(GK_GCC_INC) \
	-isystem $(GK_LIBFDT)/include -I$(GK_DIR)/include -I$(GK_ROOT)/pv-abi/include \
	-march=armv8-a -mno-outline-atomics -fno-pie -fno-pic -fno-common \
	-ffunction-sections -fdata-sections
GK_LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,-T,$(GK_DIR)/guest.lds \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,--build-id=none
GK_LIB := $(GK_BUILD)/libguestkit.a
# newlib calls guest-kit's system-call layer and guest-kit calls newlib: a group.
GK_LIBS := -Wl,--start-group $(GK_LIB) $(GK_NEWLIB)/lib/libc.a $(GK_NEWLIB)/lib/libm.a \
	$(GK_LIBFDT)/lib/aarch64-linux-gnu/libfdt.a $(GK_LIBGCC) -Wl,--end-group

%.img: %.elf
	$(GK_OBJCOPY) -O binary $< $@

include $(GK_DIR)/lib.mk
