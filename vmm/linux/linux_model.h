/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The model of a Linux guest's PV decisions: what a Linux x86-64 guest
 * of a modelled version (linux_rules.h: 5.10, 6.1, 6.12, 6.18) (Debian cloud config: KVM_GUEST, PARAVIRT_SPINLOCKS,
 * HALTPOLL_CPUIDLE=y, CPU_IDLE_GOV_HALTPOLL=y, X86_X2APIC, ACPI, SMP,
 * XEN_PVHVM, HYPERV) decides from the CPUID KVM gives it, the number of
 * possible CPUs and its command line.  Pure: no KVM, no I/O
 * (tests/unit_linux_model.c).  Each decision's evidence names the kernel
 * source and the reason.
 */
#ifndef PVPROBE_LINUX_MODEL_H
#define PVPROBE_LINUX_MODEL_H

#include <linux/kvm.h>

#include "linux_guest.h"
#include "linux_rules.h"

struct linux_model_input {
	const struct kvm_cpuid2 *cpuid;	/* guest-visible CPUID, as KVM holds it (KVM_GET_CPUID2) */
	int nr_cpus;			/* possible CPUs (vCPUs in the ACPI MADT) */
	const char *cmdline;		/* the kernel command line */
	/*
	 * Measured, not predictable: the guest could not calibrate its TSC
	 * (arch/x86/kernel/tsc.c: "Unable to calibrate against PIT", "could
	 * not calculate TSC khz"), e.g. a PIT loop too slow under nested TCG.
	 * Set from the guest's log; 0 when unknown.
	 */
	int tsc_calibration_failed;
	/*
	 * The kernel ran well past boot: tsc_refine_calibration_work() (a
	 * second after device_initcall) has replaced tsc-early by tsc.  True
	 * for a running system (pvprobe self) and its dmesg (pvprobe
	 * explain); false for pvprobe boot, whose guest stops at the
	 * root-mount panic.
	 */
	int settled;
	/*
	 * The kernel's version, major * 100 + minor (0: unknown): its rules
	 * are linux_rules_for(version).
	 */
	int version;
};

/*
 * Fill every LD_* decision of @out (cleared first).  Returns the rules
 * used (linux_rules_for(@in->version)).
 */
const struct linux_rules *linux_model_predict(const struct linux_model_input *in,
					      struct linux_view *out);

#endif /* PVPROBE_LINUX_MODEL_H */
