// SPDX-License-Identifier: GPL-2.0-only
/*
 * kvmclock time as a guest computes it (Documentation/virt/kvm/x86/msr.rst,
 * MSR_KVM_SYSTEM_TIME_NEW): system_time + ((tsc - tsc_timestamp) scaled by
 * tsc_shift) * tsc_to_system_mul >> 32, read under the version protocol.
 */
#include "guest.h"
#include "pvclock.h"

#define PVCLOCK_TRIES	1000

uint64_t pvclock_read_ns(const volatile struct pvclock_vcpu_time_info *t)
{
	int tries;

	for (tries = 0; tries < PVCLOCK_TRIES; tries++) {
		uint32_t v = t->version;
		uint64_t delta, ns;
		int8_t shift;

		asm volatile("" : : : "memory");
		if (v & 1)
			continue;
		delta = guest_rdtsc() - t->tsc_timestamp;
		shift = t->tsc_shift;
		if (shift < 0)
			delta >>= -shift;
		else
			delta <<= shift;
		/* 64 x 32 -> 96 bits, in general registers (mul). */
		ns = t->system_time +
		     (uint64_t)(((unsigned __int128)delta * t->tsc_to_system_mul) >> 32);
		asm volatile("" : : : "memory");
		if (t->version == v)
			return ns;
	}
	return 0;
}
