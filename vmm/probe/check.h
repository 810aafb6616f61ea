/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvprobe check: run every probe for one configuration, predict each with
 * the model, and give each a verdict.
 */
#ifndef PVPROBE_CHECK_H
#define PVPROBE_CHECK_H

#include <stdio.h>

#include "deviations.h"
#include "host_facts.h"
#include "model.h"
#include "session.h"

/* Deadline of a probe known to hang on this backend (deviations.c). */
#define PV_HANG_TIMEOUT_MS	50
/*
 * How long a pair's waiting vCPU has to show it woke after its caller is
 * done: up to PV_WAKE_WINDOW_MS when the call says it woke it (it is over
 * as soon as the waiter is), PV_NO_WAKE_WINDOW_MS when not.
 */
#define PV_WAKE_WINDOW_MS	1000
#define PV_NO_WAKE_WINDOW_MS	100

enum verdict {
	V_OK,		/* as documented */
	V_MISMATCH,	/* not as documented, and no known deviation explains it */
	V_DEVIATION,	/* a known deviation of this backend (XFAIL) */
	V_INTERRUPTED,	/* not judged: SIGINT/SIGTERM stopped its run (KTAP SKIP) */
};

struct check_row {
	const struct probe_desc *p;
	struct expectation exp;
	struct outcome obs;
	enum verdict v;
	int interrupted;	/* its run ended as RUN_STOPPED: not run, not judged */
	const struct deviation *dev;
	char detail[600];	/* how the run ended, when that matters */
};

#define CHECK_MAX_ROWS	PV_NR_PROBES

struct check_report {
	struct guest_config cfg;
	struct host_facts facts;
	struct model_input in;
	int nr_rows;
	struct check_row rows[CHECK_MAX_ROWS];
	int mismatches, deviations, oks;
	int interrupted;	/* rows not run because of a SIGINT/SIGTERM */
	char stopped_by[16];	/* "SIGINT", "SIGTERM", or "" */
	double elapsed_ms;
	char repro_extra[512];	/* options to add to the reproduce line */
	int nr_set;		/* the table programmed (for --json and replay) */
	struct kvm_cpuid_entry2 set[256];
};

/* Which probes to run (the rest are left "not run" and not judged). */
#define CHECK_MSRS	(1u << 0)	/* MSR probes and their checks */
#define CHECK_HCALLS	(1u << 1)	/* hypercall probes */
#define CHECK_ALL	(CHECK_MSRS | CHECK_HCALLS)

/* Returns a PV_EXIT_* code for setup problems; the verdicts are in @rep. */
int check_run(const struct kvm_sys *kvm, const struct guest_config *cfg, unsigned int scope,
	      struct check_report *rep, char *err, size_t errlen);

/*
 * Judge one sweep configuration on its own: the MSR rows of @rep observed
 * from the PV_ENTRY_MSR_PROBES run @msr, expected from @in (rep->facts
 * names the backend for known deviations); with @hcalls, also the
 * hypercall rows, @hcalls[h] being probe h's run and @not_run[h] a reason
 * it was not executed (NULL: it was).  A probe not run is reported so.
 */
/*
 * The expectation model's input for a run on session @s: 0x40000001 as KVM
 * holds it, the configuration, what the session's VM has on (user-space
 * MSRs, the hypercall exit), whether a quirk-off VM ran, and the host facts.
 * The one place check and sweep build it.
 */
void check_model_input(struct model_input *in, const struct session *s, uint32_t eax,
		       uint32_t edx, int enforce, int nr_vcpus, int quirk_off,
		       const struct host_facts *facts);
/* A sweep's configuration: as check_judge_lanes(), below, but "in a sweep". */
void check_judge_sweep_run(struct check_report *rep, const struct model_input *in,
			   const struct run_result *msr, const struct run_result *lanes,
			   const int *lane_ran, const char *const *not_run);

/*
 * Judge a run that made its hypercall lanes one after the other on one
 * vCPU (pvprobe qemu: the PVH guest under QEMU): the MSR rows from @msr,
 * lane l's rows from @lanes[l] when @lane_ran[l] (its page as the guest
 * sent it: a run that stopped keeps the records before the stop, the
 * probe it stopped in takes the run's end, the later ones are "not
 * reached"), and every hypercall probe h with @not_run[h] reported as not
 * run with that reason.  The INIT and host probes are not run.
 */
void check_judge_lanes(struct check_report *rep, const struct model_input *in,
		       const struct run_result *msr, const struct run_result *lanes,
		       const int *lane_ran, const char *const *not_run);

/*
 * The WAITER row of lane @lane (KICK: KICK_CPU_WAKES, IPI:
 * SEND_IPI_DELIVERED) from the waiting vCPU's run @waiter: woken (for the
 * IPI lane with exactly one IPI counted) is PV_CHECK_OK, still waiting
 * when stopped PV_CHECK_NOT_WOKEN, anything else
 * the run's failure; @who names the waiter in the detail.  pvprobe check
 * and pvprobe qemu (its AP) judge the waiter alike.  Call check_judge() after.
 */
void check_waiter_row(struct check_report *rep, int lane, const struct run_result *waiter,
		      const char *who);

/*
 * The PV_ENTRY_HYPERCALL_LANE argument of lane @lane (vendor instruction,
 * target 0, as a sweep's probes always had), leaving out the lane's probes
 * in @skip (PV_HC_ARG_SKIP_SHIFT).
 */
uint64_t check_lane_arg(const struct check_report *rep, int lane, uint32_t skip);

/* The PV_ENTRY_HYPERCALL argument of probe @hcall (vendor instruction, target 0). */
uint64_t check_hcall_arg(const struct check_report *rep, int hcall);

/* Can probe @hcall run alone on one vCPU of the main VM? */
int check_hcall_alone(int hcall);

/* Recompute verdicts (e.g. after a test replaced an expectation). */
void check_judge(struct check_report *rep);

#endif /* PVPROBE_CHECK_H */
