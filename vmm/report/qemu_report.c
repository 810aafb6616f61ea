// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>

#include "json.h"
#include "ktap.h"
#include "pv_feature.h"
#include "pvprobe_exit.h"
#include "qemu_report.h"

/* "CLOCKSOURCE CLOCKSOURCE2 ..." of the bits of @v in register @reg. */
static const char *names(int reg, uint32_t v, char *buf, size_t len)
{
	size_t n = 0;
	int bit;

	buf[0] = '\0';
	for (bit = 0; bit < 32 && n < len; bit++) {
		const struct pv_feature *f = pv_feature_by_bit(reg, bit);

		if (v & (1u << bit))
			n += snprintf(buf + n, len - n, "%s%s", n ? " " : "", f ? f->name : "?");
	}
	return n ? buf : "-";
}

static void layer_text(FILE *f, const char *name, int ok, uint32_t eax, uint32_t edx, const char *extra)
{
	char a[512], d[128];

	if (!ok) {
		fprintf(f, "  %-14s (not known: %s)\n", name, extra);
		return;
	}
	fprintf(f, "  %-14s eax 0x%08x edx 0x%08x  %s | hints: %s%s%s\n", name, eax, edx,
		names(PV_REG_EAX, eax, a, sizeof(a)), names(PV_REG_EDX, edx, d, sizeof(d)),
		extra[0] ? "  " : "", extra);
}

/* The hypercall rows: how many ran and how they were judged, then each reason a probe did not run. */
static void hcalls_text(const struct qemu_report *rep, FILE *f)
{
	const struct check_report *ck = &rep->check;
	const char *seen[PV_NR_LANES + 1];
	int i, k, nr_seen = 0, run = 0, ok = 0, dev = 0, mis = 0, last_lane = -1;

	if (!rep->kvm_judged)
		return;
	for (i = 0; i < ck->nr_rows; i++) {
		const struct check_row *row = &ck->rows[i];

		if (row->p->kind != PK_HCALL || rep->hc.not_run[row->p->hcall])
			continue;
		run++;
		ok += row->v == V_OK;
		dev += row->v == V_DEVIATION;
		mis += row->v == V_MISMATCH;
	}
	fprintf(f, "  %-14s %d hypercall probes run in %d lanes (%d pages): %d as the model says, "
		"%d known deviations, %d mismatches\n", "", run, rep->hc.nr_lanes, rep->hc_pages, ok, dev, mis);
	for (i = 0; i < ck->nr_rows; i++) {
		const struct check_row *row = &ck->rows[i];
		const char *why;
		int n = 0, j;

		if (row->p->kind != PK_HCALL || !(why = rep->hc.not_run[row->p->hcall]))
			continue;
		for (k = 0; k < nr_seen && seen[k] != why; k++)
			;
		if (k < nr_seen || nr_seen == PV_NR_LANES + 1)
			continue;
		seen[nr_seen++] = why;
		for (j = i; j < ck->nr_rows; j++)
			n += ck->rows[j].p->kind == PK_HCALL && rep->hc.not_run[ck->rows[j].p->hcall] == why;
		fprintf(f, "  %-14s not run, %d probe%s (", "", n, n == 1 ? "" : "s");
		/* Named one by one when few, else by lane. */
		for (j = i, k = 0; j < ck->nr_rows; j++) {
			const struct probe_desc *q = ck->rows[j].p;

			if (q->kind != PK_HCALL || rep->hc.not_run[q->hcall] != why)
				continue;
			if (n <= 3)
				fprintf(f, "%s%s", k++ ? ", " : "", q->name);
			else if (!k || q->lane != last_lane)
				fprintf(f, "%slane %s", k++ ? ", " : "", probe_lane_name(q->lane));
			last_lane = q->lane;
		}
		fprintf(f, "): %s\n", why);
	}
}

/* Microseconds from the INIT to the AP's flag, by the guest's PIT-calibrated TSC; -1 unknown. */
static long long ap_start_us(const struct pvq_smp *s)
{
	return s->tsc_per_ms ? (long long)(s->start_tsc * 1000 / s->tsc_per_ms) : -1;
}

