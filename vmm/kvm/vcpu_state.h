/* SPDX-License-Identifier: GPL-2.0-only */
/* Host-side vCPU state: MSRs by KVM_{GET,SET}_MSRS, and INIT. */
#ifndef PVPROBE_VCPU_STATE_H
#define PVPROBE_VCPU_STATE_H

#include <stdint.h>

#include "vcpu.h"

/* A host-initiated MSR write: 1 taken, 0 refused by KVM, -1 ioctl error (errno). */
int vcpu_set_msr(struct vcpu *vcpu, uint32_t index, uint64_t value);

/* A host-initiated MSR read: 1 read into *value, 0 refused, -1 ioctl error (*value untouched). */
int vcpu_get_msr(struct vcpu *vcpu, uint32_t index, uint64_t *value);

/*
 * Deliver INIT to a vCPU that is not running and let KVM take it now:
 * kvm_vcpu_reset(vcpu, true).  *mp_state is the state after it
 * (KVM_MP_STATE_RUNNABLE for vCPU 0, INIT_RECEIVED for the others).
 * Returns 0, or -1 with errno.
 */
int vcpu_init_signal(struct vcpu *vcpu, uint32_t *mp_state);

#endif /* PVPROBE_VCPU_STATE_H */
