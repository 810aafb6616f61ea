// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe qemu's hypercall lanes (vmm/qemu/qemu_hcalls.c, the lane frames
 * of vmm/qemu/qemu_stream.c, check_judge_lanes() in vmm/probe/check_run.c):
 * which lanes the PVH guest is asked to run on a backend, derived here from
 * the lane table and the deviations' hang flags, not listed; the reason
 * every probe not run carries; the lane pages put back in lane order, a
 * missing page named; and a lane that stopped judged as pvprobe check
 * judges one (records before the stop kept, the stop, then "not reached").
 */
#include "kselftest_harness.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "deviations.h"
#include "pv_qemu_abi.h"
#include "qemu_hcalls.h"

static int lane_hangs(const char *backend, int lane)
{
	int i;

	for (i = 0; i < probe_count; i++)
		if (probe_list[i].kind == PK_HCALL && probe_list[i].lane == lane &&
		    deviation_hangs(backend, &probe_list[i]))
			return 1;
	return 0;
}

static const struct probe_desc *hcall_probe(int hcall)
{
	int i;

	for (i = 0; i < probe_count; i++)
		if (probe_list[i].kind == PK_HCALL && probe_list[i].hcall == hcall)
			return &probe_list[i];
	return NULL;
}

/* On @backend, lane l runs exactly when nothing in it hangs and it needs no second vCPU or quirk off. */
static void check_plan(struct __test_metadata *_metadata, const char *backend, int vmcall)
{
	static struct qemu_hc_plan p;
	int l, h, n = 0;

	qemu_hc_plan(&p, backend, vmcall, 1);
	for (l = 0; l < PV_NR_LANES; l++) {
		int place = probe_lane_place(l);
		int want = !lane_hangs(backend, l) && place != PV_PLACE_IPI && place != PV_PLACE_NOQUIRK;

		ASSERT_EQ(want, p.lane_ran[l]) TH_LOG("%s lane %s", backend, probe_lane_name(l));
		ASSERT_EQ(want, !!(p.config & (1u << l))) TH_LOG("%s lane %s", backend, probe_lane_name(l));
		n += want;
	}
	ASSERT_EQ(n, p.nr_lanes);
	if (n) {
		ASSERT_EQ(!!vmcall, !!(p.config & PV_HC_ARG_VMCALL));
		ASSERT_EQ(QEMU_HC_TARGET, PV_HC_ARG_TARGET(p.config));
	} else {
		ASSERT_EQ(0, p.config) TH_LOG("no lane: nothing for the guest to read");
	}
	ASSERT_EQ(0, p.config & ~(uint64_t)(PVQ_HC_LANE_MASK | PV_HC_ARG_VMCALL |
					     (0xffull << PV_HC_ARG_TARGET_SHIFT)));
	/* Every probe of a lane not run has a reason; of a lane run, only the waiter. */
	for (h = 0; h < PV_NR_HCALLS; h++) {
		const struct probe_desc *q = hcall_probe(h);

		ASSERT_NE(NULL, q);
		if (!p.lane_ran[q->lane]) {
			ASSERT_NE(NULL, p.not_run[h]) TH_LOG("%s %s", backend, q->name);
		} else if (h == PV_HC_KICK_CPU_WAKES) {
			ASSERT_NE(NULL, strstr(p.not_run[h], "second vCPU"));
		} else {
			ASSERT_EQ(NULL, p.not_run[h]) TH_LOG("%s %s", backend, q->name);
		}
	}
}

TEST(plan_standard_kvm)
{
	static struct qemu_hc_plan p;

	check_plan(_metadata, "kvm_amd", 0);
	check_plan(_metadata, "kvm_intel", 1);
	qemu_hc_plan(&p, "kvm_amd", 0, 1);
	/* On standard KVM nothing hangs: the NR, KICK and NOCAP lanes run; IPI does not. */
	ASSERT_TRUE(p.lane_ran[PV_LANE_NR] && p.lane_ran[PV_LANE_KICK] && p.lane_ran[PV_LANE_NOCAP]);
	ASSERT_FALSE(p.lane_ran[PV_LANE_IPI] || p.lane_ran[PV_LANE_NOQUIRK]);
	ASSERT_NE(NULL, strstr(p.not_run[PV_HC_SEND_IPI], "-smp 1"));
	ASSERT_NE(NULL, strstr(p.not_run[PV_HC_OTHER_INSN_NO_QUIRK], "FIX_HYPERCALL_INSN"));
}

