// SPDX-License-Identifier: GPL-2.0-only
#include "check_report.h"
#include "json.h"
#include "pv_feature.h"
#include "sweep_report.h"

static void sweep_print(const struct sweep_totals *t, FILE *f)
{
	int i;

	fprintf(f, "%llu configurations (shard %u/%u) in %.1f s: %.0f/s with %d job%s, %d VM%s\n",
		(unsigned long long)t->done, t->shard, t->shards, t->elapsed_ms / 1000,
		t->elapsed_ms > 0 ? t->done * 1000.0 / t->elapsed_ms : 0.0, t->jobs,
		t->jobs > 1 ? "s" : "", t->vms, t->vms > 1 ? "s" : "");
	fprintf(f, "configurations with a mismatch: %llu; known deviations seen: %llu\n",
		(unsigned long long)t->bad_configs, (unsigned long long)t->deviations);
	for (i = 0; i < probe_count && i < CHECK_MAX_ROWS; i++)
		if (t->by_probe[i])
			fprintf(f, "  %-38s %llu mismatches\n", probe_list[i].name,
				(unsigned long long)t->by_probe[i]);
	for (i = 0; i < 32; i++) {
		const struct pv_feature *pf = pv_feature_by_bit(PV_REG_EAX, i);

		if (t->by_feature[i])
			fprintf(f, "  %-38s %llu mismatches\n", pf ? pf->canonical : "?",
				(unsigned long long)t->by_feature[i]);
	}
	fprintf(f, "Probes in a sweep: every MSR probe and its checks, and every hypercall probe\n"
		"that runs on one vCPU, except those known to hang on this backend (kvm_pvm:\n"
		"all of them); those and the ones needing a second vCPU or VM are reported as\n"
		"not run ('pvprobe check' runs them).\n");
}

/*
 * The feature x probe matrix as an SVG heat map: each cell is how much
 * setting the feature changes how often the probe succeeds (blue: it
 * enables it, red: it disables it, white: no effect); mismatching probes
 * are marked.  One picture of what masking does, readable at a glance.
 */
static void sweep_svg(const struct sweep_totals *t, FILE *f)
{
	const int cell = 18, left = 250, top = 170;
	int bits[32], nb = sweep_defined_bits(bits), rows = 0, i, b;

	for (i = 0; i < probe_count && i < CHECK_MAX_ROWS; i++)
		if (probe_in_msr_run(&probe_list[i]))
			rows++;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\" font-size=\"11\">\n",
		left + nb * cell + 220 > 820 ? left + nb * cell + 220 : 820, top + rows * cell + 60);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	fprintf(f, "<text x=\"10\" y=\"20\" font-size=\"14\">pvprobe sweep: how setting each feature changes each probe's success (%llu configurations)</text>\n",
		(unsigned long long)t->done);
	fprintf(f, "<text x=\"10\" y=\"38\">blue: the feature makes the probe succeed; red: fail; white: no effect; a red frame: mismatches</text>\n");
	for (b = 0; b < nb; b++) {
		const struct pv_feature *pf = pv_feature_by_bit(PV_REG_EAX, bits[b]);
		int x = left + b * cell + cell / 2;

		fprintf(f, "<text transform=\"translate(%d,%d) rotate(-60)\">%s</text>\n", x, top - 6,
			pf ? pf->name : "?");
	}
	rows = 0;
	for (i = 0; i < probe_count && i < CHECK_MAX_ROWS; i++) {
		int y = top + rows * cell;

		if (!probe_in_msr_run(&probe_list[i]))
			continue;
		rows++;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", left - 6,
			y + cell - 5, probe_list[i].name);
		for (b = 0; b < nb; b++) {
			const uint32_t *s0 = t->seen[i][bits[b]], *g0 = t->good[i][bits[b]];
			double on = s0[1] ? (double)g0[1] / s0[1] : 0, off = s0[0] ? (double)g0[0] / s0[0] : 0;
			double d = on - off;
			int shade = (int)(255 * (1 - (d < 0 ? -d : d)));

			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"rgb(%d,%d,%d)\" stroke=\"#ddd\"><title>%s / %s: %.0f%% with, %.0f%% without</title></rect>\n",
				left + b * cell, y, cell, cell,
				d < 0 ? 255 : shade, shade, d > 0 ? 255 : shade, probe_list[i].name,
				pv_feature_by_bit(PV_REG_EAX, bits[b]) ?
				pv_feature_by_bit(PV_REG_EAX, bits[b])->name : "?", on * 100, off * 100);
		}
		if (t->bad[i])
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"red\" stroke-width=\"2\"/><text x=\"%d\" y=\"%d\" fill=\"red\">%u mismatches</text>\n",
				left, y, nb * cell, cell, left + nb * cell + 6, y + cell - 5, t->bad[i]);
	}
	fprintf(f, "</svg>\n");
}

