/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV feature table: the one list of KVM paravirtual features in
 * pvprobe.  Host code, guest code, the mask parser, --help, the README
 * table and the meson test matrix all derive from PV_FEATURE_TABLE.
 *
 * Sources: arch/x86/include/uapi/asm/kvm_para.h (bits, MSRs),
 * include/uapi/linux/kvm_para.h (hypercalls),
 * Documentation/virt/kvm/x86/cpuid.rst and msr.rst, QEMU's FEAT_KVM and
 * FEAT_KVM_HINT name tables (property names), arch/x86/kernel/kvm.c (Linux
 * guest use).  "Gates" lists what KVM refuses when the bit is clear and
 * KVM_CAP_ENFORCE_PV_FEATURE_CPUID is on (arch/x86/kvm/x86.c
 * kvm_set_msr_common/kvm_get_msr_common and __kvm_emulate_hypercall).
 *
 * One row per line, always of the form
 *   X(REG, BIT, NAME, "qemu-property" or NULL, MSRS(...), HCALLS(...), "use")
 * so that meson.build can read the rows with plain string operations.
 */
#ifndef PVPROBE_PV_FEATURES_H
#define PVPROBE_PV_FEATURES_H

/* Which register of CPUID 0x40000001 a row lives in. */
#define PV_REG_EAX 0	/* KVM_FEATURE_* */
#define PV_REG_EDX 1	/* KVM_HINTS_* */

#define PV_FEATURE_TABLE(X) \
X(EAX, 0, CLOCKSOURCE, "kvmclock", MSRS(0x11, 0x12), HCALLS(), "kvmclock on the old MSRs when CLOCKSOURCE2 is absent") \
X(EAX, 1, NOP_IO_DELAY, "kvm-nopiodelay", MSRS(), HCALLS(), "io_delay becomes a no-op") \
X(EAX, 2, MMU_OP, "kvm-mmu", MSRS(), HCALLS(), "none (deprecated, never implemented by KVM)") \
X(EAX, 3, CLOCKSOURCE2, "kvmclock", MSRS(0x4b564d00, 0x4b564d01), HCALLS(), "kvm-clock: Using msrs 4b564d01 and 4b564d00") \
X(EAX, 4, ASYNC_PF, "kvm-asyncpf", MSRS(0x4b564d02), HCALLS(), "none on its own (Linux 6.12 also needs ASYNC_PF_INT)") \
X(EAX, 5, STEAL_TIME, "kvm-steal-time", MSRS(0x4b564d03), HCALLS(), "steal clock, vcpu_is_preempted; needed by PV TLB flush and PV sched yield") \
X(EAX, 6, PV_EOI, "kvm-pv-eoi", MSRS(0x4b564d04), HCALLS(), "APIC: eoi() replaced with kvm_guest_apic_eoi_write()") \
X(EAX, 7, PV_UNHALT, "kvm-pv-unhalt", MSRS(), HCALLS(5), "PV spinlocks (KICK_CPU)") \
X(EAX, 9, PV_TLB_FLUSH, "kvm-pv-tlb-flush", MSRS(), HCALLS(), "KVM setup pv remote TLB flush (needs STEAL_TIME)") \
X(EAX, 10, ASYNC_PF_VMEXIT, "kvm-asyncpf-vmexit", MSRS(), HCALLS(), "none (gates bit 2 of the ASYNC_PF_EN value)") \
X(EAX, 11, PV_SEND_IPI, "kvm-pv-ipi", MSRS(), HCALLS(10), "setup PV IPIs") \
X(EAX, 12, POLL_CONTROL, "kvm-poll-control", MSRS(0x4b564d05), HCALLS(), "haltpoll cpuidle driver") \
X(EAX, 13, PV_SCHED_YIELD, "kvm-pv-sched-yield", MSRS(), HCALLS(11), "setup PV sched yield (needs STEAL_TIME)") \
X(EAX, 14, ASYNC_PF_INT, "kvm-asyncpf-int", MSRS(0x4b564d06, 0x4b564d07), HCALLS(), "async page faults delivered as an interrupt") \
X(EAX, 15, MSI_EXT_DEST_ID, "kvm-msi-ext-dest-id", MSRS(), HCALLS(), "more than 255 APIC IDs without interrupt remapping") \
X(EAX, 16, HC_MAP_GPA_RANGE, NULL, MSRS(), HCALLS(12), "SEV page state changes (KVM checks only KVM_CAP_EXIT_HYPERCALL)") \
X(EAX, 17, MIGRATION_CONTROL, NULL, MSRS(0x4b564d08), HCALLS(), "SEV live migration (MSR handled by the VMM in userspace)") \
X(EAX, 24, CLOCKSOURCE_STABLE_BIT, "kvmclock-stable-bit", MSRS(), HCALLS(), "trusts PVCLOCK_TSC_STABLE_BIT") \
X(EDX, 0, REALTIME, "kvm-hint-dedicated", MSRS(), HCALLS(), "disables PV spinlocks, PV TLB flush and PV sched yield")

/* Gated MSRs and hypercalls: zero-terminated (MSR 0 and hypercall 0 are not KVM's). */
#define PV_MAX_MSRS	2
#define PV_MAX_HCALLS	1

/* Number of rows in each register, computed from the table. */
#define __PV_COUNT_EAX(reg, bit, name, qemu, msrs, hcalls, use) + (PV_REG_##reg == PV_REG_EAX)
#define __PV_COUNT_EDX(reg, bit, name, qemu, msrs, hcalls, use) + (PV_REG_##reg == PV_REG_EDX)
#define PV_NR_FEATURES	(0 PV_FEATURE_TABLE(__PV_COUNT_EAX))
#define PV_NR_HINTS	(0 PV_FEATURE_TABLE(__PV_COUNT_EDX))
#define PV_NR_ROWS	(PV_NR_FEATURES + PV_NR_HINTS)

/* Bit masks of every defined bit, computed from the table. */
#define __PV_MASK_EAX(reg, bit, name, qemu, msrs, hcalls, use) \
	| (PV_REG_##reg == PV_REG_EAX ? (1u << (bit)) : 0u)
#define __PV_MASK_EDX(reg, bit, name, qemu, msrs, hcalls, use) \
	| (PV_REG_##reg == PV_REG_EDX ? (1u << (bit)) : 0u)
#define PV_DEFINED_EAX	(0u PV_FEATURE_TABLE(__PV_MASK_EAX))
#define PV_DEFINED_EDX	(0u PV_FEATURE_TABLE(__PV_MASK_EDX))

#endif /* PVPROBE_PV_FEATURES_H */
