// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "boot_uart.h"

/* include/uapi/linux/serial_reg.h */
#define UART_LCR_DLAB	0x80
#define UART_MCR_LOOP	0x10
#define UART_FCR_ENABLE	0x01
#define UART_LSR_TEMT	0x40
#define UART_LSR_THRE	0x20

void boot_uart_init(struct boot_uart *u, void (*sink)(void *, uint8_t), void *opaque)
{
	memset(u, 0, sizeof(*u));
	u->sink = sink;
	u->opaque = opaque;
}

/* Modem status: in loopback the outputs come back as inputs (RTS->CTS,
 * DTR->DSR, OUT1->RI, OUT2->DCD), which is how autoconfig checks that a
 * UART is there at all; otherwise a connected line: DCD, DSR, CTS. */
static uint8_t modem_status(const struct boot_uart *u)
{
	uint8_t m = u->mcr;

	if (!(m & UART_MCR_LOOP))
		return 0xb0;
	return ((m & 0x02) << 3) | ((m & 0x01) << 5) | ((m & 0x04) << 4) | ((m & 0x08) << 4);
}

uint8_t boot_uart_read(struct boot_uart *u, unsigned int off)
{
	int dlab = u->lcr & UART_LCR_DLAB;

	switch (off & 7) {
	case 0:
		return dlab ? u->dll : 0;		/* RBR: never data */
	case 1:
		return dlab ? u->dlm : u->ier;
	case 2:					/* IIR: no interrupt pending */
		return (u->fcr & UART_FCR_ENABLE) ? 0xc1 : 0x01;
	case 3:
		return u->lcr;
	case 4:
		return u->mcr;
	case 5:					/* LSR: transmitter always empty */
		return UART_LSR_TEMT | UART_LSR_THRE;
	case 6:
		return modem_status(u);
	default:
		return u->scr;
	}
}

void boot_uart_write(struct boot_uart *u, unsigned int off, uint8_t val)
{
	int dlab = u->lcr & UART_LCR_DLAB;

	switch (off & 7) {
	case 0:
		if (dlab)
			u->dll = val;
		else if (!(u->mcr & UART_MCR_LOOP) && u->sink)
			u->sink(u->opaque, val);
		break;
	case 1:
		if (dlab)
			u->dlm = val;
		else
			u->ier = val & 0x0f;
		break;
	case 2:
		u->fcr = val;
		break;
	case 3:
		u->lcr = val;
		break;
	case 4:
		u->mcr = val & 0x1f;
		break;
	case 7:
		u->scr = val;
		break;
	default:			/* LSR and MSR are read-only */
		break;
	}
}