static void smp_text(const struct qemu_report *rep, FILE *f)
{
	const struct qemu_stream *st = &rep->run.st;
	const struct pvq_smp *s = &st->smp;
	unsigned int i;

	if (!st->have_smp) {
		if (rep->hc.nr_cpus > 1)
			fprintf(f, "  %-14s AP did not start: the guest sent no SMP record\n", "second vCPU");
		return;
	}
	fprintf(f, "  %-14s %u CPU%s (APIC IDs", "second vCPU", s->nr_cpus, s->nr_cpus == 1 ? "" : "s");
	for (i = 0; i < s->nr_cpus && i < PVQ_SMP_MAX_CPUS; i++)
		fprintf(f, " %u", s->apic_ids[i]);
	fprintf(f, ", from %s): ", qemu_smp_source(s));
	if (s->status != PVQ_AP_STARTED) {
		fprintf(f, "%s\n", qemu_smp_status(s));
		return;
	}
	fprintf(f, "AP APIC ID %u started by INIT-SIPI-SIPI through %s, its CPUID says APIC ID %u",
		s->ap_apic_id, s->lapic == PVQ_LAPIC_X2APIC ? "x2APIC MSRs" : "xAPIC MMIO", s->ap_cpuid_apic_id);
	if (ap_start_us(s) >= 0)
		fprintf(f, "; %lld us from the INIT (10 ms delay included)", ap_start_us(s));
	fprintf(f, "\n");
}

static void text(const struct qemu_report *rep, FILE *f)
{
	const struct qemu_run *r = &rep->run;
	const struct qemu_claim *c = &r->claim;
	char buf[256];
	int i, ok = 0, dev = 0, mis = 0;

	fprintf(f, "pvprobe qemu: %s\n", r->cmdline);
	fprintf(f, "QEMU ran %.0f ms, %s; result stream %zu bytes%s%s\n", r->elapsed_ms,
		r->end == QEMU_END_DONE ? "finished through isa-debug-exit" :
		r->end == QEMU_END_TIMEOUT ? "killed at the deadline" : "ended otherwise",
		r->stream_len, r->stream_ok ? ", valid" : ": ", r->stream_ok ? "" : r->stream_err);
	if (rep->notes[0])
		fprintf(f, "note: %s\n", rep->notes);
	fprintf(f, "\nCPUID 0x40000001 by layer:\n");
	layer_text(f, "host KVM", rep->host_ok, rep->host_eax, rep->host_edx,
		   rep->host_ok ? "KVM_GET_SUPPORTED_CPUID" : "no /dev/kvm");
	snprintf(buf, sizeof(buf), "model %s, kvm-pv-enforce-cpuid=%s, kvm=%s%s", c->model,
		 c->enforce ? "on" : "off", c->kvm ? "on" : "off", c->hyperv ? ", hv-* on" : "");
	layer_text(f, "QEMU's claim", c->ok, c->eax, c->edx, c->ok ? buf : r->claim_err);
	snprintf(buf, sizeof(buf), "KVM base 0x%08x", rep->guest_base);
	layer_text(f, "guest", rep->guest_ok, rep->guest_eax, rep->guest_edx,
		   rep->guest_ok ? buf : "the guest did not report");
	smp_text(rep, f);
	if (rep->kvm_judged) {
		for (i = 0; i < rep->check.nr_rows; i++) {
			enum verdict v = rep->check.rows[i].v;

			ok += v == V_OK;
			dev += v == V_DEVIATION;
			mis += v == V_MISMATCH;
		}
		fprintf(f, "  %-14s %d probes: %d as the model says, %d known deviations, %d mismatches (enforce %s)\n",
			"KVM under QEMU", rep->check.nr_rows, ok, dev, mis, rep->check.in.enforce ? "on" : "off");
	} else {
		fprintf(f, "  %-14s (not judged: %s)\n", "KVM under QEMU",
			rep->tcg ? "-accel tcg, no KVM" : "no MSR probe page");
	}
	hcalls_text(rep, f);
	fprintf(f, "\nDifferences between adjacent layers:\n");
	for (i = 0; i < rep->nr_diffs; i++)
		fprintf(f, "  %-13s %s %s\n", qemu_layer_pair_name(rep->diffs[i].pair),
			rep->diffs[i].explained ? "  " : "!!", rep->diffs[i].text);
	if (!rep->nr_diffs)
		fprintf(f, "  none\n");
	fprintf(f, "\nverdict: %s\n", rep->why);
	if (r->qemu_err[0] && rep->rc != PV_EXIT_OK)
		fprintf(f, "QEMU said: %s", r->qemu_err);
}

