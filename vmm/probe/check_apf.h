/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The async page fault probe (include/pv_probes.h PV_APF_TABLE): one vCPU
 * in a VM of its own, with two pages the VMM holds back (kvm/vm_uffd.h),
 * run beside the main VM's probes.
 */
#ifndef PVPROBE_CHECK_APF_H
#define PVPROBE_CHECK_APF_H

#include <pthread.h>
#include <sys/types.h>

#include "check.h"
#include "vm_uffd.h"

struct check_apf {
	struct session s;
	struct vm_uffd u;
	int have_session, have_uffd, started;
	const char *not_run;		/* the model's reason, or NULL */
	char err[PV_ERR_MAX];		/* why the VM or the userfaultfd could not be had */
	unsigned int timeout_ms;
	struct run_result res;
	pthread_t thread;
	pid_t vcpu_tid;		/* the thread running its vCPU */
	double run_ms;		/* its guest run, wall */
};

/*
 * Start it for @cfg unless the model says it cannot run (model_apf_not_run()
 * on the probe VM's own CPUID, @facts, and whether userfaultfd works).
 */
void check_apf_start(struct check_apf *a, const struct kvm_sys *kvm,
		     const struct guest_config *cfg, const struct host_facts *facts);

/*
 * Wait for it, fill @rep's PK_APF rows, set rep->in.no_userfaultfd, and
 * free the VM.  Call after rep->in is built.
 */
void check_apf_finish(struct check_apf *a, struct check_report *rep);

#endif /* PVPROBE_CHECK_APF_H */
