/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Decode what the PVH image sent on isa-debugcon (include/pv_qemu_abi.h):
 * untrusted bytes from a QEMU guest.  Pure: no I/O.
 */
#ifndef PVPROBE_QEMU_STREAM_H
#define PVPROBE_QEMU_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include "pv_probes.h"
#include "pv_qemu_abi.h"
#include "vcpu_run.h"

struct qemu_stream {
	int have_report, have_msrs;	/* a frame for that entry arrived */
	int ended;			/* the end frame arrived */
	struct run_result report;	/* PV_ENTRY_REPORT */
	struct run_result msrs;		/* PV_ENTRY_MSR_PROBES */
	/*
	 * PV_ENTRY_HYPERCALL_LANE pages, in the order they came: the guest
	 * runs the lanes of PVQ_HC_FW_CFG's mask in ascending order, so the
	 * k-th page is the mask's k-th lane (vmm/qemu/qemu_hcalls.c).
	 */
	int nr_lanes;
	struct run_result lanes[PV_NR_LANES];
	/* PVQ_KIND_SMP: the CPUs and the AP the guest brought up (checked). */
	int have_smp;
	struct pvq_smp smp;
	/*
	 * PVQ_KIND_WAITER: the AP's page after the KICK (PV_ENTRY_HALT_WAIT)
	 * or IPI (PV_ENTRY_IPI_WAIT) lane, by lane; RUN_TIMEOUT when the AP
	 * was still waiting at the guest's bound.
	 */
	int have_waiter[PV_NR_LANES];
	struct run_result waiters[PV_NR_LANES];
};

/* What @s->status means, one phrase ("started", "did not start within 2000 ms", ...). */
const char *qemu_smp_status(const struct pvq_smp *s);
/* Where the CPU list came from ("the ACPI MADT", ...). */
const char *qemu_smp_source(const struct pvq_smp *s);

/*
 * Returns 0 when every byte formed valid frames up to the end frame, or
 * -1 with what is wrong in @err (garbage, a bad sum, a page that fails
 * guest_results_check(), the stream cut short, bytes after the end).
 * The frames before the problem are kept in @st either way.
 */
int qemu_stream_decode(const uint8_t *buf, size_t n, struct qemu_stream *st,
		       char *err, size_t errlen);

#endif /* PVPROBE_QEMU_STREAM_H */
