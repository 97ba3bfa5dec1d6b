/*
 * Exceptions taken from guests: one switch on the exception class
 * (DESIGN §4). HVC #0xEA1 is a hypercall, HVC #0 PSCI/SMCCC; SMC is refused;
 * WFI blocks and WFE yields; stage-2 data aborts are emulated MMIO or reflected
 * into the guest; trapped system registers are emulated or UNDEFINED. Every
 * path ends in guest_resume(), which lets the scheduler switch and loads the
 * virtual interrupts for the vCPU about to run.
 */
#include "arch/arm64/sysreg.h"
#include "arch/arm64/traps.h"
#include "arch/arm64/vcpu.h"
#include "hyp/console/console.h"
#include "hyp/domain/domain.h"
#include "arch/arm64/guest-traps.h"
#include "hyp/hypercall/hypercall.h"
#include "hyp/percpu.h"
#include "arch/arm64/irq.h"
#include "arch/arm64/vdev/mmio.h"
#include "hyp/schedule/schedule.h"
#include "arch/arm64/vdev/vpsci.h"

#define EC_UNKNOWN  0x00
#define EC_WFX	    0x01
#define EC_HVC64    0x16
#define EC_SMC64    0x17
#define EC_SYS64    0x18
#define EC_IABT_LOW 0x20
#define EC_DABT_LOW 0x24

#define HVC_XEN		    0xea1
#define SMCCC_NOT_SUPPORTED ((uint64_t)-1)

static void skip_insn(struct regs *r)
{
	r->elr += 4;
}

/* Value of general register n as an instruction sees it (31 = XZR). */
static uint64_t reg_get(const struct regs *r, unsigned int n)
{
	return n == 31 ? 0 : r->x[n];
}

static void reg_set(struct regs *r, unsigned int n, uint64_t val)
{
	if (n != 31)
		r->x[n] = val;
}

/* Guest-physical address of a stage-2 abort: HPFAR_EL2 has the page. */
static uint64_t fault_ipa(void)
{
	uint64_t hpfar = read_sysreg(hpfar_el2);

	return ((hpfar >> 4) << 12) | (read_sysreg(far_el2) & PAGE_MASK);
}

static uint64_t load_extend(uint64_t data, unsigned int size, bool sign, bool sf)
{
	unsigned int bits = size * 8;

	if (bits < 64) {
		data &= (1ULL << bits) - 1;
		if (sign && (data >> (bits - 1)))
			data |= ~0ULL << bits;
	}
	return sf ? data : data & 0xffffffffULL;
}

/*
 * A fault while fetching from, or running in, its own exception vectors means
 * the guest has no working handler: reflecting the fault again would loop
 * forever, so the domain is crashed instead.
 */
static bool fault_in_vectors(const struct regs *r)
{
	uint64_t vbar = read_sysreg(vbar_el1);

	return r->elr >= vbar && r->elr < vbar + 0x800 && (r->spsr & 0xf) != 0;
}

static void reflect_abort(struct vcpu *v, struct regs *r, bool insn, bool write)
{
	if (fault_in_vectors(r)) {
		domain_crash_vcpu(v, insn ? "instruction abort in its exception vectors"
					  : "data abort in its exception vectors");
		return;
	}
	if (insn)
		inject_iabt(r, r->far);
	else
		inject_dabt(r, r->far, write);
}

static void handle_dabt(struct vcpu *v, struct regs *r, uint64_t esr)
{
	uint64_t iss = ESR_ISS(esr);
	bool isv = iss & (1u << 24);
	unsigned int rt = (iss >> 16) & 0x1f;
	struct mmio_access a = {
		.addr = fault_ipa(),
		.size = 1u << ((iss >> 22) & 3),
		.write = iss & (1u << 6),
	};

	/* Only accesses the hardware fully describes can be emulated. */
	if (isv && !(iss & (1u << 7))) {
		if (a.write)
			a.data = reg_get(r, rt);
		if (mmio_dispatch(&v->domain->mmio, v, &a)) {
			if (!a.write)
				reg_set(r, rt,
					load_extend(a.data, a.size, iss & (1u << 21),
						    iss & (1u << 15)));
			skip_insn(r);
			return;
		}
	}
	reflect_abort(v, r, false, a.write);
}

