// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PVH image's one input: PVQ_HC_FW_CFG, a fw_cfg file pvprobe qemu
 * adds (include/pv_qemu_abi.h).  QEMU's fw_cfg on x86 is two I/O ports:
 * a 16-bit selector at 0x510 and a byte-wide data port at 0x511, each
 * read advancing within the selected item (hw/nvram/fw_cfg.c
 * fw_cfg_io_ops, docs/specs/fw_cfg.rst).  Item 0x19 is the file
 * directory: a big-endian count, then 64-byte entries (size, select,
 * reserved, 56-byte name), big-endian too.
 */
#include "guest.h"
#include "pv_qemu_abi.h"
#include "pvh.h"

#define FW_CFG_PORT_SEL		0x510
#define FW_CFG_PORT_DATA	0x511
#define FW_CFG_SIGNATURE	0x00
#define FW_CFG_NB_CPUS		0x05	/* 16-bit, little-endian: -smp's CPUs at boot */
#define FW_CFG_FILE_DIR		0x19
#define FW_CFG_NAME_LEN		56

static void fw_select(uint16_t key)
{
	asm volatile("outw %0, %w1" : : "a"(key), "Nd"(FW_CFG_PORT_SEL) : "memory");
}

static uint8_t fw_byte(void)
{
	uint8_t v;

	asm volatile("inb %w1, %0" : "=a"(v) : "Nd"(FW_CFG_PORT_DATA) : "memory");
	return v;
}

static uint32_t fw_be(int n)
{
	uint32_t v = 0;

	while (n--)
		v = v << 8 | fw_byte();
	return v;
}

/* "0x" and hex digits, at most @n bytes of the item just selected. */
static uint64_t fw_hex(uint32_t n)
{
	uint64_t v = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		uint8_t c = fw_byte();

		if (c >= '0' && c <= '9')
			v = v << 4 | (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (uint64_t)(c - 'a' + 10);
		else if (c == 'x' && v == 0)
			continue;
		else
			break;
	}
	return v;
}

static int fw_is_qemu(void)
{
	fw_select(FW_CFG_SIGNATURE);
	return fw_byte() == 'Q' && fw_byte() == 'E' && fw_byte() == 'M' && fw_byte() == 'U';
}

uint32_t pvh_fw_cfg_nb_cpus(void)
{
	uint32_t lo;

	if (!fw_is_qemu())
		return 0;
	/* hw/i386/fw_cfg.c fw_cfg_arch_create(): FW_CFG_NB_CPUS is x86ms->boot_cpus. */
	fw_select(FW_CFG_NB_CPUS);
	lo = fw_byte();
	return lo | (uint32_t)fw_byte() << 8;
}

uint64_t pvh_hcall_config(void)
{
	static const char want[] = PVQ_HC_FW_CFG;
	uint32_t count, i, size, k;
	uint16_t sel;
	char name[FW_CFG_NAME_LEN];

	/* Not QEMU's fw_cfg (no "QEMU" signature): no input, no hypercall. */
	if (!fw_is_qemu())
		return 0;
	fw_select(FW_CFG_FILE_DIR);
	count = fw_be(4);
	for (i = 0; i < count && i < 4096; i++) {
		size = fw_be(4);
		sel = (uint16_t)fw_be(2);
		(void)fw_be(2);
		for (k = 0; k < FW_CFG_NAME_LEN; k++)
			name[k] = (char)fw_byte();
		if (!memcmp(name, want, sizeof(want))) {
			fw_select(sel);
			return fw_hex(size);
		}
	}
	return 0;
}
