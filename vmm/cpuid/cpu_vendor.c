// SPDX-License-Identifier: GPL-2.0-only
/*
 * Vendor strings as the kernel matches them (arch/x86/kernel/cpu/intel.c,
 * amd.c, hygon.c, centaur.c, zhaoxin.c: c_ident), and what KVM does per
 * vendor:
 *
 * - The native hypercall.  arch/x86/kvm/vmx/vmx.c vmx_patch_hypercall()
 *   writes VMCALL (0f 01 c1), arch/x86/kvm/svm/svm.c svm_patch_hypercall()
 *   VMMCALL (0f 01 d9).  The other vendor's instruction is #UD on that
 *   hardware; KVM intercepts #UD on both (vmx.c handle_exception_nmi() ->
 *   handle_ud(), svm.c ud_interception()), and x86.c
 *   emulator_fix_hypercall() rewrites it when the quirk is on.  Nothing
 *   else in the hypercall path differs: kvm_emulate_hypercall() is shared.
 * - The LAPIC: kvm_intel's enable_apicv or kvm_amd's avic decides whether
 *   interrupts are delivered by hardware, which leaves PV EOI unarmed
 *   (lapic.c apic_sync_pv_eoi_to_guest(): highest_isr_cache stays -1).
 *
 * Centaur and Zhaoxin implement VMX (kvm_intel's cpu_has_kvm_support()
 * checks only X86_FEATURE_VMX), Hygon SVM (kvm_amd's has_svm()).
 */
#include <string.h>

#include "cpu_vendor.h"

static const struct {
	const char *ident;
	enum cpu_vendor v;
} vendors[] = {
	{ "GenuineIntel", CPU_VENDOR_INTEL },
	{ "AuthenticAMD", CPU_VENDOR_AMD },
	{ "HygonGenuine", CPU_VENDOR_HYGON },
	{ "CentaurHauls", CPU_VENDOR_CENTAUR },
	{ "  Shanghai  ", CPU_VENDOR_ZHAOXIN },
};

enum cpu_vendor cpu_vendor_of(const char *vendor)
{
	size_t i;

	for (i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
		if (vendor && !strcmp(vendor, vendors[i].ident))
			return vendors[i].v;
	return CPU_VENDOR_UNKNOWN;
}

int cpu_vendor_vmcall(enum cpu_vendor v)
{
	return v == CPU_VENDOR_INTEL || v == CPU_VENDOR_CENTAUR || v == CPU_VENDOR_ZHAOXIN;
}

const char *cpu_vendor_kvm_module(enum cpu_vendor v)
{
	switch (v) {
	case CPU_VENDOR_INTEL:
	case CPU_VENDOR_CENTAUR:
	case CPU_VENDOR_ZHAOXIN:
		return "kvm_intel";
	case CPU_VENDOR_AMD:
	case CPU_VENDOR_HYGON:
		return "kvm_amd";
	default:
		return NULL;
	}
}
