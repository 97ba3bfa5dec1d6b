# Objects of hyp: the arch-neutral core (docs/architecture.md), one folder a concern.
# boot/: the boot sequence and the boot device tree's reader.
hyp-objs := boot/boot.o boot/bootinfo.o boot/dt-read.o boot/bootinfo-machine.o \
	boot/bootinfo-modules.o boot/bootinfo-mm.o
# console/: printk, the log, typed keys, debug keys, panic.
hyp-objs += console/console.o console/console-input.o console/keyhandler.o console/panic.o
# domain/: domains and vCPUs, their memory, consoles, the boot-time builder,
# passthrough to the control domain, guests' wall clock.
hyp-objs += domain/domain.o domain/domain-state.o domain/domain-console.o \
	domain/domain-balloon.o domain/domain-build.o domain/passthrough.o domain/wallclock.o
# schedule/: the scheduler core (switching, run states, control) around sched/'s policy.
hyp-objs += schedule/schedule.o schedule/runstate.o schedule/sched-ctl.o schedule/tick.o
# hypercall/: the dispatch table and one file per hypercall group.
hyp-objs += hypercall/hypercall.o hypercall/xen-version.o hypercall/console-io.o \
	hypercall/sched-op.o hypercall/vcpu-op.o hypercall/hvm-op.o hypercall/memory-op.o \
	hypercall/domctl.o hypercall/domctl-domain.o hypercall/sysctl.o hypercall/ctl-common.o
OBJS += $(addprefix hyp/,$(hyp-objs))
