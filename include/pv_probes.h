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
#define PV_APF_SEND_ALWAYS_BIT	(1ull << 1)	/* KVM_ASYNC_PF_SEND_ALWAYS */
#define PV_APF_VMEXIT_BIT	(1ull << 2)	/* KVM_ASYNC_PF_DELIVERY_AS_PF_VMEXIT */
#define PV_APF_INT_BIT		(1ull << 3)	/* KVM_ASYNC_PF_DELIVERY_AS_INT */
#define PV_APF_RESERVED_BIT	(1ull << 4)	/* bits 4-5 reserved */
#define PV_APF_INT_VECTOR	0xec		/* any vector; bits 8-63 reserved */
#define PV_MIGRATION_READY	1ull		/* KVM_MIGRATION_READY */
#define PV_BIT63		(1ull << 63)

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
 * write its enable value, read it back, [checks], write 0, read it again
 * (a write of 0 that KVM does not store leaves a stale value).
 */
#define PV_MSR_STEPS(X)		\
	X(read)			\
	X(enable)		\
	X(readback)		\
	X(disable)		\
	X(cleared)

/*
 * Where RAM ends (one memslot, [0, PV_RAM_SIZE)): addresses at and past it
 * make kvm_gfn_to_hva_cache_init() fail; the last bytes before it do not.
 */
#define PV_LAST_64		(PV_RAM_SIZE - 64)	/* unused by anything else */
#define PV_LAST_4		(PV_RAM_SIZE - 4)
/* SYSTEM_TIME_NEW written without its enable bit points here: KVM must not write it. */
#define PV_PVCLOCK_OFF_GPA	(PV_PVCLOCK_NEW_GPA + 0x100)

/*
 * Boundary writes: name, MSR, value, what.  After the steps above every
 * MSR holds 0; each value is written, read back, and 0 written again.
 * Two probes each: check.NAME (accepted or #GP) and check.NAME.readback
 * (what the MSR holds then: the value if it was taken, else still 0).
 * Which outcome is right is the model's (vmm/pv/model.c), from the checks
 * kvm_set_msr_common() makes; the values sit on each side of each check.
 */
