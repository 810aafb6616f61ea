/* SPDX-License-Identifier: GPL-2.0-only */
/* vCPUs: create, CPUID, PV enforcement, entry set-up, run. */
#ifndef PVPROBE_VCPU_H
#define PVPROBE_VCPU_H

#include <stdint.h>
#include <linux/kvm.h>

#include "pvprobe_abi.h"
#include "vm.h"

struct vcpu {
	struct vm *vm;
	int id;			/* KVM's vCPU id, and its APIC ID */
	int slot;		/* results page and stack (< PV_MAX_VCPUS) */
	int fd;
	struct kvm_run *run;
	size_t run_size;
	uint32_t entry;		/* set by vcpu_setup_entry() */
	volatile int cancel;	/* vcpu_cancel(): stop the current run now */
};

/* Returns the vCPU (added to vm->vcpus), or NULL with errno and @err. */
struct vcpu *vcpu_create(struct vm *vm, char *err, size_t errlen);

/*
 * A vCPU with KVM id @id using results page and stack @slot, NOT added to
 * vm->vcpus: the caller destroys it (its fd; KVM frees the vCPU with the
 * VM).  Sweeps run thousands of these, one at a time, on one slot.
 */
struct vcpu *vcpu_open(struct vm *vm, int id, int slot, char *err, size_t errlen);
void vcpu_destroy(struct vcpu *vcpu);

/* KVM_SET_CPUID2 / KVM_GET_CPUID2 (malloc'd, @nent entries of room). */
int vcpu_set_cpuid(struct vcpu *vcpu, const struct kvm_cpuid2 *cpuid);
struct kvm_cpuid2 *vcpu_get_cpuid(struct vcpu *vcpu, int nent);
/*
 * The same on a bare vCPU fd (pvprobe boot's vCPUs are not struct vcpu): "fd"
 * in the name, since a "__" prefix means "returns the raw result" to KVM
 * selftests readers.
 */
int vcpu_fd_set_cpuid(int fd, const struct kvm_cpuid2 *cpuid);
struct kvm_cpuid2 *vcpu_fd_get_cpuid(int fd, int nent);
int vcpu_fd_enforce_pv_cpuid(int fd, int on);

/* KVM_CAP_ENFORCE_PV_FEATURE_CPUID on this vCPU (arch/x86/kvm/x86.c). */
int vcpu_enforce_pv_cpuid(struct vcpu *vcpu, int on);

/*
 * Point the vCPU at the guest image's entry in 64-bit mode with @entry and
 * @arg, and zero its results page.  Returns 0 or -1 with errno.
 */
int vcpu_setup_entry(struct vcpu *vcpu, enum pv_entry entry, uint64_t arg);

/* The vCPU's results page in guest RAM (host view, untrusted contents). */
struct pv_results *vcpu_results_page(struct vcpu *vcpu);

#endif /* PVPROBE_VCPU_H */
