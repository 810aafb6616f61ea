// SPDX-License-Identifier: GPL-2.0-only
/* pvprobe check's three outputs: a table, JSON, and KTAP for CI. */
#include <string.h>

#include "check_report.h"
#include "json.h"
#include "ktap.h"

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case V_OK: return "ok";
	case V_DEVIATION: return "known deviation";
	case V_INTERRUPTED: return "interrupted";
	default: return "MISMATCH";
	}
}

void check_reproduce(const struct check_report *rep, char *buf, size_t len)
{
	snprintf(buf, len, "pvprobe check --mask 0x%08x --hints 0x%08x%s --vcpus %d%s",
		 rep->cfg.eax, rep->cfg.edx, !rep->cfg.enforce ? " --no-enforce" :
		 rep->cfg.enforce == PV_ENFORCE_FIRST ? " --enforce-first" : "",
		 rep->cfg.nr_vcpus, rep->repro_extra);
}

static void config_line(const struct check_report *rep, FILE *f)
{
	fprintf(f, "Configuration: 0x40000001 eax 0x%08x edx 0x%08x (KVM holds 0x%08x/0x%08x), enforcement %s, %d vCPUs\n",
		rep->cfg.eax, rep->cfg.edx, rep->in.eax, rep->in.edx,
		rep->cfg.enforce ? "on" : "off", rep->cfg.nr_vcpus);
	fprintf(f, "Host: backend %s, %s (%s), clocksource %s, sched_info %s, ignore_msrs %s,\n"
		"      KVM_CAP_EXIT_HYPERCALL %s, MSR filter %s, quirk disabling %s\n",
		rep->facts.backend, rep->facts.vendor, rep->facts.vmcall ? "VMCALL" : "VMMCALL",
		rep->facts.clocksource[0] ? rep->facts.clocksource : "?",
		rep->facts.sched_info ? "on" : "off", rep->facts.ignore_msrs ? "Y" : "N",
		rep->in.exit_hypercall ? "on" : "off", rep->in.user_msr ? "on" : "off",
		rep->in.quirk_off ? "yes" : "no");
}

static void check_print(const struct check_report *rep, FILE *f)
{
	char e[OUTCOME_STR_MAX], o[OUTCOME_STR_MAX], repro[768];
	int i;

	config_line(rep, f);
	fprintf(f, "\n%-38s %-18s %-20s %s\n", "probe", "expected", "observed", "verdict");
	for (i = 0; i < rep->nr_rows; i++) {
		const struct check_row *row = &rep->rows[i];

		fprintf(f, "%-38s %-18s %-20s %s\n", row->p->name,
			outcome_str(&row->exp.out, e, sizeof(e)),
			outcome_str(&row->obs, o, sizeof(o)), verdict_name(row->v));
		if (row->v != V_OK) {
			fprintf(f, "    expected because: %s\n", row->exp.reason);
			if (row->dev)
				fprintf(f, "    known deviation: %s\n", row->dev->reason);
			if (row->detail[0])
				fprintf(f, "    run: %s\n", row->detail);
		}
	}
	fprintf(f, "\n%d probes: %d ok, %d known deviations, %d mismatches (%.0f ms)\n",
		rep->nr_rows, rep->oks, rep->deviations, rep->mismatches, rep->elapsed_ms);
	if (rep->stopped_by[0])
		fprintf(f, "interrupted by %s: %d probes not run, not judged\n", rep->stopped_by,
			rep->interrupted);
	if (rep->mismatches) {
		check_reproduce(rep, repro, sizeof(repro));
		fprintf(f, "reproduce with: %s\n", repro);
	}
}

