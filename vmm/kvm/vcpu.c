// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pv_probes.h"
#include "vcpu.h"
#include "vm_layout.h"

struct vcpu *vcpu_open(struct vm *vm, int id, int slot, char *err, size_t errlen)
{
	struct vcpu *vcpu;
	int size, e;

	if (slot < 0 || slot >= PV_MAX_VCPUS) {
		snprintf(err, errlen, "vCPU slot %d: at most %d", slot, PV_MAX_VCPUS);
		errno = E2BIG;
		return NULL;
	}
	vcpu = calloc(1, sizeof(*vcpu));
	if (!vcpu) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->slot = slot;
	vcpu->run = MAP_FAILED;
	errno = kvm_fail_injected("KVM_CREATE_VCPU");
	vcpu->fd = errno ? -1 : ioctl(vm->fd, KVM_CREATE_VCPU, vcpu->id);
	if (vcpu->fd < 0) {
		snprintf(err, errlen, "KVM_CREATE_VCPU %d: %s", vcpu->id, strerror(errno));
		goto fail;
	}
	size = ioctl(vm->kvm->fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(struct kvm_run)) {
		snprintf(err, errlen, "KVM_GET_VCPU_MMAP_SIZE: %d", size);
		goto fail;
	}
	vcpu->run_size = (size_t)size;
	vcpu->run = mmap(NULL, vcpu->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		snprintf(err, errlen, "mmap kvm_run: %s", strerror(errno));
		goto fail;
	}
	return vcpu;
fail:
	e = errno;
	vcpu_destroy(vcpu);
	errno = e;
	return NULL;
}

struct vcpu *vcpu_create(struct vm *vm, char *err, size_t errlen)
{
	return vcpu_create_id(vm, vm->nr_vcpus, err, errlen);
}

struct vcpu *vcpu_create_id(struct vm *vm, int id, char *err, size_t errlen)
{
	struct vcpu *vcpu;

	if (vm->nr_vcpus >= PV_MAX_VCPUS) {
		snprintf(err, errlen, "at most %d vCPUs", PV_MAX_VCPUS);
		errno = E2BIG;
		return NULL;
	}
	vcpu = vcpu_open(vm, id, vm->nr_vcpus, err, errlen);
	if (vcpu)
		vm->vcpus[vm->nr_vcpus++] = vcpu;
	return vcpu;
}

void vcpu_destroy(struct vcpu *vcpu)
{
	if (!vcpu)
		return;
	if (vcpu->run != MAP_FAILED)
		munmap(vcpu->run, vcpu->run_size);
	if (vcpu->fd >= 0)
		close(vcpu->fd);
	free(vcpu);
}

int vcpu_set_cpuid(struct vcpu *vcpu, const struct kvm_cpuid2 *cpuid)
{
	errno = kvm_fail_injected("KVM_SET_CPUID2");
	if (errno)
		return -1;
	return ioctl(vcpu->fd, KVM_SET_CPUID2, cpuid);
}

int vcpu_enforce_pv_cpuid(struct vcpu *vcpu, int on)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_ENFORCE_PV_FEATURE_CPUID,
		.args[0] = !!on,
	};

	return ioctl(vcpu->fd, KVM_ENABLE_CAP, &cap);
}

/* @err names the call that failed; errno stays what it said. */
static enum vcpu_cpuid_step cpuid_failed(enum vcpu_cpuid_step step, char *err, size_t errlen,
					 const char *call)
{
	int e = errno;

	snprintf(err, errlen, "%s: %s", call, strerror(e));
	errno = e;
	return step;
}

