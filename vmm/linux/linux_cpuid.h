/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUID as a Linux guest reads it from KVM, and the boot CPU as Linux 6.12
 * identifies it from there (arch/x86/kernel/cpu/): the inputs of the guest
 * model's decisions (linux_model.c).  Pure: no KVM, no I/O.
 */
#ifndef PVPROBE_LINUX_CPUID_H
#define PVPROBE_LINUX_CPUID_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/kvm.h>

struct linux_cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* Leaf @fn, subleaf @idx of @c (NULL: no entries) as the guest reads it. */
struct linux_cpuid_regs linux_cpuid_read(const struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx);
/* A hypervisor signature (ebx, ecx, edx) spells @sig (12 bytes). */
bool linux_cpuid_signature_is(const struct linux_cpuid_regs *r, const char *sig);
/*
 * The first base in 0x40000000-0x4000ff00 whose signature is @sig with at
 * least @leaves leaves (0: any), or 0.
 */
uint32_t linux_cpuid_hypervisor_base(const struct kvm_cpuid2 *c, const char *sig,
				     uint32_t leaves);

enum linux_guest_cpu_vendor {
	LINUX_VENDOR_OTHER, LINUX_VENDOR_INTEL, LINUX_VENDOR_AMD, LINUX_VENDOR_HYGON,
	LINUX_VENDOR_CENTAUR, LINUX_VENDOR_ZHAOXIN,
};

struct linux_guest_cpu {
	const struct kvm_cpuid2 *cpuid;
	int32_t level;			/* c->cpuid_level: CPUID 0 eax */
	uint32_t xlevel;		/* c->extended_cpuid_level */
	enum linux_guest_cpu_vendor vendor;
	unsigned int family, model;
	bool hypervisor;		/* X86_FEATURE_HYPERVISOR: CPUID 1 ecx[31] */
	bool mwait;			/* X86_FEATURE_MWAIT after filter_cpuid_features() */
	bool tsc, apic;			/* CPUID 1 edx[4], edx[9] */
	bool constant_tsc, nonstop_tsc;
	/* Left 0 by linux_guest_cpu_identify(): the model fills them (kvm.c). */
	uint32_t kvm_base;		/* kvm_cpuid_base(), 0 = !kvm_para_available() */
	uint32_t kvm_features, kvm_hints;	/* base+1 eax, edx */
};

/* Fill @g (cleared first) from the guest-visible CPUID @c. */
void linux_guest_cpu_identify(const struct kvm_cpuid2 *c, struct linux_guest_cpu *g);

#endif /* PVPROBE_LINUX_CPUID_H */
