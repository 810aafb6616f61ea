// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid_table.h"
#include "host_view.h"
#include "json.h"
#include "pv_feature.h"

#define HOST_CAP_ROW(c) { #c, c },
const struct host_cap_desc host_caps[HOST_NR_CAPS] = { HOST_CAPS(HOST_CAP_ROW) };

int host_view_read(const struct kvm_sys *kvm, struct host_view *hv, char *err, size_t errlen)
{
	struct kvm_cpuid2 *c;
	struct kvm_cpuid_entry2 *e;
	int i;

	memset(hv, 0, sizeof(*hv));
	snprintf(hv->dev, sizeof(hv->dev), "%s", kvm->path);
	kvm_backend(hv->backend, sizeof(hv->backend));
	hv->api_version = kvm->api_version;
	for (i = 0; i < HOST_NR_CAPS; i++)
		hv->caps[i] = kvm_check_cap(kvm, host_caps[i].cap);

	c = kvm_get_supported_cpuid(kvm);
	if (!c) {
		snprintf(err, errlen, "KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
		return -1;
	}
	e = cpuid_find(c, KVM_CPUID_SIG_LEAF, 0);
	if (e) {
		hv->has_kvm_leaves = 1;
		hv->sig_eax = e->eax;
		memcpy(hv->signature, &e->ebx, 4);
		memcpy(hv->signature + 4, &e->ecx, 4);
		memcpy(hv->signature + 8, &e->edx, 4);
	}
	e = cpuid_find(c, KVM_CPUID_FEAT_LEAF, 0);
	if (e) {
		hv->eax = e->eax;
		hv->edx = e->edx;
	} else {
		hv->has_kvm_leaves = 0;
	}
	free(c);
	return 0;
}

static int row_set(const struct host_view *hv, const struct pv_feature *f)
{
	return !!((f->reg == PV_REG_EDX ? hv->edx : hv->eax) & (1u << f->bit));
}

void host_view_print(const struct host_view *hv, FILE *f)
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

void host_view_json(const struct host_view *hv, FILE *f)
{
	struct json j;
	size_t i;
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
	for (i = 0; i < PV_NR_ROWS; i++) {
		if (pv_features[i].reg != PV_REG_EAX)
			continue;
		json_obj_begin(&j, NULL);
		json_str(&j, "name", pv_features[i].canonical);
		json_int(&j, "bit", pv_features[i].bit);
		json_bool(&j, "supported", row_set(hv, &pv_features[i]));
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_arr_begin(&j, "hints");
	for (i = 0; i < PV_NR_ROWS; i++) {
		if (pv_features[i].reg != PV_REG_EDX)
			continue;
		json_obj_begin(&j, NULL);
		json_str(&j, "name", pv_features[i].canonical);
		json_int(&j, "bit", pv_features[i].bit);
		json_bool(&j, "supported", row_set(hv, &pv_features[i]));
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}
