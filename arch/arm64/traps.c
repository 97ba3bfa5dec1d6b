/*
 * What Tarn does with exceptions taken at EL2 (see vectors.S): interrupts
 * are dispatched; anything else is a bug or a hardware fault, reported with
 * everything needed to find it (exception class, ESR, FAR, ELR, SPSR, the
 * registers), after which that CPU stops and the others carry on.
 */
#include "arch/arm64/traps.h"

#include "arch/arm64/sysreg.h"
#include "hyp/console/console.h"
#include "arch/arm64/irq.h"
#include "hyp/percpu.h"

static const char *const vector_names[16] = {
	"sync, EL2 SP0",  "IRQ, EL2 SP0",  "FIQ, EL2 SP0",  "SError, EL2 SP0",
	"sync, EL2",	  "IRQ, EL2",	   "FIQ, EL2",	    "SError, EL2",
	"sync, lower EL", "IRQ, lower EL", "FIQ, lower EL", "SError, lower EL",
	"sync, AArch32",  "IRQ, AArch32",  "FIQ, AArch32",  "SError, AArch32",
};

const char *trap_ec_name(unsigned int ec)
{
	switch (ec) {
	case 0x00:
		return "unknown reason";
	case 0x01:
		return "WFI/WFE";
	case 0x07:
		return "FP/SIMD access";
	case 0x0e:
		return "illegal execution state";
	case 0x15:
		return "SVC (AArch64)";
	case 0x16:
		return "HVC (AArch64)";
	case 0x17:
		return "SMC (AArch64)";
	case 0x18:
		return "system register access";
	case 0x20:
		return "instruction abort, lower EL";
	case 0x21:
		return "instruction abort, same EL";
	case 0x22:
		return "PC alignment fault";
	case 0x24:
		return "data abort, lower EL";
	case 0x25:
		return "data abort, same EL";
	case 0x26:
		return "SP alignment fault";
	case 0x2f:
		return "SError";
	case 0x3c:
		return "BRK instruction";
	default:
		return "other";
	}
}

void trap_irq(struct regs *r)
{
	(void)r;
	irq_dispatch();
}

static void dump_regs(const struct regs *r)
{
	for (unsigned int i = 0; i < 30; i += 2)
		printk_unlocked("  x%-2u %016llx  x%-2u %016llx\n", i, (unsigned long long)r->x[i],
				i + 1, (unsigned long long)r->x[i + 1]);
	printk_unlocked("  x30 %016llx  sp  %016llx\n", (unsigned long long)r->x[30],
			(unsigned long long)r->sp);
}

_Noreturn void trap_unexpected(struct regs *r, uint64_t kind)
{
	unsigned int ec = (unsigned int)ESR_EC(r->esr);
	struct percpu *pc = this_cpu();

	irq_disable();
	printk_unlocked("*** TARN PANIC: unexpected exception (%s) on CPU %u\n",
			vector_names[kind & 15], pc ? pc->id : 0);
	printk_unlocked("  EC 0x%02x (%s)  ESR 0x%08llx\n", ec, trap_ec_name(ec),
			(unsigned long long)r->esr);
	printk_unlocked("  FAR %016llx  ELR %016llx  SPSR %08llx\n", (unsigned long long)r->far,
			(unsigned long long)r->elr, (unsigned long long)r->spsr);
	dump_regs(r);
	printk_unlocked("*** CPU %u stopped\n", pc ? pc->id : 0);
	if (pc)
		pc->online = false;
	for (;;)
		wfi();
}
