/* SPDX-License-Identifier: GPL-2.0-only */
/* Reading the records KVM writes for kvmclock, wall clock and steal time. */
#ifndef PVPROBE_GUEST_PVCLOCK_H
#define PVPROBE_GUEST_PVCLOCK_H

#include <stdint.h>
#include <asm/kvm_para.h>	/* struct kvm_steal_time */

/* arch/x86/include/asm/pvclock-abi.h */
struct pvclock_vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
} __attribute__((packed));

struct pvclock_wall_clock {
	uint32_t version;
	uint32_t sec;
	uint32_t nsec;
} __attribute__((packed));

/*
 * Nanoseconds of kvmclock time from @t, or 0 if the record never settled
 * (odd or changing version) within a bounded number of tries.
 */
uint64_t pvclock_read_ns(const volatile struct pvclock_vcpu_time_info *t);

#endif /* PVPROBE_GUEST_PVCLOCK_H */
