// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model's boundary rules, no KVM: every boundary write and read-back
 * of include/pv_probes.h's PV_VALUE_TABLE, the cleared step, the record
 * and PV EOI checks, and every hypercall probe's return value, on both
 * sides of each gate.  The expected values are written here from Linux
 * 6.12's arch/x86/kvm/x86.c (kvm_set_msr_common(), kvm_pv_enable_async_pf(),
 * kvm_pv_enable_async_pf_int(), __kvm_emulate_hypercall(),
 * kvm_pv_clock_pairing()) and lapic.c (kvm_lapic_set_pv_eoi(),
 * kvm_pv_send_ipi()), not from the model's code: a row missing here fails.
 */
#include "kselftest_harness.h"

#include <asm/kvm_para.h>
#include <linux/kvm_para.h>

#include "check.h"
#include "deviations.h"
#include "model.h"
#include "model_test.h"
#include "pv_features.h"

#define VEC_GP		13
#define GP		-1	/* expected: #GP */
#define ANY		-2	/* expected: accepted, value not compared */

/* Every feature on: what each boundary write does, and what reads back. */
static const struct {
	const char *name;
	int64_t write;		/* GP or ANY */
	int64_t readback;	/* the value, or GP */
} all_on[] = {
	{ "APF_SEND_ALWAYS_BIT", ANY, 0x44003 },
	{ "APF_VMEXIT_BIT", ANY, 0x44005 },
	{ "APF_INT_BIT", ANY, 0x44009 },
	{ "APF_RESERVED_BIT", GP, 0 },		/* data & 0x30 */
	{ "APF_RESERVED_BIT5", GP, 0 },
	{ "APF_ADDR_BIT6", ANY, 0x44041 },	/* bits 63-6 are the address */
	{ "APF_INT_LAST_RAM", ANY, 0x3fffc9 },
	/* msr_en_val = data comes before kvm_gfn_to_hva_cache_init() fails */
	{ "APF_INT_PAST_RAM", GP, 0x400009 },
	{ "STEAL_RESERVED_BIT1", GP, 0 },	/* KVM_STEAL_RESERVED_MASK = 0x3e */
	{ "STEAL_RESERVED_BIT5", GP, 0 },
	{ "STEAL_ADDR_BIT6", ANY, 0x45041 },
	{ "STEAL_PAST_RAM", ANY, 0x400001 },	/* no address check at the write */
	{ "PV_EOI_BIT1", GP, 0 },		/* !IS_ALIGNED(data & ~1, 4) */
	{ "PV_EOI_BIT1_OFF", GP, 0 },		/* ... enabled or not */
	{ "PV_EOI_BIT2", ANY, 0x46005 },
	{ "PV_EOI_LAST_RAM", ANY, 0x3ffffd },
	{ "PV_EOI_PAST_RAM", GP, 0 },		/* hva cache init only when enabling */
	{ "PV_EOI_PAST_RAM_OFF", ANY, 0x400000 },
	{ "POLL_BIT1", GP, 0 },			/* data & (-1ULL << 1) */
	{ "POLL_BIT63", GP, 0 },
	{ "APF_VECTOR_FF", ANY, 0xff },		/* data >> 8 only: any vector */
	{ "APF_VECTOR_1F", ANY, 0x1f },
	{ "APF_VECTOR_BIT8", GP, 0 },
	{ "APF_VECTOR_BIT63", GP, 0 },
	{ "APF_ACK_BIT1", ANY, 0 },		/* kvm_get_msr_common(): always 0 */
	{ "APF_ACK_ALL", ANY, 0 },
	{ "KVMCLOCK_NO_ENABLE", ANY, 0x43100 },	/* vcpu->arch.time = data */
	{ "KVMCLOCK_PAST_RAM", ANY, 0x400001 },	/* kvm_write_system_time() returns void */
	{ "WALL_CLOCK_PAST_RAM", ANY, 0x400000 },
	{ "MIGRATION_BIT1", GP, 0 },		/* pvprobe's VMM: only bit 0 */
	{ "MIGRATION_BIT63", GP, 0 },
};

