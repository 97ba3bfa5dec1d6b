/*
 * Inside the control interface (domctl.c and sysctl.c dispatch,
 * domctl-domain.c builds and ends domains, ctl-common.c holds what they
 * share): the commands' shape and the handlers the tables name. Private to
 * hyp/hypercall/.
 */
#ifndef HYP_HC_CTL_H
#define HYP_HC_CTL_H

#include "hyp/domain/domain.h"
#include "tarn/ctl.h"

/* A domctl command: d is the domain op->domain names (NULL for create). */
typedef long (*domctl_fn)(struct domain *d, struct tarn_domctl *op);

long domctl_createdomain(struct domain *d, struct tarn_domctl *op);
long domctl_destroydomain(struct domain *d, struct tarn_domctl *op);
long domctl_pausedomain(struct domain *d, struct tarn_domctl *op);
long domctl_unpausedomain(struct domain *d, struct tarn_domctl *op);
long domctl_max_mem(struct domain *d, struct tarn_domctl *op);
long domctl_setvcpucontext(struct domain *d, struct tarn_domctl *op);
long domctl_populate(struct domain *d, struct tarn_domctl *op);
long domctl_copy(struct domain *d, struct tarn_domctl *op);
long domctl_shutdown(struct domain *d, struct tarn_domctl *op);
long domctl_console_read(struct domain *d, struct tarn_domctl *op);

/* console_read and readconsole: read (a domain's ring, or Tarn's log when d
 * is NULL) into the caller's buffer as c asks, and fill in c's results. */
typedef size_t (*ctl_log_read_fn)(struct domain *d, char *buf, size_t len, uint64_t *index,
				  uint64_t *lost);
long ctl_console_copy(struct tarn_domctl_console *c, ctl_log_read_fn read, struct domain *d);

/* Both hypercalls: the caller's right first, then the version (ctl.h). */
long ctl_check_caller(const struct vcpu *v, uint32_t interface_version);
/* The live domain id names (NULL if none, or dying). */
struct domain *ctl_domain(uint32_t id);

/* getdomaininfo's answer for d, also each entry of getdomaininfolist. */
void ctl_domain_info(struct domain *d, struct tarn_domctl_domaininfo *info);

#endif /* HYP_HC_CTL_H */
