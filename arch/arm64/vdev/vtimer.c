/*
 * The guests' virtual timer. A vCPU programs CNTV_* itself without trapping;
 * when its timer fires, the physical PPI arrives at EL2 (all interrupts do),
 * and Tarn masks the timer (CNTV_CTL.IMASK, so the level-sensitive line drops)
 * and makes the virtual PPI 27 pending for the vCPU. The guest's handler
 * reprograms the timer, which unmasks it. A vCPU blocked in WFI is woken by
 * the scheduler at its deadline (hyp/schedule/schedule.c).
 */
#include "arch/arm64/sysreg.h"
#include "arch/arm64/irq.h"
#include "hyp/schedule/schedule.h"
#include "arch/arm64/vdev/vtimer.h"
#include "arch/arm64/vdev/vgic/vgic.h"

#define CNTV_CTL_IMASK 2

static unsigned int vtimer_irq;

static void vtimer_fire(unsigned int intid, void *arg)
{
	struct vcpu *v = current_vcpu();

	(void)intid;
	(void)arg;
	write_sysreg(cntv_ctl_el0, read_sysreg(cntv_ctl_el0) | CNTV_CTL_IMASK);
	isb();
	if (v)
		vgic_inject(v, VIRQ_VTIMER);
}

int vtimer_init(unsigned int virt_irq)
{
	vtimer_irq = virt_irq;
	return irq_request(virt_irq, vtimer_fire, NULL);
}

void vtimer_cpu_start(void)
{
	irq_enable_private(vtimer_irq);
}

bool vtimer_deadline(const struct vcpu *v, uint64_t *when)
{
	*when = v->arch.cntv_cval;
	return (v->arch.cntv_ctl & 3) == 1; /* ENABLE set, IMASK clear */
}
