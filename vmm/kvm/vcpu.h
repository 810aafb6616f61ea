/* SPDX-License-Identifier: GPL-2.0-only */
/* vCPUs: create, CPUID, PV enforcement, entry set-up, run. */
#ifndef PVPROBE_VCPU_H
#define PVPROBE_VCPU_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#include "pvprobe_abi.h"
#include "vm.h"

struct vcpu {
	struct vm *vm;
	int id;			/* KVM's vCPU id, and its APIC ID */
	int slot;		/* the probe guest's results page and stack (< PV_MAX_VCPUS) */
	int fd;
	struct kvm_run *run;
	size_t run_size;
	uint32_t entry;		/* set by vcpu_setup_entry() */
	volatile int cancel;	/* vcpu_cancel(): stop the current run now */
};

/*
 * The VM's next vCPU (KVM id and slot vm->nr_vcpus), added to vm->vcpus
 * for vm_destroy() to destroy; KVM_CREATE_VCPU honours $PVPROBE_FAIL_IOCTL.
 * Returns it, or NULL with errno and @err ("KVM_CREATE_VCPU 1: ...").
 */
struct vcpu *vcpu_create(struct vm *vm, char *err, size_t errlen);

/* The same with KVM id (and APIC ID) @id instead of the slot's number. */
struct vcpu *vcpu_create_id(struct vm *vm, int id, char *err, size_t errlen);

/*
 * A vCPU with KVM id @id using results page and stack @slot, NOT added to
 * vm->vcpus: the caller destroys it (its fd; KVM frees the vCPU with the
 * VM).  Sweeps run thousands of these, one at a time, on one slot.
 */
struct vcpu *vcpu_open(struct vm *vm, int id, int slot, char *err, size_t errlen);
void vcpu_destroy(struct vcpu *vcpu);

/*
 * The one way pvprobe programs a vCPU's CPUID: KVM_SET_CPUID2 with @cpuid,
 * then, when @enforce, KVM_CAP_ENFORCE_PV_FEATURE_CPUID on.  That order:
 * turning enforcement on caches the features leaf of the CPUID the vCPU
 * holds then (arch/x86/kvm/x86.c kvm_vcpu_ioctl_enable_cap() ->
 * arch/x86/kvm/cpuid.c kvm_update_pv_runtime()).  Without @enforce the
 * capability stays as KVM created the vCPU: off.  With PV_ENFORCE_FIRST
 * the capability comes first, as some VMMs (and the kernel's kvm_pv_test)
 * do, and KVM_SET_CPUID2 must fill that cache.  No allocation: sweeps
 * call it for every configuration.
 *
 * Returns VCPU_CPUID_OK, or the step that failed with errno and @err
 * naming the call ("KVM_SET_CPUID2: ...", as every caller reports it).
 */
/* @enforce: 0 off, 1 on after KVM_SET_CPUID2, PV_ENFORCE_FIRST on before it. */
#define PV_ENFORCE_FIRST	2
enum vcpu_cpuid_step {
	VCPU_CPUID_OK,
	VCPU_CPUID_SET,		/* KVM_SET_CPUID2 refused the table */
	VCPU_CPUID_ENFORCE,	/* KVM_ENABLE_CAP(KVM_CAP_ENFORCE_PV_FEATURE_CPUID) failed */
};
enum vcpu_cpuid_step vcpu_program_cpuid(struct vcpu *vcpu, const struct kvm_cpuid2 *cpuid,
					int enforce, char *err, size_t errlen);

/*
 * The single calls: KVM_SET_CPUID2 (honours $PVPROBE_FAIL_IOCTL) and
 * KVM_CAP_ENFORCE_PV_FEATURE_CPUID, for what tries tables one by one
 * (session.c, a replayed table KVM refuses) and for the benchmark's floor.
 */
int vcpu_set_cpuid(struct vcpu *vcpu, const struct kvm_cpuid2 *cpuid);
int vcpu_enforce_pv_cpuid(struct vcpu *vcpu, int on);

/*
 * KVM_GET_CPUID2 into @c, which has room for @room entries (c->nent is
 * set to what KVM holds); 0 or -1 with errno (E2BIG: too little room).
 */
int vcpu_read_cpuid(struct vcpu *vcpu, struct kvm_cpuid2 *c, uint32_t room);
/* The same into a malloc'd table with room for @nent entries, or NULL. */
struct kvm_cpuid2 *vcpu_get_cpuid(struct vcpu *vcpu, int nent);

/* KVM_GET/SET_REGS and KVM_GET/SET_SREGS: 0 or -1 with errno. */
int vcpu_get_regs(struct vcpu *vcpu, struct kvm_regs *regs);
int vcpu_set_regs(struct vcpu *vcpu, const struct kvm_regs *regs);
int vcpu_get_sregs(struct vcpu *vcpu, struct kvm_sregs *sregs);
int vcpu_set_sregs(struct vcpu *vcpu, const struct kvm_sregs *sregs);

/*
 * Point the vCPU at the guest image's entry in 64-bit mode with @entry and
 * @arg, and zero its results page.  Returns 0 or -1 with errno.
 */
int vcpu_setup_entry(struct vcpu *vcpu, enum pv_entry entry, uint64_t arg);

/* The vCPU's results page in guest RAM (host view, untrusted contents). */
struct pv_results *vcpu_results_page(struct vcpu *vcpu);

#endif /* PVPROBE_VCPU_H */
