/* SPDX-License-Identifier: GPL-2.0-only */
/* The host probes (include/pv_probes.h PV_HOST_TABLE): KVM's own report. */
#ifndef PVPROBE_CHECK_SUPPORTED_H
#define PVPROBE_CHECK_SUPPORTED_H

#include "check.h"

/* Fill @rep's PK_HOST rows from KVM_GET_SUPPORTED_CPUID (@supported, untrusted). */
void check_supported_probes(struct check_report *rep, struct kvm_cpuid2 *supported);

#endif /* PVPROBE_CHECK_SUPPORTED_H */
