// SPDX-License-Identifier: GPL-2.0-only
/*
 * The pure parts of `pvprobe boot`, no KVM: the ACPI tables (vmm/boot/boot_acpi.c),
 * the 16550A (vmm/boot/boot_uart.c) driven the way Linux drives it, the zero
 * page, GDT and page tables (vmm/boot/boot_setup.c), the per-vCPU APIC ID in
 * CPUID, what the PV MSRs say (vmm/boot/boot_msrs.c), --expect parsing and the
 * decision names.  Expected values are written from the specifications
 * they follow -- the ACPI specification (5.2.5 RSDP, 5.2.8 XSDT, 5.2.12
 * MADT), Linux's drivers/tty/serial/8250/8250_port.c autoconfig() and
 * arch/x86/kernel/early_printk.c, Documentation/arch/x86/boot.rst, the
 * SDM's segment descriptor and 4-level paging formats -- not from the
 * code under test.
 */
#include "kselftest_harness.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <asm/bootparam.h>
#include <asm/kvm_para.h>
#include <linux/kvm.h>

#include "boot.h"
#include "boot_acpi.h"
#include "boot_layout.h"
#include "boot_msrs.h"
#include "boot_setup.h"
#include "boot_uart.h"
#include "linux_guest.h"

#define MIB		(1u << 20)

static uint16_t get16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

/* ACPI: a table is valid when all its bytes sum to 0 (mod 256). */
static uint8_t sum8(const uint8_t *p, size_t len)
{
	unsigned int s = 0;

	while (len--)
		s += *p++;
	return s & 0xff;
}

/* ---- ACPI: RSDP -> XSDT -> MADT ----------------------------------------- */

#define ACPI_GPA	0xe0000ull
#define ACPI_BUF	0x10000u
#define ACPI_POISON	0xee

FIXTURE(acpi) {
	uint8_t *buf;
};

FIXTURE_VARIANT(acpi) {
	int nr_cpus;
};

FIXTURE_VARIANT_ADD(acpi, cpus_1) { .nr_cpus = 1 };
FIXTURE_VARIANT_ADD(acpi, cpus_2) { .nr_cpus = 2 };
FIXTURE_VARIANT_ADD(acpi, cpus_16) { .nr_cpus = 16 };
FIXTURE_VARIANT_ADD(acpi, cpus_255) { .nr_cpus = 255 };

FIXTURE_SETUP(acpi)
{
	self->buf = malloc(ACPI_BUF);
	ASSERT_NE(NULL, self->buf);
	memset(self->buf, ACPI_POISON, ACPI_BUF);
}

FIXTURE_TEARDOWN(acpi)
{
	free(self->buf);
}

/* Everything Linux's acpi_parse_madt()/acpi_parse_lapic()/ioapic() reads. */
TEST_F(acpi, rsdp_xsdt_madt)
{
	const int n = variant->nr_cpus;
	const uint8_t *b = self->buf, *xsdt, *madt, *e;
	size_t used, off, xoff, moff;
	uint32_t xlen, mlen;
	int lapics = 0, ioapics = 0, i;

	used = boot_acpi_write(self->buf, ACPI_BUF, ACPI_GPA, n);
	ASSERT_GT(used, 36);
	ASSERT_LE(used, ACPI_BUF);
	for (off = used; off < ACPI_BUF; off++)
		ASSERT_EQ(ACPI_POISON, b[off]) TH_LOG("byte %zu past the %zu used written", off, used);

	/* RSDP (ACPI 5.2.5.3): 20-byte v1 part, 36 bytes with revision 2. */
	ASSERT_EQ(0, memcmp(b, "RSD PTR ", 8));
	EXPECT_EQ(2, b[15]);
	EXPECT_EQ(0, sum8(b, 20));
	EXPECT_EQ(36, get32(b + 20));
	EXPECT_EQ(0, sum8(b, 36));
	EXPECT_EQ(0, get32(b + 16)) TH_LOG("no RSDT: the XSDT alone");

	/* XSDT: gpa-relative address inside what was written. */
	ASSERT_GE(get64(b + 24), ACPI_GPA);
	xoff = get64(b + 24) - ACPI_GPA;
	ASSERT_GE(xoff, 36);
	ASSERT_LE(xoff + 36, used);
	xsdt = b + xoff;
	ASSERT_EQ(0, memcmp(xsdt, "XSDT", 4));
	xlen = get32(xsdt + 4);
	EXPECT_EQ(36 + 8, xlen) TH_LOG("one 64-bit entry");
	ASSERT_LE(xoff + xlen, used);
	EXPECT_EQ(0, sum8(xsdt, xlen));

	/* Its one entry: the MADT. */
	ASSERT_GE(get64(xsdt + 36), ACPI_GPA);
	moff = get64(xsdt + 36) - ACPI_GPA;
	ASSERT_LE(moff + 44, used);
	EXPECT_TRUE(moff >= xoff + xlen || moff + 44 <= xoff) TH_LOG("MADT overlaps the XSDT");
	madt = b + moff;
	ASSERT_EQ(0, memcmp(madt, "APIC", 4));
	mlen = get32(madt + 4);
	ASSERT_EQ(44 + 8 * n + 12, mlen);
	ASSERT_LE(moff + mlen, used);
	EXPECT_EQ(0, sum8(madt, mlen));
	EXPECT_EQ(BOOT_LAPIC_BASE, get32(madt + 36));
	EXPECT_EQ(0xfee00000u, get32(madt + 36));

	/* The entries, walked by their lengths as acpi_table_parse_madt() does. */
	for (off = 44; off < mlen; off += e[1]) {
		e = madt + off;
		ASSERT_GE(e[1], 2) TH_LOG("zero-length MADT entry at %zu", off);
		ASSERT_LE(off + e[1], mlen);
		if (lapics < n) {
			ASSERT_EQ(0, e[0]) TH_LOG("entry %d", lapics);
			ASSERT_EQ(8, e[1]);
			EXPECT_EQ(lapics, e[3]) TH_LOG("APIC ID of entry %d", lapics);
			EXPECT_EQ(lapics, e[2]) TH_LOG("processor UID of entry %d", lapics);
			EXPECT_EQ(1, get32(e + 4) & 1) TH_LOG("entry %d not enabled", lapics);
			lapics++;
			continue;
		}
		ASSERT_EQ(1, e[0]) TH_LOG("after the %d LAPICs: type %u", n, e[0]);
		ASSERT_EQ(12, e[1]);
		EXPECT_EQ(BOOT_IOAPIC_BASE, get32(e + 4));
		EXPECT_EQ(0xfec00000u, get32(e + 4));
		EXPECT_EQ(0, get32(e + 8)) TH_LOG("GSI base");
		ioapics++;
	}
	EXPECT_EQ(n, lapics);
	EXPECT_EQ(1, ioapics);
	EXPECT_EQ(mlen, off);

	/* Exactly enough room is enough; one byte less is refused, untouched. */
	memset(self->buf, ACPI_POISON, ACPI_BUF);
	ASSERT_EQ(used, boot_acpi_write(self->buf, used, ACPI_GPA, n));
	memset(self->buf, ACPI_POISON, ACPI_BUF);
	ASSERT_EQ(0, boot_acpi_write(self->buf, used - 1, ACPI_GPA, n));
	for (i = 0; i < (int)ACPI_BUF; i++)
		ASSERT_EQ(ACPI_POISON, b[i]) TH_LOG("byte %d written by a refused call", i);
}

/* The tables use absolute guest-physical addresses, not offsets. */
TEST_F(acpi, other_gpa)
{
	const uint64_t gpa = 0x12345000ull;

	ASSERT_NE(0, boot_acpi_write(self->buf, ACPI_BUF, gpa, variant->nr_cpus));
	ASSERT_GE(get64(self->buf + 24), gpa);
	ASSERT_LT(get64(self->buf + 24), gpa + ACPI_BUF);
	EXPECT_EQ(0, sum8(self->buf, 36));
	EXPECT_EQ(0, memcmp(self->buf + (get64(self->buf + 24) - gpa), "XSDT", 4));
}

