/* SPDX-License-Identifier: GPL-2.0-only */
/* Building the guest's CPUID table and finding what KVM changed in it. */
#ifndef PVPROBE_CPUID_TABLE_H
#define PVPROBE_CPUID_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#define KVM_CPUID_SIG_LEAF	0x40000000u	/* KVM_CPUID_SIGNATURE */
#define KVM_CPUID_FEAT_LEAF	0x40000001u	/* KVM_CPUID_FEATURES */

struct kvm_cpuid_entry2 *cpuid_find(struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx);

struct layout;

/*
 * With @layout: a copy of @base with the hypervisor leaves of @layout, KVM's
 * features being @eax and @edx, and the HYPERVISOR bit (leaf 1 ecx bit 31)
 * set: KVM_GET_SUPPORTED_CPUID leaves it clear, and without it a Linux
 * guest never looks at the KVM leaves (arch/x86/kernel/cpu/hypervisor.c),
 * so every VMM sets it.  Without @layout (replay): an exact copy.
 * malloc'd, with room to spare; NULL on ENOMEM.
 */
struct kvm_cpuid2 *cpuid_build(const struct kvm_cpuid2 *base, uint32_t eax, uint32_t edx,
			       const struct layout *layout);

/*
 * One register that differs between what was set and what KVM_GET_CPUID2
 * returned, or a leaf KVM dropped (@missing).
 */
struct cpuid_change {
	uint32_t function, index;
	int reg;		/* 0 eax, 1 ebx, 2 ecx, 3 edx; -1 when missing */
	uint32_t set, now;	/* programmed value, value KVM holds */
	int missing;
};

/* Fill up to @max changes; returns how many there are in all. */
int cpuid_diff(struct kvm_cpuid2 *set, struct kvm_cpuid2 *got,
	       struct cpuid_change *out, int max);

const char *cpuid_reg_name(int reg);

#endif /* PVPROBE_CPUID_TABLE_H */
