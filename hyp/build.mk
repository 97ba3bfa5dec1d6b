# Objects of hyp: the arch-neutral core.
hyp-objs := main.o bootinfo.o console.o format.o keyhandler.o string.o stackprot.o
# Domains, vCPUs, traps and hypercalls (issue 3).
hyp-objs += domain.o domain-build.o guest-fdt.o mmio.o vpl011.o schedule.o vpsci.o \
	hypercall.o hc-base.o hc-memory.o
OBJS += $(addprefix hyp/,$(hyp-objs))
