/*
 * The control interface's calls (see hv.h).
 */
#include "hv.h"

#include <guestkit/hypercall.h>
#include <string.h>

static long domctl(uint32_t cmd, uint32_t domid, struct tarn_domctl *op)
{
	op->cmd = cmd;
	op->interface_version = TARN_CTL_INTERFACE_VERSION;
	op->domain = domid;
	return HYPERVISOR_domctl(op);
}

static long sysctl(uint32_t cmd, struct tarn_sysctl *op)
{
	op->cmd = cmd;
	op->interface_version = TARN_CTL_INTERFACE_VERSION;
	return HYPERVISOR_sysctl(op);
}

long hv_domain_info(uint32_t domid, struct tarn_domctl_domaininfo *out)
{
	struct tarn_domctl op = {0};
	long rc = domctl(TARN_DOMCTL_getdomaininfo, domid, &op);

	if (!rc)
		*out = op.u.info;
	return rc;
}

long hv_domain_list(uint32_t first, struct tarn_sysctl_domlist_entry *out, uint32_t max,
		    uint32_t *nr)
{
	struct tarn_sysctl op = {0};
	long rc;

	op.u.domlist.first_domain = first;
	op.u.domlist.max = max;
	op.u.domlist.buf = (uint64_t)(uintptr_t)out;
	rc = sysctl(TARN_SYSCTL_getdomaininfolist, &op);
	*nr = rc ? 0 : op.u.domlist.nr;
	return rc;
}

long hv_vcpu_info(uint32_t domid, uint32_t vcpu, struct tarn_domctl_vcpuinfo *out)
{
	struct tarn_domctl op = {0};
	long rc;

	op.u.vcpu.vcpu = vcpu;
	rc = domctl(TARN_DOMCTL_getvcpuinfo, domid, &op);
	if (!rc)
		*out = op.u.vcpu;
	return rc;
}

long hv_vcpu_affinity(uint32_t domid, uint32_t vcpu, uint64_t *cpumap)
{
	struct tarn_domctl op = {0};
	long rc;

	op.u.affinity.vcpu = vcpu;
	rc = domctl(TARN_DOMCTL_getvcpuaffinity, domid, &op);
	if (!rc)
		*cpumap = op.u.affinity.cpumap;
	return rc;
}

long hv_create(const char *name, uint32_t vcpus, uint64_t max_pages, uint32_t *domid)
{
	struct tarn_domctl op = {0};
	long rc;

	strncpy(op.u.create.name, name, sizeof(op.u.create.name) - 1);
	op.u.create.max_vcpus = vcpus;
	op.u.create.max_pages = max_pages;
	rc = domctl(TARN_DOMCTL_createdomain, 0, &op);
	if (!rc)
		*domid = op.domain;
	return rc;
}

long hv_destroy(uint32_t domid)
{
	struct tarn_domctl op = {0};

	return domctl(TARN_DOMCTL_destroydomain, domid, &op);
}

long hv_pause(uint32_t domid)
{
	struct tarn_domctl op = {0};

	return domctl(TARN_DOMCTL_pausedomain, domid, &op);
}

long hv_unpause(uint32_t domid)
{
	struct tarn_domctl op = {0};

	return domctl(TARN_DOMCTL_unpausedomain, domid, &op);
}

long hv_shutdown(uint32_t domid, uint32_t reason)
{
	struct tarn_domctl op = {0};

	op.u.shutdown.reason = reason;
	return domctl(TARN_DOMCTL_shutdown, domid, &op);
}

long hv_max_mem(uint32_t domid, uint64_t pages)
{
	struct tarn_domctl op = {0};

	op.u.max_mem.max_pages = pages;
	return domctl(TARN_DOMCTL_max_mem, domid, &op);
}

long hv_populate(uint32_t domid, uint64_t ipa, uint64_t nbytes)
{
	struct tarn_domctl op = {0};

	op.u.populate.ipa = ipa;
	op.u.populate.nbytes = nbytes;
	return domctl(TARN_DOMCTL_populate, domid, &op);
}

long hv_copy_to(uint32_t domid, uint64_t ipa, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		struct tarn_domctl op = {0};
		size_t n = len < TARN_DOMCTL_COPY_MAX ? len : TARN_DOMCTL_COPY_MAX;
		long rc;

		op.u.copy.ipa = ipa;
		op.u.copy.buf = (uint64_t)(uintptr_t)p;
		op.u.copy.len = (uint32_t)n;
		op.u.copy.dir = TARN_COPY_TO_DOMAIN;
		rc = domctl(TARN_DOMCTL_copy, domid, &op);
		if (rc)
			return rc;
		ipa += n;
		p += n;
		len -= n;
	}
	return 0;
}

long hv_vcpu_context(uint32_t domid, uint32_t vcpu, uint64_t pc, uint64_t arg)
{
	struct tarn_domctl op = {0};

	op.u.vcpuctx.vcpu = vcpu;
	op.u.vcpuctx.pc = pc;
	op.u.vcpuctx.arg = arg;
	return domctl(TARN_DOMCTL_setvcpucontext, domid, &op);
}

long hv_credit_get(uint32_t domid, uint32_t *weight, uint32_t *cap)
{
	struct tarn_domctl op = {0};
	long rc = domctl(TARN_DOMCTL_sched_credit_get, domid, &op);

	if (!rc) {
		*weight = op.u.credit.weight;
		*cap = (uint32_t)op.u.credit.cap;
	}
	return rc;
}

long hv_credit_set(uint32_t domid, uint32_t weight, uint32_t cap)
{
	struct tarn_domctl op = {0};

	op.u.credit.weight = weight;
	op.u.credit.cap = (int32_t)cap;
	return domctl(TARN_DOMCTL_sched_credit_set, domid, &op);
}

long hv_sched_get(struct tarn_sysctl_sched_credit *out)
{
	struct tarn_sysctl op = {0};
	long rc = sysctl(TARN_SYSCTL_sched_credit_get, &op);

	if (!rc)
		*out = op.u.credit;
	return rc;
}

long hv_sched_set(const struct tarn_sysctl_sched_credit *in)
{
	struct tarn_sysctl op = {0};

	op.u.credit = *in;
	return sysctl(TARN_SYSCTL_sched_credit_set, &op);
}

long hv_physinfo(struct tarn_sysctl_physinfo *out)
{
	struct tarn_sysctl op = {0};
	long rc = sysctl(TARN_SYSCTL_physinfo, &op);

	if (!rc)
		*out = op.u.physinfo;
	return rc;
}

long hv_cpu_idle(uint32_t cpu, uint64_t *idle_ns)
{
	struct tarn_sysctl op = {0};
	long rc;

	op.u.cpuinfo.first_cpu = cpu;
	rc = sysctl(TARN_SYSCTL_getcpuinfo, &op);
	if (!rc)
		*idle_ns = op.u.cpuinfo.idle_ns[0];
	return rc;
}

long hv_console_read(uint32_t domid, char *buf, uint32_t size, uint64_t *index)
{
	struct tarn_domctl_console c = {
		.buf = (uint64_t)(uintptr_t)buf, .size = size, .index = *index};
	long rc;

	if (domid == HV_LOG) {
		struct tarn_sysctl op = {0};

		op.u.console = c;
		rc = sysctl(TARN_SYSCTL_readconsole, &op);
		c = op.u.console;
	} else {
		struct tarn_domctl op = {0};

		op.u.console = c;
		rc = domctl(TARN_DOMCTL_console_read, domid, &op);
		c = op.u.console;
	}
	if (rc)
		return rc;
	*index = c.index;
	return c.len;
}
