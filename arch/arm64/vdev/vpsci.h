/*
 * PSCI 1.1 and SMCCC as a guest sees them (HVC #0), per the device tree Tarn
 * writes for it (psci node, method "hvc").
 */
#ifndef HYP_VPSCI_H
#define HYP_VPSCI_H

struct vcpu;
struct regs;

void vpsci_handle(struct vcpu *v, struct regs *r);

#endif /* HYP_VPSCI_H */
