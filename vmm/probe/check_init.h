/* SPDX-License-Identifier: GPL-2.0-only */
/* The INIT probes (include/pv_probes.h PV_INIT_TABLE): host-side, on one vCPU. */
#ifndef PVPROBE_CHECK_INIT_H
#define PVPROBE_CHECK_INIT_H

#include "check.h"

/*
 * Fill @rep's PK_INIT rows: write each MSR through KVM_SET_MSRS, INIT
 * @vcpu once, read each back through KVM_GET_MSRS.  @vcpu must not be
 * running; it is left after the INIT (vCPU 0: runnable in real mode).
 */
void check_init_probes(struct check_report *rep, struct vcpu *vcpu);

#endif /* PVPROBE_CHECK_INIT_H */