static void expect_row(struct __test_metadata *_metadata, const struct model_input *in,
		       const char *name, int64_t write, int64_t readback)
{
	char w[96], r[96];
	struct expectation e;

	snprintf(w, sizeof(w), "check.%s", name);
	snprintf(r, sizeof(r), "check.%s.readback", name);
	e = E(in, w);
	if (write == GP) {
		EXPECT_EQ(OUT_FAULT, e.out.kind) TH_LOG("%s", w);
		EXPECT_EQ(VEC_GP, e.out.vector) TH_LOG("%s", w);
	} else {
		EXPECT_EQ(OUT_ACCEPT, e.out.kind) TH_LOG("%s", w);
		EXPECT_FALSE(e.out.has_value) TH_LOG("%s", w);
	}
	e = E(in, r);
	if (readback == GP) {
		EXPECT_EQ(OUT_FAULT, e.out.kind) TH_LOG("%s", r);
	} else {
		EXPECT_EQ(OUT_ACCEPT, e.out.kind) TH_LOG("%s", r);
		EXPECT_TRUE(e.out.has_value) TH_LOG("%s", r);
		EXPECT_EQ((uint64_t)readback, e.out.value) TH_LOG("%s", r);
	}
}

TEST(every_boundary_write_with_every_feature)
{
	struct model_input in = documented(PV_DEFINED_EAX | (1u << KVM_FEATURE_MIGRATION_CONTROL), 1);
	size_t i;

	/* A boundary added to the table needs its row here. */
	ASSERT_EQ(PV_NR_VALUES, (int)(sizeof(all_on) / sizeof(all_on[0])));
	for (i = 0; i < sizeof(all_on) / sizeof(all_on[0]); i++)
		expect_row(_metadata, &in, all_on[i].name, all_on[i].write, all_on[i].readback);
}

/* Bits 2 and 3 of ASYNC_PF_EN are refused before the address is looked at. */
TEST(async_pf_gated_bits_come_first)
{
	struct model_input in = documented(1u << KVM_FEATURE_ASYNC_PF, 1);

	expect_row(_metadata, &in, "APF_SEND_ALWAYS_BIT", ANY, 0x44003);	/* bit 1 is not gated */
	expect_row(_metadata, &in, "APF_VMEXIT_BIT", GP, 0);
	expect_row(_metadata, &in, "APF_INT_LAST_RAM", GP, 0);
	expect_row(_metadata, &in, "APF_INT_PAST_RAM", GP, 0);	/* refused before msr_en_val */
	expect_row(_metadata, &in, "APF_ADDR_BIT6", ANY, 0x44041);
	in.eax |= 1u << KVM_FEATURE_ASYNC_PF_INT;
	expect_row(_metadata, &in, "APF_INT_PAST_RAM", GP, 0x400009);
	/* ASYNC_PF_INT and ACK are gated by bit 14, not bit 4 */
	in.eax = 1u << KVM_FEATURE_ASYNC_PF;
	expect_row(_metadata, &in, "APF_VECTOR_FF", GP, GP);
	expect_row(_metadata, &in, "APF_ACK_ALL", GP, GP);
}

TEST(gated_msr_boundaries_fault_both_ways)
{
	struct model_input in = documented(0, 1);
	size_t i;

	for (i = 0; i < sizeof(all_on) / sizeof(all_on[0]); i++)
		expect_row(_metadata, &in, all_on[i].name, GP, GP);
	/* kvm.ignore_msrs=Y: ignored writes, reads of 0 */
	in.ignore_msrs = 1;
	for (i = 0; i < sizeof(all_on) / sizeof(all_on[0]); i++)
		if (strncmp(all_on[i].name, "MIGRATION", 9))
			expect_row(_metadata, &in, all_on[i].name, ANY, 0);
	/* without enforcement KVM checks only the value */
	in = documented(0, 1);
	in.enforce = 0;
	expect_row(_metadata, &in, "APF_INT_PAST_RAM", GP, 0x400009);
	expect_row(_metadata, &in, "STEAL_ADDR_BIT6", ANY, 0x45041);
}

