/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ACPI tables a Linux guest needs to find its CPUs: RSDP -> XSDT ->
 * MADT.  Debian's cloud kernel has no CONFIG_X86_MPPARSE, so an MP table
 * would be ignored (Debian's cloud kernel has no CONFIG_X86_MPPARSE); the MADT is what makes
 * num_possible_cpus() > 1, which PV spinlocks, PV TLB flush, PV sched
 * yield and PV IPIs all need (arch/x86/kernel/kvm.c).
 */
#ifndef PVPROBE_BOOT_ACPI_H
#define PVPROBE_BOOT_ACPI_H

#include <stddef.h>
#include <stdint.h>

/*
 * Write the tables for @nr_cpus CPUs (APIC IDs 0..nr_cpus-1) into @buf,
 * which is guest-physical @gpa.  Returns the bytes used (the RSDP is at
 * the start), or 0 if @len is too small.
 */
size_t boot_acpi_write(uint8_t *buf, size_t len, uint64_t gpa, int nr_cpus);

/* The 8-bit sum ACPI requires to be zero over each table. */
uint8_t boot_acpi_sum(const uint8_t *p, size_t len);

#endif /* PVPROBE_BOOT_ACPI_H */
