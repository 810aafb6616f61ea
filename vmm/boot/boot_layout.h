/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest-physical layout of a Linux boot (pvprobe boot).  Everything the VMM
 * writes sits below 1 MiB, away from the kernel (loaded at its ELF paddr,
 * 16 MiB for a default x86-64 build) and inside what the e820 map marks as
 * RAM or reserved:
 *
 *   0x01000  GDT: __BOOT_CS 0x10, __BOOT_DS 0x18 (Documentation/arch/x86/
 *            boot.rst, "64-bit Boot Protocol")
 *   0x02000  the zero page (struct boot_params)
 *   0x03000  PML4, 0x04000 PDPT, 0x05000-0x08fff four PDs: 0-4 GiB
 *            identity-mapped with 2 MiB pages
 *   0x09000  the boot stack's top (startup_64 sets up its own at once)
 *   0x20000  the command line
 *   0x9fc00  end of low RAM (the EBDA would be here; e820 reserves to 1 MiB)
 *   0xe0000  ACPI: RSDP, then XSDT, MADT (a BIOS-area RSDP is also where
 *            Linux looks when boot_params.acpi_rsdp_addr is 0)
 */
#ifndef PVPROBE_BOOT_LAYOUT_H
#define PVPROBE_BOOT_LAYOUT_H

#define BOOT_GDT		0x1000ull
#define BOOT_ZERO_PAGE		0x2000ull
#define BOOT_PML4		0x3000ull
#define BOOT_PDPT		0x4000ull
#define BOOT_PD			0x5000ull	/* four pages */
#define BOOT_STACK_TOP		0x9000ull
#define BOOT_CMDLINE		0x20000ull
#define BOOT_CMDLINE_MAX	2048u		/* setup_header.cmdline_size of 6.x */
#define BOOT_LOW_RAM_END	0x9fc00ull
#define BOOT_HIGH_RAM		0x100000ull
#define BOOT_ACPI		0xe0000ull
#define BOOT_ACPI_SIZE		0x10000ull

#define BOOT_CS			0x10	/* __BOOT_CS */
#define BOOT_DS			0x18	/* __BOOT_DS */

#define BOOT_RAM_DEFAULT_MIB	256u
#define BOOT_RAM_MIN_MIB	64u
#define BOOT_RAM_MAX_MIB	3072u		/* below the 32-bit MMIO hole */

#define BOOT_LAPIC_BASE		0xfee00000u
#define BOOT_IOAPIC_BASE	0xfec00000u

#endif /* PVPROBE_BOOT_LAYOUT_H */