TEST(acpi_refuses)
{
	static uint8_t buf[ACPI_BUF];

	EXPECT_EQ(0, boot_acpi_write(buf, sizeof(buf), ACPI_GPA, 0));
	EXPECT_EQ(0, boot_acpi_write(buf, sizeof(buf), ACPI_GPA, -1));
	EXPECT_EQ(0, boot_acpi_write(buf, sizeof(buf), ACPI_GPA, 256)) TH_LOG("APIC IDs are 8 bits in a type-0 entry");
	EXPECT_EQ(0, boot_acpi_write(buf, 0, ACPI_GPA, 1));
	EXPECT_EQ(0, boot_acpi_write(buf, 36, ACPI_GPA, 1));
	EXPECT_EQ(0, boot_acpi_write(buf, 100, ACPI_GPA, 2));
}

TEST(acpi_sum)
{
	const uint8_t p[] = { 0x01, 0xff, 0x80, 0x80, 0x10 };

	EXPECT_EQ(0x10, boot_acpi_sum(p, sizeof(p)));
	EXPECT_EQ(0, boot_acpi_sum(p, 0));
}

/* ---- the 16550A --------------------------------------------------------- */

/* include/uapi/linux/serial_reg.h */
#define UART_RX		0
#define UART_TX		0
#define UART_DLL	0
#define UART_IER	1
#define UART_DLM	1
#define UART_IIR	2
#define UART_FCR	2
#define UART_EFR	2
#define UART_LCR	3
#define UART_MCR	4
#define UART_LSR	5
#define UART_MSR	6
#define UART_SCR	7
#define UART_IER_ALL_INTR	0x0f	/* include/linux/serial_reg.h */
#define UART_IIR_NO_INT		0x01
#define UART_IIR_FIFO_ENABLED	0xc0
#define UART_IIR_FIFO_ENABLED_16550A	0xc0
#define UART_FCR_ENABLE_FIFO	0x01
#define UART_FCR_CLEAR_RCVR	0x02
#define UART_FCR_CLEAR_XMIT	0x04
#define UART_LCR_DLAB		0x80
#define UART_LCR_WLEN8		0x03
#define UART_LCR_CONF_MODE_B	0xbf
#define UART_MCR_DTR		0x01
#define UART_MCR_RTS		0x02
#define UART_MCR_OUT1		0x04
#define UART_MCR_OUT2		0x08
#define UART_MCR_LOOP		0x10
#define UART_LSR_THRE		0x20
#define UART_LSR_TEMT		0x40
#define UART_MSR_CTS		0x10
#define UART_MSR_DSR		0x20
#define UART_MSR_RI		0x40
#define UART_MSR_DCD		0x80
#define UART_MSR_STATUS_BITS	0xf0

struct sink {
	uint8_t buf[256];
	size_t n;
};

static void sink_byte(void *opaque, uint8_t byte)
{
	struct sink *s = opaque;

	if (s->n < sizeof(s->buf))
		s->buf[s->n++] = byte;
}

FIXTURE(uart) {
	struct boot_uart u;
	struct sink out;
};

FIXTURE_SETUP(uart)
{
	memset(&self->out, 0, sizeof(self->out));
	boot_uart_init(&self->u, sink_byte, &self->out);
}

FIXTURE_TEARDOWN(uart)
{
}

static uint8_t in(struct boot_uart *u, unsigned int off)
{
	return boot_uart_read(u, off);
}

static void out(struct boot_uart *u, unsigned int off, uint8_t v)
{
	boot_uart_write(u, off, v);
}

/* autoconfig_8250()'s scratch test (a 16450 or later has SCR). */
TEST_F(uart, scratch)
{
	struct boot_uart *u = &self->u;
	uint8_t scratch = in(u, UART_SCR);

	out(u, UART_SCR, 0xa5);
	EXPECT_EQ(0xa5, in(u, UART_SCR));
	out(u, UART_SCR, 0x5a);
	EXPECT_EQ(0x5a, in(u, UART_SCR));
	out(u, UART_SCR, scratch);
	EXPECT_EQ(scratch, in(u, UART_SCR));
	/* SCR does not depend on DLAB. */
	out(u, UART_LCR, UART_LCR_DLAB);
	out(u, UART_SCR, 0x3c);
	out(u, UART_LCR, 0);
	EXPECT_EQ(0x3c, in(u, UART_SCR));
	EXPECT_EQ(0, self->out.n);
}

/* autoconfig()'s existence test: IER[3:0] reads back what was written. */
TEST_F(uart, ier_readback)
{
	struct boot_uart *u = &self->u;
	uint8_t scratch, scratch2, scratch3;

	scratch = in(u, UART_IER);
	out(u, UART_IER, 0);
	scratch2 = in(u, UART_IER) & UART_IER_ALL_INTR;
	out(u, UART_IER, UART_IER_ALL_INTR);
	scratch3 = in(u, UART_IER) & UART_IER_ALL_INTR;
	out(u, UART_IER, scratch);
	EXPECT_EQ(0, scratch2);
	EXPECT_EQ(UART_IER_ALL_INTR, scratch3);
	EXPECT_EQ(scratch, in(u, UART_IER));
	out(u, UART_IER, 0x05);
	EXPECT_EQ(0x05, in(u, UART_IER));
	/*
	 * A 16550A's IER[7:4] read 0: were UUE (bit 6) to stick, a kernel with
	 * CONFIG_SERIAL_8250_16550A_VARIANTS would take it for an Xscale.
	 */
	out(u, UART_IER, 0xff);
	EXPECT_EQ(UART_IER_ALL_INTR, in(u, UART_IER));
}

/*
 * autoconfig()'s loopback test: MCR = LOOP | OUT2 | RTS must read back as
 * MSR status DCD | CTS; and each output to its input (16550 data sheet:
 * RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD).
 */
TEST_F(uart, loopback_msr)
{
	static const struct { uint8_t mcr, msr; } map[] = {
		{ UART_MCR_RTS, UART_MSR_CTS },
		{ UART_MCR_DTR, UART_MSR_DSR },
		{ UART_MCR_OUT1, UART_MSR_RI },
		{ UART_MCR_OUT2, UART_MSR_DCD },
	};
	struct boot_uart *u = &self->u;
	uint8_t save_mcr = in(u, UART_MCR);
	size_t i;

	out(u, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT2 | UART_MCR_RTS);
	EXPECT_EQ(0x1a, UART_MCR_LOOP | UART_MCR_OUT2 | UART_MCR_RTS);
	EXPECT_EQ(UART_MSR_DCD | UART_MSR_CTS, in(u, UART_MSR) & UART_MSR_STATUS_BITS);
	EXPECT_EQ(0x90, in(u, UART_MSR) & 0xf0);
	out(u, UART_MCR, 0x1f);
	EXPECT_EQ(0xf0, in(u, UART_MSR) & 0xf0);
	out(u, UART_MCR, UART_MCR_LOOP);
	EXPECT_EQ(0, in(u, UART_MSR) & 0xf0);
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		out(u, UART_MCR, UART_MCR_LOOP | map[i].mcr);
		EXPECT_EQ(map[i].msr, in(u, UART_MSR) & 0xf0) TH_LOG("MCR 0x%02x", map[i].mcr);
	}
	out(u, UART_MCR, save_mcr);
	EXPECT_EQ(save_mcr, in(u, UART_MCR));
	EXPECT_EQ(0, self->out.n);
}

/* FCR bit 0 on: IIR[7:6] = 11, a 16550A; off: 00.  No interrupt pending. */
TEST_F(uart, fifo_iir)
{
	struct boot_uart *u = &self->u;

	EXPECT_EQ(UART_IIR_NO_INT, in(u, UART_IIR) & 0x0f);
	out(u, UART_FCR, UART_FCR_ENABLE_FIFO);
	EXPECT_EQ(3, in(u, UART_IIR) >> 6);
	EXPECT_EQ(UART_IIR_NO_INT, in(u, UART_IIR) & 0x0f);
	out(u, UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR_CLEAR_RCVR | UART_FCR_CLEAR_XMIT);
	EXPECT_EQ(3, in(u, UART_IIR) >> 6);
	out(u, UART_FCR, 0);
	EXPECT_EQ(0, in(u, UART_IIR) >> 6);
	EXPECT_EQ(UART_IIR_NO_INT, in(u, UART_IIR) & 0x0f);
}

