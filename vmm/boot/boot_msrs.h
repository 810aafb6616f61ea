/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the guest kernel enabled, as KVM holds it: the PV MSRs of every
 * vCPU, read with KVM_GET_MSRS after the run (arch/x86/kvm/x86.c
 * kvm_get_msr_common() returns the values the guest wrote).  This is the
 * ground truth for the decisions Linux logs only with pr_debug (steal
 * time, async PF) and a cross-check for the rest.
 */
#ifndef PVPROBE_BOOT_MSRS_H
#define PVPROBE_BOOT_MSRS_H

#include <stdint.h>

#include "linux_guest.h"
#include "linux_selfreport.h"
#include "vcpu.h"

enum boot_msr {
	BM_WALL_CLOCK,		/* MSR_KVM_WALL_CLOCK 0x11 */
	BM_SYSTEM_TIME,		/* MSR_KVM_SYSTEM_TIME 0x12 */
	BM_WALL_CLOCK_NEW,
	BM_SYSTEM_TIME_NEW,
	BM_ASYNC_PF_EN,
	BM_STEAL_TIME,
	BM_PV_EOI_EN,
	BM_POLL_CONTROL,
	BM_ASYNC_PF_INT,
	BM_NR
};

struct boot_msrs {
	int read[BM_NR];	/* KVM_GET_MSRS returned it */
	uint64_t value[BM_NR];
};

uint32_t boot_msr_index(enum boot_msr m);
const char *boot_msr_name(enum boot_msr m);

/* Read @vcpu's PV MSRs, one at a time (a host may refuse some). */
void boot_msrs_read(struct vcpu *vcpu, struct boot_msrs *out);

/*
 * The decisions the MSRs tell, from the vCPUs that ran (@n of them; the
 * boot CPU is [0]): a decision is "on" when every such vCPU has it
 * enabled, "off" when none has, and "mixed" otherwise.  @pv_eax: the
 * 0x40000001 EAX the guest sees (the MSRs it may write).
 */
void boot_msrs_view(const struct boot_msrs *m, int n, uint32_t pv_eax, struct linux_view *out);

/*
 * The guest's own MSRs (its self-report, read through /dev/cpu/N/msr)
 * against KVM's (KVM_GET_MSRS after the run), MSR by MSR: the kvm-clock
 * system time pair (GPA | enable), steal time, async PF and PV EOI.
 */
#define BOOT_MSR_CMP_NR	5

enum boot_msr_cmp_state {
	BMC_AGREE,		/* equal on every vCPU that ran */
	BMC_DIFFER,		/* a vCPU where they differ: a disagreement */
	BMC_UNKNOWN,		/* not read by one side somewhere (why says where and why) */
};

struct boot_msr_cmp {
	enum boot_msr msr;
	enum boot_msr_cmp_state state;
	int nr_agree, nr_cpus;
	char why[256];
};

/*
 * Compare @kvm[0..@n) (the vCPUs that ran; vCPU i is the guest's CPU i:
 * pvprobe's MADT lists APIC IDs 0..n-1 in order, and Linux numbers the
 * CPUs in that order, the boot CPU 0) with @self into @out.
 */
void boot_msrs_compare(const struct boot_msrs *kvm, int n, const struct linux_selfreport *self,
		       struct boot_msr_cmp out[BOOT_MSR_CMP_NR]);

/* The MSRs compared, in the report's order. */
extern const enum boot_msr boot_msr_cmp_order[BOOT_MSR_CMP_NR];

const char *boot_msr_cmp_name(enum boot_msr_cmp_state s);

#endif /* PVPROBE_BOOT_MSRS_H */