TEST(plan_kvm_pvm)
{
	static struct qemu_hc_plan p;

	check_plan(_metadata, "kvm_pvm", 1);
	qemu_hc_plan(&p, "kvm_pvm", 1, 1);
	/* Its CPL-0 hypercalls never complete; those at CPL 3 do. */
	ASSERT_FALSE(p.lane_ran[PV_LANE_NR]);
	ASSERT_TRUE(p.lane_ran[PV_LANE_RING3]);
	ASSERT_NE(NULL, strstr(p.not_run[PV_HC_KICK_CPU], "kvm_pvm never completes"));
}

TEST(plan_smp_runs_the_pairs_with_the_ap)
{
	static struct qemu_hc_plan p;

	qemu_hc_plan(&p, "kvm_amd", 0, 2);
	/* The guest's AP waits: both pairs run, their waiter rows included. */
	ASSERT_TRUE(p.lane_ran[PV_LANE_KICK] && p.lane_ran[PV_LANE_IPI]);
	ASSERT_TRUE(p.config & (1u << PV_LANE_IPI));
	ASSERT_EQ(NULL, p.not_run[PV_HC_KICK_CPU_WAKES]);
	ASSERT_EQ(NULL, p.not_run[PV_HC_SEND_IPI]);
	ASSERT_EQ(NULL, p.not_run[PV_HC_SEND_IPI_DELIVERED]);
	ASSERT_FALSE(p.lane_ran[PV_LANE_NOQUIRK]);
	/* On kvm_pvm the pairs' CPL-0 calls hang: not run whatever -smp says. */
	qemu_hc_plan(&p, "kvm_pvm", 1, 2);
	ASSERT_FALSE(p.lane_ran[PV_LANE_KICK] || p.lane_ran[PV_LANE_IPI]);
	ASSERT_NE(NULL, strstr(p.not_run[PV_HC_KICK_CPU_WAKES], "kvm_pvm never completes"));
}

TEST(ap_that_did_not_start_makes_the_pairs_not_run)
{
	static struct qemu_hc_plan p;
	static struct qemu_stream st;

	/* Started: nothing changes. */
	qemu_hc_plan(&p, "kvm_amd", 0, 2);
	memset(&st, 0, sizeof(st));
	st.have_smp = 1;
	st.smp.nr_cpus = 2;
	st.smp.status = PVQ_AP_STARTED;
	qemu_hc_smp(&p, &st);
	ASSERT_EQ(NULL, p.not_run[PV_HC_KICK_CPU_WAKES]);
	ASSERT_EQ(NULL, p.not_run[PV_HC_SEND_IPI]);

	/* Not started: the waiter and the IPI lane, with the reason; KICK's calls still run. */
	st.smp.status = PVQ_AP_NOT_STARTED;
	st.smp.source = PVQ_SMP_SRC_MADT;
	qemu_hc_smp(&p, &st);
	ASSERT_NE(NULL, p.not_run[PV_HC_KICK_CPU_WAKES]);
	ASSERT_NE(NULL, strstr(p.not_run[PV_HC_KICK_CPU_WAKES], "AP did not start"));
	ASSERT_NE(NULL, strstr(p.not_run[PV_HC_SEND_IPI], "the ACPI MADT")) TH_LOG("%s", p.not_run[PV_HC_SEND_IPI]);
	ASSERT_NE(NULL, p.not_run[PV_HC_SEND_IPI_DELIVERED]);
	ASSERT_EQ(NULL, p.not_run[PV_HC_KICK_CPU]);
	ASSERT_EQ(NULL, p.not_run[PV_HC_KICK_CPU_WRONG_ID]);

	/* No SMP record at all (the guest stopped before it). */
	qemu_hc_plan(&p, "kvm_amd", 0, 2);
	st.have_smp = 0;
	qemu_hc_smp(&p, &st);
	ASSERT_NE(NULL, strstr(p.not_run[PV_HC_SEND_IPI], "no SMP record"));

	/* -smp 1: the plan's own reasons stay. */
	qemu_hc_plan(&p, "kvm_amd", 0, 1);
	qemu_hc_smp(&p, &st);
	ASSERT_NE(NULL, strstr(p.not_run[PV_HC_SEND_IPI], "-smp 1"));
}

/* A lane page as the guest leaves it, with the probes of @lane before @upto done. */
static void lane_page(struct run_result *r, int lane, int upto, uint64_t value)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->status = RUN_DONE;
	r->results.magic = PV_RESULTS_MAGIC;
	r->results.entry = PV_ENTRY_HYPERCALL_LANE;
	r->results.nr_probes = PV_NR_HCALLS;
	for (i = 0; i < probe_count; i++) {
		const struct probe_desc *q = &probe_list[i];

		if (q->kind == PK_HCALL && q->lane == lane && q->hcall < upto && q->how != PV_HOW_WAITER) {
			r->results.probes[q->hcall].done = 1;
			r->results.probes[q->hcall].value = value;
		}
	}
}