#define PV_VALUE_TABLE(X)							\
	/* ASYNC_PF_EN, kvm_pv_enable_async_pf(): bits 4-5 reserved, 2 and 3 gated */ \
	X(APF_SEND_ALWAYS_BIT, ASYNC_PF_EN, PV_APF_GPA | PV_MSR_ENABLED | PV_APF_SEND_ALWAYS_BIT, \
	  "enable ASYNC_PF_EN with bit 1 (send always)")			\
	X(APF_VMEXIT_BIT, ASYNC_PF_EN, PV_APF_GPA | PV_MSR_ENABLED | PV_APF_VMEXIT_BIT, \
	  "enable ASYNC_PF_EN with bit 2 (delivery as #PF vmexit)")		\
	X(APF_INT_BIT, ASYNC_PF_EN, PV_APF_GPA | PV_MSR_ENABLED | PV_APF_INT_BIT, \
	  "enable ASYNC_PF_EN with bit 3 (delivery as interrupt)")		\
	X(APF_RESERVED_BIT, ASYNC_PF_EN, PV_APF_GPA | PV_MSR_ENABLED | PV_APF_RESERVED_BIT, \
	  "enable ASYNC_PF_EN with reserved bit 4")				\
	X(APF_RESERVED_BIT5, ASYNC_PF_EN, PV_APF_GPA | PV_MSR_ENABLED | (1ull << 5), \
	  "enable ASYNC_PF_EN with reserved bit 5")				\
	X(APF_ADDR_BIT6, ASYNC_PF_EN, (PV_APF_GPA + 0x40) | PV_MSR_ENABLED,	\
	  "enable ASYNC_PF_EN at an address with bit 6 set (64-byte aligned)")	\
	X(APF_INT_LAST_RAM, ASYNC_PF_EN, PV_LAST_64 | PV_MSR_ENABLED | PV_APF_INT_BIT, \
	  "enable ASYNC_PF_EN, interrupt delivery, in the last 64 bytes of RAM") \
	X(APF_INT_PAST_RAM, ASYNC_PF_EN, PV_RAM_SIZE | PV_MSR_ENABLED | PV_APF_INT_BIT, \
	  "enable ASYNC_PF_EN, interrupt delivery, at the first address past RAM") \
	/* STEAL_TIME: KVM_STEAL_RESERVED_MASK is bits 1-5 (64-byte alignment) */ \
	X(STEAL_RESERVED_BIT1, STEAL_TIME, PV_STEAL_GPA | PV_MSR_ENABLED | (1ull << 1), \
	  "enable STEAL_TIME with bit 1 (first reserved bit)")		\
	X(STEAL_RESERVED_BIT5, STEAL_TIME, PV_STEAL_GPA | PV_MSR_ENABLED | (1ull << 5), \
	  "enable STEAL_TIME with bit 5 (last reserved bit)")		\
	X(STEAL_ADDR_BIT6, STEAL_TIME, (PV_STEAL_GPA + 0x40) | PV_MSR_ENABLED,	\
	  "enable STEAL_TIME at an address with bit 6 set (64-byte aligned)")	\
	X(STEAL_PAST_RAM, STEAL_TIME, PV_RAM_SIZE | PV_MSR_ENABLED,		\
	  "enable STEAL_TIME at the first address past RAM")			\
	/* PV_EOI_EN, kvm_lapic_set_pv_eoi(): 4-byte aligned, in RAM when enabled */ \
	X(PV_EOI_BIT1, PV_EOI_EN, PV_EOI_GPA | PV_MSR_ENABLED | (1ull << 1),	\
	  "enable PV_EOI_EN with bit 1 (not 4-byte aligned)")		\
	X(PV_EOI_BIT1_OFF, PV_EOI_EN, PV_EOI_GPA | (1ull << 1),		\
	  "write PV_EOI_EN with bit 1 and the enable bit clear")		\
	X(PV_EOI_BIT2, PV_EOI_EN, (PV_EOI_GPA + 4) | PV_MSR_ENABLED,		\
	  "enable PV_EOI_EN at an address with bit 2 set (4-byte aligned)")	\
	X(PV_EOI_LAST_RAM, PV_EOI_EN, PV_LAST_4 | PV_MSR_ENABLED,		\
	  "enable PV_EOI_EN in the last 4 bytes of RAM")			\
	X(PV_EOI_PAST_RAM, PV_EOI_EN, PV_RAM_SIZE | PV_MSR_ENABLED,		\
	  "enable PV_EOI_EN at the first address past RAM")			\
	X(PV_EOI_PAST_RAM_OFF, PV_EOI_EN, PV_RAM_SIZE,				\
	  "write PV_EOI_EN past RAM with the enable bit clear")		\
	/* POLL_CONTROL: only bit 0 */						\
	X(POLL_BIT1, POLL_CONTROL, 2, "write 2 to POLL_CONTROL (only bit 0 exists)") \
	X(POLL_BIT63, POLL_CONTROL, PV_BIT63 | 1, "write bit 63 | 1 to POLL_CONTROL") \
	/* ASYNC_PF_INT, kvm_pv_enable_async_pf_int(): bits 0-7 the vector, 8-63 reserved */ \
	X(APF_VECTOR_FF, ASYNC_PF_INT, 0xff, "ASYNC_PF_INT vector 0xff (the last)") \
	X(APF_VECTOR_1F, ASYNC_PF_INT, 0x1f, "ASYNC_PF_INT vector 0x1f (an exception vector)") \
	X(APF_VECTOR_BIT8, ASYNC_PF_INT, 0x100 | PV_APF_INT_VECTOR,		\
	  "ASYNC_PF_INT with bit 8 (first reserved bit)")			\
	X(APF_VECTOR_BIT63, ASYNC_PF_INT, PV_BIT63 | PV_APF_INT_VECTOR,	\
	  "ASYNC_PF_INT with bit 63 (last reserved bit)")			\
	/* ASYNC_PF_ACK: any value, bit 0 acts; reads 0 */			\
	X(APF_ACK_BIT1, ASYNC_PF_ACK, 2, "write 2 to ASYNC_PF_ACK")		\
	X(APF_ACK_ALL, ASYNC_PF_ACK, ~0ull, "write all ones to ASYNC_PF_ACK")	\
	/* SYSTEM_TIME_NEW, kvm_write_system_time(): bit 0 enables, nothing refused */ \
	X(KVMCLOCK_NO_ENABLE, SYSTEM_TIME_NEW, PV_PVCLOCK_OFF_GPA,		\
	  "SYSTEM_TIME_NEW with the enable bit clear")			\
	X(KVMCLOCK_PAST_RAM, SYSTEM_TIME_NEW, PV_RAM_SIZE | PV_MSR_ENABLED,	\
	  "enable SYSTEM_TIME_NEW at the first address past RAM")		\
	/* WALL_CLOCK_NEW: any address, written only if it is in RAM */	\
	X(WALL_CLOCK_PAST_RAM, WALL_CLOCK_NEW, PV_RAM_SIZE,			\
	  "WALL_CLOCK_NEW at the first address past RAM")			\
	/* MIGRATION_CONTROL: the VMM's (vmm/kvm/vm_user_msr.c): only bit 0 */	\
	X(MIGRATION_BIT1, MIGRATION_CONTROL, 2, "write 2 to MIGRATION_CONTROL (only bit 0 exists)") \
	X(MIGRATION_BIT63, MIGRATION_CONTROL, PV_BIT63 | 1, "write bit 63 | 1 to MIGRATION_CONTROL")

