// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvprobe_exit.h"
#include "guest_results.h"
#include "sweep_worker.h"

#define SWEEP_MAX_VCPU_ID	1023

static int new_vm(struct sweep_worker *w, char *err, size_t errlen)
{
	int rc;

	if (w->live)
		session_destroy(&w->s);
	w->live = 0;
	/* Its vCPU 0 is never run: every configuration opens its own. */
	rc = session_create(w->kvm, &w->base, &w->s, err, errlen);
	if (rc != PV_EXIT_OK)
		return rc;
	w->live = 1;
	w->next_id = 1;
	w->vms++;
	return PV_EXIT_OK;
}

/*
 * Which hypercall probes a sweep skips, and why: those known to hang on this
 * backend (deviations.c), and those that need a second vCPU or another VM
 * ('pvprobe check' runs them).
 */
static void plan_hypercalls(struct sweep_worker *w)
{
	int lane_of[PV_NR_HCALLS], nth[PV_NR_LANES] = { 0 }, i;

	for (i = 0; i < probe_count; i++) {
		const struct probe_desc *p = &probe_list[i];

		if (p->kind != PK_HCALL)
			continue;
		if (deviation_hangs(w->facts.backend, p))
			w->not_run[p->hcall] = "not run in a sweep: known to hang on this backend (pvprobe check shows it)";
		else if (deviation_no_sweep(w->facts.backend, p))
			w->not_run[p->hcall] = "not run in a sweep: known to leave its vCPU unusable on this backend (pvprobe check shows it)";
		else if (!check_hcall_alone(p->hcall))
			w->not_run[p->hcall] = "not run in a sweep: needs a second vCPU or another VM (pvprobe check runs it)";
	}
	/*
	 * One entry per lane, as pvprobe check makes them (in table order on
	 * one vCPU), not one per probe: on kvm_pvm the RING3 lane's five calls
	 * were five entries.  A probe kept out above is left out of its lane.
	 */
	memset(w->lane_ran, 0, sizeof(w->lane_ran));
	memset(w->lane_skip, 0, sizeof(w->lane_skip));
	for (i = 0; i < PV_NR_HCALLS; i++)
		lane_of[i] = -1;
	for (i = 0; i < probe_count; i++)
		if (probe_list[i].kind == PK_HCALL)
			lane_of[probe_list[i].hcall] = probe_list[i].lane;
	/* Bit k of a lane's mask is its k-th probe in table order (pvprobe_abi.h). */
	for (i = 0; i < PV_NR_HCALLS; i++) {
		int lane = lane_of[i];

		if (lane < 0 || probe_lane_place(lane) != PV_PLACE_MAIN)
			continue;
		if (w->not_run[i])
			w->lane_skip[lane] |= 1u << nth[lane];
		else
			w->lane_ran[lane] = 1;
		nth[lane]++;
	}
}

int sweep_worker_init(struct sweep_worker *w, const struct kvm_sys *kvm,
		      const struct guest_config *base, char *err, size_t errlen)
{
	int max, rc;

	memset(w, 0, sizeof(*w));
	w->kvm = kvm;
	w->base = *base;
	w->base.nr_vcpus = 1;
	host_facts_read(kvm, &w->facts);
	w->rep.facts = w->facts;
	plan_hypercalls(w);
	max = kvm_check_cap(kvm, KVM_CAP_MAX_VCPUS);
	w->max_id = max > 1 && max - 1 < SWEEP_MAX_VCPU_ID ? max - 1 : SWEEP_MAX_VCPU_ID;
	rc = new_vm(w, err, errlen);
	if (rc != PV_EXIT_OK)
		return rc;
	/* The table every configuration shares; sweep_worker_run() sets its features. */
	w->set = cpuid_build(w->s.supported, w->base.eax, w->base.edx, &w->base.layout);
	if (w->set) {
		w->got_room = w->set->nent + 8;
		w->got = calloc(1, sizeof(*w->got) + w->got_room * sizeof(w->got->entries[0]));
	}
	if (!w->got) {
		snprintf(err, errlen, "out of memory");
		sweep_worker_fini(w);
		return PV_EXIT_FAIL;
	}
	return PV_EXIT_OK;
}

