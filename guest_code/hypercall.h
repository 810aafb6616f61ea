/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * KVM hypercalls (Documentation/virt/kvm/x86/hypercalls.rst): nr in RAX,
 * arguments in RBX, RCX, RDX, RSI, result in RAX.  Both vendors'
 * instructions, each with an exception fixup: the other vendor's one is
 * #UD unless KVM's fix-hypercall quirk rewrites it.
 */
#ifndef PVPROBE_GUEST_HYPERCALL_H
#define PVPROBE_GUEST_HYPERCALL_H

#include <stdint.h>
#include "extable.h"

#define DEFINE_HYPERCALL(fn, insn)						\
static inline uint64_t fn(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2,	\
			  uint64_t a3, uint32_t *fault)				\
{										\
	register uint64_t f asm("r11");						\
	uint64_t ret;								\
										\
	asm volatile(GUEST_SAFE_INSN(insn)					\
		     : "=a"(ret), "=&r"(f)					\
		     : "a"(nr), "b"(a0), "c"(a1), "d"(a2), "S"(a3)		\
		     : "memory");						\
	*fault = (uint32_t)f;							\
	return ret;								\
}

DEFINE_HYPERCALL(hypercall_vmcall, "vmcall")
DEFINE_HYPERCALL(hypercall_vmmcall, "vmmcall")

#endif /* PVPROBE_GUEST_HYPERCALL_H */
