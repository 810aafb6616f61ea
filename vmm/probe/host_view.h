/* SPDX-License-Identifier: GPL-2.0-only */
/* Layer 1: what host KVM supports (KVM_GET_SUPPORTED_CPUID + capabilities). */
#ifndef PVPROBE_HOST_VIEW_H
#define PVPROBE_HOST_VIEW_H

#include <stdint.h>

#include "kvm_sys.h"

/* The capabilities that decide what pvprobe can check. */
#define HOST_CAPS(X)				\
	X(KVM_CAP_ENFORCE_PV_FEATURE_CPUID)	\
	X(KVM_CAP_EXIT_HYPERCALL)		\
	X(KVM_CAP_X86_DISABLE_EXITS)		\
	X(KVM_CAP_X86_USER_SPACE_MSR)		\
	X(KVM_CAP_X86_MSR_FILTER)

#define __HOST_CAP_COUNT(c) + 1
#define HOST_NR_CAPS	(0 HOST_CAPS(__HOST_CAP_COUNT))

struct host_cap_desc {
	const char *name;
	long cap;
};

extern const struct host_cap_desc host_caps[HOST_NR_CAPS];

struct host_view {
	char dev[256];
	char backend[64];
	int api_version;
	int has_kvm_leaves;	/* KVM_GET_SUPPORTED_CPUID has 0x40000000/1 */
	uint32_t sig_eax;	/* 0x40000000 eax: highest KVM leaf */
	char signature[13];
	uint32_t eax, edx;	/* 0x40000001 */
	int caps[HOST_NR_CAPS];
};

/* Returns 0, or -1 with @err (the KVM call that failed). */
int host_view_read(const struct kvm_sys *kvm, struct host_view *hv, char *err, size_t errlen);

#endif /* PVPROBE_HOST_VIEW_H */
