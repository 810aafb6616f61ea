// SPDX-License-Identifier: GPL-2.0-only
/* pvprobe probes: every probe check runs, what it does, what gates it. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "json.h"
#include "model.h"
#include "pvprobe_exit.h"

static void probes_help(FILE *f)
{
	fprintf(f,
		"usage: pvprobe probes [--json | --markdown]\n"
		"\n"
		"List every probe 'pvprobe check' runs: its name (as --expect takes it),\n"
		"what the guest does, and the feature that gates it.  Needs no KVM.\n");
}

static void what_of(const struct probe_desc *p, char *buf, size_t len)
{
	if (p->kind == PK_MSR)
		snprintf(buf, len, "MSR 0x%x: %s", p->msr, p->what);
	else if (p->kind == PK_CHECK)
		snprintf(buf, len, "MSR 0x%x: %s", probe_msr_number(p->msr_index), p->what);
	else
		snprintf(buf, len, "%s", p->what);
}

int cmd_probes(int argc, char **argv)
{
	int fmt = cli_format_opts("probes", argc, argv, CLI_JSON | CLI_MARKDOWN, probes_help);
	int json = fmt == CLI_JSON, markdown = fmt == CLI_MARKDOWN, i;
	struct json j;
	char what[256];

	if (fmt < 0)
		return -1 - fmt;
	if (json) {
		json_init(&j, stdout);
		json_arr_begin(&j, NULL);
	} else if (markdown) {
		printf("| probe | what the guest does | gated by |\n|---|---|---|\n");
	}
	for (i = 0; i < probe_count; i++) {
		const struct probe_desc *p = &probe_list[i];

		what_of(p, what, sizeof(what));
		if (json) {
			json_obj_begin(&j, NULL);
			json_str(&j, "probe", p->name);
			json_str(&j, "what", what);
			json_str(&j, "gate", model_probe_gate(p));
			json_obj_end(&j);
		} else if (markdown) {
			printf("| `%s` | %s | %s |\n", p->name, what, model_probe_gate(p));
		} else {
			printf("%-32s %-44s %s\n", p->name, model_probe_gate(p), what);
		}
	}
	if (json) {
		json_arr_end(&j);
		json_end(&j);
	}
	return PV_EXIT_OK;
}