/* The polled console waits for THRE (and BOTH_EMPTY): always there. */
TEST_F(uart, lsr_transmitter_empty)
{
	struct boot_uart *u = &self->u;
	int i;

	for (i = 0; i < 100; i++) {
		EXPECT_EQ(UART_LSR_THRE | UART_LSR_TEMT,
			  in(u, UART_LSR) & (UART_LSR_THRE | UART_LSR_TEMT));
		out(u, UART_TX, 'a' + i % 26);
	}
	EXPECT_EQ(0, in(u, UART_LSR) & 0x01) TH_LOG("data ready with no input");
}

/* With DLAB set, offsets 0 and 1 are the divisor latch: no output, IER kept. */
TEST_F(uart, dlab)
{
	struct boot_uart *u = &self->u;

	out(u, UART_IER, 0x05);
	out(u, UART_LCR, UART_LCR_DLAB | UART_LCR_WLEN8);
	EXPECT_EQ(UART_LCR_DLAB | UART_LCR_WLEN8, in(u, UART_LCR));
	out(u, UART_DLL, 0x0c);
	out(u, UART_DLM, 0x34);
	EXPECT_EQ(0x0c, in(u, UART_DLL));
	EXPECT_EQ(0x34, in(u, UART_DLM));
	out(u, UART_TX, 'X');
	EXPECT_EQ(0, self->out.n) TH_LOG("a DLL write reached the sink");
	EXPECT_EQ('X', in(u, UART_DLL));
	out(u, UART_LCR, UART_LCR_WLEN8);
	EXPECT_EQ(0x05, in(u, UART_IER)) TH_LOG("a DLM write changed IER");
	EXPECT_EQ(0, in(u, UART_RX));
	out(u, UART_TX, 'Y');
	ASSERT_EQ(1, self->out.n);
	EXPECT_EQ('Y', self->out.buf[0]);
	/* The divisor survives DLAB off and on. */
	out(u, UART_LCR, UART_LCR_DLAB);
	EXPECT_EQ('X', in(u, UART_DLL));
	EXPECT_EQ(0x34, in(u, UART_DLM));
}

TEST_F(uart, thr_in_order)
{
	static const char msg[] = "Linux version 6.12\r\n\x00\xff";
	struct boot_uart *u = &self->u;
	size_t i;

	for (i = 0; i < sizeof(msg); i++)
		out(u, UART_TX, msg[i]);
	ASSERT_EQ(sizeof(msg), self->out.n);
	EXPECT_EQ(0, memcmp(self->out.buf, msg, sizeof(msg)));
}

