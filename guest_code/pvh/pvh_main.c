// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PVH image's main: the entries a QEMU guest runs on vCPU 0, one after
 * the other, each on a freshly zeroed results page (as the host does
 * before a KVM run, vmm/kvm/vcpu.c), each page sent out by guest_ring().
 * Then the hypercall lanes pvprobe qemu asked for (PVQ_HC_FW_CFG), in
 * ascending order, one page each.  Under QEMU nothing can stop a vCPU
 * that spins in a hypercall (on kvm_pvm CPL-0 VMCALL/VMMCALL never
 * complete), so the host asks only for lanes its backend can finish.
 */
#include "guest.h"
#include "pv_probes.h"
#include "pv_qemu_abi.h"
#include "pvh.h"

_Static_assert(PV_NR_LANES <= 16, "a lane mask of PVQ_HC_LANE_MASK's 16 bits");

static const enum pv_entry pvh_entries[] = {
	PV_ENTRY_REPORT,
	PV_ENTRY_MSR_PROBES,
};

static void run_entry(enum pv_entry entry, uint64_t arg)
{
	memset((void *)PV_RESULTS_PAGE(0), 0, PV_PAGE_SIZE);
	guest_main(0, entry, arg);
}

void pvh_main(void)
{
	uint64_t cfg;
	unsigned int i;

	for (i = 0; i < sizeof(pvh_entries) / sizeof(pvh_entries[0]); i++)
		run_entry(pvh_entries[i], 0);
	cfg = pvh_hcall_config();
	for (i = 0; i < PV_NR_LANES; i++)
		if (cfg & PVQ_HC_LANE_MASK & (1u << i))
			run_entry(PV_ENTRY_HYPERCALL_LANE, (cfg & ~(uint64_t)PVQ_HC_LANE_MASK) | i);
	pvh_finish();
}
