// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "guest_view.h"
#include "json.h"
#include "ktap.h"
#include "pv_feature.h"
#include "self_report.h"

const char *self_verdict_name(enum self_verdict v)
{
	switch (v) {
	case SELF_AGREES:
		return "ok";
	case SELF_DIFFERS:
		return "DISAGREES";
	case SELF_UNKNOWN:
		return "unknown";
	}
	return "?";
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static const char *yes(bool b)
{
	return b ? "yes" : "no";
}

static void layer2_text(const struct self_result *r, FILE *f)
{
	const struct self_facts *x = r->facts;
	size_t i;
	int k;

	fprintf(f, "Layer 2: what the VMM gave this guest (%s)\n", x->cpuid_source);
	fprintf(f, "  hypervisor bit (CPUID 1 ECX[31]): %s\n", r->hypervisor_bit ? "set" : "clear");
	fprintf(f, "  CPUID 0x40000000 signature: \"%s\"%s\n", r->leaf0_sig,
		r->hyperv_in_front ? " (Hyper-V in front: KVM is further up)" : "");
	for (k = 0; k < PV_NR_SIGS; k++) {
		if (r->sig_base[k])
			fprintf(f, "  %-45s = 0x%08x\n", guest_view_sig_call(k), r->sig_base[k]);
		else
			fprintf(f, "  %-45s = none\n", guest_view_sig_call(k));
	}
	if (!r->sig_base[PV_SIG_KVM]) {
		fprintf(f, "  no KVM signature: Linux uses no KVM PV feature\n\n");
	} else {
		fprintf(f, "  CPUID 0x%08x: eax 0x%08x (highest leaf)\n  CPUID 0x%08x: eax 0x%08x, edx 0x%08x\n\n",
			r->sig_base[PV_SIG_KVM], r->kvm_max_leaf, r->sig_base[PV_SIG_KVM] + 1,
			r->kvm_eax, r->kvm_edx);
		for (k = 1; k >= 0; k--) {
			fprintf(f, "%s PV features:\n", k ? "Supported" : "Unsupported");
			for (i = 0; i < PV_NR_ROWS; i++) {
				const struct pv_feature *p = &pv_features[i];

				if (p->reg == PV_REG_EAX && !!(r->kvm_eax & (1u << p->bit)) == k)
					fprintf(f, "  - %-36s bit %2d\n", p->canonical, p->bit);
			}
			fputc('\n', f);
		}
		fprintf(f, "Hints (edx):\n");
		for (i = 0; i < PV_NR_ROWS; i++) {
			const struct pv_feature *p = &pv_features[i];

			if (p->reg == PV_REG_EDX)
				fprintf(f, "  - %-36s bit %2d  %s\n", p->canonical, p->bit,
					r->kvm_edx & (1u << p->bit) ? "set" : "clear");
		}
		fputc('\n', f);
	}
	fprintf(f, "Leaves the decisions read: invariant TSC (0x80000007 EDX[8]) %s, MWAIT (CPUID 1 ECX[3]) %s, x2APIC (CPUID 1 ECX[21]) %s\n\n",
		yes(r->invariant_tsc), yes(r->mwait), yes(r->x2apic));
}

static void layer3_text(const struct self_result *r, FILE *f)
{
	const struct self_facts *x = r->facts;
	int d, k;

	fprintf(f, "Layer 3: what the kernel decided\n");
	fprintf(f, "  kernel:      %s (%s); %s\n", or_dash(x->release), x->release_source,
		r->version_note);
	fprintf(f, "  log:         %s%s\n", x->log_note, x->log_truncated ? " [TRUNCATED]" : "");
	fprintf(f, "  cmdline:     %s (%s)\n", or_dash(x->cmdline), x->cmdline_source);
	if (x->online_cpus)
		fprintf(f, "  CPUs:        %d possible (%s), %d online\n", x->nr_cpus, x->cpus_source,
			x->online_cpus);
	else
		fprintf(f, "  CPUs:        %d possible (%s)\n", x->nr_cpus, x->cpus_source);
	if (!strcmp(x->command, "self")) {
		fprintf(f, "  clocksource: %s (available: %s)\n", or_dash(x->clocksource), or_dash(x->clocksources));
		fprintf(f, "  cpuidle:     %s\n", or_dash(x->cpuidle_driver));
	}
	for (k = 0; k < x->nr_modules; k++)
		fprintf(f, "  module:      %s %s%s\n", x->modules[k].file,
			x->modules[k].loaded ? "loaded" : "NOT loaded: ", x->modules[k].why);
	fprintf(f, "  PV MSRs:     %s\n", x->msr_note);
	/* Each MSR per CPU: what the guest wrote (the value KVM holds for it). */
	for (d = 0; x->msr_state == SELF_MSR_READ && d < BM_NR; d++) {
		fprintf(f, "    %-24s", boot_msr_name(d));
		for (k = 0; k < x->msr_cpus && k < 8; k++) {
			if (x->msrs[k].read[d])
				fprintf(f, " %d:0x%llx", x->msr_cpu[k],
					(unsigned long long)x->msrs[k].value[d]);
			else
				fprintf(f, " %d:(%s)", x->msr_cpu[k], strerror(x->msr_errno[k][d]));
		}
		fprintf(f, "%s\n", x->msr_cpus > 8 ? " ..." : "");
	}
	fputc('\n', f);
}

static void self_text(const struct self_result *r, FILE *f)
{
	int d;

	fprintf(f, "pvprobe %s\n\n", r->facts->command);
	layer2_text(r, f);
	layer3_text(r, f);
	fprintf(f, "%-15s %-20s %-20s %-10s %-10s %s\n", "decision", "model", "log", "sysfs", "MSR",
		"verdict");
	for (d = 0; d < LD_NR; d++)
		fprintf(f, "%-15s %-20s %-20s %-10s %-10s %s\n", linux_decision_name(d),
			or_dash(r->model.value[d]), or_dash(r->log.value[d]),
			or_dash(r->sysfs.value[d]), or_dash(r->msr.value[d]),
			self_verdict_name(r->verdict[d]));
	fprintf(f, "\nwhy:\n");
	for (d = 0; d < LD_NR; d++) {
		fprintf(f, "  %s\n", linux_decision_name(d));
		fprintf(f, "    model: %s\n", or_dash(r->model.evidence[d]));
		if (r->log.evidence[d][0])
			fprintf(f, "    log:   %s\n", r->log.evidence[d]);
		if (r->sysfs.evidence[d][0])
			fprintf(f, "    sysfs: %s\n", r->sysfs.evidence[d]);
		if (r->msr.evidence[d][0])
			fprintf(f, "    MSR:   %s\n", r->msr.evidence[d]);
		if (r->verdict[d] == SELF_DIFFERS)
			fprintf(f, "    DISAGREES: %s\n", r->why[d]);
		else if (r->verdict[d] == SELF_UNKNOWN)
			fprintf(f, "    unknown: %s\n", r->why[d]);
	}
	fprintf(f, "\n%d of %d decisions agree, %d unknown, %d disagree\n", r->nr_agree, LD_NR,
		r->nr_unknown, r->nr_differ);
}

static void self_json(const struct self_result *r, FILE *f)
{
	const struct self_facts *x = r->facts;
	struct json j;
	size_t i;
	int d, k;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_str(&j, "command", x->command);
	json_obj_begin(&j, "cpuid");
	json_str(&j, "source", x->cpuid_source);
	json_bool(&j, "hypervisor_bit", r->hypervisor_bit);
	json_str(&j, "leaf_40000000_signature", r->leaf0_sig);
	json_bool(&j, "hyperv_in_front", r->hyperv_in_front);
	json_hex32(&j, "kvm_base", r->sig_base[PV_SIG_KVM]);
	json_hex32(&j, "xen_base", r->sig_base[PV_SIG_XEN]);
	json_hex32(&j, "acrn_base", r->sig_base[PV_SIG_ACRN]);
	json_hex32(&j, "kvm_max_leaf", r->kvm_max_leaf);
	json_hex32(&j, "eax", r->kvm_eax);
	json_hex32(&j, "edx", r->kvm_edx);
	for (k = 1; k >= 0; k--) {
		json_arr_begin(&j, k ? "supported" : "unsupported");
		for (i = 0; i < PV_NR_ROWS; i++)
			if (pv_features[i].reg == PV_REG_EAX &&
			    !!(r->kvm_eax & (1u << pv_features[i].bit)) == k)
				json_str(&j, NULL, pv_features[i].canonical);
		json_arr_end(&j);
	}
	json_arr_begin(&j, "hints");
	for (i = 0; i < PV_NR_ROWS; i++)
		if (pv_features[i].reg == PV_REG_EDX && (r->kvm_edx & (1u << pv_features[i].bit)))
			json_str(&j, NULL, pv_features[i].canonical);
	json_arr_end(&j);
	json_bool(&j, "invariant_tsc", r->invariant_tsc);
	json_bool(&j, "mwait", r->mwait);
	json_bool(&j, "x2apic", r->x2apic);
	json_obj_end(&j);
	json_obj_begin(&j, "kernel");
	json_str(&j, "release", x->release);
	json_str(&j, "release_source", x->release_source);
	json_int(&j, "model_version", r->model_version);
	json_str(&j, "model_note", r->version_note);
	json_str(&j, "log_source", x->log_source);
	json_bool(&j, "log_truncated", x->log_truncated);
	json_str(&j, "log_note", x->log_note);
	json_str(&j, "cmdline", x->cmdline);
	json_str(&j, "cmdline_source", x->cmdline_source);
	json_int(&j, "possible_cpus", x->nr_cpus);
	json_str(&j, "cpus_source", x->cpus_source);
	json_int(&j, "online_cpus", x->online_cpus);
	json_str(&j, "clocksource", x->clocksource[0] ? x->clocksource : NULL);
	json_str(&j, "available_clocksource", x->clocksources[0] ? x->clocksources : NULL);
	json_str(&j, "cpuidle_driver", x->cpuidle_driver[0] ? x->cpuidle_driver : NULL);
	json_str(&j, "msr", x->msr_state == SELF_MSR_READ ? "read" :
		 x->msr_state == SELF_MSR_NOT_TRIED ? "not tried" : "unavailable");
	json_str(&j, "msr_note", x->msr_note);
	if (x->msr_state == SELF_MSR_READ) {
		json_arr_begin(&j, "msrs");
		for (k = 0; k < x->msr_cpus; k++) {
			json_obj_begin(&j, NULL);
			json_int(&j, "cpu", x->msr_cpu[k]);
			for (d = 0; d < BM_NR; d++)
				if (x->msrs[k].read[d])
					json_hex64(&j, boot_msr_name(d), x->msrs[k].value[d]);
			/* why an MSR is missing: EIO is a #GP (KVM refused it) */
			json_obj_begin(&j, "unread");
			for (d = 0; d < BM_NR; d++)
				if (!x->msrs[k].read[d])
					json_str(&j, boot_msr_name(d), strerror(x->msr_errno[k][d]));
			json_obj_end(&j);
			json_obj_end(&j);
		}
		json_arr_end(&j);
	}
	if (x->nr_modules) {
		json_arr_begin(&j, "modules");
		for (k = 0; k < x->nr_modules; k++) {
			json_obj_begin(&j, NULL);
			json_str(&j, "file", x->modules[k].file);
			json_bool(&j, "loaded", x->modules[k].loaded);
			json_str(&j, "why", x->modules[k].why[0] ? x->modules[k].why : NULL);
			json_obj_end(&j);
		}
		json_arr_end(&j);
	}
	json_obj_end(&j);
	json_arr_begin(&j, "decisions");
	for (d = 0; d < LD_NR; d++) {
		json_obj_begin(&j, NULL);
		json_str(&j, "name", linux_decision_name(d));
		json_str(&j, "model", r->model.value[d]);
		json_str(&j, "model_why", r->model.evidence[d]);
		json_str(&j, "log", r->log.value[d][0] ? r->log.value[d] : NULL);
		json_str(&j, "log_line", r->log.evidence[d][0] ? r->log.evidence[d] : NULL);
		json_str(&j, "sysfs", r->sysfs.value[d][0] ? r->sysfs.value[d] : NULL);
		json_str(&j, "sysfs_why", r->sysfs.evidence[d][0] ? r->sysfs.evidence[d] : NULL);
		json_str(&j, "msr", r->msr.value[d][0] ? r->msr.value[d] : NULL);
		json_str(&j, "msr_why", r->msr.evidence[d][0] ? r->msr.evidence[d] : NULL);
		json_str(&j, "verdict", self_verdict_name(r->verdict[d]));
		json_str(&j, "why", r->why[d][0] ? r->why[d] : NULL);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_int(&j, "agree", r->nr_agree);
	json_int(&j, "unknown", r->nr_unknown);
	json_int(&j, "disagree", r->nr_differ);
	json_obj_end(&j);
	json_end(&j);
}

/* KTAP: one test point per decision; unknown is a SKIP with what was missing. */
static void self_tap(const struct self_result *r, FILE *f)
{
	const struct self_facts *x = r->facts;
	struct ktap t;
	int d;

	ktap_begin(&t, f);
	ktap_diag(&t, "pvprobe %s: %s, KVM base 0x%08x eax 0x%08x edx 0x%08x", x->command,
		  or_dash(x->release), r->sig_base[PV_SIG_KVM], r->kvm_eax, r->kvm_edx);
	ktap_diag(&t, "%s", r->version_note);
	ktap_diag(&t, "log: %s", x->log_note);
	if (!r->sig_base[PV_SIG_KVM])
		ktap_diag(&t, "no KVM signature: Linux uses no KVM PV feature");
	ktap_plan(&t, LD_NR);
	for (d = 0; d < LD_NR; d++) {
		const char *n = linux_decision_name(d);

		switch (r->verdict[d]) {
		case SELF_AGREES:
			ktap_result(&t, KTAP_PASS, n, "%s", r->model.value[d]);
			break;
		case SELF_UNKNOWN:
			ktap_result(&t, KTAP_SKIP, n, "unknown: %s", r->why[d]);
			break;
		default:
			ktap_result(&t, KTAP_FAIL, n, "%s", r->why[d]);
			break;
		}
	}
	ktap_totals(&t, NULL);
}

int self_render(const struct self_result *r, enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		self_text(r, f);
		return 0;
	case OUT_JSON:
		self_json(r, f);
		return 0;
	case OUT_TAP:
		self_tap(r, f);
		return 0;
	default:
		return -1;
	}
}
