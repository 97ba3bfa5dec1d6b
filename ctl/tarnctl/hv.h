/*
 * Tarn's control interface as tarnctl calls it (tarn/ctl.h): one function a
 * command, each filling in the version and returning 0 or a negative Xen
 * errno. Thin on purpose: the checks are Tarn's, the messages the callers'.
 */
#ifndef TARNCTL_HV_H
#define TARNCTL_HV_H

#include <stddef.h>
#include <stdint.h>
#include <tarn/ctl.h>

long hv_domain_info(uint32_t domid, struct tarn_domctl_domaininfo *out);
/* Up to max entries for the domains with ids from first up; *nr written. */
long hv_domain_list(uint32_t first, struct tarn_sysctl_domlist_entry *out, uint32_t max,
		    uint32_t *nr);
long hv_vcpu_info(uint32_t domid, uint32_t vcpu, struct tarn_domctl_vcpuinfo *out);
long hv_vcpu_affinity(uint32_t domid, uint32_t vcpu, uint64_t *cpumap);
long hv_create(const char *name, uint32_t vcpus, uint64_t max_pages, uint32_t *domid);
long hv_destroy(uint32_t domid);
long hv_pause(uint32_t domid);
long hv_unpause(uint32_t domid);
long hv_shutdown(uint32_t domid, uint32_t reason);
long hv_max_mem(uint32_t domid, uint64_t pages);
long hv_populate(uint32_t domid, uint64_t ipa, uint64_t nbytes);
/* Copy len bytes (any length: done TARN_DOMCTL_COPY_MAX at a time) to ipa. */
long hv_copy_to(uint32_t domid, uint64_t ipa, const void *buf, size_t len);
long hv_vcpu_context(uint32_t domid, uint32_t vcpu, uint64_t pc, uint64_t arg);
long hv_credit_get(uint32_t domid, uint32_t *weight, uint32_t *cap);
long hv_credit_set(uint32_t domid, uint32_t weight, uint32_t cap);
long hv_sched_get(struct tarn_sysctl_sched_credit *out);
long hv_sched_set(const struct tarn_sysctl_sched_credit *in);
long hv_physinfo(struct tarn_sysctl_physinfo *out);
long hv_cpu_idle(uint32_t cpu, uint64_t *idle_ns);
/* A domain's console output (domid >= 0) or Tarn's log (TARN_LOG): up to
 * size bytes from *index; *index advances; returns bytes or -errno. */
#define HV_LOG UINT32_MAX
long hv_console_read(uint32_t domid, char *buf, uint32_t size, uint64_t *index);

#endif /* TARNCTL_HV_H */