TEST_F(uart, loopback_keeps_thr)
{
	struct boot_uart *u = &self->u;

	out(u, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT2 | UART_MCR_RTS);
	out(u, UART_TX, 'x');
	EXPECT_EQ(0, self->out.n) TH_LOG("a loopback byte reached the sink");
	out(u, UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	out(u, UART_TX, 'y');
	ASSERT_EQ(1, self->out.n);
	EXPECT_EQ('y', self->out.buf[0]);
}

TEST(uart_no_sink)
{
	struct boot_uart u;

	boot_uart_init(&u, NULL, NULL);
	boot_uart_write(&u, UART_TX, 'z');
	EXPECT_EQ(UART_LSR_THRE | UART_LSR_TEMT, boot_uart_read(&u, UART_LSR) & 0x60);
}

/*
 * drivers/tty/serial/8250/8250_port.c autoconfig() of 6.12, as Debian's
 * kernel runs it (no CONFIG_SERIAL_8250_16550A_VARIANTS, no RSA, so
 * autoconfig_16550a() stops at PORT_16550A), then the reset it ends with.
 * Returns the type it finds.
 */
enum { T_NONE, T_8250, T_16450, T_16550, T_16550A, T_UNKNOWN };

static int autoconfig(struct boot_uart *u, int skip_test)
{
	uint8_t scratch, scratch2, scratch3, status1, save_mcr, save_lcr;
	int type;

	scratch = in(u, UART_IER);
	out(u, UART_IER, 0);
	scratch2 = in(u, UART_IER) & UART_IER_ALL_INTR;
	out(u, UART_IER, UART_IER_ALL_INTR);
	scratch3 = in(u, UART_IER) & UART_IER_ALL_INTR;
	out(u, UART_IER, scratch);
	if (scratch2 != 0 || scratch3 != UART_IER_ALL_INTR)
		return T_NONE;

	save_mcr = in(u, UART_MCR);
	save_lcr = in(u, UART_LCR);
	if (!skip_test) {
		out(u, UART_MCR, UART_MCR_LOOP | UART_MCR_OUT2 | UART_MCR_RTS);
		status1 = in(u, UART_MSR) & UART_MSR_STATUS_BITS;
		out(u, UART_MCR, save_mcr);
		if (status1 != (UART_MSR_DCD | UART_MSR_CTS))
			return T_NONE;
	}

	out(u, UART_LCR, UART_LCR_CONF_MODE_B);
	out(u, UART_EFR, 0);
	out(u, UART_LCR, 0);
	out(u, UART_FCR, UART_FCR_ENABLE_FIFO);
	switch (in(u, UART_IIR) & UART_IIR_FIFO_ENABLED) {
	case 0x00:			/* autoconfig_8250() */
		type = T_8250;
		scratch = in(u, UART_SCR);
		out(u, UART_SCR, 0xa5);
		status1 = in(u, UART_SCR);
		out(u, UART_SCR, 0x5a);
		scratch2 = in(u, UART_SCR);
		out(u, UART_SCR, scratch);
		if (status1 == 0xa5 && scratch2 == 0x5a)
			type = T_16450;
		break;
	case 0x80:
		type = T_16550;
		break;
	case UART_IIR_FIFO_ENABLED_16550A:
		type = T_16550A;
		break;
	default:
		type = T_UNKNOWN;
		break;
	}
	out(u, UART_LCR, save_lcr);

	/* Reset: MCR, serial8250_clear_fifos(), a read of RX, IER off. */
	out(u, UART_MCR, save_mcr);
	out(u, UART_FCR, UART_FCR_ENABLE_FIFO);
	out(u, UART_FCR, UART_FCR_ENABLE_FIFO | UART_FCR_CLEAR_RCVR | UART_FCR_CLEAR_XMIT);
	out(u, UART_FCR, 0);
	in(u, UART_RX);
	out(u, UART_IER, 0);
	return type;
}

TEST_F(uart, linux_autoconfig_finds_16550a)
{
	EXPECT_EQ(T_16550A, autoconfig(&self->u, 0));
	/* COM1-4 are UPF_SKIP_TEST (no loopback test): the same answer. */
	EXPECT_EQ(T_16550A, autoconfig(&self->u, 1));
	EXPECT_EQ(0, self->out.n) TH_LOG("autoconfig wrote to the console");
	/* And after a console set-up (LCR 8n1, MCR DTR|RTS|OUT2), again. */
	out(&self->u, UART_LCR, UART_LCR_WLEN8);
	out(&self->u, UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	EXPECT_EQ(T_16550A, autoconfig(&self->u, 0));
	EXPECT_EQ(UART_LCR_WLEN8, in(&self->u, UART_LCR));
	EXPECT_EQ(UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2, in(&self->u, UART_MCR));
	out(&self->u, UART_TX, '!');
	ASSERT_EQ(1, self->out.n);
	EXPECT_EQ('!', self->out.buf[0]);
}

/* arch/x86/kernel/early_printk.c: early_serial_hw_init(), early_serial_write(). */
TEST_F(uart, linux_earlyprintk)
{
	static const char msg[] = "early console in setup code\n";
	struct boot_uart *u = &self->u;
	const unsigned int divisor = 115200 / 9600;	/* DEFAULT_BAUD */
	unsigned int timeout;
	uint8_t c;
	size_t i;

	out(u, UART_LCR, 0x3);
	out(u, UART_IER, 0);
	out(u, UART_FCR, 0);
	out(u, UART_MCR, 0x3);
	c = in(u, UART_LCR);
	out(u, UART_LCR, c | UART_LCR_DLAB);
	out(u, UART_DLL, divisor & 0xff);
	out(u, UART_DLM, (divisor >> 8) & 0xff);
	out(u, UART_LCR, c & ~UART_LCR_DLAB);
	EXPECT_EQ(0, self->out.n);

	for (i = 0; msg[i]; i++) {
		if (msg[i] == '\n') {
			timeout = 0xffff;
			while (!(in(u, UART_LSR) & 0x20) && --timeout)
				;
			ASSERT_NE(0, timeout);
			out(u, UART_TX, '\r');
		}
		timeout = 0xffff;
		while (!(in(u, UART_LSR) & 0x20) && --timeout)
			;
		ASSERT_NE(0, timeout);
		out(u, UART_TX, msg[i]);
	}
	ASSERT_EQ(strlen(msg) + 1, self->out.n);
	EXPECT_EQ(0, memcmp(self->out.buf, "early console in setup code\r\n", strlen(msg) + 1));
}

/* ---- zero page, GDT, page tables ---------------------------------------- */

#define RAM_SIZE	(64u * MIB)
#define RAM_POISON	0xcc

/* Offsets in a bzImage (Documentation/arch/x86/boot.rst). */
#define H(off)		((off) - BOOT_SETUP_HEADER_OFF)
#define HDR_JUMP_LEN	0x201	/* the jump's byte: the header ends at 0x202 + it */
#define HDR_HEADER	0x202
#define HDR_VERSION	0x206
#define HDR_LOADER	0x210
#define HDR_LOADFLAGS	0x211
#define HDR_ALIGN	0x230
#define HDR_CMDLINE_SZ	0x238
#define HDR_PREF_ADDR	0x258
#define HDR_INIT_SIZE	0x260

static void fake_kernel(struct boot_kernel *k, int have_hdr, uint8_t jump_len,
			uint32_t cmdline_size)
{
	memset(k, 0, sizeof(*k));
	k->have_setup_header = have_hdr;
	k->load_start = 16 * MIB;
	k->entry = 16 * MIB;
	snprintf(k->format, sizeof(k->format), "%s", have_hdr ? "bzImage+zstd" : "vmlinux");
	if (!have_hdr)
		return;
	/* Every byte non-zero, so what is (not) copied shows. */
	memset(k->setup_header, 0xaa, sizeof(k->setup_header));
	k->setup_header[sizeof(k->setup_header) - 1] = 0;
	k->setup_header[H(0x1f1)] = 0x1b;			/* setup_sects */
	k->setup_header[H(0x200)] = 0xeb;			/* jmp short */
	k->setup_header[H(HDR_JUMP_LEN)] = jump_len;
	memcpy(k->setup_header + H(HDR_HEADER), "HdrS", 4);
	put16(k->setup_header + H(HDR_VERSION), 0x020f);
	k->setup_header[H(HDR_LOADER)] = 0;
	k->setup_header[H(HDR_LOADFLAGS)] = 0x80;		/* CAN_USE_HEAP only */
	put32(k->setup_header + H(HDR_ALIGN), 0x200000);
	put32(k->setup_header + H(HDR_CMDLINE_SZ), cmdline_size);
	k->boot_version = 0x020f;
}

FIXTURE(setup) {
	uint8_t *ram;
	struct boot_kernel k;
	char err[256];
};

FIXTURE_SETUP(setup)
{
	self->ram = malloc(RAM_SIZE);
	ASSERT_NE(NULL, self->ram);
	memset(self->ram, RAM_POISON, RAM_SIZE);
	self->err[0] = 0;
}

FIXTURE_TEARDOWN(setup)
{
	free(self->ram);
}

static struct boot_params *zero_page(uint8_t *ram)
{
	return (struct boot_params *)(ram + BOOT_ZERO_PAGE);
}

/* What every boot gets, whatever the kernel. */
static void check_common(struct __test_metadata *_metadata, uint8_t *ram, const char *cmdline,
			 int nr_cpus)
{
	struct boot_params *bp = zero_page(ram);
	const uint8_t *acpi = ram + 0xe0000, *madt;

	EXPECT_EQ(0x2000, BOOT_ZERO_PAGE);
	EXPECT_EQ(0x53726448u, bp->hdr.header) TH_LOG("\"HdrS\"");
	EXPECT_EQ(0, memcmp(&bp->hdr.header, "HdrS", 4));
	EXPECT_EQ(0xff, bp->hdr.type_of_loader);
	EXPECT_TRUE(bp->hdr.loadflags & LOADED_HIGH);
	EXPECT_EQ(0, bp->hdr.ramdisk_image);
	EXPECT_EQ(0, bp->hdr.ramdisk_size);

	EXPECT_EQ(0x20000u, bp->hdr.cmd_line_ptr);
	EXPECT_EQ(0, bp->ext_cmd_line_ptr);
	EXPECT_STREQ(cmdline, (char *)ram + 0x20000);
	EXPECT_EQ(0, ram[0x20000 + strlen(cmdline)]);

	EXPECT_EQ(0xe0000ull, bp->acpi_rsdp_addr);
	ASSERT_EQ(0, memcmp(acpi, "RSD PTR ", 8));
	EXPECT_EQ(0, sum8(acpi, 20));
	EXPECT_EQ(0, sum8(acpi, 36));
	/* The XSDT's entry is the MADT, for @nr_cpus. */
	ASSERT_GE(get64(acpi + 24), 0xe0000ull);
	ASSERT_LT(get64(acpi + 24), 0xf0000ull);
	ASSERT_LT(get64(ram + get64(acpi + 24) + 36), 0xf0000ull);
	madt = ram + get64(ram + get64(acpi + 24) + 36);
	EXPECT_EQ(0, memcmp(madt, "APIC", 4));
	EXPECT_EQ(44 + 8 * nr_cpus + 12, get32(madt + 4));

	/* e820 (E820_RAM 1, E820_RESERVED 2): low RAM, the BIOS hole, the rest. */
	ASSERT_EQ(3, bp->e820_entries);
	EXPECT_EQ(0, bp->e820_table[0].addr);
	EXPECT_EQ(0x9fc00ull, bp->e820_table[0].size);
	EXPECT_EQ(1, bp->e820_table[0].type);
	EXPECT_EQ(0x9fc00ull, bp->e820_table[1].addr);
	EXPECT_EQ(0x100000ull - 0x9fc00, bp->e820_table[1].size);
	EXPECT_EQ(2, bp->e820_table[1].type);
	EXPECT_EQ(0x100000ull, bp->e820_table[2].addr);
	EXPECT_EQ((uint64_t)RAM_SIZE - 0x100000, bp->e820_table[2].size);
	EXPECT_EQ(1, bp->e820_table[2].type);
	/* The ACPI tables sit in the reserved range, the zero page in RAM. */
	EXPECT_GE(0xe0000ull, bp->e820_table[1].addr);
}

/* SDM vol. 3 3.4.5: a segment descriptor's fields. */
struct desc {
	uint32_t base, limit;
	unsigned int type, s, dpl, p, l, db, g;
};

static struct desc decode(uint64_t d)
{
	struct desc x = {
		.base = (uint32_t)((d >> 16) & 0xffffff) | (uint32_t)(d >> 56) << 24,
		.limit = (uint32_t)(d & 0xffff) | (uint32_t)((d >> 48) & 0xf) << 16,
		.type = (d >> 40) & 0xf, .s = (d >> 44) & 1, .dpl = (d >> 45) & 3,
		.p = (d >> 47) & 1, .l = (d >> 53) & 1, .db = (d >> 54) & 1, .g = (d >> 55) & 1,
	};

	return x;
}

static void check_gdt(struct __test_metadata *_metadata, const uint8_t *ram)
{
	const uint8_t *gdt = ram + 0x1000;
	struct desc cs = decode(get64(gdt + 0x10)), ds = decode(get64(gdt + 0x18));

	EXPECT_EQ(0x1000, BOOT_GDT);
	EXPECT_EQ(0x10, BOOT_CS);
	EXPECT_EQ(0x18, BOOT_DS);
	EXPECT_EQ(0, get64(gdt)) TH_LOG("the null descriptor");
	/* __BOOT_CS: present ring-0 64-bit code, execute/read. */
	EXPECT_EQ(1, cs.p);
	EXPECT_EQ(1, cs.s);
	EXPECT_EQ(0, cs.dpl);
	EXPECT_EQ(0x8, cs.type & 0x8) TH_LOG("not code: type 0x%x", cs.type);
	EXPECT_EQ(0x2, cs.type & 0x2) TH_LOG("not readable: type 0x%x", cs.type);
	EXPECT_EQ(1, cs.l);
	EXPECT_EQ(0, cs.db) TH_LOG("L=1 needs D=0");
	EXPECT_EQ(0, cs.base);
	EXPECT_EQ(0xfffff, cs.limit);
	EXPECT_EQ(1, cs.g);
	/* __BOOT_DS: present ring-0 flat 4 GiB read/write data. */
	EXPECT_EQ(1, ds.p);
	EXPECT_EQ(1, ds.s);
	EXPECT_EQ(0, ds.dpl);
	EXPECT_EQ(0, ds.type & 0x8) TH_LOG("not data: type 0x%x", ds.type);
	EXPECT_EQ(0x2, ds.type & 0x2) TH_LOG("not writable: type 0x%x", ds.type);
	EXPECT_EQ(0, ds.l);
	EXPECT_EQ(1, ds.db);
	EXPECT_EQ(0, ds.base);
	EXPECT_EQ(0xfffff, ds.limit);
	EXPECT_EQ(1, ds.g);
}

#define PTE_P		0x1ull
#define PTE_RW		0x2ull
#define PTE_PS		0x80ull
#define PTE_ADDR	0x000ffffffffff000ull

/* 4-level walk from CR3 = BOOT_PML4; ~0 if not mapped. */
static uint64_t walk(const uint8_t *ram, uint64_t va)
{
	uint64_t e = get64(ram + BOOT_PML4 + 8 * ((va >> 39) & 511));

	if (!(e & PTE_P) || (e & PTE_ADDR) >= RAM_SIZE)
		return ~0ull;
	e = get64(ram + (e & PTE_ADDR) + 8 * ((va >> 30) & 511));
	if (!(e & PTE_P) || (e & PTE_PS) || (e & PTE_ADDR) >= RAM_SIZE)
		return ~0ull;
	e = get64(ram + (e & PTE_ADDR) + 8 * ((va >> 21) & 511));
	if (!(e & PTE_P) || !(e & PTE_PS))
		return ~0ull;
	return (e & 0x000fffffffe00000ull) | (va & 0x1fffff);
}

static void check_page_tables(struct __test_metadata *_metadata, const uint8_t *ram)
{
	const uint8_t *pml4 = ram + 0x3000, *pdpt, *pd;
	static const uint64_t va[] = {
		0, 0x1000, 0x2000, 0x20000, 0xe0000, 0x1000000, 0x1234567, 0x7fffffff,
		0xfee00000, 0xffffffff,
	};
	int i;

	EXPECT_EQ(0x3000, BOOT_PML4);
	EXPECT_EQ(PTE_P | PTE_RW, get64(pml4) & (PTE_P | PTE_RW));
	ASSERT_EQ(0x4000, get64(pml4) & PTE_ADDR);
	for (i = 1; i < 512; i++)
		ASSERT_EQ(0, get64(pml4 + 8 * i)) TH_LOG("PML4[%d]", i);
	pdpt = ram + (get64(pml4) & PTE_ADDR);
	for (i = 0; i < 4; i++) {
		uint64_t e = get64(pdpt + 8 * i);

		EXPECT_EQ(PTE_P | PTE_RW, e & (PTE_P | PTE_RW | PTE_PS)) TH_LOG("PDPT[%d]", i);
		EXPECT_EQ(0x5000ull + 0x1000 * i, e & PTE_ADDR) TH_LOG("PDPT[%d]", i);
	}
	for (i = 4; i < 512; i++)
		ASSERT_EQ(0, get64(pdpt + 8 * i)) TH_LOG("PDPT[%d]", i);
	/* The four PDs are contiguous: PD entry i maps [i * 2 MiB, +2 MiB). */
	pd = ram + 0x5000;
	EXPECT_EQ(0ull | PTE_P | PTE_RW | PTE_PS, get64(pd));
	EXPECT_EQ((8ull << 21) | PTE_P | PTE_RW | PTE_PS, get64(pd + 8 * 8));
	EXPECT_EQ((2047ull << 21) | PTE_P | PTE_RW | PTE_PS, get64(pd + 8 * 2047));
	EXPECT_EQ(0xffe00000ull | PTE_P | PTE_RW | PTE_PS, get64(pd + 8 * 2047));
	for (i = 0; i < 2048; i++)
		ASSERT_EQ(((uint64_t)i << 21) | PTE_P | PTE_RW | PTE_PS, get64(pd + 8 * i))
			TH_LOG("PD entry %d", i);
	for (i = 0; i < (int)(sizeof(va) / sizeof(va[0])); i++)
		EXPECT_EQ(va[i], walk(ram, va[i])) TH_LOG("VA 0x%llx", (unsigned long long)va[i]);
	EXPECT_EQ(~0ull, walk(ram, 0x100000000ull)) TH_LOG("4 GiB and up is not mapped");
}

TEST_F(setup, bzimage)
{
	const char *cmdline = "earlyprintk=ttyS0 console=ttyS0 panic=-1 reboot=t";
	struct boot_params *bp = zero_page(self->ram);

	fake_kernel(&self->k, 1, 0x6a, 2047);		/* 6.x: the header ends at 0x26c */
	ASSERT_EQ(0, boot_setup_memory(self->ram, RAM_SIZE, &self->k, cmdline, 2, self->err,
				       sizeof(self->err))) TH_LOG("%s", self->err);
	check_common(_metadata, self->ram, cmdline, 2);
	check_gdt(_metadata, self->ram);
	check_page_tables(_metadata, self->ram);
	/* The kernel's own fields are kept. */
	EXPECT_EQ(0x1b, bp->hdr.setup_sects);
	EXPECT_EQ(0x020f, bp->hdr.version);
	EXPECT_EQ(0x200000u, bp->hdr.kernel_alignment);
	EXPECT_EQ(2047u, bp->hdr.cmdline_size);
	EXPECT_EQ(0x6a, bp->hdr.jump >> 8);
	EXPECT_EQ(0x80 | LOADED_HIGH, bp->hdr.loadflags) TH_LOG("the kernel's flags are kept");
	/* Above the copied header, up to the end of the zero page: zero. */
	EXPECT_EQ(0, ((uint8_t *)bp)[0x26c]);
	EXPECT_EQ(0, ((uint8_t *)bp)[0x1f0]);
}

/* Only 0x202 + byte[0x201] bytes of the header are the kernel's. */
TEST_F(setup, short_header_not_copied_past_its_end)
{
	const uint8_t *z = self->ram + BOOT_ZERO_PAGE;
	struct boot_params *bp = zero_page(self->ram);
	size_t off;

	fake_kernel(&self->k, 1, 0x40, 2047);		/* ends at 0x242 */
	ASSERT_EQ(0, boot_setup_memory(self->ram, RAM_SIZE, &self->k, "quiet", 1, self->err,
				       sizeof(self->err))) TH_LOG("%s", self->err);
	check_common(_metadata, self->ram, "quiet", 1);
	EXPECT_EQ(0xaa, z[0x241]) TH_LOG("the header's last byte not copied");
	for (off = 0x242; off < 0x290; off++)
		EXPECT_EQ(0, z[off]) TH_LOG("zero page byte 0x%zx (setup_header ends at 0x242)", off);
	/* Before the header only acpi_rsdp_addr (0x070) and e820_entries (0x1e8). */
	for (off = 0; off < 0x1f1; off++)
		if (off != 0x1e8 && (off < 0x070 || off >= 0x078)) {
			ASSERT_EQ(0, z[off]) TH_LOG("zero page byte 0x%zx", off);
		}
	EXPECT_EQ(0, bp->hdr.pref_address);
	EXPECT_EQ(0, bp->hdr.init_size);
	EXPECT_EQ(0, bp->hdr.kernel_info_offset);
}

TEST_F(setup, bare_vmlinux)
{
	const char *cmdline = "console=ttyS0";
	struct boot_params *bp = zero_page(self->ram);

	fake_kernel(&self->k, 0, 0, 0);
	ASSERT_EQ(0, boot_setup_memory(self->ram, RAM_SIZE, &self->k, cmdline, 16, self->err,
				       sizeof(self->err))) TH_LOG("%s", self->err);
	check_common(_metadata, self->ram, cmdline, 16);
	check_gdt(_metadata, self->ram);
	check_page_tables(_metadata, self->ram);
	EXPECT_EQ(0xaa55, bp->hdr.boot_flag);
	EXPECT_GE(bp->hdr.version, 0x0206) TH_LOG("cmdline_size needs 2.06");
	EXPECT_EQ(BOOT_CMDLINE_MAX - 1, bp->hdr.cmdline_size);
}

TEST_F(setup, empty_cmdline)
{
	fake_kernel(&self->k, 0, 0, 0);
	ASSERT_EQ(0, boot_setup_memory(self->ram, RAM_SIZE, &self->k, "", 1, self->err,
				       sizeof(self->err))) TH_LOG("%s", self->err);
	check_common(_metadata, self->ram, "", 1);
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	if (s) {
		memset(s, c, n);
		s[n] = 0;
	}
	return s;
}

/* setup_header.cmdline_size: the most bytes without the NUL (boot.rst). */
TEST_F(setup, cmdline_size_bzimage)
{
	char *ok = repeat('a', 100), *bad = repeat('b', 101);

	ASSERT_NE(NULL, ok);
	ASSERT_NE(NULL, bad);
	fake_kernel(&self->k, 1, 0x6a, 100);
	EXPECT_EQ(0, boot_setup_memory(self->ram, RAM_SIZE, &self->k, ok, 1, self->err,
				       sizeof(self->err))) TH_LOG("%s", self->err);
	EXPECT_STREQ(ok, (char *)self->ram + 0x20000);
	self->err[0] = 0;
	EXPECT_EQ(-1, boot_setup_memory(self->ram, RAM_SIZE, &self->k, bad, 1, self->err,
					sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "101")) TH_LOG("%s", self->err);
	EXPECT_NE(NULL, strstr(self->err, "100")) TH_LOG("%s", self->err);
	EXPECT_NE(NULL, strstr(self->err, "cmdline_size")) TH_LOG("%s", self->err);
	free(ok);
	free(bad);
}

/* A bare vmlinux (or a header without cmdline_size): 2047 bytes. */
TEST_F(setup, cmdline_size_default)
{
	char *ok = repeat('a', BOOT_CMDLINE_MAX - 1), *bad = repeat('b', BOOT_CMDLINE_MAX);

	ASSERT_NE(NULL, ok);
	ASSERT_NE(NULL, bad);
	fake_kernel(&self->k, 0, 0, 0);
	EXPECT_EQ(0, boot_setup_memory(self->ram, RAM_SIZE, &self->k, ok, 1, self->err,
				       sizeof(self->err))) TH_LOG("%s", self->err);
	self->err[0] = 0;
	EXPECT_EQ(-1, boot_setup_memory(self->ram, RAM_SIZE, &self->k, bad, 1, self->err,
					sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "command line")) TH_LOG("%s", self->err);
	/* A bzImage saying more than pvprobe has room for gets pvprobe's. */
	fake_kernel(&self->k, 1, 0x6a, 1u << 20);
	self->err[0] = 0;
	EXPECT_EQ(-1, boot_setup_memory(self->ram, RAM_SIZE, &self->k, bad, 1, self->err,
					sizeof(self->err)));
	EXPECT_NE(0, self->err[0]);
	/* Before 2.06 there is no cmdline_size: 255 said there is ignored. */
	fake_kernel(&self->k, 1, 0x6a, 255);
	self->k.boot_version = 0x0205;
	put16(self->k.setup_header + H(HDR_VERSION), 0x0205);
	EXPECT_EQ(0, boot_setup_memory(self->ram, RAM_SIZE, &self->k, ok, 1, self->err,
				       sizeof(self->err))) TH_LOG("%s", self->err);
	free(ok);
	free(bad);
}

TEST_F(setup, refuses)
{
	fake_kernel(&self->k, 0, 0, 0);
	self->err[0] = 0;
	EXPECT_EQ(-1, boot_setup_memory(self->ram, 1 * MIB, &self->k, "", 1, self->err,
					sizeof(self->err)));
	EXPECT_NE(0, self->err[0]);
	self->err[0] = 0;
	EXPECT_EQ(-1, boot_setup_memory(self->ram, RAM_SIZE, &self->k, "", 256, self->err,
					sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "256")) TH_LOG("%s", self->err);
	self->err[0] = 0;
	EXPECT_EQ(-1, boot_setup_memory(self->ram, RAM_SIZE, &self->k, "", 0, self->err,
					sizeof(self->err)));
	EXPECT_NE(0, self->err[0]);
}

/* Nothing is written at or above 1 MiB: that is the kernel's. */
TEST_F(setup, leaves_high_ram_alone)
{
	size_t off;

	fake_kernel(&self->k, 1, 0x6a, 2047);
	ASSERT_EQ(0, boot_setup_memory(self->ram, RAM_SIZE, &self->k, "x", 255, self->err,
				       sizeof(self->err))) TH_LOG("%s", self->err);
	for (off = 1 * MIB; off < RAM_SIZE; off += 4096)
		ASSERT_EQ(RAM_POISON, self->ram[off]) TH_LOG("0x%zx written", off);
	ASSERT_EQ(RAM_POISON, self->ram[1 * MIB]);
	ASSERT_EQ(RAM_POISON, self->ram[RAM_SIZE - 1]);
}

/* ---- CPUID: the per-vCPU APIC ID ---------------------------------------- */

static const struct { uint32_t function, index; } leaves[] = {
	{ 0, 0 }, { 1, 0 }, { 4, 0 }, { 4, 1 }, { 0xb, 0 }, { 0xb, 1 }, { 0xd, 0 },
	{ 0x1f, 0 }, { 0x1f, 1 }, { 0x1f, 2 }, { 0x40000000, 0 }, { 0x40000001, 0 },
	{ 0x80000001, 0 }, { 0x80000008, 0 },
};
#define NR_LEAVES	(sizeof(leaves) / sizeof(leaves[0]))

static struct kvm_cpuid2 *fake_cpuid(void)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + NR_LEAVES * sizeof(c->entries[0]));
	size_t i;

	if (!c)
		return NULL;
	c->nent = NR_LEAVES;
	for (i = 0; i < NR_LEAVES; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		e->function = leaves[i].function;
		e->index = leaves[i].index;
		e->flags = leaves[i].function == 0xb || leaves[i].function == 0x1f ||
			   leaves[i].function == 4 || leaves[i].function == 0xd ?
			   KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
		e->eax = 0x11000000u | (uint32_t)i << 8 | 0xa;
		e->ebx = 0x22000000u | (uint32_t)i << 8 | 0xb;
		e->ecx = 0x33000000u | (uint32_t)i << 8 | 0xc;
		e->edx = 0x44000000u | (uint32_t)i << 8 | 0xd;
	}
	return c;
}

