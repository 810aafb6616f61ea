/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The third layer with a real guest kernel: the PV decisions a Linux guest
 * makes (arch/x86/kernel/kvm.c, kvmclock.c, drivers/cpuidle/
 * cpuidle-haltpoll.c), as seen three ways:
 *
 *   model  - predicted from the guest-visible CPUID, the number of CPUs and
 *            the command line (linux_model.c, pure)
 *   log    - read from the guest's console (linux_log.c, pure)
 *   KVM    - read from KVM itself after the boot: the PV MSRs each vCPU
 *            holds (boot_msrs.c)
 *
 * Each decision's value is a short token from a fixed vocabulary (the
 * LD_* comments), so the three are compared with strcmp().  "" means
 * "not known from this source".
 */
#ifndef PVPROBE_LINUX_GUEST_H
#define PVPROBE_LINUX_GUEST_H

#include <stddef.h>
#include <stdint.h>

enum linux_decision {
	LD_HYPERVISOR,		/* "KVM" | "none" | another name Linux prints
				   ("Xen HVM", "VMware", "Microsoft Hyper-V") */
	LD_KVMCLOCK,		/* "new-msrs" | "old-msrs" | "off" */
	LD_STEAL_TIME,		/* "on" | "off" */
	LD_PV_EOI,		/* "on" | "off" */
	LD_ASYNC_PF,		/* "on" | "off" */
	LD_PV_TLB_FLUSH,	/* "on" | "off" */
	LD_PV_SCHED_YIELD,	/* "on" | "off" */
	LD_PV_IPI,		/* "on" | "off" */
	LD_PV_SPINLOCKS,	/* "on" | "off-realtime" | "off-single-cpu" |
				   "off-nopvspin" | "off-no-host-support" |
				   "off" (KVM not the platform) */
	LD_HALTPOLL,		/* "on" | "on-no-poll-control" | "off" */
	LD_CLOCKSOURCE,		/* the last "Switched to clocksource X": X
				   (model: "kvm-clock" | "tsc" | "tsc-early" |
				   "refined-jiffies" | "jiffies", at the
				   root-mount panic) */
	LD_NR
};

#define LD_VALUE_MAX	32
#define LD_EVIDENCE_MAX	160

struct linux_view {
	char value[LD_NR][LD_VALUE_MAX];	/* "" = not known */
	/* Why: a kernel source reference (model), the log line, the MSR. */
	char evidence[LD_NR][LD_EVIDENCE_MAX];
};

/* "hypervisor", "kvm-clock", ... (stable: JSON keys and test names). */
const char *linux_decision_name(enum linux_decision d);
/* The decision named @name (@len bytes), or -1. */
int linux_decision_find(const char *name, size_t len);
/* Set one decision (value and evidence are truncated to fit). */
void linux_view_set(struct linux_view *v, enum linux_decision d, const char *value,
		    const char *evidence);

#endif /* PVPROBE_LINUX_GUEST_H */
