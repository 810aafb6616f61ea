/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A configured VM: RAM, image, N vCPUs with the programmed CPUID (read back
 * after setting: KVM edits bits) and PV enforcement as asked.  What every
 * subcommand and test runs guest entries on.
 */
#ifndef PVPROBE_SESSION_H
#define PVPROBE_SESSION_H

#include <stdint.h>

#include "cpuid_table.h"
#include "layout.h"
#include "kvm_sys.h"
#include "vcpu.h"
#include "vcpu_run.h"
#include "vm.h"

#define PV_DEFAULT_TIMEOUT_MS	2000
#define PV_MAX_CHANGES		64
#define PV_MAX_REFUSED		8

struct guest_config {
	uint32_t eax;		/* CPUID 0x40000001 eax to program */
	uint32_t edx;		/* ... and edx (hints) */
	int enforce;		/* KVM_CAP_ENFORCE_PV_FEATURE_CPUID: 0, 1 or PV_ENFORCE_FIRST */
	int nr_vcpus;
	int last_vcpu_id;	/* KVM id (APIC ID) of the last vCPU; 0: its index */
	unsigned int timeout_ms;	/* per guest run */
	int exit_hypercall;	/* KVM_CAP_EXIT_HYPERCALL for MAP_GPA_RANGE: 1, 0, or -1 if supported */
	int no_fix_hypercall_quirk;	/* disable KVM_X86_QUIRK_FIX_HYPERCALL_INSN */
	struct layout layout;	/* where the hypervisor leaves go (--layout) */
	uint32_t disable_exits;	/* KVM_X86_DISABLE_EXITS_* (--disable-exits) */
	/* Replay: program exactly this table; eax, edx and layout are unused. */
	const struct kvm_cpuid2 *table;
};

struct session {
	struct guest_config cfg;
	struct vm vm;
	struct kvm_cpuid2 *supported;
	struct kvm_cpuid2 *set;		/* what pvprobe programmed */
	struct kvm_cpuid2 *got;		/* what KVM holds (vCPU 0) */
	uint32_t kvm_base;		/* the KVM base KVM finds (0: none) */
	uint32_t kvm_eax, kvm_edx;	/* its features leaf as KVM holds it */
	int exit_hypercall;		/* KVM_CAP_EXIT_HYPERCALL bit 12 enabled */
	int nr_refused;			/* replayed leaves KVM_SET_CPUID2 refused */
	struct kvm_cpuid_entry2 refused[PV_MAX_REFUSED];
	int nr_changes;			/* registers KVM changed, all of them */
	struct cpuid_change changes[PV_MAX_CHANGES];
};

void guest_config_default(struct guest_config *cfg);

/*
 * Returns PV_EXIT_OK; PV_EXIT_SKIP when the host lacks what @cfg needs;
 * PV_EXIT_FAIL when a KVM call failed.  @err says which and why.
 */
int session_create(const struct kvm_sys *kvm, const struct guest_config *cfg,
		   struct session *s, char *err, size_t errlen);
void session_destroy(struct session *s);

/*
 * Run @entry on vCPU @vcpu under cfg.timeout_ms.  @msr_value is written to
 * the results page first (PV_ENTRY_WRMSR reads it).
 */
void session_run(struct session *s, int vcpu, enum pv_entry entry, uint64_t arg,
		 uint64_t msr_value, struct run_result *res);

/* The same with its own deadline (and msr_value 0). */
void session_run_timeout(struct session *s, int vcpu, enum pv_entry entry, uint64_t arg,
			 unsigned int timeout_ms, struct run_result *res);

#endif /* PVPROBE_SESSION_H */