TEST(cpuid_apic_id)
{
	static const uint32_t ids[] = { 0, 1, 7, 128, 254 };
	struct kvm_cpuid2 *orig = fake_cpuid(), *c = fake_cpuid();
	size_t k, i;

	ASSERT_NE(NULL, orig);
	ASSERT_NE(NULL, c);
	for (k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		uint32_t id = ids[k];

		/* Applied on a copy already given another ID, as well as on a fresh one. */
		if (k & 1)
			memcpy(c, orig, sizeof(*c) + NR_LEAVES * sizeof(c->entries[0]));
		boot_setup_cpuid_apic_id(c, id);
		ASSERT_EQ(NR_LEAVES, c->nent);
		for (i = 0; i < NR_LEAVES; i++) {
			const struct kvm_cpuid_entry2 *o = &orig->entries[i], *e = &c->entries[i];
			uint32_t f = o->function;

			ASSERT_EQ(o->function, e->function);
			ASSERT_EQ(o->index, e->index);
			ASSERT_EQ(o->flags, e->flags);
			EXPECT_EQ(o->eax, e->eax) TH_LOG("leaf 0x%x.%u EAX", f, o->index);
			EXPECT_EQ(o->ecx, e->ecx) TH_LOG("leaf 0x%x.%u ECX", f, o->index);
			if (f == 1) {
				EXPECT_EQ(id, e->ebx >> 24) TH_LOG("leaf 1 EBX[31:24] for %u", id);
				EXPECT_EQ(o->ebx & 0x00ffffff, e->ebx & 0x00ffffff);
			} else {
				EXPECT_EQ(o->ebx, e->ebx) TH_LOG("leaf 0x%x.%u EBX", f, o->index);
			}
			if (f == 0xb || f == 0x1f) {
				EXPECT_EQ(id, e->edx) TH_LOG("leaf 0x%x.%u x2APIC ID", f, o->index);
			} else {
				EXPECT_EQ(o->edx, e->edx) TH_LOG("leaf 0x%x.%u EDX", f, o->index);
			}
		}
	}
	/* No entries: nothing to do, nothing read. */
	c->nent = 0;
	boot_setup_cpuid_apic_id(c, 3);
	free(orig);
	free(c);
}