TEST(steal_time_without_sched_info_refuses_everything)
{
	struct model_input in = documented(PV_DEFINED_EAX, 1);

	in.sched_info = 0;
	expect_row(_metadata, &in, "STEAL_ADDR_BIT6", GP, 0);
	expect_row(_metadata, &in, "STEAL_PAST_RAM", GP, 0);
	/* even the write of 0: sched_info_on() is checked first */
	EXPECT_EQ(OUT_FAULT, E(&in, "msr.STEAL_TIME.disable").out.kind);
	EXPECT_EQ(0, E(&in, "msr.STEAL_TIME.cleared").out.value);
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "check.STEAL_TIME_RECORD").out.kind);
}

TEST(cleared_step_reads_zero)
{
	struct model_input in = documented(PV_DEFINED_EAX | (1u << KVM_FEATURE_MIGRATION_CONTROL), 1);
	int i, n = 0;

	for (i = 0; i < probe_count; i++) {
		const struct probe_desc *p = &probe_list[i];
		struct expectation e;

		if (p->kind != PK_MSR || p->step != PV_PROBE_MSR_STEP_cleared)
			continue;
		e = E(&in, p->name);
		EXPECT_EQ(OUT_ACCEPT, e.out.kind) TH_LOG("%s", p->name);
		EXPECT_TRUE(e.out.has_value);
		EXPECT_EQ(0, e.out.value) TH_LOG("%s", p->name);	/* POLL_CONTROL too */
		n++;
	}
	EXPECT_EQ(PV_NR_MSRS, n);
	EXPECT_EQ(1, E(&in, "msr.POLL_CONTROL.read").out.value);
}

TEST(record_checks)
{
	struct model_input in = documented(PV_DEFINED_EAX, 1);

	EXPECT_EQ(PV_CHECK_OK, E(&in, "check.KVMCLOCK_RECORD").out.value);
	EXPECT_EQ(PV_CHECK_OK, E(&in, "check.KVMCLOCK_OFF_UNTOUCHED").out.value);
	EXPECT_EQ(PV_CHECK_OK, E(&in, "check.STEAL_TIME_RECORD").out.value);
	in.eax = 0;
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "check.KVMCLOCK_RECORD").out.kind);
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "check.KVMCLOCK_OFF_UNTOUCHED").out.kind);
	in.ignore_msrs = 1;	/* the writes are ignored: nothing is ever written */
	EXPECT_EQ(PV_CHECK_VERSION_ZERO, E(&in, "check.KVMCLOCK_RECORD").out.value);
	EXPECT_EQ(PV_CHECK_OK, E(&in, "check.KVMCLOCK_OFF_UNTOUCHED").out.value);
	EXPECT_EQ(PV_CHECK_VERSION_ZERO, E(&in, "check.STEAL_TIME_RECORD").out.value);
}

TEST(pv_eoi_taken_for_real)
{
	struct model_input in = documented(PV_DEFINED_EAX, 1);

	EXPECT_EQ(PV_CHECK_OK, E(&in, "check.PV_EOI_PENDING").out.value);
	EXPECT_EQ(PV_CHECK_OK, E(&in, "check.PV_EOI_EOI").out.value);
	in.apicv = 1;		/* highest_isr_cache stays -1 */
	EXPECT_EQ(PV_CHECK_NOT_SET, E(&in, "check.PV_EOI_PENDING").out.value);
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "check.PV_EOI_EOI").out.kind);
	in = documented(PV_DEFINED_EAX & ~(1u << KVM_FEATURE_PV_EOI), 1);
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "check.PV_EOI_PENDING").out.kind);
	in.ignore_msrs = 1;	/* the guest runs it; KVM never arms the bit */
	EXPECT_EQ(PV_CHECK_NOT_SET, E(&in, "check.PV_EOI_PENDING").out.value);
}

