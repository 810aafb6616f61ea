// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe qemu --kernel's output: QEMU's claim beside what the booted
 * Linux saw (its own self-report) and decided (its console and the
 * self-report), each decision judged against the model fed with QEMU's
 * claim.
 */
#include <stdio.h>

#include "boot_report.h"
#include "json.h"
#include "ktap.h"
#include "pv_feature.h"
#include "pvprobe_exit.h"
#include "qemu_report.h"

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* Unseen is "unknown" here: no MSR view under QEMU (qemu_linux.c). */
static const char *verdict_name(const struct qemu_linux_report *rep, int d)
{
	if (!rep->model_ok)
		return "-";
	return rep->verdict[d] == BOOT_UNSEEN ? "unknown" : boot_verdict_name(rep->verdict[d]);
}

static const char *self_cell(const struct qemu_linux_report *rep, int d)
{
	return rep->self_ok ? or_dash(rep->self.seen.value[d]) : "not reached";
}

static const char *end_name(const struct qemu_linux_run *lr)
{
	if (lr->guest_error)
		return "QEMU stopped the guest (KVM internal error), killed";
	switch (lr->run.end) {
	case QEMU_END_TIMEOUT:
		return "killed at the deadline";
	case QEMU_END_SIGNAL:
		return "QEMU died of a signal";
	default:
		return lr->run.exit_status ? "QEMU exited with an error" : "the guest powered off";
	}
}

/* "kvm-steal-time=off ..." for the KVM bits of @eax that are clear. */
static void off_bits(uint32_t eax, char *buf, size_t len)
{
	size_t n = 0;
	int bit;

	buf[0] = '\0';
	for (bit = 0; bit < 32 && n < len; bit++) {
		const struct pv_feature *f = pv_feature_by_bit(PV_REG_EAX, bit);

		if (f && f->qemu && !(eax & (1u << bit)))
			n += snprintf(buf + n, len - n, "%s%s", n ? " " : "", f->name);
	}
}

static void text(const struct qemu_linux_report *rep, FILE *f)
{
	const struct qemu_linux_run *lr = &rep->lr;
	const struct qemu_claim *c = &lr->run.claim;
	char off[512];
	int d, agree = 0, nr = 0;

	fprintf(f, "pvprobe qemu --kernel: %s\n", lr->run.cmdline);
	fprintf(f, "QEMU ran %.1f s: %s; console %zu bytes, port 0xe9 %zu bytes\n",
		lr->run.elapsed_ms / 1000, end_name(lr), lr->console_len, lr->frames_len);
	if (rep->notes[0])
		fprintf(f, "note: %s\n", rep->notes);
	fprintf(f, "reached:  %s\n", or_dash(rep->reached));
	if (c->ok) {
		off_bits(c->eax, off, sizeof(off));
		fprintf(f, "QEMU:     %s, kvm=%s, kvm-pv-enforce-cpuid=%s%s: eax 0x%08x edx 0x%08x (off: %s)\n",
			c->model, c->kvm ? "on" : "off", c->enforce ? "on" : "off",
			c->hyperv ? ", hv-* on" : "", c->eax, c->edx, or_dash(off));
	} else {
		fprintf(f, "QEMU:     claim not read: %s\n", lr->run.claim_err);
	}
	if (rep->self_ok) {
		off_bits(rep->self.eax, off, sizeof(off));
		fprintf(f, "guest:    Linux %s, KVM base 0x%08x eax 0x%08x edx 0x%08x (off: %s), %d CPUs, clocksource %s, log from %s; its own verdicts: %d ok, %d unknown, %d DISAGREES\n",
			rep->self.release, rep->self.kvm_base, rep->self.eax, rep->self.edx,
			rep->self.kvm_base ? or_dash(off) : "no KVM signature", rep->self.possible_cpus,
			or_dash(rep->self.clocksource), or_dash(rep->self.log_source),
			rep->self.nr_agree, rep->self.nr_unknown, rep->self.nr_differ);
	} else {
		fprintf(f, "guest:    not reached: %s\n", rep->self_note);
	}
	fprintf(f, "model:    from %s\n", rep->model_ok ? rep->model_source : "nothing (no claim, no self-report)");
	fprintf(f, "cmdline:  %s\n", rep->append);
	for (d = 0; d < rep->nr_diffs; d++)
		fprintf(f, "%s: %s\n", rep->diffs[d].explained ? "explained" : "DIFFERENCE",
			rep->diffs[d].text);
	fprintf(f, "\n%-15s %-20s %-20s %-20s %s\n", "decision", "model", "log", "self", "verdict");
	for (d = 0; d < LD_NR; d++) {
		fprintf(f, "%-15s %-20s %-20s %-20s %s\n", linux_decision_name(d),
			or_dash(rep->model.value[d]), or_dash(rep->log.value[d]), self_cell(rep, d),
			verdict_name(rep, d));
		agree += rep->model_ok && rep->verdict[d] == BOOT_AGREES;
		nr += rep->model_ok && rep->verdict[d] == BOOT_NOT_REACHED;
	}
	fprintf(f, "\nwhy:\n");
	for (d = 0; d < LD_NR; d++) {
		fprintf(f, "  %s\n", linux_decision_name(d));
		fprintf(f, "    model: %s\n", or_dash(rep->model.evidence[d]));
		if (rep->log.evidence[d][0])
			fprintf(f, "    log:   %s\n", rep->log.evidence[d]);
		if (rep->self_ok && rep->self.seen.evidence[d][0])
			fprintf(f, "    self:  %s\n", rep->self.seen.evidence[d]);
	}
	fprintf(f, "\n%d of %d decisions agree, %d not reached, %d mismatches, %d unexplained differences\n",
		agree, LD_NR, nr, rep->nr_mismatches, rep->unexplained);
}

