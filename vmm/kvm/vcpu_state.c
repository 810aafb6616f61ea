// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host-side vCPU state: one MSR through KVM_SET_MSRS / KVM_GET_MSRS, and
 * an INIT signal delivered without running the vCPU.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "vcpu_state.h"

struct one_msr {
	struct kvm_msrs hdr;
	struct kvm_msr_entry e;
};

int vcpu_set_msr(struct vcpu *vcpu, uint32_t index, uint64_t value)
{
	struct one_msr m;
	int r;

	memset(&m, 0, sizeof(m));
	m.hdr.nmsrs = 1;
	m.e.index = index;
	m.e.data = value;
	/* KVM_SET_MSRS returns how many MSRs it set: 0 means KVM refused it. */
	r = ioctl(vcpu->fd, KVM_SET_MSRS, &m);
	return r < 0 ? -1 : r == 1;
}

int vcpu_get_msr(struct vcpu *vcpu, uint32_t index, uint64_t *value)
{
	struct one_msr m;
	int r;

	memset(&m, 0, sizeof(m));
	m.hdr.nmsrs = 1;
	m.e.index = index;
	r = ioctl(vcpu->fd, KVM_GET_MSRS, &m);
	if (r < 0)
		return -1;
	if (r == 1)
		*value = m.e.data;
	return r == 1;
}

/*
 * KVM_SET_VCPU_EVENTS with KVM_VCPUEVENT_VALID_SMM and smi.latched_init
 * sets KVM_APIC_INIT in the LAPIC's pending events (arch/x86/kvm/x86.c
 * kvm_vcpu_ioctl_x86_set_vcpu_events()), and KVM_GET_MP_STATE runs
 * kvm_apic_accept_events() (kvm_arch_vcpu_ioctl_get_mpstate()), which
 * takes it: kvm_vcpu_reset(vcpu, true) (arch/x86/kvm/lapic.c).  That is the
 * INIT a real guest gets from another CPU's INIT IPI, or a VMM's reset,
 * without running the vCPU again.
 */
int vcpu_init_signal(struct vcpu *vcpu, uint32_t *mp_state)
{
	struct kvm_vcpu_events ev;
	struct kvm_mp_state mp;

	memset(&ev, 0, sizeof(ev));
	if (ioctl(vcpu->fd, KVM_GET_VCPU_EVENTS, &ev) < 0)
		return -1;
	/* Only the SMM group: the exception, interrupt and NMI state stay as they are. */
	ev.flags = KVM_VCPUEVENT_VALID_SMM;
	ev.smi.latched_init = 1;
	if (ioctl(vcpu->fd, KVM_SET_VCPU_EVENTS, &ev) < 0)
		return -1;
	if (ioctl(vcpu->fd, KVM_GET_MP_STATE, &mp) < 0)
		return -1;
	*mp_state = mp.mp_state;
	return 0;
}
