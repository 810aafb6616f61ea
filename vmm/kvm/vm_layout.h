/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 64-bit environment the host builds for the guest: GDT with a 64-bit
 * code segment, a data segment and a TSS; identity-mapped page tables for
 * RAM in the lower half (page 0 left unmapped); the matching sregs.
 */
#ifndef PVPROBE_VM_LAYOUT_H
#define PVPROBE_VM_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

void vm_layout_write(void *ram, size_t ram_size);

/*
 * Map @npages pages at @gpa (past RAM, 2 MiB aligned, below 1 GiB, at
 * most 512) with the page table at PV_APF_PT_ADDR: the held-back pages of
 * the async PF probe's VM (vm_uffd.c).
 */
void vm_layout_map_extra(void *ram, uint64_t gpa, int npages);
void vm_layout_sregs(struct kvm_sregs *sregs);

/*
 * What any 64-bit start is built from (the probe VM's above, a Linux
 * boot's in vmm/boot/boot_setup.c): the control-register and EFER bits
 * (Intel SDM vol. 3A, 2.5 and 9.8.5), and a flat 4 GiB segment at base 0,
 * DPL 0: 64-bit code (L) when @code, else data (D/B), of @type.
 */
#define CR0_PE		(1ull << 0)
#define CR0_MP		(1ull << 1)
#define CR0_ET		(1ull << 4)
#define CR0_NE		(1ull << 5)
#define CR0_WP		(1ull << 16)
#define CR0_PG		(1ull << 31)
#define CR4_PAE		(1ull << 5)
#define EFER_LME	(1ull << 8)
#define EFER_LMA	(1ull << 10)

void vm_layout_flat_segment(struct kvm_segment *s, uint16_t selector, uint8_t type, int code);

#endif /* PVPROBE_VM_LAYOUT_H */
