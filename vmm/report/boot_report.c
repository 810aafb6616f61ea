// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "boot_report.h"
#include "json.h"
#include "ktap.h"

const char *boot_verdict_name(enum boot_verdict v)
{
	switch (v) {
	case BOOT_AGREES:
		return "ok";
	case BOOT_DIFFERS:
		return "MISMATCH";
	case BOOT_UNSEEN:
		return "NOT SEEN";
	case BOOT_NOT_REACHED:
		return "not reached";
	}
	return "?";
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

const char *boot_self_state_name(enum boot_self_state s)
{
	switch (s) {
	case BOOT_SELF_OFF:
		return "off";
	case BOOT_SELF_OK:
		return "ok";
	case BOOT_SELF_NOT_REACHED:
		return "not reached";
	case BOOT_SELF_MISSING:
		return "MISSING";
	}
	return "?";
}

/* The fourth view's cell: the guest's value, or why there is none. */
static const char *self_cell(const struct boot_result *r, int d)
{
	if (r->self_state != BOOT_SELF_OK)
		return "not reached";
	return or_dash(r->self.seen.value[d]);
}

static void self_header(const struct boot_result *r, FILE *f)
{
	const struct linux_selfreport *s = &r->self;

	if (r->self_state == BOOT_SELF_OK)
		fprintf(f, "self:     the guest's own report, %zu bytes on port 0xe9: Linux %s, KVM base 0x%08x eax 0x%08x edx 0x%08x, %d CPUs, clocksource %s; its own verdicts: %d ok, %d unknown, %d DISAGREES\n",
			r->self_bytes, s->release, s->kvm_base, s->eax, s->edx, s->possible_cpus,
			or_dash(s->clocksource), s->nr_agree, s->nr_unknown, s->nr_differ);
	else
		fprintf(f, "self:     %s: %s\n", boot_self_state_name(r->self_state), r->self_note);
	if (r->opts->self_modules[0])
		fprintf(f, "modules:  %s\n", r->opts->self_modules);
	for (int i = 0; r->self_state == BOOT_SELF_OK && i < s->nr_modules; i++)
		fprintf(f, "          in the guest: %s %s%s\n", s->modules[i].file,
			s->modules[i].loaded ? "loaded" : "NOT loaded: ", s->modules[i].why);
}

/* The guest's MSRs against KVM's, MSR by MSR (boot_msrs_compare()). */
static void msr_cmp_text(const struct boot_result *r, FILE *f)
{
	int i;

	fprintf(f, "\nPV MSRs, the guest's own (/dev/cpu/N/msr) against KVM's (KVM_GET_MSRS):\n");
	if (!r->nr_msr_cmp)
		fprintf(f, "  not compared: no self-report (\"self:\" above says why)\n");
	for (i = 0; i < r->nr_msr_cmp; i++)
		fprintf(f, "  %-24s %-9s %s\n", boot_msr_name(r->msr_cmp[i].msr),
			boot_msr_cmp_name(r->msr_cmp[i].state), r->msr_cmp[i].why);
}

static void header(const struct boot_options *o, const struct boot_result *r, FILE *f)
{
	fprintf(f, "kernel:   %s (%s%s%s), loaded in %.0f ms; %s\n", o->kernel, r->format,
		r->release[0] ? ", Linux " : "", r->release, r->load_ms, r->model_note);
	fprintf(f, "VM:       %d vCPUs, %u MiB, backend %s, PV enforcement %s\n", r->nr_vcpus,
		o->ram_mib, r->backend[0] ? r->backend : "?", o->enforce ? "on" : "off");
	if (r->kvm_base)
		fprintf(f, "CPUID:    KVM leaves at 0x%08x (--layout %s): 0x%08x eax 0x%08x edx 0x%08x\n",
			r->kvm_base, o->layout.spec, r->kvm_base + 1, r->kvm_eax, r->kvm_edx);
	else
		fprintf(f, "CPUID:    no KVM signature (--layout %s)\n", o->layout.spec);
	fprintf(f, "cmdline:  %s\n", r->cmdline);
	if (r->host_reason)
		fprintf(f, "host:     %s\n", r->host_reason);
	fprintf(f, "boot:     %s after %.1f s (console from %.1f s, last PV line at %.1f s); %d of %d vCPUs ran\n",
		boot_end_name(r->end), r->boot_ms / 1000, r->first_ms / 1000, r->pv_ms / 1000,
		r->nr_ran, r->nr_vcpus);
	fprintf(f, "          %s\n", r->end_detail);
	if (r->nr_int3 || r->nr_fwait || r->nr_emul_retries)
		fprintf(f, "stepped in: %llu #BP delivered after int3, %llu fwait stepped over, %llu emulation failures re-entered (the backend's emulator could not)\n",
			(unsigned long long)r->nr_int3, (unsigned long long)r->nr_fwait,
			(unsigned long long)r->nr_emul_retries);
}

static void boot_text(const struct boot_options *o, const struct boot_result *r, FILE *f)
{
	int d, agree = 0, nr = 0;

	header(o, r, f);
	if (o->initrd)
		self_header(r, f);
	if (o->initrd)
		fprintf(f, "\n%-15s %-20s %-20s %-10s %-20s %s\n", "decision", "model", "log", "KVM",
			"self", "verdict");
	else
		fprintf(f, "\n%-15s %-20s %-20s %-10s %s\n", "decision", "model", "log", "KVM", "verdict");
	for (d = 0; d < LD_NR; d++) {
		if (o->initrd)
			fprintf(f, "%-15s %-20s %-20s %-10s %-20s %s\n", linux_decision_name(d),
				or_dash(r->model.value[d]), or_dash(r->log.value[d]),
				or_dash(r->kvm.value[d]), self_cell(r, d),
				boot_verdict_name(r->verdict[d]));
		else
			fprintf(f, "%-15s %-20s %-20s %-10s %s\n", linux_decision_name(d),
				or_dash(r->model.value[d]), or_dash(r->log.value[d]),
				or_dash(r->kvm.value[d]), boot_verdict_name(r->verdict[d]));
		agree += r->verdict[d] == BOOT_AGREES;
		nr += r->verdict[d] == BOOT_NOT_REACHED;
	}
	fprintf(f, "\nwhy:\n");
	for (d = 0; d < LD_NR; d++) {
		fprintf(f, "  %s\n", linux_decision_name(d));
		fprintf(f, "    model: %s\n", or_dash(r->model.evidence[d]));
		if (r->log.evidence[d][0])
			fprintf(f, "    log:   %s\n", r->log.evidence[d]);
		if (r->kvm.evidence[d][0])
			fprintf(f, "    KVM:   %s\n", r->kvm.evidence[d]);
		if (o->initrd && r->self_state == BOOT_SELF_OK && r->self.seen.evidence[d][0])
			fprintf(f, "    self:  %s\n", r->self.seen.evidence[d]);
		else if (o->initrd && r->self_state != BOOT_SELF_OK)
			fprintf(f, "    self:  not reached (\"self:\" above says why)\n");
		if (r->verdict[d] == BOOT_NOT_REACHED)
			fprintf(f, "    not reached: %s\n", or_dash(r->host_reason));
	}
	if (o->initrd)
		msr_cmp_text(r, f);
	for (d = 0; d < o->nr_expect; d++)
		fprintf(f, "expect %s=%s: %s (model %s, log %s, KVM %s)\n",
			linux_decision_name(o->expect[d].d), o->expect[d].value,
			r->expect_ok[d] ? "ok" : "MISMATCH", or_dash(r->model.value[o->expect[d].d]),
			or_dash(r->log.value[o->expect[d].d]), or_dash(r->kvm.value[o->expect[d].d]));
	fprintf(f, "\n%d of %d decisions agree, %d not reached, %d mismatches\n", agree, LD_NR,
		nr, r->nr_mismatches);
}

static void boot_json(const struct boot_options *o, const struct boot_result *r, FILE *f)
{
	struct json j;
	int d;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_obj_begin(&j, "kernel");
	json_str(&j, "path", o->kernel);
	json_str(&j, "format", r->format);
	json_str(&j, "release", r->release);
	json_int(&j, "model_version", r->model_version);
	json_str(&j, "model_note", r->model_note);
	json_hex64(&j, "entry", r->entry);
	json_int(&j, "load_ms", (long long)r->load_ms);
	json_obj_end(&j);
	json_obj_begin(&j, "vm");
	json_str(&j, "backend", r->backend);
	json_int(&j, "vcpus", r->nr_vcpus);
	json_int(&j, "vcpus_ran", r->nr_ran);
	json_int(&j, "memory_mib", o->ram_mib);
	json_bool(&j, "enforce", o->enforce);
	json_str(&j, "layout", o->layout.spec);
	json_hex32(&j, "kvm_base", r->kvm_base);
	json_hex32(&j, "eax", r->kvm_eax);
	json_hex32(&j, "edx", r->kvm_edx);
	json_str(&j, "cmdline", r->cmdline);
	json_str(&j, "host_reason", r->host_reason);
	json_obj_end(&j);
	if (o->initrd) {
		json_obj_begin(&j, "self");
		json_str(&j, "state", boot_self_state_name(r->self_state));
		json_str(&j, "note", r->self_note[0] ? r->self_note : NULL);
		json_int(&j, "bytes", (long long)r->self_bytes);
		json_hex64(&j, "initrd_addr", r->initrd_addr);
		if (r->self_state == BOOT_SELF_OK) {
			json_str(&j, "release", r->self.release);
			json_int(&j, "model_version", r->self.model_version);
			json_hex32(&j, "kvm_base", r->self.kvm_base);
			json_hex32(&j, "eax", r->self.eax);
			json_hex32(&j, "edx", r->self.edx);
			json_int(&j, "possible_cpus", r->self.possible_cpus);
			json_int(&j, "agree", r->self.nr_agree);
			json_int(&j, "unknown", r->self.nr_unknown);
			json_int(&j, "disagree", r->self.nr_differ);
			json_str(&j, "msr", r->self.msr_state[0] ? r->self.msr_state : NULL);
			json_str(&j, "msr_note", r->self.msr_note[0] ? r->self.msr_note : NULL);
			json_arr_begin(&j, "modules");
			for (d = 0; d < r->self.nr_modules; d++) {
				json_obj_begin(&j, NULL);
				json_str(&j, "file", r->self.modules[d].file);
				json_bool(&j, "loaded", r->self.modules[d].loaded);
				json_str(&j, "why", r->self.modules[d].why[0] ? r->self.modules[d].why : NULL);
				json_obj_end(&j);
			}
			json_arr_end(&j);
		}
		json_str(&j, "modules_given", o->self_modules[0] ? o->self_modules : NULL);
		json_arr_begin(&j, "msr_compare");
		for (d = 0; d < r->nr_msr_cmp; d++) {
			json_obj_begin(&j, NULL);
			json_str(&j, "msr", boot_msr_name(r->msr_cmp[d].msr));
			json_str(&j, "verdict", boot_msr_cmp_name(r->msr_cmp[d].state));
			json_int(&j, "cpus_equal", r->msr_cmp[d].nr_agree);
			json_int(&j, "cpus", r->msr_cmp[d].nr_cpus);
			json_str(&j, "why", r->msr_cmp[d].why);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
	}
	json_obj_begin(&j, "boot");
	json_str(&j, "end", boot_end_name(r->end));
	json_str(&j, "detail", r->end_detail);
	json_int(&j, "boot_ms", (long long)r->boot_ms);
	json_int(&j, "first_console_ms", (long long)r->first_ms);
	json_int(&j, "last_pv_line_ms", (long long)r->pv_ms);
	json_int(&j, "int3_delivered", (long long)r->nr_int3);
	json_int(&j, "fwait_skipped", (long long)r->nr_fwait);
	json_int(&j, "emulation_retries", (long long)r->nr_emul_retries);
	json_obj_end(&j);
	json_arr_begin(&j, "decisions");
	for (d = 0; d < LD_NR; d++) {
		json_obj_begin(&j, NULL);
		json_str(&j, "name", linux_decision_name(d));
		json_str(&j, "model", r->model.value[d]);
		json_str(&j, "model_why", r->model.evidence[d]);
		json_str(&j, "log", r->log.value[d][0] ? r->log.value[d] : NULL);
		json_str(&j, "log_line", r->log.evidence[d][0] ? r->log.evidence[d] : NULL);
		json_str(&j, "kvm", r->kvm.value[d][0] ? r->kvm.value[d] : NULL);
		json_str(&j, "kvm_why", r->kvm.evidence[d][0] ? r->kvm.evidence[d] : NULL);
		if (o->initrd) {
			json_str(&j, "self", r->self.seen.value[d][0] ? r->self.seen.value[d] : NULL);
			json_str(&j, "self_why", r->self_state == BOOT_SELF_OK ?
				 (r->self.seen.evidence[d][0] ? r->self.seen.evidence[d] : NULL) :
				 r->self_note);
		}
		json_str(&j, "verdict", boot_verdict_name(r->verdict[d]));
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_arr_begin(&j, "expect");
	for (d = 0; d < o->nr_expect; d++) {
		json_obj_begin(&j, NULL);
		json_str(&j, "name", linux_decision_name(o->expect[d].d));
		json_str(&j, "value", o->expect[d].value);
		json_bool(&j, "ok", r->expect_ok[d]);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_int(&j, "mismatches", r->nr_mismatches);
	json_obj_end(&j);
	json_end(&j);
}

/*
 * --self: one test point per compared MSR, named msr-NAME: a difference
 * fails, an MSR one side could not read is a SKIP with the reason.
 */
static void msr_cmp_tap(const struct boot_options *o, const struct boot_result *r, struct ktap *t)
{
	char name[48];
	int i;

	if (!o->initrd)
		return;
	for (i = 0; i < BOOT_MSR_CMP_NR; i++) {
		const struct boot_msr_cmp *c = i < r->nr_msr_cmp ? &r->msr_cmp[i] : NULL;

		snprintf(name, sizeof(name), "msr-%s", boot_msr_name(c ? c->msr : boot_msr_cmp_order[i]));
		if (!c)
			ktap_result(t, KTAP_SKIP, name, "not compared: no self-report");
		else
			ktap_result(t, c->state == BMC_AGREE ? KTAP_PASS : c->state == BMC_DIFFER ?
				    KTAP_FAIL : KTAP_SKIP, name, "%s", c->why);
	}
}

/* KTAP: the boot's end, one test point per decision and per --expect. */
static void boot_tap(const struct boot_options *o, const struct boot_result *r, FILE *f)
{
	char name[64];
	struct ktap t;
	int d;

	ktap_begin(&t, f);
	ktap_diag(&t, "pvprobe boot %s: %s, %d vCPUs, backend %s", o->kernel,
		  r->release[0] ? r->release : r->format, r->nr_vcpus, r->backend);
	ktap_diag(&t, "%s", r->model_note);
	ktap_diag(&t, "cmdline: %s", r->cmdline);
	ktap_diag(&t, "boot: %s after %.1f s, last PV line at %.1f s: %s", boot_end_name(r->end),
		  r->boot_ms / 1000, r->pv_ms / 1000, r->end_detail);
	if (r->nr_int3 || r->nr_fwait || r->nr_emul_retries)
		ktap_diag(&t, "stepped in: %llu int3, %llu fwait, %llu re-entries (the backend's emulator could not)",
			  (unsigned long long)r->nr_int3, (unsigned long long)r->nr_fwait,
			  (unsigned long long)r->nr_emul_retries);
	ktap_plan(&t, LD_NR + 1 + o->nr_expect + (o->initrd ? 1 + BOOT_MSR_CMP_NR : 0));
	if (r->end == BOOT_END_INTERRUPTED) {
		/* Stopped by SIGINT/SIGTERM: what it saw passes, the rest is not judged. */
		ktap_result(&t, KTAP_SKIP, "boot-reached-end", "%s", r->end_detail);
		if (o->initrd)
			ktap_result(&t, KTAP_SKIP, "self-report", "%s", r->end_detail);
		msr_cmp_tap(o, r, &t);
		for (d = 0; d < LD_NR; d++) {
			if (r->verdict[d] == BOOT_AGREES)
				ktap_result(&t, KTAP_PASS, linux_decision_name(d), "%s",
					    r->model.value[d]);
			else
				ktap_result(&t, KTAP_SKIP, linux_decision_name(d), "%s",
					    r->end_detail);
		}
		for (d = 0; d < o->nr_expect; d++) {
			snprintf(name, sizeof(name), "expect-%s=%s",
				 linux_decision_name(o->expect[d].d), o->expect[d].value);
			ktap_result(&t, KTAP_SKIP, name, "%s", r->end_detail);
		}
		ktap_totals(&t, NULL);
		return;
	}
	if (r->end == BOOT_END_DONE)
		ktap_result(&t, KTAP_PASS, "boot-reached-end", NULL);
	else
		ktap_result(&t, KTAP_FAIL, "boot-reached-end", "%s: %s", boot_end_name(r->end),
			    r->end_detail);
	if (o->initrd && r->self_state == BOOT_SELF_OK)
		ktap_result(&t, KTAP_PASS, "self-report", "%zu bytes, Linux %s, eax 0x%08x",
			    r->self_bytes, r->self.release, r->self.eax);
	else if (o->initrd)
		ktap_result(&t, r->self_state == BOOT_SELF_NOT_REACHED ? KTAP_XFAIL : KTAP_FAIL,
			    "self-report", "not reached: %s", r->self_note);
	msr_cmp_tap(o, r, &t);
	for (d = 0; d < LD_NR; d++) {
		const char *dname = linux_decision_name(d);

		switch (r->verdict[d]) {
		case BOOT_AGREES:
			ktap_result(&t, KTAP_PASS, dname, "%s", r->model.value[d]);
			break;
		case BOOT_NOT_REACHED:
			ktap_result(&t, KTAP_XFAIL, dname, "not reached: %s", or_dash(r->host_reason));
			break;
		default:
			if (o->initrd)
				ktap_result(&t, KTAP_FAIL, dname, "model %s (%s), log %s, KVM %s, self %s",
					    or_dash(r->model.value[d]), or_dash(r->model.evidence[d]),
					    or_dash(r->log.value[d]), or_dash(r->kvm.value[d]),
					    self_cell(r, d));
			else
				ktap_result(&t, KTAP_FAIL, dname, "model %s (%s), log %s, KVM %s",
					    or_dash(r->model.value[d]), or_dash(r->model.evidence[d]),
					    or_dash(r->log.value[d]), or_dash(r->kvm.value[d]));
			break;
		}
	}
	for (d = 0; d < o->nr_expect; d++) {
		const struct boot_expect *e = &o->expect[d];

		snprintf(name, sizeof(name), "expect-%s=%s", linux_decision_name(e->d), e->value);
		if (r->expect_ok[d] && r->verdict[e->d] == BOOT_NOT_REACHED) {
			/* Only the model says so: the boot ends before the guest decides. */
			ktap_result(&t, KTAP_XFAIL, name, "the model says %s; not reached: %s",
				    r->model.value[e->d], or_dash(r->host_reason));
			continue;
		}
		ktap_result(&t, r->expect_ok[d] ? KTAP_PASS : KTAP_FAIL, name,
			    "model %s, log %s, KVM %s", or_dash(r->model.value[e->d]),
			    or_dash(r->log.value[e->d]), or_dash(r->kvm.value[e->d]));
	}
	ktap_totals(&t, NULL);
}

int boot_render(const struct boot_result *r, enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		boot_text(r->opts, r, f);
		return 0;
	case OUT_JSON:
		boot_json(r->opts, r, f);
		return 0;
	case OUT_TAP:
		boot_tap(r->opts, r, f);
		return 0;
	default:
		return -1;
	}
}

void boot_report_console_tail(const struct boot_result *r, int n, const char *prefix, FILE *f)
{
	const char *end, *p;
	int lines = 0;

	if (!r->console || !r->console_len)
		return;
	end = r->console + r->console_len;
	p = end;
	while (p > r->console && lines <= n)
		if (*--p == '\n' && p + 1 < end)
			lines++;
	if (*p == '\n')
		p++;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t i;

		fputs(prefix, f);
		/* Guest output: printable bytes only. */
		for (i = 0; i < len; i++)
			if (p[i] != '\r')
				fputc((p[i] >= 0x20 && p[i] < 0x7f) || p[i] == '\t' ? p[i] : '.', f);
		fputc('\n', f);
		p += len + 1;
	}
}
