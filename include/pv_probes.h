/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The probes: what guest code does to each PV MSR, the functional checks
 * behind them, and the hypercalls.  Shared by the guest (which runs them,
 * in this order) and the host (which names them, predicts them in the
 * expectation model and compares).
 *
 * Which feature gates an MSR or a hypercall is not repeated here: it comes
 * from the PV feature table (include/pv_features.h).
 */
#ifndef PVPROBE_PV_PROBES_H
#define PVPROBE_PV_PROBES_H

#include <stdint.h>
#include <asm/kvm_para.h>
#include "pvprobe_abi.h"

/*
 * Every KVM PV MSR (Documentation/virt/kvm/x86/msr.rst), with the guest
 * page its enable value points at (0: the value is not an address).
 */
#define PV_MSR_TABLE(X)						\
	X(WALL_CLOCK,        0x11,       PV_WALL_CLOCK_GPA)		\
	X(SYSTEM_TIME,       0x12,       PV_PVCLOCK_GPA)		\
	X(WALL_CLOCK_NEW,    0x4b564d00, PV_WALL_CLOCK_NEW_GPA)	\
	X(SYSTEM_TIME_NEW,   0x4b564d01, PV_PVCLOCK_NEW_GPA)		\
	X(ASYNC_PF_EN,       0x4b564d02, PV_APF_GPA)			\
	X(STEAL_TIME,        0x4b564d03, PV_STEAL_GPA)			\
	X(PV_EOI_EN,         0x4b564d04, PV_EOI_GPA)			\
	X(POLL_CONTROL,      0x4b564d05, 0)				\
	X(ASYNC_PF_INT,      0x4b564d06, 0)				\
	X(ASYNC_PF_ACK,      0x4b564d07, 0)				\
	X(MIGRATION_CONTROL, 0x4b564d08, 0)