/* Every hypercall probe's RAX, all features on, and with nothing set. */
static const struct {
	const char *name;
	int64_t on, off;	/* off: eax 0 with enforcement */
} hcalls[] = {
	{ "VAPIC_POLL_IRQ", 0, 0 },
	{ "UNKNOWN_NR", -KVM_ENOSYS, -KVM_ENOSYS },
	{ "NR_ZERO", -KVM_ENOSYS, -KVM_ENOSYS },
	{ "NR_MMU_OP", -KVM_ENOSYS, -KVM_ENOSYS },
	{ "NR_AFTER_LAST", -KVM_ENOSYS, -KVM_ENOSYS },
	{ "NR_HIGH_BITS", -KVM_ENOSYS, -KVM_ENOSYS },	/* 64-bit: nr not truncated */
	{ "CLOCK_PAIRING", 0, 0 },			/* not gated by CPUID */
	{ "CLOCK_PAIRING_TYPE_1", -KVM_EOPNOTSUPP, -KVM_EOPNOTSUPP },
	{ "CLOCK_PAIRING_TYPE_MAX", -KVM_EOPNOTSUPP, -KVM_EOPNOTSUPP },
	{ "CLOCK_PAIRING_LAST_RAM", 0, 0 },
	{ "CLOCK_PAIRING_PAST_RAM", -KVM_EFAULT, -KVM_EFAULT },
	{ "SEND_IPI_ICR_LOGICAL", -KVM_EINVAL, -KVM_ENOSYS },
	{ "SEND_IPI_ICR_SELF", -KVM_EINVAL, -KVM_ENOSYS },
	{ "SEND_IPI_ICR_ALL", -KVM_EINVAL, -KVM_ENOSYS },
	{ "SEND_IPI_MIN_PAST_MAX", 0, -KVM_ENOSYS },
	{ "SEND_IPI_EMPTY", 0, -KVM_ENOSYS },
	{ "SEND_IPI_APIC_OFF", 0, -KVM_ENOSYS },
	{ "SCHED_YIELD", 0, -KVM_ENOSYS },
	{ "MAP_GPA_RANGE", PV_HC_EXIT_RET, PV_HC_EXIT_RET },	/* the exit cap, not CPUID */
	{ "MAP_GPA_UNALIGNED", -KVM_EINVAL, -KVM_EINVAL },
	{ "MAP_GPA_UNALIGNED_BIT0", -KVM_EINVAL, -KVM_EINVAL },
	{ "MAP_GPA_UNALIGNED_BIT11", -KVM_EINVAL, -KVM_EINVAL },
	{ "MAP_GPA_ZERO_PAGES", -KVM_EINVAL, -KVM_EINVAL },
	{ "MAP_GPA_NPAGES_WRAP", -KVM_EINVAL, -KVM_EINVAL },
	{ "MAP_GPA_NPAGES_LAST", PV_HC_EXIT_RET, PV_HC_EXIT_RET },
	{ "MAP_GPA_ATTRS_RESERVED", PV_HC_EXIT_RET, PV_HC_EXIT_RET },
	{ "FROM_RING3", -KVM_EPERM, -KVM_EPERM },	/* CPL before anything */
	{ "RING3_UNKNOWN_NR", -KVM_EPERM, -KVM_EPERM },
	{ "RING3_MAP_GPA", -KVM_EPERM, -KVM_EPERM },
	{ "RING3_CLOCK_PAIRING", -KVM_EPERM, -KVM_EPERM },
	{ "RING3_SEND_IPI", -KVM_EPERM, -KVM_EPERM },
	{ "RING1_VAPIC_POLL_IRQ", -KVM_EPERM, -KVM_EPERM },	/* CPL 1 too: "cpl != 0" */
	{ "OTHER_INSN", 0, 0 },
	{ "KICK_CPU_WRONG_ID", 0, -KVM_ENOSYS },
	{ "KICK_CPU", 0, -KVM_ENOSYS },
	{ "SEND_IPI", 1, -KVM_ENOSYS },	/* the bit past max_apic_id is not counted */
	{ "MAP_GPA_NO_EXIT_CAP", -KVM_ENOSYS, -KVM_ENOSYS },
};

