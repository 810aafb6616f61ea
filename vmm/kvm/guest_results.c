// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include "guest_results.h"

#define HV_BASE_FIRST	0x40000000u
#define HV_BASE_LAST	0x4000ff00u

int guest_results_check(const volatile void *page, uint32_t vcpu, uint32_t entry,
			struct pv_results *out, char *err, size_t errlen)
{
	int i;

	/* One copy: the guest (another vCPU) may still be writing the page. */
	memcpy(out, (const void *)page, sizeof(*out));
	out->msg[PV_MSG_MAX - 1] = '\0';

	if (out->magic != PV_RESULTS_MAGIC) {
		snprintf(err, errlen, "results page: bad magic 0x%08x (want 0x%08x)",
			 out->magic, PV_RESULTS_MAGIC);
		return -1;
	}
	if (out->abi_version != PV_ABI_VERSION) {
		snprintf(err, errlen, "results page: ABI version %u, host speaks %u",
			 out->abi_version, PV_ABI_VERSION);
		return -1;
	}
	if (out->vcpu != vcpu || out->entry != entry) {
		snprintf(err, errlen, "results page: written for vCPU %u entry %u, host ran vCPU %u entry %u",
			 out->vcpu, out->entry, vcpu, entry);
		return -1;
	}
	for (i = 0; i < PV_NR_SIGS; i++) {
		uint32_t b = out->sig_base[i];

		if (b && (b < HV_BASE_FIRST || b > HV_BASE_LAST || (b & 0xff))) {
			snprintf(err, errlen, "results page: signature %d found at impossible base 0x%08x",
				 i, b);
			return -1;
		}
	}
	if (out->msr_fault && (out->msr_fault & ~0xffu) != PV_FAULTED) {
		snprintf(err, errlen, "results page: bad MSR fault code 0x%x", out->msr_fault);
		return -1;
	}
	if (out->hc_done > 1 || (out->hc_fault && (out->hc_fault & ~0xffu) != PV_FAULTED)) {
		snprintf(err, errlen, "results page: bad hypercall record (done %u, fault 0x%x)",
			 out->hc_done, out->hc_fault);
		return -1;
	}
	if (out->nr_probes > PV_MAX_PROBES) {
		snprintf(err, errlen, "results page: %u probes, at most %d fit",
			 out->nr_probes, PV_MAX_PROBES);
		return -1;
	}
	for (i = 0; i < (int)out->nr_probes; i++) {
		const struct pv_probe_rec *p = &out->probes[i];

		if (p->done > 1 || (p->fault && (p->fault & ~0xffu) != PV_FAULTED)) {
			snprintf(err, errlen, "results page: probe %d has done %u, fault 0x%x",
				 i, p->done, p->fault);
			return -1;
		}
	}
	if (out->msg_len >= PV_MSG_MAX) {
		snprintf(err, errlen, "results page: message length %u exceeds %d",
			 out->msg_len, PV_MSG_MAX - 1);
		return -1;
	}
	out->msg[out->msg_len] = '\0';
	return 0;
}
