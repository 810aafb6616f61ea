// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <asm/bootparam.h>
#include <asm/e820.h>

#include "boot_acpi.h"
#include "boot_layout.h"
#include "boot_setup.h"
#include "vm_layout.h"

#define PTE_P		0x1ull
#define PTE_RW		0x2ull
#define PTE_PS		0x80ull

static void put_gdt(uint8_t *ram)
{
	uint64_t *gdt = (uint64_t *)(ram + BOOT_GDT);

	gdt[0] = 0;
	gdt[1] = 0;
	gdt[BOOT_CS / 8] = 0x00af9b000000ffffull;	/* 64-bit code, flat */
	gdt[BOOT_DS / 8] = 0x00cf93000000ffffull;	/* data, flat 4 GiB */
}

/* 0-4 GiB identity-mapped with 2 MiB pages: the kernel, wherever its ELF
 * puts it below 4 GiB, plus everything else the boot protocol names. */
static void put_page_tables(uint8_t *ram)
{
	uint64_t *pml4 = (uint64_t *)(ram + BOOT_PML4);
	uint64_t *pdpt = (uint64_t *)(ram + BOOT_PDPT);
	uint64_t *pd = (uint64_t *)(ram + BOOT_PD);
	int i;

	memset(pml4, 0, 4096);
	memset(pdpt, 0, 4096);
	pml4[0] = BOOT_PDPT | PTE_P | PTE_RW;
	for (i = 0; i < 4; i++)
		pdpt[i] = (BOOT_PD + 4096ull * i) | PTE_P | PTE_RW;
	for (i = 0; i < 4 * 512; i++)
		pd[i] = ((uint64_t)i << 21) | PTE_P | PTE_RW | PTE_PS;
}

static void e820_add(struct boot_params *bp, uint64_t addr, uint64_t size, uint32_t type)
{
	struct boot_e820_entry *e = &bp->e820_table[bp->e820_entries++];

	e->addr = addr;
	e->size = size;
	e->type = type;
}

/*
 * The setup header: from a bzImage, copied as the boot protocol says (its
 * length is 0x202 + the byte at 0x201, bounded by the uapi struct); for a
 * bare vmlinux, the fields a 64-bit entry reads, made up.
 */
static void put_setup_header(struct boot_params *bp, const struct boot_kernel *k)
{
	struct setup_header *h = &bp->hdr;

	if (k->have_setup_header) {
		size_t n = 0x202 + k->setup_header[0x201 - 0x1f1] - 0x1f1;

		if (n > sizeof(*h))
			n = sizeof(*h);
		if (n > sizeof(k->setup_header))
			n = sizeof(k->setup_header);
		memcpy(h, k->setup_header, n);
	} else {
		h->boot_flag = 0xaa55;
		h->header = 0x53726448;			/* "HdrS" */
		h->version = 0x020f;
		h->kernel_alignment = 0x200000;
		h->cmdline_size = BOOT_CMDLINE_MAX - 1;
	}
	h->type_of_loader = 0xff;			/* undefined loader */
	h->loadflags |= LOADED_HIGH;
	h->ramdisk_image = 0;
	h->ramdisk_size = 0;
}

int boot_setup_memory(uint8_t *ram, size_t ram_size, const struct boot_kernel *k,
		      const char *cmdline, int nr_cpus, char *err, size_t errlen)
{
	struct boot_params *bp = (struct boot_params *)(ram + BOOT_ZERO_PAGE);
	size_t n = strlen(cmdline);
	uint32_t max = BOOT_CMDLINE_MAX - 1;

	if (ram_size < BOOT_HIGH_RAM * 2) {
		snprintf(err, errlen, "guest RAM too small");
		return -1;
	}
	if (k->have_setup_header && bp && k->boot_version >= 0x206) {
		uint32_t hmax;

		memcpy(&hmax, k->setup_header + (0x238 - 0x1f1), sizeof(hmax));
		if (hmax && hmax < max)
			max = hmax;
	}
	if (n > max) {
		snprintf(err, errlen, "command line is %zu bytes; this kernel takes at most %u (setup_header.cmdline_size)",
			 n, max);
		return -1;
	}
	memset(ram, 0, BOOT_HIGH_RAM);
	put_gdt(ram);
	put_page_tables(ram);
	memcpy(ram + BOOT_CMDLINE, cmdline, n + 1);

	put_setup_header(bp, k);
	bp->hdr.cmd_line_ptr = (uint32_t)BOOT_CMDLINE;
	bp->ext_cmd_line_ptr = 0;
	bp->acpi_rsdp_addr = BOOT_ACPI;
	e820_add(bp, 0, BOOT_LOW_RAM_END, E820_RAM);
	e820_add(bp, BOOT_LOW_RAM_END, BOOT_HIGH_RAM - BOOT_LOW_RAM_END, E820_RESERVED);
	e820_add(bp, BOOT_HIGH_RAM, ram_size - BOOT_HIGH_RAM, E820_RAM);

	if (!boot_acpi_write(ram + BOOT_ACPI, BOOT_ACPI_SIZE, BOOT_ACPI, nr_cpus)) {
		snprintf(err, errlen, "ACPI tables for %d CPUs do not fit", nr_cpus);
		return -1;
	}
	return 0;
}

