/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvprobe qemu's hypercall probes: which lanes the PVH guest runs under
 * QEMU (it runs them one after the other on vCPU 0, and nothing can stop
 * a vCPU that spins in a hypercall; KICK and IPI with its AP waiting,
 * guest_code/pvh/pvh_smp.c), why each probe not run is not run,
 * and the lane pages of a stream put back in lane order.  Pure: no I/O.
 */
#ifndef PVPROBE_QEMU_HCALLS_H
#define PVPROBE_QEMU_HCALLS_H

#include <stdint.h>

#include "pv_probes.h"
#include "qemu_stream.h"

/*
 * The APIC ID the calls aim at: vCPU 1's.  The guest puts the AP's own
 * (the highest APIC ID) in the KICK and IPI lanes' argument.
 */
#define QEMU_HC_TARGET	1

struct qemu_hc_plan {
	uint64_t config;		/* PVQ_HC_FW_CFG's value; 0: no lane */
	int nr_lanes;			/* lanes in config */
	int lane_ran[PV_NR_LANES];	/* asked for (then judged from its page) */
	const char *not_run[PV_NR_HCALLS];	/* why probe h is not run, or NULL */
	/* The reasons' text: lanes with the same reason share one. */
	char hang_why[300], ipi_why[300], quirk_why[300], waiter_why[300], ap_why[300];
	int nr_cpus;			/* -smp's */
};

/*
 * Plan the lanes for @backend (kvm_backend(): its known hangs,
 * vmm/pv/deviations.c), the native instruction (@vmcall) and the vCPUs
 * QEMU was given (@nr_cpus, from -smp).
 */
void qemu_hc_plan(struct qemu_hc_plan *p, const char *backend, int vmcall, int nr_cpus);

/*
 * After the run: with -smp 2 and more, when the guest's AP did not start
 * (its SMP record, or none), KICK_CPU_WAKES and the IPI lane are not run,
 * with that reason.
 */
void qemu_hc_smp(struct qemu_hc_plan *p, const struct qemu_stream *st);

/*
 * @lanes[l] for every lane of @p: its page from @st (the k-th lane page
 * is the plan's k-th lane), or, for a lane whose page never came, a run
 * that failed, saying so.  Returns how many lanes of the plan had a page.
 */
int qemu_hc_lanes(const struct qemu_hc_plan *p, const struct qemu_stream *st,
		  struct run_result *lanes);

#endif /* PVPROBE_QEMU_HCALLS_H */
