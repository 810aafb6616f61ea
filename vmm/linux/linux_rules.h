/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Linux versions the guest policy model knows, and what differs
 * between them (vmm/linux/README.md has the table with the sources).
 * A kernel that is not modelled uses the nearest lower modelled version;
 * one older than all of them uses the oldest; an unknown version uses
 * LINUX_RULES_DEFAULT.  Pure (tests/unit_linux_model.c).
 */
#ifndef PVPROBE_LINUX_RULES_H
#define PVPROBE_LINUX_RULES_H

#include <stdbool.h>
#include <stddef.h>

#define LINUX_RULES_DEFAULT	612	/* unknown version: Debian 12's 6.12 */
#define LINUX_RULES_NOTE_MAX	96

struct linux_rules {
	int version;		/* major * 100 + minor: 510, 601, 612, 618 */
	const char *name;	/* "5.10" */
	/*
	 * kvm.c pv_tlb_flush_supported() and pv_sched_yield_supported()
	 * also need !MWAIT and more than one possible CPU, pv_ipi_supported()
	 * more than one possible CPU (6.1 on; 5.10 checks only the CPUID bits
	 * and HINTS_REALTIME).
	 */
	bool pv_needs_smp_no_mwait;
	/*
	 * kvm.c kvm_spinlock_init() tests PV_UNHALT last, after
	 * HINTS_REALTIME, one CPU and nopvspin (6.1 on); 5.10 tests it first.
	 */
	bool spinlock_unhalt_last;
	/*
	 * kvm.c kvm_register_steal_time() and kvm_guest_cpu_init() log
	 * "stealtime: cpu N" and "KVM setup async PF for cpu N" with
	 * pr_info() (5.10); later kernels use pr_debug().
	 */
	bool steal_apf_logged;
};

/*
 * The rules for Linux @version (major * 100 + minor, 0 unknown), and in
 * @note (may be NULL) which ones and why: "model 6.12 (Linux 6.12)",
 * "model 6.12 (nearest to 6.15)", "model 6.12 (kernel version unknown)".
 */
const struct linux_rules *linux_rules_for(int version, char *note, size_t len);

/* The modelled versions, oldest first (for docs and tests). */
const struct linux_rules *linux_rules_table(size_t *n);

#endif /* PVPROBE_LINUX_RULES_H */