static void json(const struct qemu_linux_report *rep, FILE *f)
{
	const struct qemu_linux_run *lr = &rep->lr;
	const struct qemu_claim *c = &lr->run.claim;
	struct json j;
	int d;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_str(&j, "command", "qemu --kernel");
	json_str(&j, "kernel", rep->kernel);
	json_str(&j, "qemu_cmdline", lr->run.cmdline);
	json_str(&j, "cmdline", rep->append);
	json_str(&j, "notes", rep->notes[0] ? rep->notes : NULL);
	json_obj_begin(&j, "run");
	json_str(&j, "end", end_name(lr));
	json_int(&j, "elapsed_ms", (long long)lr->run.elapsed_ms);
	json_int(&j, "console_bytes", (long long)lr->console_len);
	json_int(&j, "port_e9_bytes", (long long)lr->frames_len);
	json_str(&j, "reached", rep->reached);
	json_str(&j, "qemu_stderr", lr->run.qemu_err[0] ? lr->run.qemu_err : NULL);
	json_obj_end(&j);
	json_obj_begin(&j, "claim");
	json_bool(&j, "ok", c->ok);
	if (c->ok) {
		json_str(&j, "model", c->model);
		json_hex32(&j, "eax", c->eax);
		json_hex32(&j, "edx", c->edx);
		json_hex32(&j, "filtered_eax", c->filtered_eax);
		json_bool(&j, "enforce", c->enforce);
		json_bool(&j, "kvm", c->kvm);
		json_bool(&j, "hyperv", c->hyperv);
	} else {
		json_str(&j, "error", lr->run.claim_err);
	}
	json_obj_end(&j);
	json_obj_begin(&j, "guest");
	json_bool(&j, "ok", rep->self_ok);
	if (rep->self_ok) {
		json_str(&j, "release", rep->self.release);
		json_hex32(&j, "kvm_base", rep->self.kvm_base);
		json_hex32(&j, "eax", rep->self.eax);
		json_hex32(&j, "edx", rep->self.edx);
		json_int(&j, "possible_cpus", rep->self.possible_cpus);
		json_str(&j, "clocksource", rep->self.clocksource);
		json_int(&j, "agree", rep->self.nr_agree);
		json_int(&j, "unknown", rep->self.nr_unknown);
		json_int(&j, "disagree", rep->self.nr_differ);
	} else {
		json_str(&j, "not_reached", rep->self_note);
	}
	json_obj_end(&j);
	json_str(&j, "model_source", rep->model_ok ? rep->model_source : NULL);
	json_arr_begin(&j, "differences");
	for (d = 0; d < rep->nr_diffs; d++) {
		json_obj_begin(&j, NULL);
		json_bool(&j, "explained", rep->diffs[d].explained);
		json_str(&j, "text", rep->diffs[d].text);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_arr_begin(&j, "decisions");
	for (d = 0; d < LD_NR; d++) {
		json_obj_begin(&j, NULL);
		json_str(&j, "name", linux_decision_name(d));
		json_str(&j, "model", rep->model.value[d][0] ? rep->model.value[d] : NULL);
		json_str(&j, "log", rep->log.value[d][0] ? rep->log.value[d] : NULL);
		json_str(&j, "log_line", rep->log.evidence[d][0] ? rep->log.evidence[d] : NULL);
		json_str(&j, "self", rep->self_ok && rep->self.seen.value[d][0] ?
			 rep->self.seen.value[d] : NULL);
		json_str(&j, "self_why", !rep->self_ok ? rep->self_note :
			 rep->self.seen.evidence[d][0] ? rep->self.seen.evidence[d] : NULL);
		json_str(&j, "verdict", rep->model_ok ? verdict_name(rep, d) : NULL);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_int(&j, "mismatches", rep->nr_mismatches);
	json_int(&j, "unexplained", rep->unexplained);
	json_int(&j, "exit", rep->rc);
	json_obj_end(&j);
	json_end(&j);
}

static void tap(const struct qemu_linux_report *rep, FILE *f)
{
	const struct qemu_linux_run *lr = &rep->lr;
	struct ktap t;
	int d;

	ktap_begin(&t, f);
	ktap_diag(&t, "pvprobe qemu --kernel %s: %s after %.1f s", rep->kernel, end_name(lr),
		  lr->run.elapsed_ms / 1000);
	ktap_diag(&t, "reached: %s", or_dash(rep->reached));
	ktap_plan(&t, 3 + LD_NR);
	if (lr->run.claim.ok)
		ktap_result(&t, KTAP_PASS, "qemu-claim", "eax 0x%08x edx 0x%08x", lr->run.claim.eax,
			    lr->run.claim.edx);
	else
		ktap_result(&t, KTAP_FAIL, "qemu-claim", "%s", lr->run.claim_err);
	if (rep->self_ok)
		ktap_result(&t, KTAP_PASS, "self-report", "Linux %s, KVM base 0x%08x eax 0x%08x",
			    rep->self.release, rep->self.kvm_base, rep->self.eax);
	else
		ktap_result(&t, KTAP_FAIL, "self-report", "not reached: %s", rep->self_note);
	if (rep->unexplained)
		ktap_result(&t, KTAP_FAIL, "claim-vs-guest", "%s", rep->diffs[0].text);
	else
		ktap_result(&t, rep->self_ok ? KTAP_PASS : KTAP_SKIP, "claim-vs-guest",
			    rep->self_ok ? "the guest read what QEMU claims" : "no self-report");
	for (d = 0; d < LD_NR; d++) {
		const char *n = linux_decision_name(d);

		if (!rep->model_ok)
			ktap_result(&t, KTAP_SKIP, n, "no model input");
		else if (rep->verdict[d] == BOOT_AGREES)
			ktap_result(&t, KTAP_PASS, n, "%s", rep->model.value[d]);
		else if (rep->verdict[d] == BOOT_NOT_REACHED)
			ktap_result(&t, KTAP_SKIP, n, "not reached: the boot stopped at: %s",
				    or_dash(rep->reached));
		else if (rep->verdict[d] == BOOT_UNSEEN)
			ktap_result(&t, KTAP_SKIP, n, "unknown: model %s; neither the log nor the guest saw it (no MSR view under QEMU)",
				    or_dash(rep->model.value[d]));
		else
			ktap_result(&t, KTAP_FAIL, n, "model %s, log %s, self %s",
				    or_dash(rep->model.value[d]), or_dash(rep->log.value[d]),
				    self_cell(rep, d));
	}
	ktap_totals(&t, NULL);
}

int qemu_linux_render(const struct qemu_linux_report *rep, enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		text(rep, f);
		break;
	case OUT_JSON:
		json(rep, f);
		break;
	case OUT_TAP:
		tap(rep, f);
		break;
	default:
		return -1;
	}
	return ferror(f) ? -1 : 0;
}
