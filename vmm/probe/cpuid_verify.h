/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvprobe cpuid-verify: does the backend honour the CPUID at all?  The
 * guest executes CPUID for every programmed leaf and subleaf; each bit it
 * sees differently from what was programmed is either one of KVM's
 * documented run-time edits (named), a known deviation of this backend
 * (deviations.c), or a mismatch.  The hypervisor leaves must be exact.
 */
#ifndef PVPROBE_CPUID_VERIFY_H
#define PVPROBE_CPUID_VERIFY_H

#include "session.h"

enum cv_kind {
	CV_EDIT,	/* a documented KVM run-time edit */
	CV_DEVIATION,	/* a known deviation of this backend */
	CV_MISMATCH,
};

struct cv_diff {
	uint32_t function, index;
	int reg;			/* 0 eax .. 3 edx */
	uint32_t programmed, kvm, guest;
	uint32_t bits;			/* the bits of this kind */
	enum cv_kind kind;
	const char *why;
};

#define CV_MAX_DIFFS	128

struct cpuid_verify_report {
	struct guest_config cfg;
	char backend[64];
	int nr_leaves;			/* leaves and subleaves queried */
	int nr_hv_leaves;		/* ... of them in 0x40000000-0x4000ffff */
	int nr_diffs;
	struct cv_diff d[CV_MAX_DIFFS];
	int edits, deviations, mismatches;	/* registers of each kind */
	char run_detail[256];
};

/* A PV_EXIT_* code for setup problems; verdicts in @rep. */
int cpuid_verify_run(const struct kvm_sys *kvm, const struct guest_config *cfg,
		     struct cpuid_verify_report *rep, char *err, size_t errlen);

/* "KVM edit", "known deviation", "MISMATCH" */
const char *cv_kind_name(enum cv_kind k);

#endif /* PVPROBE_CPUID_VERIFY_H */
