/* SPDX-License-Identifier: GPL-2.0-only */
/* /dev/kvm: open, API version, capabilities, supported CPUID, backend. */
#ifndef PVPROBE_KVM_SYS_H
#define PVPROBE_KVM_SYS_H

#include <stddef.h>
#include <linux/kvm.h>

#define PV_ERR_MAX	512

struct kvm_sys {
	int fd;
	int api_version;
	char path[256];
};

/*
 * The device path: $PVPROBE_DEV_KVM if set (tests use it to simulate a
 * host without KVM), else /dev/kvm.
 */
const char *kvm_dev_path(void);

/*
 * Returns PV_EXIT_OK, PV_EXIT_SKIP (no device, no permission, wrong API:
 * nothing to test here) with the reason and the fix in @err.
 */
int kvm_sys_open(struct kvm_sys *kvm, char *err, size_t errlen);
void kvm_sys_close(struct kvm_sys *kvm);

/*
 * KVM_CHECK_EXTENSION on the system fd: > 0 when present.  A capability
 * named in $PVPROBE_HIDE_CAPS (comma-separated KVM_CAP_* names) reads as
 * absent: how the tests, and engineers, see what pvprobe does on an older
 * host.
 */
int kvm_check_cap(const struct kvm_sys *kvm, long cap);
int kvm_cap_hidden(long cap);

/*
 * The errno to fail ioctl @ioctl_name with, from $PVPROBE_FAIL_IOCTL
 * ("KVM_SET_CPUID2:EINVAL,KVM_CREATE_VM:EMFILE"), or 0: fault injection
 * for the error paths of KVM_CREATE_VM, KVM_CREATE_VCPU and KVM_SET_CPUID2.
 */
int kvm_fail_injected(const char *ioctl_name);

/*
 * What to do about errno @e from creating or setting up a VM, as " (...)"
 * to append to the message naming the call, or "": the same advice for
 * the probe VM and the boot VM.
 */
const char *kvm_errno_hint(int e);

/*
 * KVM_GET_SUPPORTED_CPUID, read from KVM once per process; a malloc'd copy,
 * NULL with errno on failure.
 */
struct kvm_cpuid2 *kvm_get_supported_cpuid(const struct kvm_sys *kvm);

/*
 * The KVM backend modules loaded (kvm_intel, kvm_amd, kvm_pvm), from
 * /sys/module, as "kvm_pvm" or "kvm_amd+kvm_pvm"; "unknown" if none.
 */
const char *kvm_backend(char *buf, size_t len);

#endif /* PVPROBE_KVM_SYS_H */