static void json(const struct qemu_report *rep, FILE *f)
{
	const struct qemu_run *r = &rep->run;
	struct json j;
	int i;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_str(&j, "command", r->cmdline);
	json_int(&j, "exit", rep->rc);
	json_str(&j, "verdict", rep->why);
	json_int(&j, "elapsed_ms", (long long)r->elapsed_ms);
	json_bool(&j, "stream_ok", r->stream_ok);
	json_str(&j, "stream_error", r->stream_ok ? NULL : r->stream_err);
	json_obj_begin(&j, "host");
	json_bool(&j, "known", rep->host_ok);
	json_hex32(&j, "eax", rep->host_eax);
	json_hex32(&j, "edx", rep->host_edx);
	json_obj_end(&j);
	json_obj_begin(&j, "qemu");
	json_bool(&j, "known", r->claim.ok);
	json_str(&j, "model", r->claim.model);
	json_hex32(&j, "eax", r->claim.eax);
	json_hex32(&j, "edx", r->claim.edx);
	json_hex32(&j, "filtered_eax", r->claim.filtered_eax);
	json_bool(&j, "kvm_pv_enforce_cpuid", r->claim.enforce);
	json_bool(&j, "kvm", r->claim.kvm);
	json_bool(&j, "hyperv", r->claim.hyperv);
	json_obj_end(&j);
	json_obj_begin(&j, "guest");
	json_bool(&j, "known", rep->guest_ok);
	json_hex32(&j, "kvm_base", rep->guest_base);
	json_hex32(&j, "eax", rep->guest_eax);
	json_hex32(&j, "edx", rep->guest_edx);
	json_obj_end(&j);
	json_obj_begin(&j, "smp");
	json_bool(&j, "known", r->st.have_smp);
	if (r->st.have_smp) {
		const struct pvq_smp *s = &r->st.smp;

		json_int(&j, "cpus", s->nr_cpus);
		json_str(&j, "source", s->source == PVQ_SMP_SRC_MADT ? "madt" :
			 s->source == PVQ_SMP_SRC_FW_CFG ? "fw_cfg" : "none");
		json_arr_begin(&j, "apic_ids");
		for (i = 0; i < (int)s->nr_cpus && i < PVQ_SMP_MAX_CPUS; i++)
			json_int(&j, NULL, s->apic_ids[i]);
		json_arr_end(&j);
		json_bool(&j, "ap_started", s->status == PVQ_AP_STARTED);
		json_str(&j, "ap_status", qemu_smp_status(s));
		json_int(&j, "ap_apic_id", s->ap_apic_id);
		json_int(&j, "ap_cpuid_apic_id", s->ap_cpuid_apic_id);
		json_str(&j, "lapic", s->lapic == PVQ_LAPIC_X2APIC ? "x2apic" : s->lapic ? "xapic" : NULL);
		json_int(&j, "ap_start_us", ap_start_us(s));
	}
	json_obj_end(&j);
	json_arr_begin(&j, "probes");
	for (i = 0; rep->kvm_judged && i < rep->check.nr_rows; i++) {
		const struct check_row *row = &rep->check.rows[i];
		char b[OUTCOME_STR_MAX];

		json_obj_begin(&j, NULL);
		json_str(&j, "probe", row->p->name);
		json_str(&j, "expected", outcome_str(&row->exp.out, b, sizeof(b)));
		json_str(&j, "observed", outcome_str(&row->obs, b, sizeof(b)));
		json_str(&j, "verdict", row->v == V_OK ? "ok" : row->v == V_DEVIATION ? "deviation" : "mismatch");
		if (row->p->kind == PK_HCALL && rep->hc.not_run[row->p->hcall])
			json_str(&j, "not_run", rep->hc.not_run[row->p->hcall]);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_arr_begin(&j, "differences");
	for (i = 0; i < rep->nr_diffs; i++) {
		json_obj_begin(&j, NULL);
		json_str(&j, "layers", qemu_layer_pair_name(rep->diffs[i].pair));
		json_bool(&j, "explained", rep->diffs[i].explained);
		json_str(&j, "text", rep->diffs[i].text);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

/* A hypercall row as a test point: run and judged, or not run with the reason (SKIP). */
static void tap_hcall(struct ktap *t, const struct qemu_report *rep, const struct check_row *row)
{
	const char *why = rep->hc.not_run[row->p->hcall];
	char e[OUTCOME_STR_MAX], o[OUTCOME_STR_MAX];

	/* Kept out because of a known deviation: XFAIL, as in pvprobe check; else SKIP. */
	if (why)
		ktap_result(t, why == rep->hc.hang_why ? KTAP_XFAIL : KTAP_SKIP, row->p->name, "%s", why);
	else if (row->v == V_OK)
		ktap_result(t, KTAP_PASS, row->p->name, "%s (%s)", outcome_str(&row->obs, o, sizeof(o)),
			    row->exp.reason);
	else if (row->v == V_DEVIATION)
		ktap_result(t, KTAP_XFAIL, row->p->name, "%s: %s", outcome_str(&row->obs, o, sizeof(o)),
			    row->dev ? row->dev->reason : "known deviation");
	else
		ktap_result(t, KTAP_FAIL, row->p->name, "expected %s (%s), KVM gave %s",
			    outcome_str(&row->exp.out, e, sizeof(e)), row->exp.reason,
			    outcome_str(&row->obs, o, sizeof(o)));
}

static void tap(const struct qemu_report *rep, FILE *f)
{
	struct ktap t;
	int i, nh = 0;

	for (i = 0; rep->kvm_judged && i < rep->check.nr_rows; i++)
		nh += rep->check.rows[i].p->kind == PK_HCALL;
	ktap_begin(&t, f);
	ktap_plan(&t, 1 + (rep->hc.nr_cpus > 1) + rep->nr_diffs + nh);
	ktap_result(&t, rep->rc == PV_EXIT_OK ? KTAP_PASS : KTAP_FAIL, "qemu.run", "%s", rep->why);
	/* The AP: its start is a fact to report, not a verdict on KVM (its probes say not run). */
	if (rep->hc.nr_cpus > 1) {
		const struct qemu_stream *st = &rep->run.st;

		if (st->have_smp && st->smp.status == PVQ_AP_STARTED)
			ktap_result(&t, KTAP_PASS, "qemu.ap_started", "APIC ID %u, %lld us from the INIT",
				    st->smp.ap_apic_id, ap_start_us(&st->smp));
		else
			ktap_result(&t, KTAP_SKIP, "qemu.ap_started", "%s",
				    st->have_smp ? qemu_smp_status(&st->smp) : "AP did not start: no SMP record");
	}
	for (i = 0; i < rep->nr_diffs; i++) {
		char name[32];

		snprintf(name, sizeof(name), "qemu.difference.%d", i + 1);
		if (rep->diffs[i].explained)
			ktap_result(&t, KTAP_PASS, name, "%s: %s", qemu_layer_pair_name(rep->diffs[i].pair),
				    rep->diffs[i].text);
		else
			ktap_result(&t, KTAP_FAIL, name, "%s: %s", qemu_layer_pair_name(rep->diffs[i].pair),
				    rep->diffs[i].text);
	}
	/* The hypercall probes one by one (the MSR rows are in the differences when they differ). */
	for (i = 0; rep->kvm_judged && i < rep->check.nr_rows; i++)
		if (rep->check.rows[i].p->kind == PK_HCALL)
			tap_hcall(&t, rep, &rep->check.rows[i]);
	ktap_totals(&t, NULL);
}

int qemu_render(const struct qemu_report *rep, enum out_format fmt, FILE *f)
{
	if (fmt == OUT_JSON)
		json(rep, f);
	else if (fmt == OUT_TAP)
		tap(rep, f);
	else
		text(rep, f);
	fflush(f);
	return ferror(f) ? -1 : 0;
}
