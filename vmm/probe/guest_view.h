/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Layers 2 and 3: what pvprobe programmed, what KVM kept of it, and what
 * guest code found with hypervisor_cpuid_base() and CPUID 0x40000001 on
 * every vCPU.
 */
#ifndef PVPROBE_GUEST_VIEW_H
#define PVPROBE_GUEST_VIEW_H

#include <stdint.h>

#include "session.h"

#define GV_MAX_ENTRIES	256

struct guest_view {
	struct guest_config cfg;	/* cfg.table is not kept: see replayed */
	int replayed;			/* a replayed table was programmed (cfg.table) */
	uint32_t kvm_base;		/* the KVM base KVM itself finds, or 0 */
	uint32_t kvm_eax, kvm_edx;	/* its features leaf as KVM holds it */
	uint32_t expect_base[PV_NR_SIGS];	/* the seed's function over KVM's table */
	int nr_refused;			/* replayed leaves KVM refused, dropped */
	struct kvm_cpuid_entry2 refused[PV_MAX_REFUSED];
	int nr_set;			/* the table pvprobe programmed */
	struct kvm_cpuid_entry2 set[GV_MAX_ENTRIES];
	int nr_changes;
	struct cpuid_change changes[PV_MAX_CHANGES];
	struct run_result run[PV_MAX_VCPUS];

	/* vCPU 0's report (all vCPUs must agree) */
	uint32_t sig_base[PV_NR_SIGS];
	struct pv_cpuid_regs leaf0, leaf1;
	uint32_t eax, edx;		/* as the guest saw them; 0 without a KVM base */

	int failed_vcpu;		/* first vCPU whose run did not finish, or -1 */
	int disagree_vcpu;		/* first vCPU whose report differs from vCPU 0, or -1 */
};

/* Returns a PV_EXIT_* code; on PV_EXIT_OK the view is complete. */
int guest_view_collect(const struct kvm_sys *kvm, const struct guest_config *cfg,
		       struct guest_view *gv, char *err, size_t errlen);

/*
 * Did the guest see what KVM holds?  Returns PV_EXIT_OK, or
 * PV_EXIT_MISMATCH with one line per problem in @why.
 */
int guest_view_verdict(const struct guest_view *gv, char *why, size_t len);

/* The PV register (PV_REG_*) change @c is in, or -1 outside KVM's 0x40000001 eax/edx. */
int guest_view_change_reg(const struct guest_view *gv, const struct cpuid_change *c);

/*
 * Why KVM changed bit @bit of @c, where the kernel documents it
 * (arch/x86/kvm/cpuid.c kvm_update_cpuid_runtime()), or NULL.
 */
const char *guest_view_change_reason(const struct guest_view *gv, const struct cpuid_change *c,
				     int bit);

/* How the source document calls hypervisor_cpuid_base() for PV_SIG_*. */
const char *guest_view_sig_call(int sig);

#endif /* PVPROBE_GUEST_VIEW_H */