TEST(lanes_in_plan_order_and_a_missing_page)
{
	static struct qemu_hc_plan p;
	static struct qemu_stream st;
	static struct run_result lanes[PV_NR_LANES];
	int l, first = -1, second = -1, third = -1;

	qemu_hc_plan(&p, "kvm_amd", 0, 1);
	for (l = 0; l < PV_NR_LANES; l++) {
		if (!p.lane_ran[l])
			continue;
		if (first < 0)
			first = l;
		else if (second < 0)
			second = l;
		else if (third < 0)
			third = l;
	}
	ASSERT_GE(third, 0);
	memset(&st, 0, sizeof(st));
	lane_page(&st.lanes[0], first, PV_NR_HCALLS, 11);
	lane_page(&st.lanes[1], second, PV_NR_HCALLS, 22);
	st.nr_lanes = 2;
	ASSERT_EQ(2, qemu_hc_lanes(&p, &st, lanes));
	for (l = 0; l < probe_count; l++) {
		const struct probe_desc *q = &probe_list[l];

		if (q->kind == PK_HCALL && q->lane == first && q->how == PV_HOW_CALL) {
			ASSERT_EQ(11, lanes[first].results.probes[q->hcall].value);
		}
		if (q->kind == PK_HCALL && q->lane == second && q->how == PV_HOW_CALL) {
			ASSERT_EQ(22, lanes[second].results.probes[q->hcall].value);
		}
	}
	ASSERT_EQ(RUN_PROTOCOL, lanes[third].status);
	ASSERT_NE(NULL, strstr(lanes[third].detail, probe_lane_name(third)));
	ASSERT_NE(NULL, strstr(lanes[third].detail, "no page"));
}

static const struct check_row *row_of(const struct check_report *rep, int hcall)
{
	int i;

	for (i = 0; i < rep->nr_rows; i++)
		if (rep->rows[i].p->kind == PK_HCALL && rep->rows[i].p->hcall == hcall)
			return &rep->rows[i];
	return NULL;
}

/* The MAP_GPA lane stopped by an exception at its third CALL: two kept, one failed, the rest not reached. */
TEST(judge_a_lane_that_stopped)
{
	static struct check_report rep;
	static struct qemu_hc_plan p;
	static struct run_result msr, lanes[PV_NR_LANES];
	int calls[PV_NR_HCALLS], n = 0, i;
	struct model_input in = { .eax = 0x01007afb, .nr_vcpus = 2 };
	const struct check_row *row;

	for (i = 0; i < probe_count; i++)
		if (probe_list[i].kind == PK_HCALL && probe_list[i].lane == PV_LANE_MAP_GPA)
			calls[n++] = probe_list[i].hcall;
	ASSERT_GE(n, 4);
	qemu_hc_plan(&p, "kvm_amd", 0, 1);
	memset(&rep, 0, sizeof(rep));
	snprintf(rep.facts.backend, sizeof(rep.facts.backend), "kvm_amd");
	msr.status = RUN_DONE;
	memset(lanes, 0, sizeof(lanes));
	for (i = 0; i < PV_NR_LANES; i++)
		lane_page(&lanes[i], i, PV_NR_HCALLS, (uint64_t)-1000);	/* -KVM_ENOSYS */
	lane_page(&lanes[PV_LANE_MAP_GPA], PV_LANE_MAP_GPA, calls[2], (uint64_t)-1000);
	lanes[PV_LANE_MAP_GPA].status = RUN_EXCEPTION;
	snprintf(lanes[PV_LANE_MAP_GPA].detail, sizeof(lanes[0].detail), "unexpected guest exception: vector 13");
	check_judge_lanes(&rep, &in, &msr, lanes, p.lane_ran, p.not_run);

	row = row_of(&rep, calls[0]);
	ASSERT_NE(NULL, row);
	ASSERT_EQ(OUT_RETURN, row->obs.kind);
	ASSERT_EQ(V_OK, row->v) TH_LOG("without the exit capability MAP_GPA_RANGE is -KVM_ENOSYS");
	row = row_of(&rep, calls[2]);
	ASSERT_EQ(OUT_FAILED, row->obs.kind);
	ASSERT_EQ(V_MISMATCH, row->v);
	ASSERT_NE(NULL, strstr(row->detail, "vector 13"));
	row = row_of(&rep, calls[3]);
	ASSERT_NE(NULL, strstr(row->detail, "not reached"));
	/* A probe not run is judged as such, with the plan's reason. */
	row = row_of(&rep, PV_HC_SEND_IPI);
	ASSERT_EQ(OUT_NOT_RUN, row->obs.kind);
	ASSERT_EQ(V_OK, row->v);
	ASSERT_EQ(p.not_run[PV_HC_SEND_IPI], row->exp.reason);
}

TEST_HARNESS_MAIN
