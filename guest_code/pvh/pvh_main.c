// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PVH image's main: the entries a QEMU guest runs on vCPU 0, one after
 * the other, each on a freshly zeroed results page (as the host does
 * before a KVM run, vmm/kvm/vcpu.c), each page sent out by guest_ring().
 * The CPUs are read first (the MADT, before probes write the top of
 * RAM); after the MSR page the AP is brought up once (pvh_smp.c, its
 * PVQ_KIND_SMP frame).  Then the hypercall lanes pvprobe qemu asked for
 * (PVQ_HC_FW_CFG), in ascending order, one page each; KICK and IPI with
 * the AP waiting, its page after theirs (PVQ_KIND_WAITER).  Under QEMU nothing can stop a vCPU
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

void pvh_run_entry(uint32_t entry, uint64_t arg)
{
	memset((void *)PV_RESULTS_PAGE(0), 0, PV_PAGE_SIZE);
	guest_main(0, entry, arg);
}

void pvh_main(void)
{
	uint64_t cfg;
	unsigned int i;

	pvh_smp_find();
	for (i = 0; i < sizeof(pvh_entries) / sizeof(pvh_entries[0]); i++)
		pvh_run_entry(pvh_entries[i], 0);
	pvh_smp_start();
	cfg = pvh_hcall_config();
	for (i = 0; i < PV_NR_LANES; i++) {
		uint64_t arg = (cfg & ~(uint64_t)PVQ_HC_LANE_MASK) | i;

		if (!(cfg & PVQ_HC_LANE_MASK & (1u << i)))
			continue;
		if (i == PV_LANE_KICK || i == PV_LANE_IPI)
			pvh_smp_lane((int)i, arg);
		else
			pvh_run_entry(PV_ENTRY_HYPERCALL_LANE, arg);
	}
	pvh_finish();
}