/* Functional checks: what KVM must have done (name, MSR, what). */
#define PV_CHECK_TABLE(X)							\
	X(WALL_CLOCK_FILLED, WALL_CLOCK, "the wall clock record: even version, seconds, nsec < 10^9") \
	X(WALL_CLOCK_NEW_FILLED, WALL_CLOCK_NEW, "the wall clock record: even version, seconds, nsec < 10^9") \
	X(KVMCLOCK_TICKS, SYSTEM_TIME, "kvmclock: even version, time advances across an exit") \
	X(KVMCLOCK_NEW_TICKS, SYSTEM_TIME_NEW, "kvmclock: even version, time advances across an exit") \
	X(KVMCLOCK_RECORD, SYSTEM_TIME_NEW, "kvmclock record: multiplier set, only flag bits 0-1, not stopped, tsc_timestamp in the past") \
	X(KVMCLOCK_OFF_UNTOUCHED, SYSTEM_TIME_NEW, "written without the enable bit, the record stays all zero across an exit") \
	X(STEAL_TIME_UPDATES, STEAL_TIME, "steal time record written, and rewritten after a deschedule") \
	X(STEAL_TIME_RECORD, STEAL_TIME, "steal time record: flags 0, preempted 0 while running, steal never decreases") \
	X(PV_EOI_PENDING, PV_EOI_EN, "a self-IPI's handler finds the PV EOI bit set") \
	X(PV_EOI_EOI, PV_EOI_EN, "the handler clears the bit instead of an APIC EOI: KVM ends the interrupt")

/*
 * INIT probes, run by the host (vmm/probe/check_init.c), not the guest:
 * KVM_SET_MSRS writes the MSR (the enable value; POLL_CONTROL 0, the
 * opposite of its reset value), the vCPU takes an INIT, and KVM_GET_MSRS
 * reads it.  kvm_vcpu_reset(vcpu, init_event=true) in arch/x86/kvm/x86.c
 * clears async PF (msr_en_val, msr_int_val), steal time and kvmclock
 * (kvmclock_reset()); kvm_lapic_reset() clears PV EOI.  It leaves
 * msr_kvm_poll_control alone (set once, in kvm_arch_vcpu_postcreate()),
 * and the wall clock is the VM's (kvm->arch.wall_clock).
 * (name = PV_MSR_TABLE's, what INIT does: RESET or KEEP)
 */
