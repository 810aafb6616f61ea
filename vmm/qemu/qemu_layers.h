/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvprobe qemu's four layers: host KVM (KVM_GET_SUPPORTED_CPUID), QEMU's
 * claim (QMP), the guest's view (its CPUID), KVM under QEMU (the MSR
 * probes judged by the expectation model with the CPUID the guest saw and
 * the enforcement QEMU was told to use), and every difference between
 * adjacent layers, named with its cause where one is known.
 */
#ifndef PVPROBE_QEMU_LAYERS_H
#define PVPROBE_QEMU_LAYERS_H

#include "check.h"
#include "qemu_hcalls.h"
#include "qemu_run.h"

#define QEMU_MAX_DIFFS	96

enum qemu_layer_pair {
	QL_HOST_CLAIM,		/* host -> QEMU's claim */
	QL_CLAIM_GUEST,		/* QEMU's claim -> guest */
	QL_GUEST_KVM,		/* guest -> KVM under QEMU */
};

struct qemu_diff {
	enum qemu_layer_pair pair;
	int explained;		/* a known cause; else it makes the run inconsistent */
	char text[300];
};

struct qemu_report {
	struct qemu_run run;
	int tcg;		/* -accel tcg: the guest and its AP only, no KVM (set by the caller) */
	int host_ok;
	int host_hyperv;	/* KVM_CAP_HYPERV (set by the caller) */
	uint32_t host_eax, host_edx;
	int guest_ok;
	uint32_t guest_base, guest_eax, guest_edx;
	int kvm_judged;		/* the MSR rows were judged */
	struct check_report check;
	/* The hypercall lanes asked for (set by the caller) and their pages. */
	struct qemu_hc_plan hc;
	struct run_result hc_lanes[PV_NR_LANES];
	int hc_pages;		/* lanes of the plan whose page came */
	int nr_diffs, unexplained;
	struct qemu_diff diffs[QEMU_MAX_DIFFS];
	/* --expect PROBE=OUTCOME: replace the model's expectation (set by the caller). */
	int nr_expect;
	struct {
		const struct probe_desc *p;
		struct outcome out;
	} expect[16];
	char notes[512];	/* what pvprobe changed in QEMU's arguments, and why */
	int rc;			/* PV_EXIT_* */
	char why[512];		/* what decided rc, one line */
};

/*
 * Fill @rep's layers and differences from @rep->run (already run) and the
 * host's supported CPUID @supported (NULL: no /dev/kvm).  Sets rep->rc.
 */
void qemu_layers_compare(struct qemu_report *rep, struct kvm_cpuid2 *supported,
			 const struct host_facts *facts);

const char *qemu_layer_pair_name(enum qemu_layer_pair p);

#endif /* PVPROBE_QEMU_LAYERS_H */
