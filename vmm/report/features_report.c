// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe features, rendered: the PV feature table (include/pv_features.h)
 * as a table, JSON, or the Markdown table README.md holds
 * (tests/unit_readme compares them).
 */
#include "features_report.h"
#include "json.h"
#include "pv_feature.h"

/* "MSR 0x11, MSR 0x12" / "hypercall 5" / "-" */
static const char *gates_of(const struct pv_feature *p, char *buf, size_t len)
{
	int k, used = 0;

	buf[0] = '\0';
	for (k = 0; k < PV_MAX_MSRS && p->msrs[k]; k++)
		used += snprintf(buf + used, len - used, "%sMSR 0x%x", used ? ", " : "", p->msrs[k]);
	for (k = 0; k < PV_MAX_HCALLS && p->hcalls[k]; k++)
		used += snprintf(buf + used, len - used, "%shypercall %u", used ? ", " : "",
				 p->hcalls[k]);
	if (!used)
		snprintf(buf, len, "-");
	return buf;
}

/* The README's feature table is this output, checked by tests/unit_readme. */
static void features_markdown(FILE *f)
{
	size_t i;

	fprintf(f, "| reg | bit | name | short names | QEMU property | gates | Linux guest use |\n");
	fprintf(f, "|---|---|---|---|---|---|---|\n");
	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *p = &pv_features[i];
		char dashed[32], gates[64];

		fprintf(f, "| %s | %d | `%s` | `%s` `%s` | %s%s%s | %s | %s |\n",
			pv_reg_name(p->reg), p->bit, p->canonical, p->name,
			pv_feature_dashed(p, dashed, sizeof(dashed)),
			p->qemu ? "`" : "", p->qemu ? p->qemu : "-", p->qemu ? "`" : "",
			gates_of(p, gates, sizeof(gates)), p->linux_use);
	}
}

static void features_text(FILE *f)
{
	size_t i;

	fprintf(f, "%-4s %-3s %-36s %-46s %-21s %-30s %s\n", "reg", "bit", "name",
		"short names", "QEMU property", "gates", "Linux guest use");
	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *p = &pv_features[i];
		char dashed[32], names[64], gates[64];

		pv_feature_dashed(p, dashed, sizeof(dashed));
		snprintf(names, sizeof(names), "%s %s", p->name, dashed);
		gates_of(p, gates, sizeof(gates));
		fprintf(f, "%-4s %-3d %-36s %-46s %-21s %-30s %s\n", pv_reg_name(p->reg),
			p->bit, p->canonical, names, p->qemu ? p->qemu : "-", gates,
			p->linux_use);
	}
}

static void features_json(FILE *f)
{
	struct json j;
	size_t i;
	int k;

	json_init(&j, f);
	json_arr_begin(&j, NULL);
	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *p = &pv_features[i];
		char dashed[32];

		json_obj_begin(&j, NULL);
		json_str(&j, "reg", pv_reg_name(p->reg));
		json_int(&j, "bit", p->bit);
		json_str(&j, "name", p->canonical);
		json_str(&j, "short", p->name);
		json_str(&j, "dashed", pv_feature_dashed(p, dashed, sizeof(dashed)));
		json_str(&j, "qemu", p->qemu);
		json_arr_begin(&j, "msrs");
		for (k = 0; k < PV_MAX_MSRS && p->msrs[k]; k++)
			json_hex32(&j, NULL, p->msrs[k]);
		json_arr_end(&j);
		json_arr_begin(&j, "hypercalls");
		for (k = 0; k < PV_MAX_HCALLS && p->hcalls[k]; k++)
			json_int(&j, NULL, p->hcalls[k]);
		json_arr_end(&j);
		json_str(&j, "linux_use", p->linux_use);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_end(&j);
}

int features_render(enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		features_text(f);
		return 0;
	case OUT_JSON:
		features_json(f);
		return 0;
	case OUT_MARKDOWN:
		features_markdown(f);
		return 0;
	default:
		return -1;
	}
}