void sweep_worker_fini(struct sweep_worker *w)
{
	if (w->live)
		session_destroy(&w->s);
	w->live = 0;
	free(w->set);
	free(w->got);
	w->set = w->got = NULL;
}

int sweep_worker_run(struct sweep_worker *w, const struct sweep_config *c,
		     char *err, size_t errlen)
{
	struct kvm_cpuid_entry2 *e;
	struct model_input in;
	struct run_result res;
	struct vcpu *v;
	uint32_t base;
	int rc = PV_EXIT_FAIL, i;

	if (w->next_id > w->max_id) {
		rc = new_vm(w, err, errlen);
		if (rc != PV_EXIT_OK)
			return rc;
	}
	v = vcpu_open(&w->s.vm, w->next_id++, 0, err, errlen);
	if (!v)
		return PV_EXIT_FAIL;
	/*
	 * What cpuid_build() makes for this configuration, in place: the
	 * table's hypervisor leaves again, with this configuration's features
	 * (the rest of the table is the same for every configuration).
	 */
	layout_apply(w->set, &w->base.layout, c->eax, c->edx);
	if (vcpu_program_cpuid(v, w->set, c->enforce, err, errlen) != VCPU_CPUID_OK) {
		size_t used = strlen(err);

		snprintf(err + used, errlen - used, "%s", kvm_errno_hint(errno));
		goto out;
	}
	if (vcpu_read_cpuid(v, w->got, w->got_room) < 0) {
		snprintf(err, errlen, "KVM_GET_CPUID2: %s", strerror(errno));
		goto out;
	}
	base = layout_kvm_base(w->got);
	e = base ? cpuid_find(w->got, base + 1, 0) : NULL;
	check_model_input(&in, &w->s, e ? e->eax : 0, e ? e->edx : 0, c->enforce, 1, 0,
			  &w->facts);

	/* The VMM's own MSR follows this configuration. */
	w->s.vm.pv_eax = in.eax;
	w->s.vm.enforce = c->enforce;
	w->s.vm.migration_control = 0;
	if (vcpu_setup_entry(v, PV_ENTRY_MSR_PROBES, 0) < 0) {
		snprintf(err, errlen, "setting up vCPU %d: %s", v->id, strerror(errno));
		goto out;
	}
	vcpu_run_guest(v, w->base.timeout_ms, &res);
	w->rep.cfg = w->base;
	w->rep.cfg.eax = c->eax;
	w->rep.cfg.edx = c->edx;
	w->rep.cfg.enforce = c->enforce;
	w->rep.cfg.nr_vcpus = 1;
	/* The hypercall lanes that can run here, one entry each, on the same vCPU. */
	for (i = 0; i < PV_NR_LANES; i++) {
		struct run_result *lr = &w->lanes[i];
		char why[PV_ERR_MAX];

		if (!w->lane_ran[i])
			continue;
		if (vcpu_setup_entry(v, PV_ENTRY_HYPERCALL_LANE,
				     check_lane_arg(&w->rep, i, w->lane_skip[i])) < 0) {
			snprintf(err, errlen, "setting up vCPU %d: %s", v->id, strerror(errno));
			goto out;
		}
		vcpu_run_guest(v, w->base.timeout_ms, lr);
		/* A lane that stopped keeps the records it made before the stop. */
		if (lr->status != RUN_DONE &&
		    guest_results_check(vcpu_results_page(v), (uint32_t)v->slot,
					PV_ENTRY_HYPERCALL_LANE, &lr->results, why, sizeof(why)))
			memset(&lr->results, 0, sizeof(lr->results));
	}
	check_judge_sweep_run(&w->rep, &in, &res, w->lanes, w->lane_ran, w->not_run);
	w->configs++;
	rc = PV_EXIT_OK;
out:
	vcpu_destroy(v);
	return rc;
}