#define PV_INIT_TABLE(X)		\
	X(WALL_CLOCK, KEEP)		\
	X(SYSTEM_TIME, RESET)		\
	X(WALL_CLOCK_NEW, KEEP)		\
	X(SYSTEM_TIME_NEW, RESET)	\
	X(ASYNC_PF_EN, RESET)		\
	X(STEAL_TIME, RESET)		\
	X(PV_EOI_EN, RESET)		\
	X(POLL_CONTROL, KEEP)		\
	X(ASYNC_PF_INT, RESET)

enum pv_init_effect { PV_INIT_RESET, PV_INIT_KEEP };

/*
 * Host probes (vmm/probe/check_supported.c): what KVM_GET_SUPPORTED_CPUID
 * says about the KVM leaves, compared with what KVM implements
 * (arch/x86/kvm/cpuid.c __do_cpuid_func(), cases KVM_CPUID_SIGNATURE and
 * KVM_CPUID_FEATURES).  A KVM that under-reports itself stays consistent
 * with a model fed from its own report: only a fixed expectation sees it.
 * (name, what)
 */
#define PV_HOST_TABLE(X)						\
	X(SIGNATURE, "0x40000000: eax (the limit) 0x40000001 and \"KVMKVMKVM\\0\\0\\0\"") \
	X(FEATURES, "0x40000001 eax: every feature KVM implements, nothing else") \
	X(HINTS, "0x40000001 edx: no hint (KVM_HINTS_REALTIME is the VMM's to give)")

enum pv_host_probe {
#define __PV_HOST_INDEX(name, what) PV_HOST_##name,
	PV_HOST_TABLE(__PV_HOST_INDEX)
};

/* KVM_CPUID_FEATURES eax as __do_cpuid_func() sets it, without STEAL_TIME (sched_info_on()). */
#define PV_KVM_SUPPORTED_EAX						\
	((1u << KVM_FEATURE_CLOCKSOURCE) | (1u << KVM_FEATURE_NOP_IO_DELAY) |	\
	 (1u << KVM_FEATURE_CLOCKSOURCE2) | (1u << KVM_FEATURE_ASYNC_PF) |	\
	 (1u << KVM_FEATURE_PV_EOI) | (1u << KVM_FEATURE_CLOCKSOURCE_STABLE_BIT) | \
	 (1u << KVM_FEATURE_PV_UNHALT) | (1u << KVM_FEATURE_PV_TLB_FLUSH) |	\
	 (1u << KVM_FEATURE_ASYNC_PF_VMEXIT) | (1u << KVM_FEATURE_PV_SEND_IPI) | \
	 (1u << KVM_FEATURE_POLL_CONTROL) | (1u << KVM_FEATURE_PV_SCHED_YIELD) | \
	 (1u << KVM_FEATURE_ASYNC_PF_INT))

/* The value the host writes before the INIT. */
static inline uint64_t pv_init_value(uint32_t msr, uint64_t gpa)
{
	return msr == MSR_KVM_POLL_CONTROL ? 0 : pv_msr_enable_value(msr, gpa);
}

/*
 * Async page faults taken for real, in a VM of their own (PV_ENTRY_ASYNC_PF;
 * guest_code/async_pf.c, vmm/kvm/vm_uffd.c, vmm/probe/check_apf.c): the
 * guest enables interrupt-delivered async PF and touches two pages the
 * VMM holds back with userfaultfd, so that KVM's GUP of them cannot
 * finish without waiting (arch/x86/kvm/mmu/mmu.c __kvm_faultin_pfn():
 * async, then kvm_arch_setup_async_pf()).  Then it rings
 * PV_EV_APF_RESOLVE, the VMM fills both pages, and the guest follows the
 * page-ready protocol (Documentation/virt/kvm/x86/msr.rst,
 * MSR_KVM_ASYNC_PF_INT / MSR_KVM_ASYNC_PF_ACK): one token in the slot at a
 * time, the next only after the slot is cleared and ACK written.
 * Each probe's record is in slot (its index) of that run's page.
 * (name, what)
 */
