// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runs the probes of include/pv_probes.h for one configuration:
 *  - the MSR probes on vCPU 0 of the main VM, while every MAIN hypercall
 *    lane runs on a vCPU of its own, each in its own thread, so that
 *    hypercalls that never complete (kvm_pvm) cost one deadline in all;
 *  - the NOCAP and NOQUIRK lanes in VMs of their own;
 *  - the KICK and IPI lanes with one vCPU waiting while another calls.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "check_apf.h"
#include "check_init.h"
#include "check_supported.h"
#include "guest_results.h"
#include "pvprobe_exit.h"
#include "stop.h"
#include "vcpu_stats.h"

/*
 * vCPUs of the main VM, all running at once: 0 the MSR probes, 1-11 one
 * MAIN hypercall lane each, 12/13 and 14/15 the KICK and IPI lanes
 * (caller, waiter).  APIC ID = vCPU index, KVM's default.
 */
#define MAIN_VCPUS	16
#define FIRST_HC_VCPU	1
#define KICK_CALLER	12
#define IPI_CALLER	14

_Static_assert(MAIN_VCPUS <= PV_MAX_VCPUS, "the main VM has more vCPUs than the guest layout");
_Static_assert(FIRST_HC_VCPU + PV_NR_MAIN_LANES <= KICK_CALLER,
	       "vCPU budget: more MAIN hypercall lanes (include/pv_probes.h) than vCPUs 1-11");
_Static_assert(KICK_CALLER + 2 <= IPI_CALLER, "the two pairs overlap");
/* hypercall.SEND_IPI's bitmap has a bit for the APIC ID after its target: none may have it. */
_Static_assert(IPI_CALLER + 2 == MAIN_VCPUS, "the IPI waiter must be the last vCPU");
/*
 * The IPI waiter's APIC ID: 255.  kvm_recalculate_apic_map() starts
 * max_apic_id at 255 ("enough space for any xAPIC ID"), so only a vCPU at
 * 255 is the map's last one, where __pv_send_ipi()'s bound
 * (max_apic_id - min + 1 bits, arch/x86/kvm/lapic.c) is off by one or not.
 */
#define IPI_WAITER_ID	255
_Static_assert(IPI_WAITER_ID == PV_HC_ARG_TARGET((uint64_t)IPI_WAITER_ID << PV_HC_ARG_TARGET_SHIFT),
	       "the waiter's APIC ID fits the hypercall argument's target field");
_Static_assert(PV_NR_PROBES <= CHECK_MAX_ROWS, "a check report has a row for every probe");

struct job {
	struct session *s;
	int vcpu;
	enum pv_entry entry;
	uint64_t arg;
	unsigned int timeout_ms;
	struct run_result res;
	pthread_t thread;
	int started;
	volatile int done;
};

