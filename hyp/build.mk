# Objects of hyp: the arch-neutral core.
hyp-objs := main.o bootinfo.o console.o console-input.o format.o keyhandler.o string.o stackprot.o
# Domains, vCPUs, traps and hypercalls (issue 3).
hyp-objs += domain.o domain-state.o domain-console.o domain-balloon.o domain-build.o guest-fdt.o mmio.o vpl011.o schedule.o sched-ctl.o vpsci.o \
	hypercall.o hc-base.o hc-memory.o wallclock.o
# Tarn's control interface: domctl and sysctl.
hyp-objs += hc-ctl.o ctl-domain.o
# Device passthrough to the control domain (virtio-mmio, DMA window).
hyp-objs += passthrough.o
# The virtual GIC: state, list registers, emulated distributors and redistributors.
hyp-objs += vgic.o vgic-lr.o vgic-dist.o vgic-v3-dist.o vgic-v3-redist.o vgic-v2-dist.o
OBJS += $(addprefix hyp/,$(hyp-objs))
