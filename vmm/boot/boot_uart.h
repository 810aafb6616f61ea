/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal 16550A at COM1 (0x3f8), enough for Linux's polled 8250 console:
 * autoconfig finds a 16550A (drivers/tty/serial/8250/8250_port.c
 * autoconfig(): scratch, loopback and FIFO probes), and every byte written
 * to THR goes to the sink.  It never raises an interrupt: the console
 * polls LSR, and with no user space nothing opens the tty.
 */
#ifndef PVPROBE_BOOT_UART_H
#define PVPROBE_BOOT_UART_H

#include <stdint.h>

#define UART_COM1	0x3f8
#define UART_NR_PORTS	8

struct boot_uart {
	uint8_t ier, lcr, mcr, scr, fcr, dll, dlm;
	void (*sink)(void *opaque, uint8_t byte);
	void *opaque;
};

void boot_uart_init(struct boot_uart *u, void (*sink)(void *, uint8_t), void *opaque);
/* Register @off (0-7) of the UART. */
uint8_t boot_uart_read(struct boot_uart *u, unsigned int off);
void boot_uart_write(struct boot_uart *u, unsigned int off, uint8_t val);

#endif /* PVPROBE_BOOT_UART_H */
