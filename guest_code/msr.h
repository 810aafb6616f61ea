/* SPDX-License-Identifier: GPL-2.0-only */
/* MSR accessors that return the faulting vector instead of dying. */
#ifndef PVPROBE_GUEST_MSR_H
#define PVPROBE_GUEST_MSR_H

#include <stdint.h>
#include "extable.h"
#include "pvprobe_abi.h"

/* Returns 0, or PV_FAULTED | vector; *val is 0 when it faulted. */
static inline uint32_t rdmsr_safe(uint32_t msr, uint64_t *val)
{
	register uint64_t fault asm("r11");
	uint32_t lo = 0, hi = 0;

	asm volatile(GUEST_SAFE_INSN("rdmsr")
		     : "+a"(lo), "+d"(hi), "=&r"(fault)
		     : "c"(msr)
		     : "memory");
	*val = (uint64_t)hi << 32 | lo;
	return (uint32_t)fault;
}

/* Returns 0, or PV_FAULTED | vector. */
static inline uint32_t wrmsr_safe(uint32_t msr, uint64_t val)
{
	register uint64_t fault asm("r11");

	asm volatile(GUEST_SAFE_INSN("wrmsr")
		     : "=&r"(fault)
		     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
	return (uint32_t)fault;
}

#endif /* PVPROBE_GUEST_MSR_H */