#define PV_APF_TABLE(X)								\
	X(WAKEUP_ALL, "enabling it: a broadcast page-ready (token 0xffffffff) comes first; the "	\
	  "guest clears the slot and writes ASYNC_PF_ACK")				\
	X(NOT_PRESENT, "two touches of pages the VMM holds back (userfaultfd): each an async #PF, " \
	  "flags PAGE_NOT_PRESENT, its own token in CR2")				\
	X(PAGE_READY, "the VMM fills both pages: the page-ready vector runs, one of the two tokens in the slot") \
	X(HELD_WHILE_BUSY, "slot not cleared: HLT with IF=0 ends (the second page is done) and no "	\
	  "page-ready comes while the slot is busy")					\
	X(ACK_DELIVERS, "slot cleared, ASYNC_PF_ACK = 1: the queued second page-ready comes within "	\
	  "2000 HLTs")									\
	X(TOKENS_AND_DATA, "the two page-ready tokens are the two not-present ones; both pages hold " \
	  "the VMM's pattern")

enum pv_apf_index {
#define __PV_APF_INDEX(name, what) PV_APF_##name,
	PV_APF_TABLE(__PV_APF_INDEX)
	PV_NR_APF_PROBES
};

/* The token of a broadcast page-ready (virt/kvm/async_pf.c kvm_async_pf_wakeup_all()). */
#define PV_APF_WAKE_ALL_TOKEN	0xffffffffu
/* The value the VMM fills the async PF pages with, per 8-byte word at @gpa. */
#define PV_APF_PATTERN(gpa)	(0xa5f1000000000000ull | (uint64_t)(gpa))
/* The bound on HLTs the guest waits for a page-ready through. */
#define PV_APF_HLT_TRIES	2000
/* How long the VMM waits, at PV_EV_APF_RESOLVE, for KVM's two faults on the pages. */
#define PV_APF_RESOLVE_MS	2000

/* The self-IPI the PV EOI checks take (x2APIC, fixed delivery). */
#define PV_EOI_VECTOR		0xe0

/*
 * Hypercall probes (Documentation/virt/kvm/x86/hypercalls.rst), by lane:
 * the probes of one lane run one after the other in one guest run, in
 * this order, so that a lane whose first hypercall never completes (as on
 * kvm_pvm) costs one deadline.
 *
 * Lanes, and where each runs (PLACE):
 *   MAIN     a vCPU of its own in the main VM
 *   KICK     the caller of a pair: its waiter halts with interrupts off
 *   IPI      the caller of a pair: its waiter waits with interrupts on
 *   NOCAP    a second VM without KVM_CAP_EXIT_HYPERCALL
 *   NOQUIRK  a second VM with KVM_X86_QUIRK_FIX_HYPERCALL_INSN disabled
 * The RING3 lane makes its calls at CPL 3 (RING1_VAPIC_POLL_IRQ at CPL 1); OTHER and NOQUIRK use the
 * other vendor's instruction.
 */
#define PV_LANE_TABLE(X)	\
	X(NR, MAIN)		\
	X(CLOCK, MAIN)		\
	X(IPI_ARGS, MAIN)	\
	X(YIELD, MAIN)		\
	X(MAP_GPA, MAIN)	\
	X(RING3, MAIN)		\
	X(OTHER, MAIN)		\
	X(KICK, KICK)		\
	X(IPI, IPI)		\
	X(NOCAP, NOCAP)		\
	X(NOQUIRK, NOQUIRK)

enum pv_lane {
#define __PV_LANE_INDEX(lane, place) PV_LANE_##lane,
	PV_LANE_TABLE(__PV_LANE_INDEX)
	PV_NR_LANES
};

enum pv_lane_place { PV_PLACE_MAIN, PV_PLACE_KICK, PV_PLACE_IPI, PV_PLACE_NOCAP,
		     PV_PLACE_NOQUIRK };

#define __PV_LANE_MAIN(lane, place) + (PV_PLACE_##place == PV_PLACE_MAIN)
/* Lanes that need a vCPU of their own in the main VM (vmm/probe/check_run.c's budget). */
#define PV_NR_MAIN_LANES	(0 PV_LANE_TABLE(__PV_LANE_MAIN))