/* ---- what the PV MSRs say ----------------------------------------------- */

static void msr_set(struct boot_msrs *m, enum boot_msr r, uint64_t v)
{
	m->read[r] = 1;
	m->value[r] = v;
}

/* What a KVM guest sees in 0x40000001 EAX by default: the MSRs it may write. */
#define GUEST_PV_EAX	(1u << KVM_FEATURE_CLOCKSOURCE | 1u << KVM_FEATURE_CLOCKSOURCE2 | \
			 1u << KVM_FEATURE_ASYNC_PF | 1u << KVM_FEATURE_STEAL_TIME | \
			 1u << KVM_FEATURE_PV_EOI | 1u << KVM_FEATURE_POLL_CONTROL | \
			 1u << KVM_FEATURE_ASYNC_PF_INT)

static void view_eax(const struct boot_msrs *m, int n, uint32_t pv_eax, struct linux_view *v)
{
	memset(v, 0, sizeof(*v));
	boot_msrs_view(m, n, pv_eax, v);
}

static void view(const struct boot_msrs *m, int n, struct linux_view *v)
{
	view_eax(m, n, GUEST_PV_EAX, v);
}

TEST(msrs_indexes)
{
	/* Documentation/virt/kvm/x86/msr.rst */
	EXPECT_EQ(0x11, boot_msr_index(BM_WALL_CLOCK));
	EXPECT_EQ(0x12, boot_msr_index(BM_SYSTEM_TIME));
	EXPECT_EQ(0x4b564d00, boot_msr_index(BM_WALL_CLOCK_NEW));
	EXPECT_EQ(0x4b564d01, boot_msr_index(BM_SYSTEM_TIME_NEW));
	EXPECT_EQ(0x4b564d02, boot_msr_index(BM_ASYNC_PF_EN));
	EXPECT_EQ(0x4b564d03, boot_msr_index(BM_STEAL_TIME));
	EXPECT_EQ(0x4b564d04, boot_msr_index(BM_PV_EOI_EN));
	EXPECT_EQ(0x4b564d05, boot_msr_index(BM_POLL_CONTROL));
	EXPECT_EQ(0x4b564d06, boot_msr_index(BM_ASYNC_PF_INT));
	EXPECT_STREQ("MSR_KVM_STEAL_TIME", boot_msr_name(BM_STEAL_TIME));
}

