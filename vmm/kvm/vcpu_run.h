/* SPDX-License-Identifier: GPL-2.0-only */
/* Running a guest entry to its end, under a deadline, one handler per exit. */
#ifndef PVPROBE_VCPU_RUN_H
#define PVPROBE_VCPU_RUN_H

#include <pthread.h>
#include <stdint.h>

#include "pvprobe_abi.h"
#include "vcpu.h"

enum run_status {
	RUN_DONE = 0,		/* guest rang PV_EV_DONE: results valid */
	RUN_GUEST_FAIL,		/* guest rang PV_EV_FAIL: message valid */
	RUN_EXCEPTION,		/* unexpected guest exception */
	RUN_TIMEOUT,		/* deadline passed: kicked */
	RUN_SHUTDOWN,		/* KVM_EXIT_SHUTDOWN (triple fault) */
	RUN_INTERNAL_ERROR,	/* KVM_EXIT_INTERNAL_ERROR */
	RUN_FAIL_ENTRY,		/* KVM_EXIT_FAIL_ENTRY */
	RUN_PROTOCOL,		/* the guest broke the doorbell/results protocol */
	RUN_UNEXPECTED_EXIT,	/* an exit pvprobe does not expect here */
	RUN_KVM_ERROR,		/* an ioctl failed */
	RUN_STOPPED,		/* SIGINT/SIGTERM: the command is stopping (util/stop.h) */
};

#define RUN_DATA_MAX	16

struct run_result {
	enum run_status status;
	uint32_t exit_reason;	/* of the last exit */
	uint64_t rip;		/* at the stop, when known */
	uint64_t nr_exits;
	uint64_t nr_syncs;	/* PV_EV_SYNC pauses */
	uint64_t nr_user_msrs;	/* MSR exits the VMM handled */
	uint64_t nr_hcall_exits;	/* KVM_EXIT_HYPERCALL */
	char hcall_exit[256];	/* what the last one carried */
	uint32_t suberror;	/* RUN_INTERNAL_ERROR */
	uint32_t ndata;
	uint64_t data[RUN_DATA_MAX];
	struct pv_results results;	/* checked copy of the results page */
	char detail[256];	/* one line saying what happened */
};

/* Run @vcpu (set up with vcpu_setup_entry) until it stops or @timeout_ms. */
void vcpu_run_guest(struct vcpu *vcpu, unsigned int timeout_ms, struct run_result *res);

/*
 * Stop the run of @vcpu in thread @thread before its deadline (it ends as
 * RUN_TIMEOUT, "stopped by the host"): for a waiter whose waker is done.
 */
void vcpu_cancel(struct vcpu *vcpu, pthread_t thread);

const char *run_status_name(enum run_status s);
const char *kvm_exit_name(uint32_t reason);

#endif /* PVPROBE_VCPU_RUN_H */
