# Objects of arch/arm64: entry, vectors, MMU, GIC, timer, PSCI, SMP.
arch-objs := head.o vectors.o setup.o traps.o cache.o mmu.o pgtable.o percpu.o spinlock.o \
	gic.o gic-v2.o gic-v3.o timer.o psci.o smp.o
# Running guests: stage 2, vCPU state, guest traps, guest memory access.
arch-objs += p2m.o vcpu.o fpsimd.o guest-traps.o guestcopy.o
# vdev/: the Arm devices a guest sees (emulated MMIO, vPSCI, virtual timer,
# trapped system registers, vpl011) and vdev/vgic/: the virtual GIC.
arch-objs += vdev/mmio.o vdev/vpsci.o vdev/vtimer.o vdev/vsysreg.o vdev/vpl011.o
arch-objs += vdev/vgic/vgic.o vdev/vgic/vgic-lr.o vdev/vgic/vgic-dist.o \
	vdev/vgic/vgic-v3-dist.o vdev/vgic/vgic-v3-redist.o vdev/vgic/vgic-v2-dist.o \
	vdev/vgic/vgic-hw.o vdev/vgic/vgic-v3-lr.o vdev/vgic/vgic-v2-lr.o
OBJS += $(addprefix arch/arm64/,$(arch-objs))
