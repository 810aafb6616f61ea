/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where the hypervisor leaves go (--layout): the KVM leaves at any base,
 * Hyper-V in front of KVM (QEMU's hv-* flags), a Xen or ACRN signature
 * instead, none at all (QEMU's kvm=off), and the signature leaf's EAX set
 * to anything (0 is the old-host form, cpuid.rst).
 *
 *   SPEC := KIND [ '@' BASE ] [ ',eax=' HEX ]
 *   KIND := kvm | hyperv | xen | acrn | none | old-host
 */
#ifndef PVPROBE_LAYOUT_H
#define PVPROBE_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#define HV_BASE_FIRST	0x40000000u
#define HV_BASE_LAST	0x4000ff00u
#define HV_BASE_STEP	0x100u

enum layout_kind {
	LAYOUT_KVM,	/* "KVMKVMKVM\0\0\0" at base, features at base + 1 */
	LAYOUT_HYPERV,	/* "Microsoft Hv" at 0x40000000, KVM at 0x40000100 */
	LAYOUT_XEN,	/* "XenVMMXenVMM" at base, eax = base + 2 */
	LAYOUT_ACRN,	/* "ACRNACRNACRN" at base */
	LAYOUT_NONE,	/* no hypervisor leaves */
};

struct layout {
	enum layout_kind kind;
	uint32_t base;		/* the signature leaf of KIND */
	int eax_set;
	uint32_t sig_eax;	/* the signature leaf's EAX, when eax_set */
	char spec[64];		/* as given, for reports */
};

void layout_default(struct layout *l);

/* 0, or -1 with a message naming the bad part in @err. */
int layout_parse(const char *spec, struct layout *l, char *err, size_t errlen);

/*
 * Replace every hypervisor leaf (0x40000000-0x4000ffff) of @c with @l's,
 * KVM's features being @eax/@edx.  @c must have room for 8 more entries.
 */
void layout_apply(struct kvm_cpuid2 *c, const struct layout *l, uint32_t eax, uint32_t edx);

/*
 * The KVM base KVM itself finds in @c (arch/x86/kvm/cpuid.c
 * __kvm_get_hypervisor_cpuid(): the first base whose signature is KVM's;
 * the limit in EAX is not checked), or 0.
 */
uint32_t layout_kvm_base(struct kvm_cpuid2 *c);

/*
 * The source document's hypervisor_cpuid_base(@sig, @leaves) computed over
 * table @c instead of by CPUID: what a guest must find (a leaf missing from
 * the table reads as zeros).  Same unsigned arithmetic as the guest's.
 */
uint32_t layout_seed_base(struct kvm_cpuid2 *c, const char *sig, uint32_t leaves);

const char *layout_kind_name(enum layout_kind k);

#endif /* PVPROBE_LAYOUT_H */
