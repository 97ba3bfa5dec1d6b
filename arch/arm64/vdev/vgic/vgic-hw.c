/*
 * Which list-register backend the vGIC uses (the host GIC's version), and the
 * per-CPU set-up of the hardware virtual interface with its maintenance
 * interrupt.
 *
 * The maintenance interrupt (underflow: the guest has used up the LRs while
 * more are pending; EOI of a level-sensitive interrupt) only has to bring
 * Tarn out of the guest: every exit syncs the LRs and every entry flushes
 * them. Its condition stays asserted until then, so the handler disables the
 * interface; the next vgic_flush_lrs() enables it again.
 *
 * May touch: this CPU's virtual interface (through the backend), the
 * maintenance interrupt's registration.
 */
#include "arch/arm64/gic.h"
#include "hyp/console/console.h"
#include "arch/arm64/irq.h"
#include "hyp/percpu.h"
#include "arch/arm64/vdev/vgic/vgic-internal.h"

const struct vgic_lr_ops *vgic_lr_ops_get(void)
{
	return gic_version() == 3 ? &vgic_v3_lr_ops : &vgic_v2_lr_ops;
}

static void vgic_maintenance(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	vgic_lr_ops_get()->quiesce();
}

int vgic_hw_cpu_init(void)
{
	unsigned int irq = gic_hw()->maint_irq;
	int rc = vgic_lr_ops_get()->cpu_init();

	if (rc)
		return rc;
	if (!irq) {
		/* Still correct, only slower: refills wait for the next exit. */
		if (this_cpu()->id == 0)
			printk("vGIC: no maintenance interrupt in the device tree\n");
		return 0;
	}
	if (this_cpu()->id == 0)
		return irq_request(irq, vgic_maintenance, NULL);
	irq_enable_private(irq);
	return 0;
}