enum vcpu_cpuid_step vcpu_program_cpuid(struct vcpu *vcpu, const struct kvm_cpuid2 *cpuid,
					int enforce, char *err, size_t errlen)
{
	/*
	 * Both orders are legal, and KVM must give the same result: enabled
	 * first, KVM_SET_CPUID2 refreshes guest_pv_has()'s cache
	 * (arch/x86/kvm/cpuid.c kvm_vcpu_after_set_cpuid() ->
	 * kvm_update_pv_runtime()); enabled after, the capability does
	 * (x86.c kvm_vcpu_ioctl_enable_cap()).
	 */
	if (enforce == PV_ENFORCE_FIRST && vcpu_enforce_pv_cpuid(vcpu, 1) < 0)
		return cpuid_failed(VCPU_CPUID_ENFORCE, err, errlen,
				    "KVM_ENABLE_CAP(KVM_CAP_ENFORCE_PV_FEATURE_CPUID)");
	if (vcpu_set_cpuid(vcpu, cpuid) < 0)
		return cpuid_failed(VCPU_CPUID_SET, err, errlen, "KVM_SET_CPUID2");
	if (enforce && enforce != PV_ENFORCE_FIRST && vcpu_enforce_pv_cpuid(vcpu, 1) < 0)
		return cpuid_failed(VCPU_CPUID_ENFORCE, err, errlen,
				    "KVM_ENABLE_CAP(KVM_CAP_ENFORCE_PV_FEATURE_CPUID)");
	return VCPU_CPUID_OK;
}

int vcpu_read_cpuid(struct vcpu *vcpu, struct kvm_cpuid2 *c, uint32_t room)
{
	c->nent = room;
	return ioctl(vcpu->fd, KVM_GET_CPUID2, c) < 0 ? -1 : 0;
}

struct kvm_cpuid2 *vcpu_get_cpuid(struct vcpu *vcpu, int nent)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));

	if (!c)
		return NULL;
	if (vcpu_read_cpuid(vcpu, c, nent) < 0) {
		int e = errno;

		free(c);
		errno = e;
		return NULL;
	}
	return c;
}

int vcpu_get_regs(struct vcpu *vcpu, struct kvm_regs *regs)
{
	return ioctl(vcpu->fd, KVM_GET_REGS, regs) < 0 ? -1 : 0;
}

int vcpu_set_regs(struct vcpu *vcpu, const struct kvm_regs *regs)
{
	return ioctl(vcpu->fd, KVM_SET_REGS, regs) < 0 ? -1 : 0;
}

int vcpu_get_sregs(struct vcpu *vcpu, struct kvm_sregs *sregs)
{
	return ioctl(vcpu->fd, KVM_GET_SREGS, sregs) < 0 ? -1 : 0;
}

int vcpu_set_sregs(struct vcpu *vcpu, const struct kvm_sregs *sregs)
{
	return ioctl(vcpu->fd, KVM_SET_SREGS, sregs) < 0 ? -1 : 0;
}

struct pv_results *vcpu_results_page(struct vcpu *vcpu)
{
	return vm_gpa(vcpu->vm, PV_RESULTS_PAGE(vcpu->slot), PV_PAGE_SIZE);
}

int vcpu_setup_entry(struct vcpu *vcpu, enum pv_entry entry, uint64_t arg)
{
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_RUNNABLE };
	struct kvm_sregs sregs;
	struct kvm_regs regs = { 0 };

	/*
	 * With the in-kernel LAPIC every vCPU but 0 starts waiting for
	 * INIT/SIPI (KVM_MP_STATE_UNINITIALIZED): pvprobe starts them directly.
	 */
	if (vcpu->id && ioctl(vcpu->fd, KVM_SET_MP_STATE, &mp) < 0)
		return -1;
	if (vcpu_get_sregs(vcpu, &sregs) < 0)
		return -1;
	vm_layout_sregs(&sregs);
	if (vcpu_set_sregs(vcpu, &sregs) < 0)
		return -1;

	memset(vcpu_results_page(vcpu), 0, PV_PAGE_SIZE);
	/* The MSR probes' record pages (include/pv_probes.h): only that entry uses them. */
	if (entry == PV_ENTRY_MSR_PROBES)
		memset(vm_gpa(vcpu->vm, PV_WALL_CLOCK_GPA, PV_HCALL_GPA - PV_WALL_CLOCK_GPA), 0,
		       PV_HCALL_GPA - PV_WALL_CLOCK_GPA);
	vcpu->entry = entry;
	regs.rip = vcpu->vm->image.entry;
	regs.rsp = PV_STACK_TOP(vcpu->slot);
	regs.rflags = 0x2;	/* bit 1 is reserved-one; IF off */
	regs.rdi = (uint64_t)vcpu->slot;
	regs.rsi = entry;
	regs.rdx = arg;
	return vcpu_set_regs(vcpu, &regs);
}
