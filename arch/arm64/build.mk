# Objects of arch/arm64: entry, vectors, MMU, GIC, timer, PSCI, SMP.
arch-objs := head.o vectors.o setup.o traps.o cache.o mmu.o pgtable.o percpu.o spinlock.o \
	gic.o gic-v2.o gic-v3.o timer.o psci.o smp.o
# Guests: stage 2, vCPU state, guest traps (issue 3).
arch-objs += p2m.o vcpu.o fpsimd.o guest-traps.o vsysreg.o guestcopy.o vtimer.o
# The vGIC's hardware side: GICv3 and GICv2 list registers.
arch-objs += vgic-hw.o vgic-v3-lr.o vgic-v2-lr.o
OBJS += $(addprefix arch/arm64/,$(arch-objs))
