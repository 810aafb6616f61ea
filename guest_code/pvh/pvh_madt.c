// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which CPUs the guest has: the local APIC entries of the ACPI MADT that
 * SeaBIOS installed from QEMU's tables (QEMU hw/i386/acpi-common.c
 * pc_madt_cpu_entry(): one "processor local APIC" entry per possible CPU,
 * flags bit 0 for a present one; x2APIC entries for IDs above 254).  The
 * RSDP is found as QEMU's own PVH option ROM finds it (pc-bios/optionrom/
 * pvh_main.c search_rsdp()): "RSD PTR " on a 16-byte boundary in
 * 0xe0000-0xfffff.  The tables are read only where the guest's identity
 * map reaches (below PV_RAM_SIZE: with pvprobe's -m 4M they are); else,
 * or with no MADT, fw_cfg's CPU count and APIC IDs 0..n-1, QEMU's default
 * topology (one thread per core per socket: the APIC ID is the index).
 * It runs before anything else, because probes write the last bytes of
 * RAM, where SeaBIOS keeps the tables.
 */
#include "guest.h"
#include "pvh.h"

#define BIOS_AREA		0xe0000u
#define BIOS_AREA_END		0x100000u
#define SDT_HEADER		36
#define MADT_ENTRIES		44		/* header, local APIC address, flags */
#define MADT_LAPIC		0
#define MADT_X2APIC		9
#define MADT_ENABLED		1u

static uint32_t rd32(uint64_t a)
{
	return *(const volatile uint32_t *)a;
}

static int sums_to_zero(uint64_t a, uint32_t n)
{
	uint8_t s = 0;
	uint32_t i;

	for (i = 0; i < n; i++)
		s += *(const volatile uint8_t *)(a + i);
	return s == 0;
}

/* Is [a, a + n) in the identity map (and not page 0)? */
static int mapped(uint64_t a, uint64_t n)
{
	return a >= PV_PAGE_SIZE && n <= PV_RAM_SIZE && a <= PV_RAM_SIZE - n;
}

static uint64_t find_rsdp(void)
{
	uint64_t a;

	for (a = BIOS_AREA; a < BIOS_AREA_END; a += 16)
		if (!memcmp((const void *)a, "RSD PTR ", 8) && sums_to_zero(a, 20))
			return a;
	return 0;
}

/* The table with signature @sig, through the RSDT (32-bit entries: all QEMU's x86 tables are below 4 GiB). */
static uint64_t find_table(const char *sig)
{
	uint64_t rsdp = find_rsdp(), rsdt, t;
	uint32_t len, i;

	if (!rsdp)
		return 0;
	rsdt = rd32(rsdp + 16);
	if (!mapped(rsdt, SDT_HEADER))
		return 0;
	len = rd32(rsdt + 4);
	if (len < SDT_HEADER || !mapped(rsdt, len) || memcmp((const void *)rsdt, "RSDT", 4))
		return 0;
	for (i = SDT_HEADER; i + 4 <= len; i += 4) {
		t = rd32(rsdt + i);
		if (mapped(t, SDT_HEADER) && !memcmp((const void *)t, sig, 4) &&
		    mapped(t, rd32(t + 4)) && sums_to_zero(t, rd32(t + 4)))
			return t;
	}
	return 0;
}

static void add_cpu(struct pvq_smp *s, uint32_t id)
{
	if (s->nr_cpus < PVQ_SMP_MAX_CPUS)
		s->apic_ids[s->nr_cpus] = id;
	s->nr_cpus++;
}

static int from_madt(struct pvq_smp *s)
{
	uint64_t madt = find_table("APIC");
	uint32_t len, off;

	if (!madt)
		return 0;
	len = rd32(madt + 4);
	for (off = MADT_ENTRIES; off + 2 <= len; ) {
		const volatile uint8_t *e = (const void *)(madt + off);

		if (e[1] < 2 || off + e[1] > len)
			break;
		if (e[0] == MADT_LAPIC && e[1] >= 8 && (rd32(madt + off + 4) & MADT_ENABLED))
			add_cpu(s, e[3]);
		else if (e[0] == MADT_X2APIC && e[1] >= 16 && (rd32(madt + off + 8) & MADT_ENABLED))
			add_cpu(s, rd32(madt + off + 4));
		off += e[1];
	}
	return s->nr_cpus > 0;
}

void pvh_find_cpus(struct pvq_smp *s)
{
	uint32_t n, i;

	s->nr_cpus = 0;
	if (from_madt(s)) {
		s->source = PVQ_SMP_SRC_MADT;
		return;
	}
	s->nr_cpus = 0;
	n = pvh_fw_cfg_nb_cpus();
	s->source = n ? PVQ_SMP_SRC_FW_CFG : PVQ_SMP_SRC_NONE;
	if (!n)
		n = 1;
	for (i = 0; i < n; i++)
		add_cpu(s, i);
}