TEST(msrs_steal_time)
{
	struct boot_msrs m[2];
	struct linux_view v;

	memset(m, 0, sizeof(m));
	view(m, 2, &v);
	EXPECT_STREQ("", v.value[LD_STEAL_TIME]) TH_LOG("none read: unknown");

	msr_set(&m[0], BM_STEAL_TIME, 0x7f001000 | 1);
	msr_set(&m[1], BM_STEAL_TIME, 0x7f002000 | 1);
	view(m, 2, &v);
	EXPECT_STREQ("on", v.value[LD_STEAL_TIME]);
	EXPECT_NE(0, v.evidence[LD_STEAL_TIME][0]);

	msr_set(&m[1], BM_STEAL_TIME, 0);
	view(m, 2, &v);
	EXPECT_STREQ("mixed", v.value[LD_STEAL_TIME]);
	/* The same, the other way round. */
	msr_set(&m[0], BM_STEAL_TIME, 0x7f001000);
	msr_set(&m[1], BM_STEAL_TIME, 0x7f002000 | 1);
	view(m, 2, &v);
	EXPECT_STREQ("mixed", v.value[LD_STEAL_TIME]);

	msr_set(&m[1], BM_STEAL_TIME, 0x7f002000);
	view(m, 2, &v);
	EXPECT_STREQ("off", v.value[LD_STEAL_TIME]) TH_LOG("an address without bit 0 is off");

	/* Only the vCPUs that ran count: @n = 1. */
	msr_set(&m[0], BM_STEAL_TIME, 0x7f001000 | 1);
	view(m, 1, &v);
	EXPECT_STREQ("on", v.value[LD_STEAL_TIME]);

	/* Nothing else was decided from these MSRs. */
	EXPECT_STREQ("", v.value[LD_HYPERVISOR]);
	EXPECT_STREQ("", v.value[LD_PV_IPI]);
	EXPECT_STREQ("", v.value[LD_PV_SPINLOCKS]);
	EXPECT_STREQ("", v.value[LD_CLOCKSOURCE]);
	EXPECT_STREQ("", v.value[LD_HALTPOLL]);
	EXPECT_STREQ("", v.value[LD_KVMCLOCK]);

	/* No vCPU ran: nothing. */
	view(m, 0, &v);
	EXPECT_STREQ("", v.value[LD_STEAL_TIME]);
}

TEST(msrs_pv_eoi_async_pf)
{
	struct boot_msrs m[2];
	struct linux_view v;

	memset(m, 0, sizeof(m));
	msr_set(&m[0], BM_PV_EOI_EN, 0x5000 | 1);
	msr_set(&m[1], BM_PV_EOI_EN, 0x6000 | 1);
	msr_set(&m[0], BM_ASYNC_PF_EN, 0x8000 | 1);
	msr_set(&m[1], BM_ASYNC_PF_EN, 0);
	view(m, 2, &v);
	EXPECT_STREQ("on", v.value[LD_PV_EOI]);
	EXPECT_STREQ("mixed", v.value[LD_ASYNC_PF]);
}

/* arch_haltpoll_enable() writes 0 to MSR_KVM_POLL_CONTROL on every CPU. */
TEST(msrs_haltpoll)
{
	struct boot_msrs m[2];
	struct linux_view v;

	memset(m, 0, sizeof(m));
	view(m, 2, &v);
	EXPECT_STREQ("", v.value[LD_HALTPOLL]);

	msr_set(&m[0], BM_POLL_CONTROL, 0);
	msr_set(&m[1], BM_POLL_CONTROL, 0);
	view(m, 2, &v);
	EXPECT_STREQ("on", v.value[LD_HALTPOLL]);
	EXPECT_NE(0, v.evidence[LD_HALTPOLL][0]);

	/*
	 * Without POLL_CONTROL in 0x40000001 the guest never writes the MSR:
	 * a 0 there (kvm_pvm holds 0 from the start) says nothing.
	 */
	view_eax(m, 2, GUEST_PV_EAX & ~(1u << KVM_FEATURE_POLL_CONTROL), &v);
	EXPECT_STREQ("", v.value[LD_HALTPOLL]);
	view_eax(m, 2, 0, &v);
	EXPECT_STREQ("", v.value[LD_HALTPOLL]);
	EXPECT_STREQ("", v.value[LD_STEAL_TIME]) TH_LOG("nothing read, whatever the bits");

	/* The boot CPU polls, the other does not (yet): mixed. */
	msr_set(&m[1], BM_POLL_CONTROL, 1);
	view(m, 2, &v);
	EXPECT_STREQ("mixed", v.value[LD_HALTPOLL]);

	/* 1 is KVM's reset value: haltpoll never ran or was not built, unknown. */
	msr_set(&m[0], BM_POLL_CONTROL, 1);
	msr_set(&m[1], BM_POLL_CONTROL, 1);
	view(m, 2, &v);
	EXPECT_STREQ("", v.value[LD_HALTPOLL]);
}