/*
 * What a probe's record holds (HOW):
 *   CALL    a hypercall made: its RAX (or the fault)
 *   SEE     the guest's check of what the lane's previous CALL did (a pv_check_result)
 *   WAITER  what the pair's waiting vCPU saw (the host judges it)
 *
 * name, hypercall nr, lane, how, what.
 */
#define PV_HCALL_TABLE(X)							\
	X(VAPIC_POLL_IRQ, 1, NR, CALL, "VAPIC_POLL_IRQ")			\
	X(UNKNOWN_NR, 0x7fff, NR, CALL, "an undefined hypercall number")	\
	X(NR_ZERO, 0, NR, CALL, "hypercall number 0, below the first defined")	\
	X(NR_MMU_OP, 2, NR, CALL, "KVM_HC_MMU_OP: deprecated, never implemented on x86") \
	X(NR_AFTER_LAST, 13, NR, CALL, "13, the first number after KVM_HC_MAP_GPA_RANGE") \
	X(NR_HIGH_BITS, 0x100000001ull, NR, CALL,				\
	  "VAPIC_POLL_IRQ's number with bit 32 set (a 64-bit caller's nr is not truncated)") \
	X(CLOCK_PAIRING, 9, CLOCK, CALL, "CLOCK_PAIRING (wall clock) into a guest page") \
	X(CLOCK_PAIRING_RECORD, 9, CLOCK, SEE,					\
	  "that record: flags and pad 0, nsec < 10^9, tsc between the guest's TSC before and after") \
	X(CLOCK_PAIRING_TYPE_1, 9, CLOCK, CALL, "CLOCK_PAIRING of clock type 1, the first undefined") \
	X(CLOCK_PAIRING_TYPE_MAX, 9, CLOCK, CALL, "CLOCK_PAIRING of clock type ~0") \
	X(CLOCK_PAIRING_LAST_RAM, 9, CLOCK, CALL, "CLOCK_PAIRING into the last 64 bytes of RAM") \
	X(CLOCK_PAIRING_PAST_RAM, 9, CLOCK, CALL, "CLOCK_PAIRING into a record that straddles the end of RAM") \
	X(SEND_IPI_ICR_LOGICAL, 10, IPI_ARGS, CALL, "SEND_IPI with ICR bit 11 (logical destination)") \
	X(SEND_IPI_ICR_SELF, 10, IPI_ARGS, CALL, "SEND_IPI with ICR bit 18 (shorthand self)") \
	X(SEND_IPI_ICR_ALL, 10, IPI_ARGS, CALL, "SEND_IPI with ICR bit 19 (shorthand all)") \
	X(SEND_IPI_MIN_PAST_MAX, 10, IPI_ARGS, CALL, "SEND_IPI with lowest APIC ID 0xffffffff, above every vCPU's") \
	X(SEND_IPI_EMPTY, 10, IPI_ARGS, CALL, "SEND_IPI with an empty bitmap")	\
	X(SEND_IPI_APIC_OFF, 10, IPI_ARGS, CALL,				\
	  "SEND_IPI to a vCPU whose LAPIC is software-disabled")		\
	X(SCHED_YIELD, 11, YIELD, CALL, "SCHED_YIELD to another vCPU")		\
	X(MAP_GPA_RANGE, 12, MAP_GPA, CALL, "MAP_GPA_RANGE of one page: exits to the VMM, which checks the arguments and returns 0x600d0000600d") \
	X(MAP_GPA_UNALIGNED, 12, MAP_GPA, CALL, "MAP_GPA_RANGE with an unaligned gpa (bit 3)") \
	X(MAP_GPA_UNALIGNED_BIT0, 12, MAP_GPA, CALL, "MAP_GPA_RANGE with gpa bit 0 set") \
	X(MAP_GPA_UNALIGNED_BIT11, 12, MAP_GPA, CALL, "MAP_GPA_RANGE with gpa bit 11 set") \
	X(MAP_GPA_ZERO_PAGES, 12, MAP_GPA, CALL, "MAP_GPA_RANGE of 0 pages")	\
	X(MAP_GPA_NPAGES_WRAP, 12, MAP_GPA, CALL, "MAP_GPA_RANGE whose last gfn wraps to 0") \
	X(MAP_GPA_NPAGES_LAST, 12, MAP_GPA, CALL, "MAP_GPA_RANGE of the most pages that do not wrap") \
	X(MAP_GPA_ATTRS_RESERVED, 12, MAP_GPA, CALL,				\
	  "MAP_GPA_RANGE with 2M pages and reserved attribute bits 5 and 63")	\
	X(FROM_RING3, 1, RING3, CALL, "VAPIC_POLL_IRQ made at CPL 3")		\
	X(RING3_UNKNOWN_NR, 0x7fff, RING3, CALL, "an undefined number at CPL 3") \
	X(RING3_MAP_GPA, 12, RING3, CALL, "MAP_GPA_RANGE at CPL 3")		\
	X(RING3_CLOCK_PAIRING, 9, RING3, CALL, "CLOCK_PAIRING at CPL 3")	\
	X(RING3_SEND_IPI, 10, RING3, CALL, "SEND_IPI at CPL 3")		\
	/* last in its lane: a backend without CPL 1 (kvm_pvm) stops the lane here */ \
	X(RING1_VAPIC_POLL_IRQ, 1, RING3, CALL, "VAPIC_POLL_IRQ made at CPL 1")	\
	X(OTHER_INSN, 1, OTHER, CALL, "VAPIC_POLL_IRQ with the other vendor's instruction, fix-hypercall quirk on") \
	X(KICK_CPU_WRONG_ID, 5, KICK, CALL,					\
	  "KICK_CPU of an APIC ID no vCPU has (a0: the halted vCPU's)")	\
	X(KICK_CPU_WRONG_ID_NO_WAKE, 5, KICK, SEE, "the halted vCPU stays halted after that") \
	X(KICK_CPU, 5, KICK, CALL, "KICK_CPU of a second vCPU, halted with interrupts off") \
	X(KICK_CPU_WAKES, 5, KICK, WAITER, "that vCPU wakes from HLT after the kick") \
	X(SEND_IPI, 10, IPI, CALL,						\
	  "SEND_IPI of one fixed IPI to the last vCPU, plus a bit past it: returns the count") \
	X(SEND_IPI_DELIVERED, 10, IPI, WAITER, "that vCPU's handler counts exactly one IPI") \
	X(MAP_GPA_NO_EXIT_CAP, 12, NOCAP, CALL, "MAP_GPA_RANGE without KVM_CAP_EXIT_HYPERCALL") \
	X(OTHER_INSN_NO_QUIRK, 1, NOQUIRK, CALL, "the same with KVM_X86_QUIRK_FIX_HYPERCALL_INSN disabled")