TEST(every_hypercall_return)
{
	struct model_input on = documented(PV_DEFINED_EAX, 1), off = documented(0, 1);
	size_t i;
	int calls = 0, j;

	for (j = 0; j < probe_count; j++)
		calls += probe_list[j].kind == PK_HCALL && probe_list[j].how == PV_HOW_CALL &&
			 probe_list[j].hcall != PV_HC_OTHER_INSN_NO_QUIRK;
	ASSERT_EQ(calls, (int)(sizeof(hcalls) / sizeof(hcalls[0])));
	for (i = 0; i < sizeof(hcalls) / sizeof(hcalls[0]); i++) {
		char name[96];
		struct expectation e;

		snprintf(name, sizeof(name), "hypercall.%s", hcalls[i].name);
		e = E(&on, name);
		EXPECT_EQ(OUT_RETURN, e.out.kind) TH_LOG("%s", name);
		EXPECT_EQ((uint64_t)hcalls[i].on, e.out.value) TH_LOG("%s on", name);
		e = E(&off, name);
		EXPECT_EQ(OUT_RETURN, e.out.kind) TH_LOG("%s", name);
		EXPECT_EQ((uint64_t)hcalls[i].off, e.out.value) TH_LOG("%s off", name);
	}
}

TEST(clock_pairing_without_a_tsc_clocksource)
{
	struct model_input in = documented(PV_DEFINED_EAX, 1);

	EXPECT_EQ(PV_CHECK_OK, E(&in, "hypercall.CLOCK_PAIRING_RECORD").out.value);
	in.tsc_clocksource = 0;
	EXPECT_EQ((uint64_t)-KVM_EOPNOTSUPP, E(&in, "hypercall.CLOCK_PAIRING_LAST_RAM").out.value);
	EXPECT_EQ((uint64_t)-KVM_EOPNOTSUPP, E(&in, "hypercall.CLOCK_PAIRING_PAST_RAM").out.value);
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "hypercall.CLOCK_PAIRING_RECORD").out.kind);
	EXPECT_EQ((uint64_t)-KVM_EPERM, E(&in, "hypercall.RING3_CLOCK_PAIRING").out.value);
}

TEST(map_gpa_errors_need_the_exit_cap_first)
{
	struct model_input in = documented(PV_DEFINED_EAX, 1);

	/* The VMM's answer has bits above 31: a 64-bit caller must get them all. */
	EXPECT_GT(PV_HC_EXIT_RET, 0xffffffffull);

	in.exit_hypercall = 0;	/* -KVM_ENOSYS before any argument check */
	EXPECT_EQ((uint64_t)-KVM_ENOSYS, E(&in, "hypercall.MAP_GPA_NPAGES_WRAP").out.value);
	EXPECT_EQ((uint64_t)-KVM_ENOSYS, E(&in, "hypercall.MAP_GPA_ATTRS_RESERVED").out.value);
	EXPECT_EQ((uint64_t)-KVM_EPERM, E(&in, "hypercall.RING3_MAP_GPA").out.value);
}

TEST(kick_of_a_wrong_id_wakes_nobody)
{
	struct model_input in = documented(0, 1);

	/* whatever the gate: a refused kick wakes nobody either */
	EXPECT_EQ(PV_CHECK_OK, E(&in, "hypercall.KICK_CPU_WRONG_ID_NO_WAKE").out.value);
	in.eax = PV_DEFINED_EAX;
	EXPECT_EQ(PV_CHECK_OK, E(&in, "hypercall.KICK_CPU_WRONG_ID_NO_WAKE").out.value);
	in.hlt_in_guest = 1;	/* HLT ends at any VM exit: staying halted shows nothing */
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "hypercall.KICK_CPU_WRONG_ID_NO_WAKE").out.kind);
	EXPECT_EQ(0, E(&in, "hypercall.KICK_CPU_WRONG_ID").out.value);
	in.hlt_in_guest = 0;
	in.nr_vcpus = 1;
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "hypercall.KICK_CPU_WRONG_ID").out.kind);
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "hypercall.KICK_CPU_WRONG_ID_NO_WAKE").out.kind);
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "hypercall.SEND_IPI").out.kind);
	/* the IPI_ARGS lane needs no second vCPU */
	EXPECT_EQ((uint64_t)-KVM_EINVAL, E(&in, "hypercall.SEND_IPI_ICR_ALL").out.value);
}

