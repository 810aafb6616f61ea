/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception fixups for *_safe accessors, register-only: an instruction that
 * may fault is listed in .pv_extable with the address to resume at.  When
 * it faults, guest_exception() finds it there, resumes at the fixup and
 * leaves PV_FAULTED | vector in R11, which the accessor declares as an
 * in/out operand initialised to 0.  No shared state, so it works on every
 * vCPU at once and from inside any code.
 */
#ifndef PVPROBE_GUEST_EXTABLE_H
#define PVPROBE_GUEST_EXTABLE_H

#include <stdint.h>

struct guest_extable_entry {
	uint64_t insn;
	uint64_t fixup;
};

#define GUEST_EXTABLE(insn, fixup)			\
	".pushsection .pv_extable, \"a\"\n\t"		\
	".balign 8\n\t"					\
	".quad " insn ", " fixup "\n\t"			\
	".popsection\n\t"

const struct guest_extable_entry *guest_extable_find(uint64_t rip);

#endif /* PVPROBE_GUEST_EXTABLE_H */