static void handle_wfx(struct vcpu *v, struct regs *r, uint64_t esr)
{
	skip_insn(r);
	if (esr & 1)
		vcpu_yield(v); /* WFE: someone else may hold what it waits for */
	else
		vcpu_block(v);
}

/* Xen's calling convention: number in x16, arguments x0..x4, result x0. The
 * frame is kept in the per-CPU area while the core runs the call, for a
 * continuation. */
static void handle_hypercall(struct vcpu *v, struct regs *r)
{
	const uint64_t args[HYPERCALL_NARGS] = {r->x[0], r->x[1], r->x[2], r->x[3], r->x[4]};
	struct arch_percpu *a = &this_cpu()->arch;

	a->hcall_frame = r;
	r->x[0] = (uint64_t)hypercall_dispatch(v, r->x[16], args);
	a->hcall_frame = NULL;
}

long hypercall_continue(unsigned int nargs, uint64_t a1, uint64_t a2)
{
	struct regs *r = this_cpu()->arch.hcall_frame;

	if (nargs >= 1)
		r->x[1] = a1;
	if (nargs >= 2)
		r->x[2] = a2;
	r->elr -= 4; /* run the HVC again */
	return (long)r->x[0];
}

static void handle_hvc(struct vcpu *v, struct regs *r, uint64_t esr)
{
	unsigned int imm = esr & 0xffff;

	if (imm == HVC_XEN)
		handle_hypercall(v, r);
	else if (imm == 0)
		vpsci_handle(v, r);
	else {
		r->elr -= 4; /* an UNDEFINED instruction reports its own address */
		inject_undef(r);
	}
}

void trap_guest_sync(struct regs *r)
{
	struct vcpu *v = current_vcpu();
	uint64_t esr = r->esr;

	vgic_sync_lrs(v);
	switch (ESR_EC(esr)) {
	case EC_HVC64:
		handle_hvc(v, r, esr);
		break;
	case EC_SMC64:
		/* Tarn offers no secure services: SMCCC's "not supported". */
		r->x[0] = SMCCC_NOT_SUPPORTED;
		skip_insn(r);
		break;
	case EC_WFX:
		handle_wfx(v, r, esr);
		break;
	case EC_DABT_LOW:
		handle_dabt(v, r, esr);
		break;
	case EC_IABT_LOW:
		reflect_abort(v, r, true, false);
		break;
	case EC_SYS64:
		vsysreg_handle(v, r, esr);
		break;
	default:
		inject_undef(r);
		break;
	}
	guest_resume();
}

void trap_guest_irq(struct regs *r)
{
	vgic_sync_lrs(current_vcpu());
	irq_dispatch();
	guest_resume();
}

void trap_guest_serror(struct regs *r)
{
	struct vcpu *v = current_vcpu();

	vgic_sync_lrs(v);
	domain_crash(v->domain, "SError from the guest");
	guest_resume();
}

void guest_resume(void)
{
	schedule();
	vgic_flush_lrs(current_vcpu());
}

_Noreturn void call_on_stack(void *sp, void (*fn)(void *), void *arg);

static _Noreturn void run_first(void *arg)
{
	struct regs *frame = arg;

	arch_guest_cpu_init();
	guest_resume();
	guest_enter(frame);
}

_Noreturn void guest_run_first(void)
{
	/* The frame every guest exception on this CPU will use: the top of its
	 * stack, which becomes the stack pointer below it. */
	struct regs *frame = guest_frame();

	call_on_stack(frame, run_first, frame);
}

void guest_reg_set(struct regs *r, unsigned int n, uint64_t val)
{
	reg_set(r, n, val);
}

uint64_t guest_reg_get(const struct regs *r, unsigned int n)
{
	return reg_get(r, n);
}

void guest_skip_insn(struct regs *r)
{
	skip_insn(r);
}
