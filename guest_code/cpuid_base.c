// SPDX-License-Identifier: GPL-2.0-only
/*
 * hypervisor_cpuid_base() as the source document gives it (and as Linux
 * has it in arch/x86/include/asm/processor.h): scan the hypervisor range
 * 0x40000000-0x4000ff00 in steps of 0x100 for a 12-byte signature in
 * EBX/ECX/EDX, and, when @leaves is non-zero, require that EAX (the highest
 * leaf) lies at least @leaves above the base.
 *
 * Note the unsigned subtraction: an old KVM host that returns EAX = 0
 * (Documentation/virt/kvm/x86/cpuid.rst: read it as 0x40000001) makes
 * eax - base wrap to a huge value, so such a base still passes a non-zero
 * @leaves check.  pvprobe keeps this behaviour exactly: it is what guests
 * run.
 */
#include "guest.h"

#define HV_LEAF_FIRST	0x40000000u
#define HV_LEAF_LIMIT	0x40010000u
#define HV_LEAF_STEP	0x100u

uint32_t hypervisor_cpuid_base(const char *sig, uint32_t leaves)
{
	uint32_t base, eax, signature[3];

	for (base = HV_LEAF_FIRST; base < HV_LEAF_LIMIT; base += HV_LEAF_STEP) {
		cpuid(base, &eax, &signature[0], &signature[1], &signature[2]);
		if (!memcmp(sig, signature, 12) &&
		    (leaves == 0 || (eax - base) >= leaves))
			return base;
	}
	return 0;
}