int boot_setup_initrd(uint8_t *ram, size_t ram_size, const struct boot_kernel *k,
		      uint64_t kernel_end, const uint8_t *initrd, size_t len, uint64_t *addr,
		      char *err, size_t errlen)
{
	struct boot_params *bp = (struct boot_params *)(ram + BOOT_ZERO_PAGE);
	/* Without a setup header (a vmlinux), the boot protocol's default. */
	uint64_t top = 0x37ffffffull + 1, at;

	if (k->have_setup_header && k->boot_version >= 0x203) {
		uint32_t max;

		memcpy(&max, k->setup_header + (0x22c - 0x1f1), sizeof(max));
		top = (uint64_t)max + 1;
	}
	if (top > ram_size)
		top = ram_size;
	/* Page-aligned, as the boot protocol asks (boot.rst, ramdisk_image). */
	if (len > top || ((top - len) & ~4095ull) <= kernel_end) {
		snprintf(err, errlen, "the initramfs (%zu bytes) does not fit between the kernel's end (0x%llx) and 0x%llx: give more RAM (--memory)",
			 len, (unsigned long long)kernel_end, (unsigned long long)top);
		return -1;
	}
	at = (top - len) & ~4095ull;
	memcpy(ram + at, initrd, len);
	bp->hdr.ramdisk_image = (uint32_t)at;
	bp->hdr.ramdisk_size = (uint32_t)len;
	*addr = at;
	return 0;
}

int boot_setup_bsp(struct vcpu *bsp, uint64_t entry)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	if (vcpu_get_sregs(bsp, &sregs) < 0)
		return -1;
	vm_layout_flat_segment(&sregs.cs, BOOT_CS, 0xb, 1);
	vm_layout_flat_segment(&sregs.ds, BOOT_DS, 0x3, 0);
	sregs.es = sregs.ds;
	sregs.ss = sregs.ds;
	sregs.fs = sregs.ds;
	sregs.gs = sregs.ds;
	/* A busy 64-bit TSS: VMX refuses to enter with an unusable TR. */
	memset(&sregs.tr, 0, sizeof(sregs.tr));
	sregs.tr.type = 0xb;
	sregs.tr.present = 1;
	sregs.tr.limit = 0x67;
	sregs.gdt.base = BOOT_GDT;
	sregs.gdt.limit = 4 * 8 - 1;
	sregs.idt.base = 0;
	sregs.idt.limit = 0;
	sregs.cr0 = CR0_PE | CR0_ET | CR0_NE | CR0_PG;
	sregs.cr3 = BOOT_PML4;
	sregs.cr4 = CR4_PAE;
	sregs.efer = EFER_LME | EFER_LMA;
	if (vcpu_set_sregs(bsp, &sregs) < 0)
		return -1;

	memset(&regs, 0, sizeof(regs));
	regs.rflags = 0x2;			/* interrupts off */
	regs.rip = entry;
	regs.rsi = BOOT_ZERO_PAGE;
	regs.rsp = BOOT_STACK_TOP;
	return vcpu_set_regs(bsp, &regs);
}

void boot_setup_cpuid_apic_id(struct kvm_cpuid2 *c, uint32_t apic_id)
{
	uint32_t i;

	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function == 1)
			e->ebx = (e->ebx & 0x00ffffff) | (apic_id << 24);
		else if (e->function == 0xb || e->function == 0x1f)
			e->edx = apic_id;
	}
}
