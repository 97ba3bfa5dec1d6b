/*
 * The domctl commands that build, steer and end domains (tarn/ctl.h): what
 * tarnctl's domain builder calls to make a domain from a config, and what
 * pause, destroy and shutdown are. Each checks every argument before it
 * changes anything; the control domain itself can be neither a target of
 * these nor destroyed (-EPERM).
 */
#include "arch/arm64/vcpu.h"
#include "hyp/console/console.h"
#include "arch/arm64/guestcopy.h"
#include "hyp/hypercall/ctl-internal.h"
#include "lib/string.h"
#include "mm/page-alloc.h"
#include "tarn/errno.h"
#include "tarn/xen.h"

#define GUEST_RAM0_END (GUEST_RAM0_BASE + GUEST_RAM0_SIZE)

long domctl_createdomain(struct domain *unused, struct tarn_domctl *op)
{
	struct tarn_domctl_create *c = &op->u.create;
	struct domain *d;
	int rc;

	if (!c->name[0] || !memchr(c->name, '\0', sizeof(c->name)) || c->flags)
		return -TARN_EINVAL;
	if (c->max_vcpus == 0 || c->max_vcpus > DOMAIN_MAX_VCPUS)
		return -TARN_EINVAL;
	if (c->max_pages == 0 || c->max_pages > page_alloc_total_pages())
		return -TARN_EINVAL;
	rc = domain_create(c->name, false, c->max_vcpus, c->max_pages, &d);
	if (rc)
		return rc;
	d->console_quiet = true; /* seen through console_read, as xl's domains */
	op->domain = d->id;
	return 0;
}

long domctl_destroydomain(struct domain *d, struct tarn_domctl *op)
{
	if (d->privileged)
		return -TARN_EPERM;
	return domain_kill(d);
}

long domctl_pausedomain(struct domain *d, struct tarn_domctl *op)
{
	return d->privileged ? -TARN_EPERM : domain_pause(d);
}

long domctl_unpausedomain(struct domain *d, struct tarn_domctl *op)
{
	return d->privileged ? -TARN_EPERM : domain_unpause(d);
}

long domctl_max_mem(struct domain *d, struct tarn_domctl *op)
{
	uint64_t pages = op->u.max_mem.max_pages;

	if (pages == 0 || pages > page_alloc_total_pages())
		return -TARN_EINVAL;
	d->max_pages = pages;
	return 0;
}

long domctl_setvcpucontext(struct domain *d, struct tarn_domctl *op)
{
	const struct tarn_domctl_vcpuctx *c = &op->u.vcpuctx;

	if (d->state != DOMAIN_BUILDING)
		return -TARN_EBUSY;
	if (c->vcpu >= d->nvcpus || (c->pc & 3))
		return -TARN_EINVAL;
	arch_vcpu_reset(d->vcpus[c->vcpu], c->pc, c->arg);
	return 0;
}

/* Does [ipa, ipa + len) overlap RAM d already has? */
static bool overlaps_ram(const struct domain *d, uint64_t ipa, uint64_t len)
{
	for (unsigned int i = 0; i < d->nextents; i++) {
		const struct mem_extent *e = &d->extents[i];
		uint64_t e_end = e->ipa + (PAGE_SIZE << e->order);

		if (ipa < e_end && e->ipa < ipa + len)
			return true;
	}
	return false;
}

long domctl_populate(struct domain *d, struct tarn_domctl *op)
{
	uint64_t ipa = op->u.populate.ipa, len = op->u.populate.nbytes;

	if (d->state != DOMAIN_BUILDING)
		return -TARN_EBUSY;
	if (!len || !IS_ALIGNED(ipa, PAGE_SIZE) || !IS_ALIGNED(len, PAGE_SIZE) ||
	    ipa < GUEST_RAM0_BASE || ipa >= GUEST_RAM0_END || len > GUEST_RAM0_END - ipa ||
	    overlaps_ram(d, ipa, len))
		return -TARN_EINVAL;
	return domain_populate(d, ipa, len);
}

/* Is every page of [ipa, ipa + len) RAM of d? */
static bool is_ram(struct domain *d, uint64_t ipa, uint64_t len)
{
	paddr_t pa;

	for (uint64_t p = ipa & ~(uint64_t)PAGE_MASK; p < ipa + len; p += PAGE_SIZE)
		if (!domain_ipa_to_pa(d, p, &pa))
			return false;
	return true;
}

long domctl_copy(struct domain *d, struct tarn_domctl *op)
{
	const struct tarn_domctl_copy *c = &op->u.copy;
	uint64_t ipa = c->ipa, buf = c->buf, left = c->len;

	if (d->privileged)
		return -TARN_EPERM;
	if (!left || left > TARN_DOMCTL_COPY_MAX ||
	    (c->dir != TARN_COPY_TO_DOMAIN && c->dir != TARN_COPY_FROM_DOMAIN) ||
	    ipa > UINT64_MAX - left || !is_ram(d, ipa, left))
		return -TARN_EINVAL;
	while (left) {
		uint64_t chunk = MIN(left, PAGE_SIZE - (ipa & PAGE_MASK));
		paddr_t pa;
		int rc;

		domain_ipa_to_pa(d, ipa, &pa); /* is_ram() said it is there */
		if (c->dir == TARN_COPY_TO_DOMAIN)
			rc = copy_from_guest(pa_to_ptr(pa), buf, chunk);
		else
			rc = copy_to_guest(buf, pa_to_ptr(pa), chunk);
		if (rc)
			return -TARN_EFAULT;
		ipa += chunk;
		buf += chunk;
		left -= chunk;
	}
	return 0;
}

long domctl_shutdown(struct domain *d, struct tarn_domctl *op)
{
	uint32_t reason = op->u.shutdown.reason;

	if (d->privileged)
		return -TARN_EPERM;
	if (d->state != DOMAIN_RUNNING && d->state != DOMAIN_PAUSED)
		return -TARN_EINVAL;
	switch (reason) {
	case SHUTDOWN_crash:
		domain_crash(d, "the control domain shut it down with reason crash");
		return 0;
	case SHUTDOWN_poweroff:
	case SHUTDOWN_reboot:
	case SHUTDOWN_watchdog:
	case SHUTDOWN_soft_reset:
		printk("domain %u (%s) shut down by the control domain (reason %u)\n", d->id,
		       d->name, reason);
		domain_shutdown(d, reason);
		return 0;
	default:
		return -TARN_EINVAL;
	}
}

long domctl_console_read(struct domain *d, struct tarn_domctl *op)
{
	return ctl_console_copy(&op->u.console, domain_console_read, d);
}
