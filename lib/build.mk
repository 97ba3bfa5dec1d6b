# Objects of lib: what every layer uses (strings, formatting, the stack
# protector's symbols) and the guest device-tree writer.
lib-objs := string.o format.o stackprot.o guest-fdt.o
OBJS += $(addprefix lib/,$(lib-objs))
