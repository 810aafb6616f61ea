// SPDX-License-Identifier: GPL-2.0-only
/*
 * The host probes: the KVM leaves of KVM_GET_SUPPORTED_CPUID, as read once
 * per process.  Every other probe's model is fed this report (the mask
 * "host" is it), so a KVM that under- or over-reports a feature would pass
 * them all; these rows compare it with what KVM implements instead.
 */
#include <stdio.h>
#include <string.h>
#include <asm/kvm_para.h>

#include "check_supported.h"
#include "cpuid_table.h"

static void obs(struct check_row *row, uint64_t value)
{
	row->obs = (struct outcome){ .kind = OUT_ACCEPT, .value = value, .has_value = 1 };
}

static void missing(struct check_row *row, const char *why)
{
	row->obs = (struct outcome){ .kind = OUT_FAILED };
	snprintf(row->detail, sizeof(row->detail), "%s", why);
}

void check_supported_probes(struct check_report *rep, struct kvm_cpuid2 *supported)
{
	struct kvm_cpuid_entry2 *sig = NULL, *feat = NULL;
	char name[13] = "";
	int i;

	if (supported) {
		sig = cpuid_find(supported, KVM_CPUID_SIGNATURE, 0);
		feat = cpuid_find(supported, KVM_CPUID_FEATURES, 0);
	}
	if (sig) {
		memcpy(name, &sig->ebx, 4);
		memcpy(name + 4, &sig->ecx, 4);
		memcpy(name + 8, &sig->edx, 4);
	}
	for (i = 0; i < rep->nr_rows; i++) {
		struct check_row *row = &rep->rows[i];

		if (row->p->kind != PK_HOST)
			continue;
		switch (row->p->step) {
		case PV_HOST_SIGNATURE:
			/* "KVMKVMKVM\0\0\0": nine letters, three NULs (KVM_SIGNATURE). */
			if (!sig)
				missing(row, "KVM_GET_SUPPORTED_CPUID has no leaf 0x40000000");
			else if (memcmp(name, "KVMKVMKVM\0\0\0", 12))
				missing(row, "leaf 0x40000000's signature is not KVMKVMKVM\\0\\0\\0");
			else
				obs(row, sig->eax);
			break;
		case PV_HOST_FEATURES:
		case PV_HOST_HINTS:
			if (!feat)
				missing(row, "KVM_GET_SUPPORTED_CPUID has no leaf 0x40000001");
			else
				obs(row, row->p->step == PV_HOST_FEATURES ? feat->eax : feat->edx);
			break;
		}
	}
}
