// SPDX-License-Identifier: GPL-2.0-only
/*
 * ACPI 6.x table layouts (the ACPI specification, sections 5.2.5 RSDP,
 * 5.2.8 XSDT, 5.2.12 MADT); Linux parses them in arch/x86/kernel/acpi/boot.c
 * (acpi_parse_lapic / acpi_parse_ioapic).
 */
#include <string.h>

#include "boot_acpi.h"
#include "boot_layout.h"

#define SDT_HEADER_LEN	36
#define RSDP_LEN	36

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

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

uint8_t boot_acpi_sum(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	while (len--)
		s += *p++;
	return s;
}

/* A system description table header; length and checksum come later. */
static void sdt_header(uint8_t *p, const char *sig, uint8_t rev)
{
	memcpy(p, sig, 4);
	p[8] = rev;
	memcpy(p + 10, "PVPRBE", 6);		/* OEM ID */
	memcpy(p + 16, "PVPROBE ", 8);		/* OEM table ID */
	put32(p + 24, 1);			/* OEM revision */
	memcpy(p + 28, "PVPB", 4);		/* creator ID */
	put32(p + 32, 1);			/* creator revision */
}

static void sdt_finish(uint8_t *p, uint32_t len)
{
	put32(p + 4, len);
	p[9] = 0;
	p[9] = -boot_acpi_sum(p, len);
}

size_t boot_acpi_write(uint8_t *buf, size_t len, uint64_t gpa, int nr_cpus)
{
	/* RSDP at 0, XSDT at 64, MADT at 128: each 16-byte aligned. */
	const size_t xsdt = 64, madt = 128;
	size_t madt_len = 44 + 8 * (size_t)nr_cpus + 12;
	uint8_t *p;
	int i;

	if (nr_cpus < 1 || nr_cpus > 255 || len < madt + madt_len)
		return 0;
	memset(buf, 0, madt + madt_len);

	/* RSDP, revision 2 (ACPI 2.0+): the XSDT's address. */
	p = buf;
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "PVPRBE", 6);
	p[15] = 2;
	put32(p + 20, RSDP_LEN);
	put64(p + 24, gpa + xsdt);
	p[8] = -boot_acpi_sum(p, 20);		/* ACPI 1.0 checksum: 20 bytes */
	p[32] = -boot_acpi_sum(p, RSDP_LEN);	/* extended checksum */

	/* XSDT: one entry, the MADT. */
	p = buf + xsdt;
	sdt_header(p, "XSDT", 1);
	put64(p + SDT_HEADER_LEN, gpa + madt);
	sdt_finish(p, SDT_HEADER_LEN + 8);

	/* MADT: the LAPIC address, PCAT_COMPAT (8259s present), then entries. */
	p = buf + madt;
	sdt_header(p, "APIC", 5);
	put32(p + 36, BOOT_LAPIC_BASE);
	put32(p + 40, 1);
	for (i = 0; i < nr_cpus; i++) {
		uint8_t *e = p + 44 + 8 * i;

		e[0] = 0;			/* Processor Local APIC */
		e[1] = 8;
		e[2] = i;			/* ACPI processor UID */
		e[3] = i;			/* APIC ID = KVM vCPU id */
		put32(e + 4, 1);		/* enabled */
	}
	p += 44 + 8 * nr_cpus;
	p[0] = 1;				/* I/O APIC */
	p[1] = 12;
	p[2] = 0;				/* KVM's IOAPIC resets to ID 0 (as QEMU's MADT) */
	put32(p + 4, BOOT_IOAPIC_BASE);
	put32(p + 8, 0);			/* GSI base */
	sdt_finish(buf + madt, madt_len);
	return madt + madt_len;
}
