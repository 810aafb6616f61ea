/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Facts about the host that decide what documented KVM does, read once:
 * they are inputs of the expectation model, never guessed inside it.
 */
#ifndef PVPROBE_HOST_FACTS_H
#define PVPROBE_HOST_FACTS_H

#include "kvm_sys.h"

struct host_facts {
	char backend[64];	/* kvm_backend() */
	char vendor[13];	/* CPUID 0 as KVM reports it */
	int vmcall;		/* the native hypercall is VMCALL (Intel), else VMMCALL */
	char clocksource[32];	/* /sys/devices/system/clocksource/clocksource0 */
	int tsc_clocksource;	/* CLOCK_PAIRING can work (kvm_get_walltime_and_clockread) */
	int sched_info;		/* sched_info_on(): /proc/self/schedstat exists */
	int ignore_msrs;	/* /sys/module/kvm/parameters/ignore_msrs */
	int exit_hypercall;	/* KVM_CAP_EXIT_HYPERCALL covers MAP_GPA_RANGE */
	int user_msr;		/* KVM_CAP_X86_USER_SPACE_MSR and KVM_CAP_X86_MSR_FILTER */
	int quirk_off;		/* KVM_CAP_DISABLE_QUIRKS2 can disable FIX_HYPERCALL_INSN */
	int apicv;		/* kvm_intel.enable_apicv or kvm_amd.avic: PV EOI is never armed */
	int host_kernel;	/* uname -r as major * 100 + minor (0: unknown) */
};

void host_facts_read(const struct kvm_sys *kvm, struct host_facts *f);

#endif /* PVPROBE_HOST_FACTS_H */
