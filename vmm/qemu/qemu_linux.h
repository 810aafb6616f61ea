/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvprobe qemu --kernel: a real Linux under the user's QEMU with the
 * self-check initramfs, and three views of each PV decision beside QEMU's
 * claim: the Linux guest policy model fed with what QEMU claims (its
 * 0x40000001 words over QMP, the -smp CPUs, the command line), the
 * guest's console log, and the guest's own self-report (what the booted
 * kernel's CPUID, sysfs and log said inside it, vmm/self_init.c).  A
 * collector: fills struct qemu_linux_report, report/qemu_report.c renders it.
 */
#ifndef PVPROBE_QEMU_LINUX_H
#define PVPROBE_QEMU_LINUX_H

#include <linux/kvm.h>

#include "boot.h"
#include "linux_selfreport.h"
#include "qemu_run.h"

#define QEMU_LINUX_MAX_DIFFS	24

struct qemu_linux_report {
	struct qemu_linux_run lr;	/* the run: set by the caller (qemu_run_linux()) */
	const char *kernel;
	char append[512];		/* the kernel command line pvprobe gave */
	int nr_cpus;			/* from -smp (1 without) */
	int kvm_accel;			/* -accel kvm: QEMU builds KVM's leaves only then */
	char notes[1024];		/* what pvprobe changed in QEMU's arguments, and why */
	/* The guest's self-report, or why there is none. */
	int self_ok;
	char self_note[320];
	struct linux_selfreport self;
	/* The views and their verdicts (boot's, with the self-report as the second observation). */
	int model_ok;
	char model_source[160];
	struct linux_view model, log;
	enum boot_verdict verdict[LD_NR];
	char reached[200];		/* the console's last kernel line: how far the boot got */
	int nr_diffs, unexplained;
	struct {
		int explained;
		char text[300];
	} diffs[QEMU_LINUX_MAX_DIFFS];
	int nr_mismatches;
	int rc;				/* PV_EXIT_* */
	char why[480];
};

/*
 * Fill @rep's views, verdicts and differences from rep->lr (already run)
 * and the host's supported CPUID @supported (NULL: no /dev/kvm; the model
 * then runs on the guest's own report).  Sets rep->rc.
 */
void qemu_linux_compare(struct qemu_linux_report *rep, const struct kvm_cpuid2 *supported);

/* The CPUs of -smp in @args (its first number or cpus=N), 1 without. */
int qemu_linux_smp(char *const *args, int n);

#endif /* PVPROBE_QEMU_LINUX_H */
