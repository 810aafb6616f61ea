/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The expectation model: configuration + host facts -> the outcome
 * documented KVM gives for every probe, with the reason (the kernel source
 * or document that says so).  Pure: no KVM, no I/O; unit-tested on its own
 * (tests/unit_model.c).  Known host deviations are not here but in
 * deviations.c, as data.
 */
#ifndef PVPROBE_MODEL_H
#define PVPROBE_MODEL_H

#include <stdint.h>

#include "outcome.h"
#include "probe_list.h"

struct model_input {
	uint32_t eax, edx;	/* 0x40000001 as KVM holds it (after its edits) */
	int enforce;		/* KVM_CAP_ENFORCE_PV_FEATURE_CPUID on */
	int nr_vcpus;		/* KICK_CPU and SEND_IPI need 2 */
	int user_msr;		/* the VMM implements MIGRATION_CONTROL (MSR filter) */
	int exit_hypercall;	/* KVM_CAP_EXIT_HYPERCALL has bit 12 on in the main VM */
	int quirk_off;		/* a VM with KVM_X86_QUIRK_FIX_HYPERCALL_INSN disabled ran */
	int hlt_in_guest;	/* KVM_X86_DISABLE_EXITS_HLT: HLT does not exit */
	/* Host facts (vmm/probe/host_facts.c). */
	int sched_info;		/* sched_info_on(): STEAL_TIME can be enabled */
	int tsc_clocksource;	/* host clocksource is TSC-based: CLOCK_PAIRING works */
	int ignore_msrs;	/* kvm.ignore_msrs=Y */
	int apicv;		/* APICv (kvm_intel.enable_apicv) or AVIC (kvm_amd.avic) on */
	int host_kernel;	/* the host's Linux as major * 100 + minor (0: unknown) */
	int no_userfaultfd;	/* the VMM cannot hold pages back: no async PF probe */
};

struct expectation {
	struct outcome out;
	const char *reason;
};

void model_expect(const struct model_input *in, const struct probe_desc *p,
		  struct expectation *e);

/*
 * Why the async page fault probe (PK_APF) cannot run for @in, or NULL when
 * it can: the host asks this before it starts the probe's VM.
 */
const char *model_apf_not_run(const struct model_input *in);

/* The feature bit (eax) that gates MSR @msr in the PV feature table, or -1. */
int model_msr_gate(uint32_t msr);
/* ... and hypercall @nr, or -1. */
int model_hcall_gate(uint64_t nr);
/* What gates probe @p, as a name ("-" if nothing). */
const char *model_probe_gate(const struct probe_desc *p);

#endif /* PVPROBE_MODEL_H */
