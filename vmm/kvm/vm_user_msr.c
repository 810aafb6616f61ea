// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <asm/kvm_para.h>

#include "vcpu.h"
#include "vm_user_msr.h"

int vm_user_msr_enable(struct vm *vm)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_X86_USER_SPACE_MSR,
		.args[0] = KVM_MSR_EXIT_REASON_FILTER,
	};
	/* A zero bit in a range's bitmap denies the access: it exits to us. */
	static uint8_t deny;
	struct kvm_msr_filter filter;

	memset(&filter, 0, sizeof(filter));
	filter.flags = KVM_MSR_FILTER_DEFAULT_ALLOW;
	filter.ranges[0].flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE;
	filter.ranges[0].nmsrs = 1;
	filter.ranges[0].base = MSR_KVM_MIGRATION_CONTROL;
	filter.ranges[0].bitmap = &deny;

	if (ioctl(vm->fd, KVM_ENABLE_CAP, &cap) < 0)
		return -1;
	if (ioctl(vm->fd, KVM_X86_SET_MSR_FILTER, &filter) < 0)
		return -1;
	vm->user_msr = 1;
	return 0;
}

int vm_user_msr_exit(struct vcpu *vcpu, struct run_result *res)
{
	struct kvm_run *run = vcpu->run;
	struct vm *vm = vcpu->vm;
	int allowed;

	res->nr_user_msrs++;
	if (run->msr.index != MSR_KVM_MIGRATION_CONTROL) {
		/* Only our range is filtered: anything else is KVM's business. */
		run->msr.error = 1;
		return 0;
	}
	allowed = !vm->enforce || (vm->pv_eax & (1u << KVM_FEATURE_MIGRATION_CONTROL));
	if (!allowed) {
		run->msr.error = 1;	/* #GP, as guest_pv_has() would */
		return 0;
	}
	if (run->exit_reason == KVM_EXIT_X86_RDMSR) {
		run->msr.data = vm->migration_control;
		run->msr.error = 0;
	} else if (run->msr.data & ~(uint64_t)KVM_MIGRATION_READY) {
		run->msr.error = 1;	/* only bit 0 is defined */
	} else {
		vm->migration_control = run->msr.data;
		run->msr.error = 0;
	}
	return 0;
}