enum pv_hcall_index {
#define __PV_HCALL_INDEX(name, nr, lane, how, what) PV_HC_##name,
	PV_HCALL_TABLE(__PV_HCALL_INDEX)
	PV_NR_HCALLS
};

enum pv_hcall_how { PV_HOW_CALL, PV_HOW_SEE, PV_HOW_WAITER };

/*
 * What the VMM returns from a KVM_EXIT_HYPERCALL whose arguments were as
 * announced: with bits above 31, which a 64-bit caller must get back whole
 * (arch/x86/kvm/x86.c complete_hypercall_exit() truncates only for a
 * 32-bit one).
 */
#define PV_HC_EXIT_RET		0x600d0000600dull
/* ... and when they were not. */
#define PV_HC_EXIT_BAD_ARGS	0xbadull
#define PV_MAP_GPA_ATTRS	0x10ull		/* KVM_MAP_GPA_RANGE_ENCRYPTED | 4K */
#define PV_IPI_VECTOR		0xf0
/* The CLOCK_PAIRING records, each in a part of the hypercall page of its own. */
#define PV_CLOCK_PAIRING_GPA	(PV_HCALL_GPA + 0x100)
#define PV_RING3_PAIRING_GPA	(PV_HCALL_GPA + 0x200)
/* KICK_CPU_WRONG_ID kicks the halted vCPU's APIC ID plus this: no vCPU has it. */
#define PV_KICK_WRONG_OFFSET	16