TEST(msrs_kvmclock)
{
	struct boot_msrs m[2];
	struct linux_view v;

	memset(m, 0, sizeof(m));
	view(m, 2, &v);
	EXPECT_STREQ("", v.value[LD_KVMCLOCK]) TH_LOG("none read: unknown");

	msr_set(&m[0], BM_SYSTEM_TIME_NEW, 0x3000 | 1);
	msr_set(&m[0], BM_SYSTEM_TIME, 0x3000 | 1);
	view(m, 2, &v);
	EXPECT_STREQ("on", v.value[LD_KVMCLOCK]);
	EXPECT_NE(0, v.evidence[LD_KVMCLOCK][0]);

	msr_set(&m[0], BM_SYSTEM_TIME_NEW, 0x3000);
	msr_set(&m[0], BM_SYSTEM_TIME, 0x3000);
	view(m, 2, &v);
	EXPECT_STREQ("off", v.value[LD_KVMCLOCK]);

	/* Only the old pair readable (a host refusing _NEW): still told. */
	memset(m, 0, sizeof(m));
	msr_set(&m[0], BM_SYSTEM_TIME, 0x3000 | 1);
	view(m, 2, &v);
	EXPECT_STREQ("on", v.value[LD_KVMCLOCK]);
	msr_set(&m[0], BM_SYSTEM_TIME, 0);
	view(m, 2, &v);
	EXPECT_STREQ("off", v.value[LD_KVMCLOCK]);
}

/* ---- --expect ----------------------------------------------------------- */

TEST(expect_parse_ok)
{
	struct boot_expect e;
	char err[256] = "";
	char arg[64];
	int d;

	memset(&e, 0, sizeof(e));
	ASSERT_EQ(0, boot_expect_parse("pv-sched-yield=off", &e, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(LD_PV_SCHED_YIELD, e.d);
	EXPECT_STREQ("off", e.value);

	ASSERT_EQ(0, boot_expect_parse("pv-spinlocks=off-no-host-support", &e, err, sizeof(err)));
	EXPECT_EQ(LD_PV_SPINLOCKS, e.d);
	EXPECT_STREQ("off-no-host-support", e.value);

	/* The value is everything after the first '='. */
	ASSERT_EQ(0, boot_expect_parse("hypervisor=Microsoft Hyper-V", &e, err, sizeof(err)));
	EXPECT_EQ(LD_HYPERVISOR, e.d);
	EXPECT_STREQ("Microsoft Hyper-V", e.value);
	ASSERT_EQ(0, boot_expect_parse("clocksource=a=b", &e, err, sizeof(err)));
	EXPECT_STREQ("a=b", e.value);

	for (d = 0; d < LD_NR; d++) {
		snprintf(arg, sizeof(arg), "%s=on", linux_decision_name(d));
		ASSERT_EQ(0, boot_expect_parse(arg, &e, err, sizeof(err))) TH_LOG("%s: %s", arg, err);
		EXPECT_EQ(d, (int)e.d);
		EXPECT_STREQ("on", e.value);
	}
}

TEST(expect_parse_value_length)
{
	struct boot_expect e;
	char err[256] = "";
	char arg[128];

	/* LD_VALUE_MAX counts the NUL: 31 characters fit, 32 do not. */
	snprintf(arg, sizeof(arg), "pv-ipi=%.*s", LD_VALUE_MAX - 1, "0123456789012345678901234567890123456789");
	ASSERT_EQ(0, boot_expect_parse(arg, &e, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(LD_VALUE_MAX - 1, (int)strlen(e.value));
	snprintf(arg, sizeof(arg), "pv-ipi=%.*s", LD_VALUE_MAX, "0123456789012345678901234567890123456789");
	EXPECT_EQ(-1, boot_expect_parse(arg, &e, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "too long")) TH_LOG("%s", err);
}

static void expect_refused(struct __test_metadata *_metadata, const char *arg, const char *says)
{
	struct boot_expect e;
	char err[512];

	memset(&e, 0, sizeof(e));
	memset(err, 0, sizeof(err));
	EXPECT_EQ(-1, boot_expect_parse(arg, &e, err, sizeof(err))) TH_LOG("'%s' accepted", arg);
	EXPECT_NE(NULL, strstr(err, says)) TH_LOG("'%s': \"%s\" does not say \"%s\"", arg, err, says);
}

TEST(expect_parse_refuses)
{
	expect_refused(_metadata, "foo=1", "no decision 'foo'");
	expect_refused(_metadata, "foo=1", "pv-sched-yield");	/* the list of names */
	expect_refused(_metadata, "pv-ipi", "DECISION=VALUE");
	expect_refused(_metadata, "pv-ipi=", "DECISION=VALUE");
	expect_refused(_metadata, "", "DECISION=VALUE");
	expect_refused(_metadata, "=on", "no decision ''");
	expect_refused(_metadata, "pv-ip=on", "no decision 'pv-ip'");
	expect_refused(_metadata, "pv-ipi2=on", "no decision 'pv-ipi2'");
	expect_refused(_metadata, "pv-ipi=0123456789012345678901234567890123456789", "too long");
	expect_refused(_metadata, "pv-ipi=0123456789012345678901234567890123456789", "pv-ipi");
}

/* A short @err is filled, never overrun, whatever the message. */
TEST(expect_parse_small_err)
{
	static const char *const args[] = {
		"foo=1", "pv-ipi", "pv-ipi=0123456789012345678901234567890123456789",
	};
	struct boot_expect e;
	char err[40];
	size_t i, len;

	for (i = 0; i < sizeof(args) / sizeof(args[0]); i++) {
		for (len = 1; len <= 24; len++) {
			memset(err, 0x5a, sizeof(err));
			EXPECT_EQ(-1, boot_expect_parse(args[i], &e, err, len));
			EXPECT_LT(strnlen(err, len), len) TH_LOG("'%s' errlen %zu: not terminated", args[i], len);
			EXPECT_EQ(0x5a, err[len]) TH_LOG("'%s' errlen %zu: overrun", args[i], len);
		}
	}
}

/* ---- decision names ----------------------------------------------------- */

TEST(decision_names_round_trip)
{
	char buf[64];
	int d, d2;

	for (d = 0; d < LD_NR; d++) {
		const char *name = linux_decision_name(d);

		ASSERT_NE(NULL, name);
		ASSERT_NE(0, name[0]) TH_LOG("decision %d has no name", d);
		EXPECT_STRNE("?", name);
		EXPECT_EQ(d, linux_decision_find(name, strlen(name))) TH_LOG("%s", name);
		/* @len bytes of a longer string, as --expect passes it. */
		snprintf(buf, sizeof(buf), "%s=on", name);
		EXPECT_EQ(d, linux_decision_find(buf, strlen(name))) TH_LOG("%s", buf);
		/* A prefix or an extension of a name is not it. */
		EXPECT_NE(d, linux_decision_find(name, strlen(name) - 1)) TH_LOG("%s", name);
		EXPECT_NE(d, linux_decision_find(buf, strlen(name) + 1)) TH_LOG("%s", buf);
		for (d2 = 0; d2 < d; d2++)
			EXPECT_STRNE(linux_decision_name(d2), name);
	}
	/* The stable names (JSON keys, test names in tests/meson.build). */
	EXPECT_STREQ("hypervisor", linux_decision_name(LD_HYPERVISOR));
	EXPECT_STREQ("kvm-clock", linux_decision_name(LD_KVMCLOCK));
	EXPECT_STREQ("steal-time", linux_decision_name(LD_STEAL_TIME));
	EXPECT_STREQ("pv-eoi", linux_decision_name(LD_PV_EOI));
	EXPECT_STREQ("async-pf", linux_decision_name(LD_ASYNC_PF));
	EXPECT_STREQ("pv-tlb-flush", linux_decision_name(LD_PV_TLB_FLUSH));
	EXPECT_STREQ("pv-sched-yield", linux_decision_name(LD_PV_SCHED_YIELD));
	EXPECT_STREQ("pv-ipi", linux_decision_name(LD_PV_IPI));
	EXPECT_STREQ("pv-spinlocks", linux_decision_name(LD_PV_SPINLOCKS));
	EXPECT_STREQ("haltpoll", linux_decision_name(LD_HALTPOLL));
	EXPECT_STREQ("clocksource", linux_decision_name(LD_CLOCKSOURCE));

	EXPECT_STREQ("?", linux_decision_name(LD_NR));
	EXPECT_STREQ("?", linux_decision_name((enum linux_decision)-1));
	EXPECT_EQ(-1, linux_decision_find("", 0));
	EXPECT_EQ(-1, linux_decision_find("nope", 4));
	EXPECT_EQ(-1, linux_decision_find("?", 1));
}

TEST_HARNESS_MAIN
