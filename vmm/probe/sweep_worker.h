/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One sweep worker: a VM set up once (RAM, image, page tables, MSR filter,
 * irqchip) and a fresh vCPU per configuration -- KVM refuses a changed
 * CPUID after a vCPU's first KVM_RUN, so the vCPU is the only thing a
 * configuration cannot share.  vCPUs run one at a time on results page and
 * stack slot 0; when KVM's vCPU ids run out the VM is replaced.  Nothing
 * is allocated per configuration: the CPUID table is built once and only
 * KVM's features leaf changes, and KVM_GET_CPUID2 reads into one buffer.
 */
#ifndef PVPROBE_SWEEP_WORKER_H
#define PVPROBE_SWEEP_WORKER_H

#include "check.h"

struct sweep_config {
	uint32_t eax, edx;
	int enforce;
};

struct sweep_worker {
	const struct kvm_sys *kvm;
	struct guest_config base;
	struct host_facts facts;
	struct session s;
	int live;
	int next_id, max_id;
	struct check_report rep;
	uint64_t configs, vms;
	struct kvm_cpuid2 *set;			/* CPUID, this configuration's features */
	struct kvm_cpuid2 *got;			/* what KVM holds (got_room entries) */
	uint32_t got_room;
	struct run_result lanes[PV_NR_LANES];	/* this configuration's hypercall lanes */
	int lane_ran[PV_NR_LANES];		/* lanes with a probe to run here */
	uint32_t lane_skip[PV_NR_LANES];	/* their probes kept out (not_run) */
	const char *not_run[PV_NR_HCALLS];	/* why a hypercall probe is not run */
};

/* 0, or a PV_EXIT_* code with @err. */
int sweep_worker_init(struct sweep_worker *w, const struct kvm_sys *kvm,
		      const struct guest_config *base, char *err, size_t errlen);

/*
 * Run the MSR probes for @c on a fresh vCPU and judge them: the verdicts
 * are in w->rep.  0, or a PV_EXIT_* code with @err (a KVM call failed).
 */
int sweep_worker_run(struct sweep_worker *w, const struct sweep_config *c,
		     char *err, size_t errlen);

void sweep_worker_fini(struct sweep_worker *w);

#endif /* PVPROBE_SWEEP_WORKER_H */
