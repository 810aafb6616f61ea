/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Everything the 64-bit boot protocol (Documentation/arch/x86/boot.rst,
 * "64-bit Boot Protocol") wants in guest memory and in the boot CPU before
 * the kernel's startup_64 runs: a zero page with the setup header, the e820
 * map and the command line; a GDT with flat __BOOT_CS/__BOOT_DS; identity
 * page tables covering the kernel, the zero page and the command line;
 * 64-bit mode, interrupts off, RSI = the zero page.  The ACPI tables come
 * from boot_acpi.c.
 */
#ifndef PVPROBE_BOOT_SETUP_H
#define PVPROBE_BOOT_SETUP_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#include "boot_kernel.h"
#include "vcpu.h"

/*
 * Write the zero page, command line, GDT, page tables and ACPI tables for
 * @nr_cpus into @ram (@ram_size bytes at GPA 0).  0, or -1 with @err.
 */
int boot_setup_memory(uint8_t *ram, size_t ram_size, const struct boot_kernel *k,
		      const char *cmdline, int nr_cpus, char *err, size_t errlen);

/*
 * Put @len bytes of initramfs as high in RAM as the kernel takes it
 * (setup_header.initrd_addr_max) and name it in the zero page's
 * ramdisk_image/ramdisk_size; after boot_setup_memory().  Its GPA in
 * *@addr.  0, or -1 with @err (it does not fit above @kernel_end).
 */
int boot_setup_initrd(uint8_t *ram, size_t ram_size, const struct boot_kernel *k,
		      uint64_t kernel_end, const uint8_t *initrd, size_t len, uint64_t *addr,
		      char *err, size_t errlen);

/*
 * The boot CPU's registers: 64-bit mode at @entry, RSI = the zero page.
 * 0, or -1 with errno.
 */
int boot_setup_bsp(struct vcpu *bsp, uint64_t entry);

/*
 * Give vCPU @apic_id its own identity in @c: leaf 1 EBX[31:24] and the
 * x2APIC ID of leaves 0xb and 0x1f (KVM copies CPUID verbatim per vCPU).
 */
void boot_setup_cpuid_apic_id(struct kvm_cpuid2 *c, uint32_t apic_id);

#endif /* PVPROBE_BOOT_SETUP_H */
