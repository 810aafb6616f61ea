// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe probes, rendered: every probe check runs, what the guest does
 * and what gates it -- a table, JSON, or the Markdown table that
 * vmm/cli/README.md holds (tests/unit_readme compares them).
 */
#include "json.h"
#include "model.h"
#include "probes_report.h"

static void what_of(const struct probe_desc *p, char *buf, size_t len)
{
	if (p->kind == PK_MSR)
		snprintf(buf, len, "MSR 0x%x: %s", p->msr, p->what);
	else if (p->kind == PK_CHECK || p->kind == PK_INIT)
		snprintf(buf, len, "MSR 0x%x: %s", probe_msr_number(p->msr_index), p->what);
	else
		snprintf(buf, len, "%s", p->what);
}

static void probes_text(FILE *f)
{
	char what[256];
	int i;

	for (i = 0; i < probe_count; i++) {
		what_of(&probe_list[i], what, sizeof(what));
		fprintf(f, "%-32s %-44s %s\n", probe_list[i].name, model_probe_gate(&probe_list[i]),
			what);
	}
}

static void probes_json(FILE *f)
{
	char what[256];
	struct json j;
	int i;

	json_init(&j, f);
	json_arr_begin(&j, NULL);
	for (i = 0; i < probe_count; i++) {
		what_of(&probe_list[i], what, sizeof(what));
		json_obj_begin(&j, NULL);
		json_str(&j, "probe", probe_list[i].name);
		json_str(&j, "what", what);
		json_str(&j, "gate", model_probe_gate(&probe_list[i]));
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_end(&j);
}

/* vmm/cli/README.md's probe table is this output, checked by tests/unit_readme. */
static void probes_markdown(FILE *f)
{
	char what[256];
	int i;

	fprintf(f, "| probe | what the guest does | gated by |\n|---|---|---|\n");
	for (i = 0; i < probe_count; i++) {
		what_of(&probe_list[i], what, sizeof(what));
		fprintf(f, "| `%s` | %s | %s |\n", probe_list[i].name, what,
			model_probe_gate(&probe_list[i]));
	}
}

int probes_render(enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		probes_text(f);
		return 0;
	case OUT_JSON:
		probes_json(f);
		return 0;
	case OUT_MARKDOWN:
		probes_markdown(f);
		return 0;
	default:
		return -1;
	}
}
