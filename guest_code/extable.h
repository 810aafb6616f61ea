/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exception fixups for *_safe accessors, register-only: an instruction that
 * may fault is listed in .pv_extable with the address to resume at.  When
 * it faults, the exception entry resumes at the fixup and leaves
 * PV_FAULTED | vector in R11, which the accessor declares as an output.
 * No shared state, so it works on every vCPU at once and from inside any
 * code.
 *
 * Finding the entry is most of what a fault costs on a backend that
 * emulates the guest's instructions (kvm_pvm, see README.md), and the MSR
 * probes take dozens of #GPs per run.  So GUEST_SAFE_INSN() loads the
 * address of its own entry into R11 before the instruction: entry.S's
 * exception stub (FIXUP_FAST) takes it as a hint, checks that it is an entry of the table
 * and that the entry lists the faulting RIP, and resumes at once; with
 * any other R11 (a fault elsewhere) it goes the slow way, the table
 * search in guest_exception().  The check makes the hint exactly as
 * trustworthy as the search: it finds the same entry, since no two
 * entries list one instruction.  When the instruction completes, R11 is
 * cleared: the accessor reads 0.
 */
#ifndef PVPROBE_GUEST_EXTABLE_H
#define PVPROBE_GUEST_EXTABLE_H

#include <stdint.h>

struct guest_extable_entry {
	uint64_t insn;
	uint64_t fixup;
};

/* Entries are 16-byte aligned, so the stubs can check a hint's alignment. */
#define GUEST_EXTABLE(insn, fixup)			\
	".pushsection .pv_extable, \"a\"\n\t"		\
	".balign 16\n\t"				\
	".quad " insn ", " fixup "\n\t"			\
	".popsection\n\t"

/*
 * @insn, resuming after it when it faults, with the hint in R11: the asm
 * statement must bind an output to R11 (register ... asm("r11"), "=&r").
 * Uses the local labels 1, 2 and 3.
 */
#define GUEST_SAFE_INSN(insn)				\
	"movl $3f, %%r11d\n\t"				\
	"1: " insn "\n\t"				\
	"xorl %%r11d, %%r11d\n\t"			\
	"2:\n\t"					\
	".pushsection .pv_extable, \"a\"\n\t"		\
	".balign 16\n\t"				\
	"3: .quad 1b, 2b\n\t"				\
	".popsection\n\t"

const struct guest_extable_entry *guest_extable_find(uint64_t rip);

#endif /* PVPROBE_GUEST_EXTABLE_H */