static void *job_thread(void *p)
{
	struct job *j = p;

	session_run_timeout(j->s, j->vcpu, j->entry, j->arg, j->timeout_ms, &j->res);
	__atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void job_join(struct job *j)
{
	if (j->started)
		pthread_join(j->thread, NULL);
	j->started = 0;
}

static void job_start(struct job *j)
{
	j->started = !pthread_create(&j->thread, NULL, job_thread, j);
	if (!j->started)
		job_thread(j);	/* no thread: run it here, still under its deadline */
}


/* Give a started job @ms to finish, then stop it. */
static void job_finish_within(struct job *j, unsigned int ms)
{
	unsigned int waited;

	for (waited = 0; j->started && !__atomic_load_n(&j->done, __ATOMIC_ACQUIRE) &&
			 waited < ms * 10; waited++)
		usleep(100);
	/* Repeat the kick: one may land between two KVM_RUNs (immediate_exit keeps it). */
	for (waited = 0; j->started && !__atomic_load_n(&j->done, __ATOMIC_ACQUIRE) &&
			 waited < 1000; waited++) {
		vcpu_cancel(j->s->vm.vcpus[j->vcpu], j->thread);
		usleep(1000);
	}
	job_join(j);
}

static struct check_row *row_of(struct check_report *rep, const struct probe_desc *p)
{
	int i;

	for (i = 0; i < rep->nr_rows; i++)
		if (rep->rows[i].p == p)
			return &rep->rows[i];
	return NULL;
}

static void set_obs(struct check_row *row, enum outcome_kind k, uint32_t vector,
		    uint64_t value)
{
	row->obs.kind = k;
	row->obs.vector = vector;
	row->obs.value = value;
	row->obs.has_value = k != OUT_FAULT && k != OUT_NOT_RUN;
}

/* A run that did not finish: the row says how it ended. */
static void obs_from_failed_run(struct check_row *row, const struct run_result *res)
{
	if (res->status == RUN_STOPPED) {
		set_obs(row, OUT_NOT_RUN, 0, 0);
		row->interrupted = 1;
	} else if (res->status == RUN_TIMEOUT)
		set_obs(row, OUT_TIMEOUT, 0, res->rip);
	else
		set_obs(row, OUT_FAILED, 0, 0);
	snprintf(row->detail, sizeof(row->detail), "%s", res->detail);
}

static void fill_msr_rows(struct check_report *rep, const struct run_result *res)
{
	int i;

	for (i = 0; i < rep->nr_rows; i++) {
		struct check_row *row = &rep->rows[i];
		const struct probe_desc *p = row->p;
		const struct pv_probe_rec *rec;

		if (!probe_in_msr_run(p))
			continue;
		if (res->status != RUN_DONE) {
			obs_from_failed_run(row, res);
			continue;
		}
		rec = &res->results.probes[probe_slot(p)];
		if (!rec->done)
			set_obs(row, OUT_NOT_RUN, 0, 0);
		else if (rec->fault)
			set_obs(row, OUT_FAULT, PV_FAULT_VECTOR(rec->fault), 0);
		else if (p->kind == PK_CHECK && p->check >= 0)
			set_obs(row, OUT_CHECK, 0, rec->value);
		else
			set_obs(row, OUT_ACCEPT, 0, rec->value);
		/* Writes are judged on accept/#GP only: the value is what the guest wrote. */
		if (row->obs.kind == OUT_ACCEPT &&
		    ((p->kind == PK_MSR && (p->step == PV_PROBE_MSR_STEP_enable ||
					    p->step == PV_PROBE_MSR_STEP_disable)) ||
		     (p->kind == PK_CHECK && p->value >= 0 && p->value_rec == PV_VALUE_WRITE)))
			row->obs.has_value = 0;
	}
}

/* A PV_ENTRY_HYPERCALL run of one probe (side VMs, sweeps). */
static void fill_hcall_row(struct check_row *row, const struct run_result *res)
{
	if (!row)
		return;
	if (res->status == RUN_DONE && !res->results.hc_done && row->p->how == PV_HOW_SEE) {
		set_obs(row, OUT_NOT_RUN, 0, 0);	/* the call it looks at failed */
		return;
	}
	if (res->status != RUN_DONE || !res->results.hc_done) {
		obs_from_failed_run(row, res);
		return;
	}
	if (res->results.hc_fault)
		set_obs(row, OUT_FAULT, PV_FAULT_VECTOR(res->results.hc_fault), 0);
	else
		set_obs(row, row->p->how == PV_HOW_SEE ? OUT_CHECK : OUT_RETURN, 0,
			res->results.hc_ret);
	if (res->nr_hcall_exits)
		snprintf(row->detail, sizeof(row->detail), "%s", res->hcall_exit);
}

/*
 * The rows of lane @lane from its PV_ENTRY_HYPERCALL_LANE run @res on
 * @vcpu.  A run that did not finish still has the records of the probes
 * before the one it stopped in: the page is read (and checked) as it stands.
 */
static void lane_rows(struct check_report *rep, int lane, const struct pv_results *got,
		      const struct run_result *res)
{
	const struct probe_desc *stopped = NULL;
	int i;

	for (i = 0; i < rep->nr_rows; i++) {
		struct check_row *row = &rep->rows[i];
		const struct probe_desc *p = row->p;
		const struct pv_probe_rec *rec = NULL;

		if (p->kind != PK_HCALL || p->lane != lane || p->how == PV_HOW_WAITER)
			continue;
		if (got && (int)got->nr_probes > p->hcall)
			rec = &got->probes[p->hcall];
		if (rec && rec->done) {
			if (rec->fault)
				set_obs(row, OUT_FAULT, PV_FAULT_VECTOR(rec->fault), 0);
			else
				set_obs(row, p->how == PV_HOW_SEE ? OUT_CHECK : OUT_RETURN, 0,
					rec->value);
			if (p->lane == PV_LANE_MAP_GPA && res->nr_hcall_exits)
				snprintf(row->detail, sizeof(row->detail), "lane's last exit: %s",
					 res->hcall_exit);
		} else if (res->status == RUN_DONE) {
			/* A SEE probe whose call failed: nothing to look at. */
			set_obs(row, OUT_NOT_RUN, 0, 0);
		} else if (!stopped) {
			obs_from_failed_run(row, res);
			stopped = p;
		} else {
			obs_from_failed_run(row, res);
			snprintf(row->detail, sizeof(row->detail),
				 "not reached: the lane's run stopped in %s", stopped->name);
		}
	}
}

static void fill_lane_rows(struct check_report *rep, int lane, struct vcpu *vcpu,
			   const struct run_result *res)
{
	const struct pv_results *got = NULL;
	struct pv_results page;
	char err[PV_ERR_MAX];

	if (res->status == RUN_DONE)
		got = &res->results;
	else if (!guest_results_check(vcpu_results_page(vcpu), (uint32_t)vcpu->slot,
				      PV_ENTRY_HYPERCALL_LANE, &page, err, sizeof(err)))
		got = &page;
	lane_rows(rep, lane, got, res);
}

static uint64_t hc_arg(const struct check_report *rep, int index, int target)
{
	uint64_t arg = (uint64_t)index | (uint64_t)target << PV_HC_ARG_TARGET_SHIFT;

	if (rep->facts.vmcall)
		arg |= PV_HC_ARG_VMCALL;
	return arg;
}

static unsigned int hc_timeout(const struct check_report *rep, const struct probe_desc *p)
{
	return deviation_hangs(rep->facts.backend, p) ? PV_HANG_TIMEOUT_MS : rep->cfg.timeout_ms;
}

/* A lane's deadline: short if any of its probes is known to hang here. */
static unsigned int lane_timeout(const struct check_report *rep, int lane)
{
	unsigned int t = rep->cfg.timeout_ms;
	int i;

	for (i = 0; i < probe_count; i++)
		if (probe_list[i].kind == PK_HCALL && probe_list[i].lane == lane &&
		    hc_timeout(rep, &probe_list[i]) < t)
			t = hc_timeout(rep, &probe_list[i]);
	return t;
}

static const struct probe_desc *hcall_probe(int hcall)
{
	int i;

	for (i = 0; i < probe_count; i++)
		if (probe_list[i].kind == PK_HCALL && probe_list[i].hcall == hcall)
			return &probe_list[i];
	return NULL;
}

/*
 * Wait until the ready waiter is asleep inside KVM (kvm_vcpu_block(): its
 * "blocking" statistic @st is 1), bounded by PV_ASLEEP_WAIT_MS, else 1 ms.
 * Only then does the wake-up have to come from the waking call itself: a
 * call made while the waiter is still on its way to HLT, or inside
 * kvm_vcpu_halt()'s polling, is seen there without a kick, so a KVM that
 * sets the IRR but forgets kvm_vcpu_kick() (vmx.c vmx_deliver_interrupt()
 * without APICv) would pass.  On a host with one CPU the waker otherwise
 * tends to run exactly then.  With HLT exits disabled the waiter never
 * blocks, and a backend without the statistic (@st NULL) gets the old 1 ms.
 * @st was opened before the waiter's KVM_RUN: KVM_GET_STATS_FD takes the
 * vCPU mutex (virt/kvm/kvm_main.c kvm_vcpu_ioctl()), reading it does not.
 */
#define PV_ASLEEP_WAIT_MS	100u
static void wait_asleep(const struct vcpu_stat *st)
{
	uint64_t blocking = 0;
	unsigned int i;

	for (i = 0; st && i < PV_ASLEEP_WAIT_MS * 10 && !stop_run_ended(); i++) {
		if (vcpu_stat_read(st, &blocking) || blocking)
			break;
		usleep(100);
	}
	if (!blocking)
		usleep(1000);	/* let it reach HLT; a kick before it is kept (pv_unhalted) */
}

/*
 * Wait (bounded by @max_ms) until the waiting vCPU says it is ready: about
 * to halt, or its x2APIC and IPI handler set up.  An IPI sent before that
 * is lost with the LAPIC still disabled, so the caller must not start
 * early; on a loaded or emulated host (QEMU TCG, one CPU) this can take a
 * while.  Returns 0 when ready.
 */
static int wait_ready(struct vcpu *v, unsigned int max_ms, const struct vcpu_stat *st)
{
	const volatile struct pv_results *page = vcpu_results_page(v);
	unsigned int waited;

	for (waited = 0; !page->ready && !stop_run_ended() && waited < max_ms * 10; waited++)
		usleep(100);
	if (!page->ready)
		return -1;
	wait_asleep(st);
	return 0;
}

void check_waiter_row(struct check_report *rep, int lane, const struct run_result *waiter,
		      const char *who)
{
	struct check_row *row = row_of(rep, hcall_probe(lane == PV_LANE_KICK ? PV_HC_KICK_CPU_WAKES :
							   PV_HC_SEND_IPI_DELIVERED));

	if (!row)
		return;
	if (waiter->status == RUN_DONE && waiter->results.woken)
		set_obs(row, OUT_CHECK, 0,
			lane == PV_LANE_IPI && waiter->results.ipi_count != 1 ?
			PV_CHECK_WRONG_COUNT : PV_CHECK_OK);
	else if (waiter->status == RUN_TIMEOUT)
		set_obs(row, OUT_CHECK, 0, PV_CHECK_NOT_WOKEN);
	else
		obs_from_failed_run(row, waiter);
	if (waiter->status != RUN_DONE || row->obs.value != PV_CHECK_OK)
		snprintf(row->detail, sizeof(row->detail), "%s: %s (IPIs counted: %u)",
			 who, waiter->detail, waiter->results.ipi_count);
}

/* vCPU @caller + 1 waits (@wait_entry); vCPU @caller runs lane @lane at it. */
struct pair {
	struct check_report *rep;
	struct session *s;
	int lane, done_hcall, caller;
	enum pv_entry wait_entry;
	pthread_t thread;
	int started;
};

/* Every CALL/SEE row of lane @lane ends as run @res did (the waiter never got ready). */
static void lane_rows_failed(struct check_report *rep, int lane, const struct run_result *res,
			     int waiter)
{
	int i;

	for (i = 0; i < rep->nr_rows; i++) {
		struct check_row *row = &rep->rows[i];

		if (row->p->kind != PK_HCALL || row->p->lane != lane)
			continue;
		obs_from_failed_run(row, res);
		if (row->interrupted)
			continue;
		snprintf(row->detail, sizeof(row->detail),
			 "the waiting vCPU %d never became ready: %s", waiter, res->detail);
	}
}

/* Did the pair's waking call (KICK_CPU, SEND_IPI) return success? */
static int call_woke(struct check_report *rep, const struct pair *pr)
{
	int hcall = pr->lane == PV_LANE_KICK ? PV_HC_KICK_CPU : PV_HC_SEND_IPI;
	const struct check_row *row = row_of(rep, hcall_probe(hcall));

	if (!row || row->obs.kind != OUT_RETURN)
		return 0;
	return hcall == PV_HC_KICK_CPU ? row->obs.value == 0 : (int64_t)row->obs.value > 0;
}

static void *pair_thread(void *arg)
{
	struct pair *pr = arg;
	struct check_report *rep = pr->rep;
	struct check_row *done_row = row_of(rep, hcall_probe(pr->done_hcall));
	struct job waiter = { .s = pr->s, .vcpu = pr->caller + 1, .entry = pr->wait_entry };
	struct job caller = { .s = pr->s, .vcpu = pr->caller, .entry = PV_ENTRY_HYPERCALL_LANE };
	struct vcpu_stat asleep;
	char who[32];
	int rc;

	caller.arg = hc_arg(rep, pr->lane, pr->s->vm.vcpus[waiter.vcpu]->id);
	caller.timeout_ms = lane_timeout(rep, pr->lane);
	/* Its own deadline covers getting ready, the call, and waking. */
	waiter.timeout_ms = rep->cfg.timeout_ms + caller.timeout_ms + PV_WAKE_WINDOW_MS;
	if (vcpu_stat_open(pr->s->vm.vcpus[waiter.vcpu], "blocking", &asleep))
		asleep.fd = -1;
	job_start(&waiter);
	rc = wait_ready(pr->s->vm.vcpus[waiter.vcpu], waiter.timeout_ms,
			asleep.fd >= 0 ? &asleep : NULL);
	vcpu_stat_close(&asleep);
	if (rc) {
		/* Never ready: nothing to call at; say so rather than guess. */
		job_finish_within(&waiter, 0);
		lane_rows_failed(rep, pr->lane, &waiter.res, waiter.vcpu);
		return NULL;
	}
	session_run_timeout(pr->s, caller.vcpu, caller.entry, caller.arg, caller.timeout_ms,
			    &caller.res);
	fill_lane_rows(rep, pr->lane, pr->s->vm.vcpus[caller.vcpu], &caller.res);
	/*
	 * The waker is done.  If its call said it woke the waiter, wait for
	 * that (bounded by PV_WAKE_WINDOW_MS: on a loaded or emulated host the
	 * waiter's thread may take a while to run); if not, give a wrong
	 * wake-up PV_NO_WAKE_WINDOW_MS to show.
	 */
	job_finish_within(&waiter, call_woke(rep, pr) ? PV_WAKE_WINDOW_MS : PV_NO_WAKE_WINDOW_MS);

	if (pr->lane == PV_LANE_KICK && (rep->cfg.disable_exits & KVM_X86_DISABLE_EXITS_HLT)) {
		/* Any VM exit ends the waiter's HLT: staying asleep shows nothing either. */
		struct check_row *no_wake = row_of(rep, hcall_probe(PV_HC_KICK_CPU_WRONG_ID_NO_WAKE));

		if (no_wake) {
			set_obs(no_wake, OUT_NOT_RUN, 0, 0);
			snprintf(no_wake->detail, sizeof(no_wake->detail),
				 "HLT exits disabled: the waiting vCPU's HLT ends at any VM exit");
		}
	}
	if (!done_row)
		return NULL;
	if (pr->done_hcall == PV_HC_KICK_CPU_WAKES &&
	    (rep->cfg.disable_exits & KVM_X86_DISABLE_EXITS_HLT)) {
		/* Seen on kvm-amd: "woken" without a kick (see the model). */
		set_obs(done_row, OUT_NOT_RUN, 0, 0);
		snprintf(done_row->detail, sizeof(done_row->detail),
			 "HLT exits disabled: the waiting vCPU's HLT ends at any VM exit");
		return NULL;
	}
	snprintf(who, sizeof(who), "vCPU %d", waiter.vcpu);
	check_waiter_row(rep, pr->lane, &waiter.res, who);
	return NULL;
}

static void pair_start(struct pair *pr)
{
	pr->started = !pthread_create(&pr->thread, NULL, pair_thread, pr);
	if (!pr->started)
		pair_thread(pr);
}

static void pair_join(struct pair *pr)
{
	if (pr->started)
		pthread_join(pr->thread, NULL);
	pr->started = 0;
}

/* A one-probe VM of its own (no exit capability, or no quirk). */
struct side_vm {
	struct session s;
	int rc;
	char err[PV_ERR_MAX];
	struct job job;
};

static void side_vm_start(struct check_report *rep, const struct kvm_sys *kvm,
			  struct side_vm *side, int hcall, int exit_hc, int no_quirk)
{
	struct guest_config cfg = rep->cfg;
	const struct probe_desc *p = hcall_probe(hcall);

	cfg.nr_vcpus = 1;
	cfg.exit_hypercall = exit_hc;
	cfg.no_fix_hypercall_quirk = no_quirk;
	side->rc = session_create(kvm, &cfg, &side->s, side->err, sizeof(side->err));
	if (side->rc != PV_EXIT_OK)
		return;
	side->job = (struct job){ .s = &side->s, .vcpu = 0, .entry = PV_ENTRY_HYPERCALL,
				  .arg = hc_arg(rep, hcall, 0), .timeout_ms = hc_timeout(rep, p) };
	job_start(&side->job);
}

static void side_vm_finish(struct check_report *rep, struct side_vm *side, int hcall)
{
	struct check_row *row = row_of(rep, hcall_probe(hcall));

	if (side->rc != PV_EXIT_OK) {
		if (row) {
			set_obs(row, OUT_NOT_RUN, 0, 0);
			snprintf(row->detail, sizeof(row->detail), "%s", side->err);
		}
		return;
	}
	job_join(&side->job);
	fill_hcall_row(row, &side->job.res);
	session_destroy(&side->s);
}

static void prepare_rows(struct check_report *rep, unsigned int scope)
{
	int i;

	rep->nr_rows = 0;
	for (i = 0; i < probe_count && rep->nr_rows < CHECK_MAX_ROWS; i++) {
		int hc = probe_list[i].kind == PK_HCALL;

		if (!(scope & (hc ? CHECK_HCALLS : CHECK_MSRS)))
			continue;
		memset(&rep->rows[rep->nr_rows], 0, sizeof(rep->rows[0]));
		rep->rows[rep->nr_rows].p = &probe_list[i];
		rep->rows[rep->nr_rows++].obs.kind = OUT_NOT_RUN;
	}
}

uint64_t check_hcall_arg(const struct check_report *rep, int hcall)
{
	return hc_arg(rep, hcall, 0);
}

uint64_t check_lane_arg(const struct check_report *rep, int lane, uint32_t skip)
{
	return hc_arg(rep, lane, 0) | (uint64_t)skip << PV_HC_ARG_SKIP_SHIFT;
}

/* The hypercall probes a sweep can run on their own, one vCPU each: the MAIN lanes'. */
int check_hcall_alone(int hcall)
{
	const struct probe_desc *p = hcall_probe(hcall);

	return p && probe_lane_place(p->lane) == PV_PLACE_MAIN && p->how != PV_HOW_WAITER;
}

void check_model_input(struct model_input *in, const struct session *s, uint32_t eax,
		       uint32_t edx, int enforce, int nr_vcpus, int quirk_off,
		       const struct host_facts *facts)
{
	memset(in, 0, sizeof(*in));
	in->eax = eax;
	in->edx = edx;
	in->enforce = enforce;
	in->nr_vcpus = nr_vcpus;
	in->user_msr = s->vm.user_msr;
	in->exit_hypercall = s->exit_hypercall;
	in->quirk_off = quirk_off;
	in->hlt_in_guest = !!(s->cfg.disable_exits & KVM_X86_DISABLE_EXITS_HLT);
	in->sched_info = facts->sched_info;
	in->tsc_clocksource = facts->tsc_clocksource;
	in->ignore_msrs = facts->ignore_msrs;
	in->apicv = facts->apicv;
	in->host_kernel = facts->host_kernel;
}

/*
 * The MSR rows from @msr, lane l's rows from @lanes[l] where @lane_ran[l],
 * every hypercall probe h with @not_run[h] not run with that reason, and
 * the INIT and host probes not run (@init_why), then judged.
 */
static void judge_lanes(struct check_report *rep, const struct model_input *in,
			const struct run_result *msr, const struct run_result *lanes,
			const int *lane_ran, const char *const *not_run, const char *init_why)
{
	int i, l;

	rep->in = *in;
	prepare_rows(rep, CHECK_ALL);
	fill_msr_rows(rep, msr);
	for (l = 0; l < PV_NR_LANES; l++)
		if (lane_ran[l])
			lane_rows(rep, l, lanes[l].results.magic ? &lanes[l].results : NULL, &lanes[l]);
	for (i = 0; i < rep->nr_rows; i++) {
		struct check_row *row = &rep->rows[i];

		model_expect(&rep->in, row->p, &row->exp);
		if (row->p->kind == PK_APF) {
			/* Not executed here, and said why: not a verdict on KVM. */
			row->exp.out = (struct outcome){ .kind = OUT_NOT_RUN };
			row->exp.reason = "not run here: the async PF probe needs pvprobe check's VM "
					  "with held-back pages";
			set_obs(row, OUT_NOT_RUN, 0, 0);
			continue;
		}
		if (row->p->kind == PK_INIT || row->p->kind == PK_HOST) {
			row->exp.out = (struct outcome){ .kind = OUT_NOT_RUN };
			row->exp.reason = init_why;
			set_obs(row, OUT_NOT_RUN, 0, 0);
			continue;
		}
		if (row->p->kind == PK_HCALL && not_run[row->p->hcall]) {
			/* Not executed here, and said why: not a verdict on KVM. */
			row->exp.out = (struct outcome){ .kind = OUT_NOT_RUN };
			row->exp.reason = not_run[row->p->hcall];
			set_obs(row, OUT_NOT_RUN, 0, 0);
		}
	}
	check_judge(rep);
}

void check_judge_sweep_run(struct check_report *rep, const struct model_input *in,
			   const struct run_result *msr, const struct run_result *lanes,
			   const int *lane_ran, const char *const *not_run)
{
	judge_lanes(rep, in, msr, lanes, lane_ran, not_run,
		    "not run in a sweep: the INIT and host probes are pvprobe check's");
}

void check_judge_lanes(struct check_report *rep, const struct model_input *in,
		       const struct run_result *msr, const struct run_result *lanes,
		       const int *lane_ran, const char *const *not_run)
{
	judge_lanes(rep, in, msr, lanes, lane_ran, not_run,
		    "not run here: the INIT and host probes are pvprobe check's");
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int check_run(const struct kvm_sys *kvm, const struct guest_config *cfg, unsigned int scope,
	      struct check_report *rep, char *err, size_t errlen)
{
	struct session s;
	struct job ljobs[PV_NR_MAIN_LANES], msr_job;
	int lanes[PV_NR_MAIN_LANES];
	struct pair kick = { .rep = rep, .s = &s, .lane = PV_LANE_KICK,
			     .done_hcall = PV_HC_KICK_CPU_WAKES, .caller = KICK_CALLER,
			     .wait_entry = PV_ENTRY_HALT_WAIT };
	struct pair ipi = { .rep = rep, .s = &s, .lane = PV_LANE_IPI,
			    .done_hcall = PV_HC_SEND_IPI_DELIVERED, .caller = IPI_CALLER,
			    .wait_entry = PV_ENTRY_IPI_WAIT };
	struct side_vm nocap, noquirk;
	struct check_apf apf;
	struct guest_config main_cfg = *cfg;
	int i, rc, nj = 0;
	double t0 = now_ms();

	memset(rep, 0, sizeof(*rep));
	rep->cfg = *cfg;
	host_facts_read(kvm, &rep->facts);
	prepare_rows(rep, scope);

	/* The main VM has vCPUs for every concurrent probe; --vcpus says how many pair up. */
	main_cfg.nr_vcpus = MAIN_VCPUS;
	main_cfg.last_vcpu_id = IPI_WAITER_ID;
	rc = session_create(kvm, &main_cfg, &s, err, errlen);
	if (rc != PV_EXIT_OK)
		return rc;
	rep->nr_set = s.set->nent < 256 ? (int)s.set->nent : 256;
	memcpy(rep->set, s.set->entries, rep->nr_set * sizeof(rep->set[0]));

	memset(&nocap, 0, sizeof(nocap));
	memset(&noquirk, 0, sizeof(noquirk));
	nocap.rc = noquirk.rc = -1;
	if (scope & CHECK_HCALLS) {
		side_vm_start(rep, kvm, &nocap, PV_HC_MAP_GPA_NO_EXIT_CAP, 0, 0);
		side_vm_start(rep, kvm, &noquirk, PV_HC_OTHER_INSN_NO_QUIRK, cfg->exit_hypercall, 1);
	}

	if (scope & CHECK_MSRS)
		check_apf_start(&apf, kvm, cfg, &rep->facts);

	msr_job = (struct job){ .s = &s, .vcpu = 0, .entry = PV_ENTRY_MSR_PROBES,
				.timeout_ms = cfg->timeout_ms };
	if (scope & CHECK_MSRS)
		job_start(&msr_job);
	for (i = 0; i < PV_NR_LANES && (scope & CHECK_HCALLS); i++) {
		if (probe_lane_place(i) != PV_PLACE_MAIN)
			continue;
		lanes[nj] = i;
		ljobs[nj] = (struct job){ .s = &s, .vcpu = FIRST_HC_VCPU + nj,
					  .entry = PV_ENTRY_HYPERCALL_LANE,
					  .arg = hc_arg(rep, i, KICK_CALLER + 1),
					  .timeout_ms = lane_timeout(rep, i) };
		job_start(&ljobs[nj++]);
	}
	if (cfg->nr_vcpus >= 2 && (scope & CHECK_HCALLS)) {
		pair_start(&kick);
		pair_start(&ipi);
	}
	if (scope & CHECK_MSRS) {
		job_join(&msr_job);
		fill_msr_rows(rep, &msr_job.res);
	}
	for (i = 0; i < nj; i++) {
		job_join(&ljobs[i]);
		fill_lane_rows(rep, lanes[i], s.vm.vcpus[ljobs[i].vcpu], &ljobs[i].res);
	}
	pair_join(&kick);
	pair_join(&ipi);
	if (scope & CHECK_HCALLS) {
		side_vm_finish(rep, &nocap, PV_HC_MAP_GPA_NO_EXIT_CAP);
		side_vm_finish(rep, &noquirk, PV_HC_OTHER_INSN_NO_QUIRK);
	}

	/* Last: the INIT leaves vCPU 0 in real mode. */
	if (scope & CHECK_MSRS) {
		check_init_probes(rep, s.vm.vcpus[0]);
		check_supported_probes(rep, s.supported);
	}
	check_model_input(&rep->in, &s, s.kvm_eax, s.kvm_edx, cfg->enforce, cfg->nr_vcpus,
			  noquirk.rc == PV_EXIT_OK, &rep->facts);
	session_destroy(&s);
	if (scope & CHECK_MSRS)
		check_apf_finish(&apf, rep);

	for (i = 0; i < rep->nr_rows; i++)
		model_expect(&rep->in, rep->rows[i].p, &rep->rows[i].exp);
	check_judge(rep);
	snprintf(rep->stopped_by, sizeof(rep->stopped_by), "%s", stop_signal_name());
	rep->elapsed_ms = now_ms() - t0;
	return PV_EXIT_OK;
}

void check_judge(struct check_report *rep)
{
	int i;

	rep->mismatches = rep->deviations = rep->oks = rep->interrupted = 0;
	for (i = 0; i < rep->nr_rows; i++) {
		struct check_row *row = &rep->rows[i];

		row->dev = NULL;
		if (row->interrupted) {
			row->v = V_INTERRUPTED;
			rep->interrupted++;
			continue;
		}
		if (outcome_matches(&row->exp.out, &row->obs)) {
			row->v = V_OK;
			rep->oks++;
			continue;
		}
		row->dev = deviation_find(rep->facts.backend, row->p, &row->obs);
		row->v = row->dev ? V_DEVIATION : V_MISMATCH;
		if (row->dev)
			rep->deviations++;
		else
			rep->mismatches++;
	}
}