/* The numbers above are the uapi's (arch/x86/include/uapi/asm/kvm_para.h). */
#define PV_MSR_ASSERT(name, nr, gpa)					\
	_Static_assert((nr) == MSR_KVM_##name,				\
		       "PV_MSR_TABLE: " #name " is not MSR_KVM_" #name);
PV_MSR_TABLE(PV_MSR_ASSERT)
#undef PV_MSR_ASSERT

/* Guest pages the enable values point at: one each, in the scratch area. */
#define PV_WALL_CLOCK_GPA	(PV_SCRATCH_ADDR + 0x0000)
#define PV_PVCLOCK_GPA		(PV_SCRATCH_ADDR + 0x1000)
#define PV_WALL_CLOCK_NEW_GPA	(PV_SCRATCH_ADDR + 0x2000)
#define PV_PVCLOCK_NEW_GPA	(PV_SCRATCH_ADDR + 0x3000)
#define PV_APF_GPA		(PV_SCRATCH_ADDR + 0x4000)
#define PV_STEAL_GPA		(PV_SCRATCH_ADDR + 0x5000)
#define PV_EOI_GPA		(PV_SCRATCH_ADDR + 0x6000)
#define PV_HCALL_GPA		(PV_SCRATCH_ADDR + 0x7000)	/* hypercall buffers */

/* Value bits (arch/x86/include/uapi/asm/kvm_para.h) */
#define PV_MSR_ENABLED		1ull		/* KVM_MSR_ENABLED */
#define PV_APF_VMEXIT_BIT	(1ull << 2)	/* KVM_ASYNC_PF_DELIVERY_AS_PF_VMEXIT */
#define PV_APF_INT_BIT		(1ull << 3)	/* KVM_ASYNC_PF_DELIVERY_AS_INT */
#define PV_APF_RESERVED_BIT	(1ull << 4)	/* bits 4-5 reserved */
#define PV_APF_INT_VECTOR	0xec		/* any vector; bits 8-63 reserved */
#define PV_MIGRATION_READY	1ull		/* KVM_MIGRATION_READY */

/* The value the "enable" write puts into each MSR. */
static inline uint64_t pv_msr_enable_value(uint32_t msr, uint64_t gpa)
{
	switch (msr) {
	case MSR_KVM_WALL_CLOCK:	/* just the address */
	case MSR_KVM_WALL_CLOCK_NEW:
		return gpa;
	case MSR_KVM_POLL_CONTROL:	/* only bit 0 exists */
		return 1;
	case MSR_KVM_ASYNC_PF_INT:	/* the vector */
		return PV_APF_INT_VECTOR;
	case MSR_KVM_ASYNC_PF_ACK:	/* acknowledge */
		return 1;
	case MSR_KVM_MIGRATION_CONTROL:
		return PV_MIGRATION_READY;
	default:		/* address | KVM_MSR_ENABLED */
		return gpa | PV_MSR_ENABLED;
	}
}

/*
 * The probes, in the order the guest runs them.  For each MSR: read it,
 * write its enable value, read it back, [checks], write 0.
 */
#define PV_MSR_STEPS(X)		\
	X(read)			\
	X(enable)		\
	X(readback)		\
	X(disable)

/* Checks on top of accept/#GP: what KVM must have done (name, MSR, what). */
#define PV_CHECK_TABLE(X)							\
	X(APF_VMEXIT_BIT, ASYNC_PF_EN, "enable ASYNC_PF_EN with bit 2 (delivery as #PF vmexit)") \
	X(APF_INT_BIT, ASYNC_PF_EN, "enable ASYNC_PF_EN with bit 3 (delivery as interrupt)") \
	X(APF_RESERVED_BIT, ASYNC_PF_EN, "enable ASYNC_PF_EN with reserved bit 4") \
	X(POLL_BIT1, POLL_CONTROL, "write 2 to POLL_CONTROL (only bit 0 exists)") \
	X(WALL_CLOCK_FILLED, WALL_CLOCK, "the wall clock record has an even version and seconds") \
	X(WALL_CLOCK_NEW_FILLED, WALL_CLOCK_NEW, "the wall clock record has an even version and seconds") \
	X(KVMCLOCK_TICKS, SYSTEM_TIME, "kvmclock: even version, time advances across an exit") \
	X(KVMCLOCK_NEW_TICKS, SYSTEM_TIME_NEW, "kvmclock: even version, time advances across an exit") \
	X(STEAL_TIME_UPDATES, STEAL_TIME, "steal time record written, and rewritten after a deschedule")

/*
 * Hypercall probes (Documentation/virt/kvm/x86/hypercalls.rst): name, nr,
 * how the guest makes it, what it does.  HOW:
 *   PLAIN   one vCPU, the native instruction (VMCALL on Intel, VMMCALL on AMD)
 *   KICK    a second vCPU halts with interrupts off, the caller kicks it
 *   IPI     a second vCPU waits with interrupts on, the caller sends it one IPI
 *   NOCAP   in a second VM without KVM_CAP_EXIT_HYPERCALL
 *   RING3   at CPL 3
 *   OTHER   the other vendor's instruction (fix-hypercall quirk on)
 *   NOQUIRK the other vendor's instruction in a VM with the quirk disabled
 */
#define PV_HCALL_TABLE(X)							\
	X(VAPIC_POLL_IRQ, 1, PLAIN, "VAPIC_POLL_IRQ")				\
	X(KICK_CPU, 5, KICK, "KICK_CPU of a second vCPU, halted with interrupts off")	\
	X(KICK_CPU_WAKES, 5, KICK, "that vCPU wakes from HLT after the kick")	\
	X(CLOCK_PAIRING, 9, PLAIN, "CLOCK_PAIRING (wall clock) into a guest page") \
	X(SEND_IPI, 10, IPI, "SEND_IPI of one fixed IPI to a second vCPU: returns the count") \
	X(SEND_IPI_DELIVERED, 10, IPI, "that vCPU's handler counts exactly one IPI") \
	X(SCHED_YIELD, 11, PLAIN, "SCHED_YIELD to another vCPU")			\
	X(MAP_GPA_RANGE, 12, PLAIN, "MAP_GPA_RANGE of one page: exits to the VMM, which checks the arguments and returns 0x600d") \
	X(MAP_GPA_UNALIGNED, 12, PLAIN, "MAP_GPA_RANGE with an unaligned gpa")	\
	X(MAP_GPA_ZERO_PAGES, 12, PLAIN, "MAP_GPA_RANGE of 0 pages")		\
	X(MAP_GPA_NO_EXIT_CAP, 12, NOCAP, "MAP_GPA_RANGE without KVM_CAP_EXIT_HYPERCALL") \
	X(UNKNOWN_NR, 0x7fff, PLAIN, "an undefined hypercall number")		\
	X(FROM_RING3, 1, RING3, "VAPIC_POLL_IRQ made at CPL 3")			\
	X(OTHER_INSN, 1, OTHER, "VAPIC_POLL_IRQ with the other vendor's instruction, fix-hypercall quirk on") \
	X(OTHER_INSN_NO_QUIRK, 1, NOQUIRK, "the same with KVM_X86_QUIRK_FIX_HYPERCALL_INSN disabled")

enum pv_hcall_index {
#define __PV_HCALL_INDEX(name, nr, how, what) PV_HC_##name,
	PV_HCALL_TABLE(__PV_HCALL_INDEX)
	PV_NR_HCALLS
};

/* What the VMM returns from a KVM_EXIT_HYPERCALL whose arguments were as announced. */
#define PV_HC_EXIT_RET		0x600dull
/* ... and when they were not. */
#define PV_HC_EXIT_BAD_ARGS	0xbadull
#define PV_MAP_GPA_ATTRS	0x10ull		/* KVM_MAP_GPA_RANGE_ENCRYPTED | 4K */
#define PV_IPI_VECTOR		0xf0

enum pv_probe {
#define __PV_MSR_PROBE_STEP(step) PV_PROBE_MSR_STEP_##step,
	PV_MSR_STEPS(__PV_MSR_PROBE_STEP)
	PV_NR_MSR_STEPS,
};

#define __PV_MSR_COUNT(name, msr, gpa) + 1
#define PV_NR_MSRS	(0 PV_MSR_TABLE(__PV_MSR_COUNT))
#define __PV_CHECK_COUNT(name, msr, what) + 1
#define PV_NR_CHECKS	(0 PV_CHECK_TABLE(__PV_CHECK_COUNT))

enum pv_msr_index {
#define __PV_MSR_INDEX(name, msr, gpa) PV_MSR_##name,
	PV_MSR_TABLE(__PV_MSR_INDEX)
};

enum pv_check_index {
#define __PV_CHECK_INDEX(name, msr, what) PV_CHECK_##name,
	PV_CHECK_TABLE(__PV_CHECK_INDEX)
};

/* Probe record slots in the results page: MSR steps first, then checks. */
#define PV_PROBE_MSR_SLOT(msr_index, step)	((msr_index) * PV_NR_MSR_STEPS + (step))
#define PV_PROBE_CHECK_SLOT(check_index)	(PV_NR_MSRS * PV_NR_MSR_STEPS + (check_index))
#define PV_NR_MSR_PROBES			(PV_NR_MSRS * PV_NR_MSR_STEPS + PV_NR_CHECKS)

/*
 * A check's result, in pv_probe_rec.value: PV_CHECK_OK, or why it failed.
 * PV_CHECK_NOT_RUN when its MSR did not accept the enable write.
 */
enum pv_check_result {
	PV_CHECK_NOT_RUN = 0,
	PV_CHECK_OK,
	PV_CHECK_ACCEPTED,	/* a value-bit write was accepted */
	PV_CHECK_VERSION_ODD,	/* record version odd after the update */
	PV_CHECK_VERSION_ZERO,	/* record never written */
	PV_CHECK_NOT_ADVANCING,	/* kvmclock time did not advance */
	PV_CHECK_NOT_UPDATED,	/* steal time record did not change */
	PV_CHECK_EMPTY,		/* wall clock record has no time */
	PV_CHECK_NOT_WOKEN,	/* the other vCPU never woke / got no IPI */
	PV_CHECK_WRONG_COUNT,	/* the other vCPU counted a different number of IPIs */
};

#endif /* PVPROBE_PV_PROBES_H */
