/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * MSR_KVM_MIGRATION_CONTROL is the VMM's to implement: KVM does not handle
 * it (Documentation/virt/kvm/x86/msr.rst; hypercalls.rst asks userspace to
 * set an MSR filter before advertising KVM_FEATURE_MIGRATION_CONTROL).
 * pvprobe filters it to userspace with KVM_CAP_X86_USER_SPACE_MSR and
 * KVM_X86_SET_MSR_FILTER, and gates it on the CPUID bit the way KVM gates
 * its own PV MSRs: #GP when enforcement is on and the bit is clear.
 */
#ifndef PVPROBE_VM_USER_MSR_H
#define PVPROBE_VM_USER_MSR_H

#include "vcpu_run.h"
#include "vm.h"

/* Returns 0, or -1 with errno (the host lacks the capabilities). */
int vm_user_msr_enable(struct vm *vm);

/* The KVM_EXIT_X86_RDMSR / KVM_EXIT_X86_WRMSR handler. */
int vm_user_msr_exit(struct vcpu *vcpu, struct run_result *res);

#endif /* PVPROBE_VM_USER_MSR_H */
