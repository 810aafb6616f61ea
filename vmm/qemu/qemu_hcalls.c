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
	 * The second vCPU the KICK and IPI pairs need: with -smp 2 and more
	 * the PVH guest brings one AP up with INIT-SIPI-SIPI
	 * (guest_code/pvh/pvh_smp.c) and it waits there as vCPU caller + 1
	 * does in pvprobe check; if it does not start, qemu_hc_smp() says so.
	 */
	p->nr_cpus = nr_cpus;
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
		} else if (place == PV_PLACE_IPI && nr_cpus < 2) {
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
	if (p->lane_ran[PV_LANE_KICK] && nr_cpus < 2) {
		snprintf(p->waiter_why, sizeof(p->waiter_why),
			 "needs a second vCPU halted with interrupts off (KICK_CPU's return is judged): %s", cpus);
		p->not_run[PV_HC_KICK_CPU_WAKES] = p->waiter_why;
	}
	if (p->config)
		p->config |= (vmcall ? PV_HC_ARG_VMCALL : 0) |
			     (uint64_t)QEMU_HC_TARGET << PV_HC_ARG_TARGET_SHIFT;
}

void qemu_hc_smp(struct qemu_hc_plan *p, const struct qemu_stream *st)
{
	const char *why;

	if (p->nr_cpus < 2 || (!p->lane_ran[PV_LANE_KICK] && !p->lane_ran[PV_LANE_IPI]))
		return;
	if (st->have_smp && st->smp.status == PVQ_AP_STARTED)
		return;
	if (!st->have_smp)
		why = "AP did not start: the guest sent no SMP record (it stopped before the bring-up)";
	else if (st->smp.status == PVQ_AP_NONE)
		why = "AP did not start: the guest found one CPU although -smp asked for more";
	else
		why = qemu_smp_status(&st->smp);
	snprintf(p->ap_why, sizeof(p->ap_why), "%s%s%s (needs the AP waiting)", why,
		 st->have_smp ? "; CPUs from " : "", st->have_smp ? qemu_smp_source(&st->smp) : "");
	if (p->lane_ran[PV_LANE_KICK])
		p->not_run[PV_HC_KICK_CPU_WAKES] = p->ap_why;
	if (p->lane_ran[PV_LANE_IPI])
		lane_not_run(p, PV_LANE_IPI, p->ap_why);
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
