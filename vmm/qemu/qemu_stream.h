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
};

/*
 * Returns 0 when every byte formed valid frames up to the end frame, or
 * -1 with what is wrong in @err (garbage, a bad sum, a page that fails
 * guest_results_check(), the stream cut short, bytes after the end).
 * The frames before the problem are kept in @st either way.
 */
int qemu_stream_decode(const uint8_t *buf, size_t n, struct qemu_stream *st,
		       char *err, size_t errlen);

#endif /* PVPROBE_QEMU_STREAM_H */
