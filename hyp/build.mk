# Objects of hyp: the arch-neutral core.
hyp-objs := main.o bootinfo.o console.o format.o keyhandler.o string.o stackprot.o
OBJS += $(addprefix hyp/,$(hyp-objs))
