// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid_table.h"
#include "host_view.h"

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