/* The line that ends a --jsonl file; vmm/probe/sweep_merge.c reads it back. */
static void totals_line(const struct sweep_totals *t, const char *key, FILE *f)
{
	fprintf(f, "{\"%s\": {\"shard\": \"%u/%u\", \"configurations\": %llu, \"bad_configurations\": %llu, \"deviations\": %llu, \"elapsed_ms\": %.0f}}\n",
		key, t->shard, t->shards, (unsigned long long)t->done,
		(unsigned long long)t->bad_configs, (unsigned long long)t->deviations,
		t->elapsed_ms);
}

static void sweep_totals_jsonl(const struct sweep_totals *t, FILE *f)
{
	totals_line(t, "totals", f);
}

void sweep_partial_jsonl(const struct sweep_totals *t, FILE *f)
{
	totals_line(t, "partial", f);
}

int sweep_render(const struct sweep_totals *t, enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		sweep_print(t, f);
		return 0;
	case OUT_JSONL:
		sweep_totals_jsonl(t, f);
		return 0;
	case OUT_SVG:
		sweep_svg(t, f);
		return 0;
	default:
		return -1;
	}
}

int sweep_plan_render(const struct sweep_plan *p, enum out_format fmt, FILE *f)
{
	uint64_t k, total = sweep_count(p);

	if (fmt != OUT_TEXT)
		return -1;
	for (k = p->shard - 1; k < total; k += p->shards) {
		struct sweep_config sc;

		sweep_config_of(p, k, &sc);
		fprintf(f, "%llu --mask 0x%08x --hints 0x%08x%s\n", (unsigned long long)k,
			sc.eax, sc.edx, sc.enforce ? "" : " --no-enforce");
	}
	return 0;
}

void sweep_mismatch_jsonl(FILE *f, const struct check_report *rep, const struct check_row *row)
{
	char e[OUTCOME_STR_MAX], o[OUTCOME_STR_MAX], repro[768];
	struct json j;

	check_reproduce(rep, repro, sizeof(repro));
	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_hex32(&j, "eax", rep->cfg.eax);
	json_hex32(&j, "edx", rep->cfg.edx);
	json_bool(&j, "enforce", rep->cfg.enforce);
	json_str(&j, "probe", row->p->name);
	json_str(&j, "expected", outcome_str(&row->exp.out, e, sizeof(e)));
	json_str(&j, "observed", outcome_str(&row->obs, o, sizeof(o)));
	json_str(&j, "reason", row->exp.reason);
	json_str(&j, "reproduce", repro);
	json_obj_end(&j);
	json_end(&j);
}

int sweep_merged_render(const struct sweep_merged *m, enum out_format fmt, FILE *f)
{
	unsigned int i;
	int k;

	if (fmt != OUT_TEXT)
		return -1;
	fprintf(f, "%u of %u shards: %llu configurations, %llu with a mismatch, %llu known deviations seen\n",
		m->nseen, m->shards, m->configs, m->bad, m->devs);
	if (m->nseen != m->shards) {
		fprintf(f, "missing shards:");
		for (i = 1; i <= m->shards; i++)
			if (!m->seen[i])
				fprintf(f, " %u/%u", i, m->shards);
		fputc('\n', f);
	}
	for (k = 0; k < probe_count && k < CHECK_MAX_ROWS; k++)
		if (m->by_probe[k])
			fprintf(f, "  %-38s %llu mismatches\n", probe_list[k].name,
				(unsigned long long)m->by_probe[k]);
	return 0;
}