void check_json_obj(struct json *jp, const char *key, const struct check_report *rep)
{
	char buf[OUTCOME_STR_MAX], repro[768];
	int i;

	json_obj_begin(jp, key);
	json_obj_begin(jp, "config");
	json_hex32(jp, "eax", rep->cfg.eax);
	json_hex32(jp, "edx", rep->cfg.edx);
	json_hex32(jp, "kvm_eax", rep->in.eax);
	json_hex32(jp, "kvm_edx", rep->in.edx);
	json_bool(jp, "enforce", rep->cfg.enforce);
	json_int(jp, "vcpus", rep->cfg.nr_vcpus);
	json_str(jp, "backend", rep->facts.backend);
	json_str(jp, "vendor", rep->facts.vendor);
	json_str(jp, "clocksource", rep->facts.clocksource);
	json_bool(jp, "exit_hypercall", rep->in.exit_hypercall);
	json_bool(jp, "user_msr", rep->in.user_msr);
	json_bool(jp, "quirk_off", rep->in.quirk_off);
	json_obj_end(jp);
	json_arr_begin(jp, "probes");
	for (i = 0; i < rep->nr_rows; i++) {
		const struct check_row *row = &rep->rows[i];

		json_obj_begin(jp, NULL);
		json_str(jp, "probe", row->p->name);
		json_str(jp, "expected", outcome_str(&row->exp.out, buf, sizeof(buf)));
		json_str(jp, "observed", outcome_str(&row->obs, buf, sizeof(buf)));
		json_str(jp, "verdict", verdict_name(row->v));
		json_str(jp, "reason", row->dev ? row->dev->reason : row->exp.reason);
		if (row->detail[0])
			json_str(jp, "detail", row->detail);
		json_obj_end(jp);
	}
	json_arr_end(jp);
	json_int(jp, "mismatches", rep->mismatches);
	json_cpuid_table(jp, "cpuid", rep->set, rep->nr_set);
	json_int(jp, "known_deviations", rep->deviations);
	if (rep->stopped_by[0]) {
		/* Only in a stopped check: the usual output stays as it was. */
		json_str(jp, "interrupted_by", rep->stopped_by);
		json_int(jp, "interrupted", rep->interrupted);
	}
	if (rep->mismatches) {
		check_reproduce(rep, repro, sizeof(repro));
		json_str(jp, "reproduce", repro);
	}
	json_obj_end(jp);
}

static void check_json(const struct check_report *rep, FILE *f)
{
	struct json j;

	json_init(&j, f);
	check_json_obj(&j, NULL, rep);
	json_end(&j);
}

/*
 * KTAP: one test point per probe; known deviations are XFAIL (kselftest),
 * probes not run are SKIP.
 */
static void check_tap(const struct check_report *rep, FILE *f)
{
	/*
	 * A probe not run counts as the pass its verdict is (ok); only a probe
	 * a SIGINT/SIGTERM kept from running counts as a skip.
	 */
	const struct ktap_counts totals = {
		.pass = rep->oks, .fail = rep->mismatches, .xfail = rep->deviations,
		.skip = rep->interrupted,
	};
	char e[OUTCOME_STR_MAX], o[OUTCOME_STR_MAX], repro[768];
	struct ktap t;
	int i;

	ktap_begin(&t, f);
	ktap_plan(&t, rep->nr_rows);
	for (i = 0; i < rep->nr_rows; i++) {
		const struct check_row *row = &rep->rows[i];

		outcome_str(&row->exp.out, e, sizeof(e));
		outcome_str(&row->obs, o, sizeof(o));
		if (row->v == V_INTERRUPTED)
			ktap_result(&t, KTAP_SKIP, row->p->name, "interrupted by %s", rep->stopped_by);
		else if (row->v == V_OK && row->obs.kind == OUT_NOT_RUN)
			ktap_result(&t, KTAP_SKIP, row->p->name, "%s", row->exp.reason);
		else if (row->v == V_OK)
			ktap_result(&t, KTAP_PASS, row->p->name, NULL);
		else if (row->v == V_DEVIATION)
			ktap_result(&t, KTAP_XFAIL, row->p->name, "%s", row->dev->reason);
		else
			ktap_result(&t, KTAP_FAIL, row->p->name, "expected %s, observed %s: %s",
				    e, o, row->exp.reason);
	}
	if (rep->mismatches) {
		check_reproduce(rep, repro, sizeof(repro));
		ktap_diag(&t, "reproduce with: %s", repro);
	}
	if (rep->stopped_by[0])
		ktap_diag(&t, "interrupted by %s: %d probes not run", rep->stopped_by,
			  rep->interrupted);
	ktap_totals(&t, &totals);
}

int check_render(const struct check_report *rep, enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		check_print(rep, f);
		return 0;
	case OUT_JSON:
		check_json(rep, f);
		return 0;
	case OUT_TAP:
		check_tap(rep, f);
		return 0;
	default:
		return -1;
	}
}