/*
 * The lane plan: a SEE probe's single run makes the call before it in the
 * table (guest_code/probes_hcall.c), a WAITER belongs to a pair, and a
 * sweep runs only MAIN lanes' probes on their own.
 */
TEST(lane_plan)
{
	int i, lanes_used[PV_NR_LANES] = { 0 };

	for (i = 0; i < probe_count; i++) {
		const struct probe_desc *p = &probe_list[i];
		int place;

		if (p->kind != PK_HCALL)
			continue;
		place = probe_lane_place(p->lane);
		lanes_used[p->lane]++;
		if (p->how == PV_HOW_SEE) {
			ASSERT_EQ(PK_HCALL, probe_list[i - 1].kind) TH_LOG("%s", p->name);
			EXPECT_EQ(PV_HOW_CALL, probe_list[i - 1].how) TH_LOG("%s", p->name);
			EXPECT_EQ(p->lane, probe_list[i - 1].lane) TH_LOG("%s", p->name);
			EXPECT_EQ(probe_hcall_nr(p->hcall), probe_hcall_nr(p->hcall - 1));
		}
		if (p->how == PV_HOW_WAITER)
			EXPECT_TRUE(place == PV_PLACE_KICK || place == PV_PLACE_IPI) TH_LOG("%s", p->name);
		EXPECT_EQ(place == PV_PLACE_MAIN && p->how != PV_HOW_WAITER,
			  check_hcall_alone(p->hcall)) TH_LOG("%s", p->name);
	}
	for (i = 0; i < PV_NR_LANES; i++)
		EXPECT_GT(lanes_used[i], 0) TH_LOG("lane %d has no probe", i);
	EXPECT_LE(PV_NR_MAIN_LANES, 11);	/* vCPUs 1-11 (vmm/probe/check_run.c) */
}

TEST(new_deviations_are_kvm_pvm_only)
{
	struct outcome not_set = { .kind = OUT_CHECK, .has_value = 1, .value = PV_CHECK_NOT_SET };
	struct outcome not_run = { .kind = OUT_NOT_RUN };
	struct outcome timeout = { .kind = OUT_TIMEOUT, .value = 0x101447 };

	EXPECT_NE(NULL, deviation_find("kvm_pvm", P("check.PV_EOI_PENDING"), &not_set));
	EXPECT_EQ(NULL, deviation_find("kvm_amd", P("check.PV_EOI_PENDING"), &not_set));
	EXPECT_NE(NULL, deviation_find("kvm_pvm", P("check.PV_EOI_EOI"), &not_run));
	EXPECT_EQ(NULL, deviation_find("kvm_pvm", P("check.PV_EOI_PAST_RAM"), &not_run));
	/* a lane's probes after the one that hangs end the same way */
	EXPECT_NE(NULL, deviation_find("kvm_pvm", P("hypercall.MAP_GPA_NPAGES_LAST"), &timeout));
	EXPECT_NE(NULL, deviation_find("kvm_pvm", P("hypercall.CLOCK_PAIRING_RECORD"), &timeout));
	/* at CPL 3 they complete: a timeout there is a failure, and the lane gets a full deadline */
	EXPECT_EQ(NULL, deviation_find("kvm_pvm", P("hypercall.RING3_MAP_GPA"), &timeout));
	EXPECT_FALSE(deviation_hangs("kvm_pvm", P("hypercall.FROM_RING3")));
	EXPECT_TRUE(deviation_hangs("kvm_pvm", P("hypercall.MAP_GPA_RANGE")));
}

/*
 * The INIT probes, from kvm_vcpu_reset(vcpu, init_event=true) (x86.c) and
 * kvm_lapic_reset() (lapic.c): what an MSR the host set reads after INIT.
 */
