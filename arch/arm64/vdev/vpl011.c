/*
 * Virtual PL011 (see vpl011.h). A guest sees an always-empty transmit FIFO
 * and, for now, never any input (console input to guests arrives with the
 * console switch in a later issue). The interrupt line follows the masked
 * status, level-sensitive, like the real device.
 */
#include "arch/arm64/vdev/vpl011.h"

#include "hyp/domain/domain.h"
#include "arch/arm64/vdev/vgic/vgic.h"
#include "mm/zalloc.h"
#include "tarn/errno.h"

#define UARTDR	  0x000
#define UARTRSR	  0x004
#define UARTFR	  0x018
#define UARTILPR  0x020
#define UARTIBRD  0x024
#define UARTFBRD  0x028
#define UARTLCR_H 0x02c
#define UARTCR	  0x030
#define UARTIFLS  0x034
#define UARTIMSC  0x038
#define UARTRIS	  0x03c
#define UARTMIS	  0x040
#define UARTICR	  0x044
#define UARTDMACR 0x048

#define FR_RXFE (1u << 4)
#define FR_TXFE (1u << 7)
#define INT_TX	(1u << 5)

struct vpl011 {
	uint32_t regs[0x50 / 4]; /* the plain read/write registers */
	uint32_t ris;
};

/* PL011 r1p5 peripheral and PrimeCell identification, 0xfe0..0xffc. */
static const uint8_t id_regs[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

static void vpl011_update_irq(struct domain *d, struct vpl011 *u)
{
	vgic_set_level(d, NULL, VIRQ_VPL011, (u->ris & u->regs[UARTIMSC / 4]) != 0);
}

static bool vpl011_read(struct vcpu *v, struct mmio_access *a, void *priv)
{
	struct vpl011 *u = priv;
	uint64_t off = a->off;

	(void)v;
	if (off >= 0xfe0 && off < 0x1000) {
		a->data = id_regs[(off - 0xfe0) / 4];
		return true;
	}
	switch (off) {
	case UARTDR:
	case UARTRSR:
		a->data = 0; /* no input yet */
		return true;
	case UARTFR:
		a->data = FR_TXFE | FR_RXFE;
		return true;
	case UARTRIS:
		a->data = u->ris;
		return true;
	case UARTMIS:
		a->data = u->ris & u->regs[UARTIMSC / 4];
		return true;
	case UARTICR:
		a->data = 0;
		return true;
	default:
		a->data = off < sizeof(u->regs) ? u->regs[off / 4] : 0;
		return true;
	}
}

static bool vpl011_write(struct vcpu *v, const struct mmio_access *a, void *priv)
{
	struct vpl011 *u = priv;
	struct domain *d = v->domain;

	switch (a->off) {
	case UARTDR:
		domain_console_put(d, (char)(a->data & 0xff));
		break;
	case UARTICR:
		/* The transmit FIFO is always empty again at once. */
		u->ris &= ~(uint32_t)a->data | INT_TX;
		break;
	case UARTFR:
	case UARTRIS:
	case UARTMIS:
		break; /* read-only */
	default:
		if (a->off < sizeof(u->regs))
			u->regs[a->off / 4] = (uint32_t)a->data;
		break;
	}
	vpl011_update_irq(d, u);
	return true;
}

static const struct mmio_ops vpl011_ops = {
	.read = vpl011_read,
	.write = vpl011_write,
};

int vpl011_init(struct domain *d)
{
	struct vpl011 *u = zalloc(sizeof(*u));

	if (!u)
		return -TARN_ENOMEM;
	u->ris = INT_TX;
	u->regs[UARTCR / 4] = 0x300; /* TXE | RXE, as after reset */
	d->vpl011 = u;
	return mmio_register(&d->mmio, VPL011_BASE, VPL011_SIZE, &vpl011_ops, u);
}

void vpl011_destroy(struct domain *d)
{
	zfree(d->vpl011, sizeof(struct vpl011));
	d->vpl011 = NULL;
}
