// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>

#include "deviations.h"
#include "pv_qemu_abi.h"
#include "qemu_hcalls.h"

/* Does a probe of lane @lane never complete on @backend (deviations.c)? */
static int lane_hangs(const char *backend, int lane)
{
	int i;

	for (i = 0; i < probe_count; i++)
		if (probe_list[i].kind == PK_HCALL && probe_list[i].lane == lane &&
		    deviation_hangs(backend, &probe_list[i]))
			return 1;
	return 0;
}

static void lane_not_run(struct qemu_hc_plan *p, int lane, const char *why)
{
	int i;

	for (i = 0; i < probe_count; i++)
		if (probe_list[i].kind == PK_HCALL && probe_list[i].lane == lane)
			p->not_run[probe_list[i].hcall] = why;
}

void qemu_hc_plan(struct qemu_hc_plan *p, const char *backend, int vmcall, int nr_cpus)
{
	char cpus[160];
	int l;

	memset(p, 0, sizeof(*p));
	/*
	 * The second vCPU the KICK and IPI pairs need: QEMU starts vCPUs 1
	 * and up in wait-for-SIPI, and the PVH guest does not send them
	 * INIT/SIPI (no real-mode trampoline yet), so none of them halts to
	 * be kicked or takes an IPI.
	 */
	if (nr_cpus > 1)
		snprintf(cpus, sizeof(cpus), "-smp %d: QEMU holds vCPUs 1-%d in wait-for-SIPI and pvprobe's "
			 "PVH guest does not bring them up (no INIT/SIPI yet)", nr_cpus, nr_cpus - 1);
	else
		snprintf(cpus, sizeof(cpus), "QEMU has one vCPU (-smp 1)");
	snprintf(p->hang_why, sizeof(p->hang_why),
		 "not run under QEMU: %s never completes these hypercalls (a known deviation, "
		 "ci/README.md), and nothing can stop a vCPU spinning in one there", backend);
	snprintf(p->ipi_why, sizeof(p->ipi_why),
		 "needs a second vCPU waiting for the IPI (SEND_IPI returns the IPIs delivered): %s", cpus);
	snprintf(p->quirk_why, sizeof(p->quirk_why),
		 "needs KVM_X86_QUIRK_FIX_HYPERCALL_INSN disabled: QEMU leaves the quirk on, so the "
		 "other vendor's instruction is patched (hypercall.OTHER_INSN)");
	for (l = 0; l < PV_NR_LANES; l++) {
		int place = probe_lane_place(l);

		if (lane_hangs(backend, l)) {
			lane_not_run(p, l, p->hang_why);
		} else if (place == PV_PLACE_IPI) {
			lane_not_run(p, l, p->ipi_why);
		} else if (place == PV_PLACE_NOQUIRK) {
			lane_not_run(p, l, p->quirk_why);
		} else {
			/*
			 * MAIN lanes; NOCAP, because QEMU never enables
			 * KVM_CAP_EXIT_HYPERCALL for a plain guest (the VM is
			 * one without it); KICK's calls, which need no second
			 * vCPU: KVM_HC_KICK_CPU returns the same whether or not
			 * a vCPU has the APIC ID (x86.c kvm_pv_kick_cpu_op()).
			 */
			p->lane_ran[l] = 1;
			p->config |= 1u << l;
			p->nr_lanes++;
		}
	}
	if (p->lane_ran[PV_LANE_KICK]) {
		snprintf(p->waiter_why, sizeof(p->waiter_why),
			 "needs a second vCPU halted with interrupts off (KICK_CPU's return is judged): %s", cpus);
		p->not_run[PV_HC_KICK_CPU_WAKES] = p->waiter_why;
	}
	if (p->config)
		p->config |= (vmcall ? PV_HC_ARG_VMCALL : 0) |
			     (uint64_t)QEMU_HC_TARGET << PV_HC_ARG_TARGET_SHIFT;
}

int qemu_hc_lanes(const struct qemu_hc_plan *p, const struct qemu_stream *st,
		  struct run_result *lanes)
{
	int l, k = 0;

	memset(lanes, 0, sizeof(*lanes) * PV_NR_LANES);
	for (l = 0; l < PV_NR_LANES; l++) {
		if (!p->lane_ran[l])
			continue;
		if (k < st->nr_lanes) {
			lanes[l] = st->lanes[k++];
			continue;
		}
		lanes[l].status = RUN_PROTOCOL;
		snprintf(lanes[l].detail, sizeof(lanes[l].detail),
			 "no page for lane %s: the guest stopped before it", probe_lane_name(l));
	}
	return k;
}