static const struct {
	const char *name;
	uint64_t after;
} init_all_on[] = {
	{ "init.WALL_CLOCK", 0x42000 },		/* one kvm->arch.wall_clock: the NEW write, last */
	{ "init.SYSTEM_TIME", 0 },		/* kvmclock_reset(): arch.time = 0 */
	{ "init.WALL_CLOCK_NEW", 0x42000 },
	{ "init.SYSTEM_TIME_NEW", 0 },
	{ "init.ASYNC_PF_EN", 0 },		/* apf.msr_en_val = 0 */
	{ "init.STEAL_TIME", 0 },		/* st.msr_val = 0 */
	{ "init.PV_EOI_EN", 0 },		/* pv_eoi.msr_val = 0 */
	{ "init.POLL_CONTROL", 0 },		/* not reset: stays the 0 written */
	{ "init.ASYNC_PF_INT", 0 },		/* apf.msr_int_val = 0 (vec is not) */
};

TEST(init_resets_pv_state)
{
	struct model_input in = documented(PV_DEFINED_EAX, 1);
	unsigned int i;
	int j, n = 0;

	for (j = 0; j < probe_count; j++)
		n += probe_list[j].kind == PK_INIT;
	ASSERT_EQ((int)(sizeof(init_all_on) / sizeof(init_all_on[0])), n);
	for (i = 0; i < sizeof(init_all_on) / sizeof(init_all_on[0]); i++) {
		struct expectation e = E(&in, init_all_on[i].name);

		EXPECT_EQ(OUT_ACCEPT, e.out.kind) TH_LOG("%s", init_all_on[i].name);
		EXPECT_TRUE(e.out.has_value);
		EXPECT_EQ(init_all_on[i].after, e.out.value) TH_LOG("%s", init_all_on[i].name);
	}
	/* Without CLOCKSOURCE2 the old MSR's write is the last one taken. */
	in = documented(PV_DEFINED_EAX & ~(1u << KVM_FEATURE_CLOCKSOURCE2), 1);
	EXPECT_EQ(0x40000, E(&in, "init.WALL_CLOCK").out.value);
	EXPECT_EQ(OUT_FAULT, E(&in, "init.WALL_CLOCK_NEW").out.kind);
	/* Every bit clear: the host's writes are refused, but a write of 0 passes. */
	in = documented(0, 1);
	EXPECT_EQ(OUT_FAULT, E(&in, "init.ASYNC_PF_INT").out.kind);
	EXPECT_EQ(VEC_GP, E(&in, "init.STEAL_TIME").out.vector);
	EXPECT_EQ(OUT_ACCEPT, E(&in, "init.POLL_CONTROL").out.kind);
	EXPECT_EQ(0, E(&in, "init.POLL_CONTROL").out.value);
	in.ignore_msrs = 1;
	EXPECT_EQ(OUT_ACCEPT, E(&in, "init.STEAL_TIME").out.kind);
	/* No sched_info: STEAL_TIME refuses even the host. */
	in = documented(PV_DEFINED_EAX, 1);
	in.sched_info = 0;
	EXPECT_EQ(OUT_FAULT, E(&in, "init.STEAL_TIME").out.kind);
	/* Enforcement off: every write is taken whatever the bits say. */
	in = documented(0, 0);
	EXPECT_EQ(0, E(&in, "init.ASYNC_PF_EN").out.value);
	EXPECT_EQ(0x42000, E(&in, "init.WALL_CLOCK").out.value);
}

/* KVM's own report, from __do_cpuid_func() (cpuid.c), not from the host. */
TEST(host_report_is_fixed)
{
	struct model_input in = documented(0, 1);

	EXPECT_EQ(0x40000001, E(&in, "host.SIGNATURE").out.value);
	EXPECT_EQ(0x01007efb, E(&in, "host.FEATURES").out.value);	/* this machine's, and 6.12's */
	EXPECT_EQ(0, E(&in, "host.HINTS").out.value);
	in.sched_info = 0;
	EXPECT_EQ(0x01007edb, E(&in, "host.FEATURES").out.value);	/* no STEAL_TIME */
	in.host_kernel = 507;
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "host.FEATURES").out.kind);
	in.host_kernel = 612;
	EXPECT_EQ(OUT_ACCEPT, E(&in, "host.FEATURES").out.kind);
}

TEST_HARNESS_MAIN