enum pv_probe {
#define __PV_MSR_PROBE_STEP(step) PV_PROBE_MSR_STEP_##step,
	PV_MSR_STEPS(__PV_MSR_PROBE_STEP)
	PV_NR_MSR_STEPS,
};

#define __PV_MSR_COUNT(name, msr, gpa) + 1
#define PV_NR_MSRS	(0 PV_MSR_TABLE(__PV_MSR_COUNT))
#define __PV_VALUE_COUNT(name, msr, value, what) + 1
#define PV_NR_VALUES	(0 PV_VALUE_TABLE(__PV_VALUE_COUNT))
#define __PV_CHECK_COUNT(name, msr, what) + 1
#define PV_NR_CHECKS	(0 PV_CHECK_TABLE(__PV_CHECK_COUNT))

enum pv_msr_index {
#define __PV_MSR_INDEX(name, msr, gpa) PV_MSR_##name,
	PV_MSR_TABLE(__PV_MSR_INDEX)
};

enum pv_value_index {
#define __PV_VALUE_INDEX(name, msr, value, what) PV_VALUE_##name,
	PV_VALUE_TABLE(__PV_VALUE_INDEX)
};

enum pv_check_index {
#define __PV_CHECK_INDEX(name, msr, what) PV_CHECK_##name,
	PV_CHECK_TABLE(__PV_CHECK_INDEX)
};

/* A value probe's two records: the write, then the read after it. */
#define PV_VALUE_WRITE		0
#define PV_VALUE_READBACK	1

/*
 * Probe record slots in the MSR run's results page: MSR steps, then value
 * probes, then checks.  A hypercall lane's run puts probe h in slot h of
 * its own page.
 */
#define PV_PROBE_MSR_SLOT(msr_index, step)	((msr_index) * PV_NR_MSR_STEPS + (step))
#define PV_PROBE_VALUE_SLOT(value_index, rec)	\
	(PV_NR_MSRS * PV_NR_MSR_STEPS + (value_index) * 2 + (rec))
#define PV_PROBE_CHECK_SLOT(check_index)	\
	(PV_NR_MSRS * PV_NR_MSR_STEPS + PV_NR_VALUES * 2 + (check_index))
#define PV_NR_MSR_PROBES	(PV_NR_MSRS * PV_NR_MSR_STEPS + PV_NR_VALUES * 2 + PV_NR_CHECKS)
#define __PV_INIT_COUNT(name, effect) + 1
#define PV_NR_INITS		(0 PV_INIT_TABLE(__PV_INIT_COUNT))
#define __PV_HOST_COUNT(name, what) + 1
#define PV_NR_HOST_PROBES	(0 PV_HOST_TABLE(__PV_HOST_COUNT))
#define PV_NR_PROBES		(PV_NR_MSR_PROBES + PV_NR_HCALLS + PV_NR_INITS + PV_NR_HOST_PROBES + \
				 PV_NR_APF_PROBES)

_Static_assert(PV_NR_MSR_PROBES <= PV_MAX_PROBES, "results page too small for the MSR probes");
_Static_assert(PV_NR_HCALLS <= PV_MAX_PROBES, "results page too small for the hypercall probes");

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
	PV_CHECK_BAD_FIELD,	/* a record field out of its documented range */
	PV_CHECK_WRITTEN,	/* KVM wrote where it must not have */
	PV_CHECK_NOT_SET,	/* the PV EOI bit was not set for the interrupt */
	PV_CHECK_IN_SERVICE,	/* the interrupt is still in service after a PV EOI */
	PV_CHECK_NO_IRQ,	/* the self-IPI was never delivered */
	PV_CHECK_WOKEN_EARLY,	/* the halted vCPU woke from a kick not meant for it */
	PV_CHECK_TSC_OUTSIDE,	/* a TSC stamp outside the guest's before/after reads */
	PV_CHECK_NO_APF,	/* a touch of a held-back page took no async #PF */
	PV_CHECK_BUSY_DELIVERED,	/* a page-ready came while the slot was still busy */
};

#endif /* PVPROBE_PV_PROBES_H */
