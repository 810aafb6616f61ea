/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The 64-bit environment the host builds for the guest: GDT with a 64-bit
 * code segment, a data segment and a TSS; identity-mapped page tables for
 * RAM in the lower half (page 0 left unmapped); the matching sregs.
 */
#ifndef PVPROBE_VM_LAYOUT_H
#define PVPROBE_VM_LAYOUT_H

#include <stddef.h>
#include <linux/kvm.h>

void vm_layout_write(void *ram, size_t ram_size);
void vm_layout_sregs(struct kvm_sregs *sregs);

#endif /* PVPROBE_VM_LAYOUT_H */
