// SPDX-License-Identifier: GPL-2.0-only
/* pvprobe cpuid-verify's result, rendered: every register the guest sees differently. */
#include "cpuid_verify_report.h"
#include "json.h"

static void cpuid_verify_print(const struct cpuid_verify_report *rep, FILE *f)
{
	int i;

	fprintf(f, "Queried %d leaves in the guest (%d hypervisor leaves); backend %s\n\n",
		rep->nr_leaves, rep->nr_hv_leaves, rep->backend);
	if (rep->nr_diffs)
		fprintf(f, "%-14s %-4s %-10s %-10s %-10s %-10s %s\n", "leaf", "reg", "programmed",
			"KVM holds", "guest sees", "bits", "verdict");
	for (i = 0; i < rep->nr_diffs; i++) {
		const struct cv_diff *d = &rep->d[i];

		fprintf(f, "0x%08x.%-3u %-4s 0x%08x 0x%08x 0x%08x 0x%08x %s\n    %s\n",
			d->function, d->index, cpuid_reg_name(d->reg), d->programmed, d->kvm,
			d->guest, d->bits, cv_kind_name(d->kind), d->why);
	}
	fprintf(f, "\n%d registers differ: %d KVM edits, %d known deviations, %d mismatches; the hypervisor leaves %s\n",
		rep->edits + rep->deviations + rep->mismatches, rep->edits, rep->deviations,
		rep->mismatches, rep->nr_hv_leaves ? "were checked" : "were absent");
}

static void cpuid_verify_json(const struct cpuid_verify_report *rep, FILE *f)
{
	struct json j;
	int i;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_str(&j, "backend", rep->backend);
	json_int(&j, "leaves", rep->nr_leaves);
	json_int(&j, "hypervisor_leaves", rep->nr_hv_leaves);
	json_arr_begin(&j, "differences");
	for (i = 0; i < rep->nr_diffs; i++) {
		const struct cv_diff *d = &rep->d[i];

		json_obj_begin(&j, NULL);
		json_hex32(&j, "leaf", d->function);
		json_int(&j, "index", d->index);
		json_str(&j, "reg", cpuid_reg_name(d->reg));
		json_hex32(&j, "programmed", d->programmed);
		json_hex32(&j, "kvm", d->kvm);
		json_hex32(&j, "guest", d->guest);
		json_hex32(&j, "bits", d->bits);
		json_str(&j, "verdict", cv_kind_name(d->kind));
		json_str(&j, "reason", d->why);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_int(&j, "kvm_edits", rep->edits);
	json_int(&j, "known_deviations", rep->deviations);
	json_int(&j, "mismatches", rep->mismatches);
	json_obj_end(&j);
	json_end(&j);
}

int cpuid_verify_render(const struct cpuid_verify_report *rep, enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		cpuid_verify_print(rep, f);
		return 0;
	case OUT_JSON:
		cpuid_verify_json(rep, f);
		return 0;
	default:
		return -1;
	}
}
