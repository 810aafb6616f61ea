/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KVM_EXIT_HYPERCALL: with KVM_CAP_EXIT_HYPERCALL bit 12, KVM hands a
 * well-formed MAP_GPA_RANGE to the VMM (arch/x86/kvm/x86.c,
 * __kvm_emulate_hypercall) and returns run->hypercall.ret to the guest.
 * pvprobe's VMM checks the exit against what the guest announced in its
 * results page and answers PV_HC_EXIT_RET, or PV_HC_EXIT_BAD_ARGS.
 */
#ifndef PVPROBE_HYPERCALL_EXIT_H
#define PVPROBE_HYPERCALL_EXIT_H

#include "vcpu_run.h"

void hypercall_exit_handle(struct vcpu *vcpu, struct run_result *res);

#endif /* PVPROBE_HYPERCALL_EXIT_H */
