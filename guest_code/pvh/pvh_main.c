// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PVH image's main: the entries a one-vCPU QEMU guest can run, one
 * after the other, each on a freshly zeroed results page (as the host does
 * before a KVM run, vmm/kvm/vcpu.c), each page sent out by guest_ring().
 * Hypercall lanes are not run: CPL-0 VMCALL/VMMCALL spin on kvm_pvm, and
 * under QEMU there is no host thread to stop a spinning vCPU.
 */
#include "guest.h"
#include "pvh.h"

static const enum pv_entry pvh_entries[] = {
	PV_ENTRY_REPORT,
	PV_ENTRY_MSR_PROBES,
};

void pvh_main(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(pvh_entries) / sizeof(pvh_entries[0]); i++) {
		memset((void *)PV_RESULTS_PAGE(0), 0, PV_PAGE_SIZE);
		guest_main(0, pvh_entries[i], 0);
	}
	pvh_finish();
}
