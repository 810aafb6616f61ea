/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The CPU vendor from CPUID leaf 0, and the two things KVM decides by it
 * that pvprobe's model needs: which hypercall instruction is native (the
 * other one takes the #UD path and KVM_X86_QUIRK_FIX_HYPERCALL_INSN), and
 * which vendor module's parameter says whether the LAPIC is virtualized.
 */
#ifndef PVPROBE_CPU_VENDOR_H
#define PVPROBE_CPU_VENDOR_H

enum cpu_vendor {
	CPU_VENDOR_UNKNOWN,
	CPU_VENDOR_INTEL,	/* GenuineIntel: VMX, kvm_intel */
	CPU_VENDOR_AMD,		/* AuthenticAMD: SVM, kvm_amd */
	CPU_VENDOR_HYGON,	/* HygonGenuine: SVM, kvm_amd */
	CPU_VENDOR_CENTAUR,	/* CentaurHauls: VMX, kvm_intel */
	CPU_VENDOR_ZHAOXIN,	/* "  Shanghai  ": VMX, kvm_intel */
};

/* The 12-byte vendor string (ebx, edx, ecx of leaf 0), NUL-terminated. */
enum cpu_vendor cpu_vendor_of(const char *vendor);
/* 1: the native hypercall is VMCALL (VMX), 0: VMMCALL (SVM) or unknown. */
int cpu_vendor_vmcall(enum cpu_vendor v);
/* "kvm_intel", "kvm_amd", or NULL: the module that runs guests there. */
const char *cpu_vendor_kvm_module(enum cpu_vendor v);

#endif /* PVPROBE_CPU_VENDOR_H */
