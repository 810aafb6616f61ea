/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Known deviations of KVM backends from documented KVM, as data: which
 * backend, which probes, what is observed instead, and the evidence.  A
 * probe that mismatches the model and matches an entry is reported as a
 * known deviation (XFAIL); any other mismatch is a failure.
 */
#ifndef PVPROBE_DEVIATIONS_H
#define PVPROBE_DEVIATIONS_H

#include <stdint.h>

#include "outcome.h"
#include "probe_list.h"

struct deviation {
	const char *backend;		/* module name, as kvm_backend() reports it */
	const char *probe_prefix;	/* probes whose name starts so */
	enum outcome_kind observed;	/* what is seen instead */
	int match_value;		/* also compare value (e.g. a check result) */
	uint64_t value;
	int hangs;			/* the probe never completes: give it a short deadline */
	int cpl0_only;			/* not the hypercalls made at CPL 3 (the RING3 lane) */
	int no_sweep;			/* leaves its vCPU unusable: sweeps, which reuse it, skip it */
	const char *reason;		/* what happens, and the evidence */
};

/* The entry explaining @observed for @p on @backend, or NULL. */
const struct deviation *deviation_find(const char *backend, const struct probe_desc *p,
				       const struct outcome *observed);

/* A leaf a backend does not honour in the guest's CPUID (cpuid-verify). */
struct cpuid_deviation {
	const char *backend;
	uint32_t function;
	const char *reason;
};

const struct cpuid_deviation *cpuid_deviation_find(const char *backend, uint32_t function);

/* Is @p known to hang on @backend? */
int deviation_hangs(const char *backend, const struct probe_desc *p);

/* Is @p known to leave its vCPU unusable on @backend (a sweep does not run it)? */
int deviation_no_sweep(const char *backend, const struct probe_desc *p);

#endif /* PVPROBE_DEVIATIONS_H */
