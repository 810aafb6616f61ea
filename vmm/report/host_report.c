// SPDX-License-Identifier: GPL-2.0-only
/* pvprobe host's result, rendered: the list of PV features, or JSON. */
#include "host_report.h"
#include "json.h"
#include "pv_feature.h"

static int row_set(const struct host_view *hv, const struct pv_feature *f)
{
	return !!((f->reg == PV_REG_EDX ? hv->edx : hv->eax) & (1u << f->bit));
}

static void host_print(const struct host_view *hv, FILE *f)
{
	size_t i;
	int k;

	fprintf(f, "Host KVM: %s, backend %s, API %d\n", hv->dev, hv->backend, hv->api_version);
	if (!hv->has_kvm_leaves)
		fprintf(f, "KVM_GET_SUPPORTED_CPUID has no KVM leaves: this KVM supports no PV feature\n");
	fprintf(f, "KVM_GET_SUPPORTED_CPUID 0x40000001: eax 0x%08x, edx 0x%08x\n\n", hv->eax, hv->edx);

	for (k = 1; k >= 0; k--) {
		fprintf(f, "%s PV features:\n", k ? "Supported" : "Unsupported");
		for (i = 0; i < PV_NR_ROWS; i++)
			if (pv_features[i].reg == PV_REG_EAX && row_set(hv, &pv_features[i]) == k)
				fprintf(f, "  - %-36s bit %2d\n", pv_features[i].canonical, pv_features[i].bit);
		fputc('\n', f);
	}
	fprintf(f, "Hints (edx):\n");
	for (i = 0; i < PV_NR_ROWS; i++)
		if (pv_features[i].reg == PV_REG_EDX)
			fprintf(f, "  - %-36s bit %2d  %s\n", pv_features[i].canonical,
				pv_features[i].bit, row_set(hv, &pv_features[i]) ? "supported" : "not supported");
	fprintf(f, "\nCapabilities:\n");
	for (k = 0; k < HOST_NR_CAPS; k++)
		fprintf(f, "  %-36s %s (0x%x)\n", host_caps[k].name,
			hv->caps[k] ? "yes" : "no", hv->caps[k]);
}

/* The table's rows of one register (features: eax, hints: edx). */
static void json_rows(struct json *j, const struct host_view *hv, int reg)
{
	size_t i;

	for (i = 0; i < PV_NR_ROWS; i++) {
		if (pv_features[i].reg != reg)
			continue;
		json_obj_begin(j, NULL);
		json_str(j, "name", pv_features[i].canonical);
		json_int(j, "bit", pv_features[i].bit);
		json_bool(j, "supported", row_set(hv, &pv_features[i]));
		json_obj_end(j);
	}
}

static void host_json(const struct host_view *hv, FILE *f)
{
	struct json j;
	int k;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_str(&j, "device", hv->dev);
	json_str(&j, "backend", hv->backend);
	json_int(&j, "api_version", hv->api_version);
	json_bool(&j, "kvm_leaves", hv->has_kvm_leaves);
	json_hex32(&j, "eax", hv->eax);
	json_hex32(&j, "edx", hv->edx);
	json_obj_begin(&j, "capabilities");
	for (k = 0; k < HOST_NR_CAPS; k++)
		json_int(&j, host_caps[k].name, hv->caps[k]);
	json_obj_end(&j);
	json_arr_begin(&j, "features");
	json_rows(&j, hv, PV_REG_EAX);
	json_arr_end(&j);
	json_arr_begin(&j, "hints");
	json_rows(&j, hv, PV_REG_EDX);
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

int host_render(const struct host_view *hv, enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		host_print(hv, f);
		return 0;
	case OUT_JSON:
		host_json(hv, f);
		return 0;
	default:
		return -1;
	}
}
