// SPDX-License-Identifier: GPL-2.0-only
/*
 * The expectation model on its own, no KVM: each rule of
 * arch/x86/kvm/x86.c it encodes, the deviation table, the verdicts, and
 * outcome strings that round-trip (--expect parses what check prints).
 * Expected values here are written from the kernel source, not from the
 * model's code.
 */
#include "kselftest_harness.h"

#include <asm/kvm_para.h>
#include <linux/kvm_para.h>

#include "check.h"
#include "deviations.h"
#include "model.h"
#include "model_test.h"
#include "pv_features.h"

#define VEC_UD	6
#define VEC_GP	13

TEST(every_probe_has_a_reason)
{
	struct model_input in = documented(0, 1);
	int i, k;

	for (k = 0; k < 2; k++) {
		in.eax = k ? PV_DEFINED_EAX : 0;
		for (i = 0; i < probe_count; i++) {
			struct expectation e = E(&in, probe_list[i].name);

			ASSERT_NE(NULL, e.reason) TH_LOG("%s", probe_list[i].name);
			EXPECT_GT(strlen(e.reason), 10);
		}
	}
}

/* kvm_pv_test's assertion: all bits clear + enforcement: every PV MSR #GPs. */
TEST(all_clear_enforced_every_msr_gp)
{
	struct model_input in = documented(0, 1);
	int i, n = 0;

	for (i = 0; i < probe_count; i++) {
		struct expectation e;

		if (probe_list[i].kind != PK_MSR)
			continue;
		e = E(&in, probe_list[i].name);
		EXPECT_EQ(OUT_FAULT, e.out.kind) TH_LOG("%s", probe_list[i].name);
		EXPECT_EQ(VEC_GP, e.out.vector);
		n++;
	}
	EXPECT_EQ(11 * 5, n);
}

TEST(no_enforcement_every_msr_accepted)
{
	struct model_input in = documented(0, 0);
	int i;

	for (i = 0; i < probe_count; i++)
		if (probe_list[i].kind == PK_MSR)
			EXPECT_EQ(OUT_ACCEPT, E(&in, probe_list[i].name).out.kind)
				TH_LOG("%s", probe_list[i].name);
}

TEST(readback_is_the_enable_value)
{
	struct model_input in = documented(PV_DEFINED_EAX, 1);
	struct expectation e;

	e = E(&in, "msr.STEAL_TIME.readback");
	EXPECT_EQ(OUT_ACCEPT, e.out.kind);
	EXPECT_TRUE(e.out.has_value);
	EXPECT_EQ(PV_STEAL_GPA | 1, e.out.value);
	e = E(&in, "msr.WALL_CLOCK.readback");
	EXPECT_EQ(PV_WALL_CLOCK_GPA, e.out.value);	/* no enable bit: just the address */
	e = E(&in, "msr.ASYNC_PF_ACK.readback");
	EXPECT_EQ(0, e.out.value);			/* kvm_get_msr_common: always 0 */
	e = E(&in, "msr.POLL_CONTROL.read");
	EXPECT_EQ(1, e.out.value);			/* kvm_vcpu_reset() */
}

TEST(gate_is_the_feature_table)
{
	EXPECT_EQ(KVM_FEATURE_CLOCKSOURCE, model_msr_gate(MSR_KVM_SYSTEM_TIME));
	EXPECT_EQ(KVM_FEATURE_CLOCKSOURCE2, model_msr_gate(MSR_KVM_WALL_CLOCK_NEW));
	EXPECT_EQ(KVM_FEATURE_ASYNC_PF_INT, model_msr_gate(MSR_KVM_ASYNC_PF_ACK));
	EXPECT_EQ(KVM_FEATURE_PV_UNHALT, model_hcall_gate(KVM_HC_KICK_CPU));
	EXPECT_EQ(KVM_FEATURE_PV_SEND_IPI, model_hcall_gate(KVM_HC_SEND_IPI));
	EXPECT_EQ(KVM_FEATURE_PV_SCHED_YIELD, model_hcall_gate(KVM_HC_SCHED_YIELD));
	EXPECT_EQ(-1, model_msr_gate(0x10));
}

TEST(one_bit_opens_only_its_msrs)
{
	struct model_input in = documented(1u << KVM_FEATURE_STEAL_TIME, 1);

	EXPECT_EQ(OUT_ACCEPT, E(&in, "msr.STEAL_TIME.enable").out.kind);
	EXPECT_EQ(OUT_FAULT, E(&in, "msr.PV_EOI_EN.enable").out.kind);
	EXPECT_EQ(OUT_CHECK, E(&in, "check.STEAL_TIME_UPDATES").out.kind);
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "check.KVMCLOCK_NEW_TICKS").out.kind);
}

TEST(steal_time_needs_sched_info)
{
	struct model_input in = documented(PV_DEFINED_EAX, 1);

	in.sched_info = 0;
	EXPECT_EQ(OUT_FAULT, E(&in, "msr.STEAL_TIME.enable").out.kind);
	EXPECT_EQ(0, E(&in, "msr.STEAL_TIME.readback").out.value);
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "check.STEAL_TIME_UPDATES").out.kind);
}

TEST(ignore_msrs_turns_gp_into_ignored)
{
	struct model_input in = documented(0, 1);

	in.ignore_msrs = 1;
	EXPECT_EQ(OUT_ACCEPT, E(&in, "msr.STEAL_TIME.read").out.kind);
	EXPECT_EQ(PV_CHECK_VERSION_ZERO, E(&in, "check.STEAL_TIME_UPDATES").out.value);
}

TEST(async_pf_delivery_bits)
{
	struct model_input in = documented(1u << KVM_FEATURE_ASYNC_PF, 1);

	EXPECT_EQ(OUT_FAULT, E(&in, "check.APF_VMEXIT_BIT").out.kind);
	EXPECT_EQ(OUT_FAULT, E(&in, "check.APF_INT_BIT").out.kind);
	in.eax |= 1u << KVM_FEATURE_ASYNC_PF_VMEXIT;
	EXPECT_EQ(OUT_ACCEPT, E(&in, "check.APF_VMEXIT_BIT").out.kind);
	EXPECT_EQ(OUT_FAULT, E(&in, "check.APF_INT_BIT").out.kind);
	in.eax |= 1u << KVM_FEATURE_ASYNC_PF_INT;
	EXPECT_EQ(OUT_ACCEPT, E(&in, "check.APF_INT_BIT").out.kind);
	EXPECT_EQ(OUT_FAULT, E(&in, "check.APF_RESERVED_BIT").out.kind);
	EXPECT_EQ(OUT_FAULT, E(&in, "check.POLL_BIT1").out.kind);
}

TEST(migration_control_is_the_vmm_s)
{
	struct model_input in = documented(0, 1);

	EXPECT_EQ(OUT_FAULT, E(&in, "msr.MIGRATION_CONTROL.read").out.kind);
	in.eax = 1u << KVM_FEATURE_MIGRATION_CONTROL;
	EXPECT_EQ(OUT_ACCEPT, E(&in, "msr.MIGRATION_CONTROL.enable").out.kind);
	EXPECT_EQ(1, E(&in, "msr.MIGRATION_CONTROL.readback").out.value);
	in.user_msr = 0;	/* no MSR filter: KVM's unknown MSR */
	EXPECT_EQ(OUT_FAULT, E(&in, "msr.MIGRATION_CONTROL.read").out.kind);
}

/* kvm_pv_test: all bits clear + enforcement: KICK/SEND_IPI/SCHED_YIELD -ENOSYS. */
TEST(gated_hypercalls_enosys)
{
	struct model_input in = documented(0, 1);
	const char *const names[] = {
		"hypercall.KICK_CPU", "hypercall.SEND_IPI", "hypercall.SCHED_YIELD",
	};
	size_t i;

	for (i = 0; i < 3; i++) {
		struct expectation e = E(&in, names[i]);

		EXPECT_EQ(OUT_RETURN, e.out.kind);
		EXPECT_EQ((uint64_t)-1000, e.out.value) TH_LOG("%s", names[i]);
	}
	EXPECT_EQ(PV_CHECK_NOT_WOKEN, E(&in, "hypercall.KICK_CPU_WAKES").out.value);
	EXPECT_EQ(0, E(&in, "hypercall.VAPIC_POLL_IRQ").out.value);
	in.eax = PV_DEFINED_EAX;
	EXPECT_EQ(1, E(&in, "hypercall.SEND_IPI").out.value);	/* one IPI sent */
	EXPECT_EQ(PV_CHECK_OK, E(&in, "hypercall.KICK_CPU_WAKES").out.value);
	in.nr_vcpus = 1;
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "hypercall.KICK_CPU").out.kind);
}

/*
 * HLT exits disabled: HLT ends at any VM exit, so a wake-up is no evidence
 * of the kick (seen on kvm-amd in QEMU: "woken" with KICK_CPU refused);
 * KICK_CPU itself is still judged, and SEND_IPI's delivery is counted by
 * the handler, not inferred from HLT.
 */
TEST(hlt_in_guest_kick_wake_not_judged)
{
	struct model_input in = documented(PV_DEFINED_EAX, 1);

	in.hlt_in_guest = 1;
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "hypercall.KICK_CPU_WAKES").out.kind);
	EXPECT_EQ(OUT_RETURN, E(&in, "hypercall.KICK_CPU").out.kind);
	EXPECT_EQ(PV_CHECK_OK, E(&in, "hypercall.SEND_IPI_DELIVERED").out.value);
	in.hlt_in_guest = 0;
	EXPECT_EQ(PV_CHECK_OK, E(&in, "hypercall.KICK_CPU_WAKES").out.value);
}

TEST(map_gpa_range_follows_the_exit_cap_not_cpuid)
{
	struct model_input in = documented(0, 1);	/* bit 16 clear */

	EXPECT_EQ(PV_HC_EXIT_RET, E(&in, "hypercall.MAP_GPA_RANGE").out.value);
	EXPECT_EQ((uint64_t)-22, E(&in, "hypercall.MAP_GPA_UNALIGNED").out.value);
	EXPECT_EQ((uint64_t)-22, E(&in, "hypercall.MAP_GPA_ZERO_PAGES").out.value);
	EXPECT_EQ((uint64_t)-1000, E(&in, "hypercall.MAP_GPA_NO_EXIT_CAP").out.value);
	in.exit_hypercall = 0;
	EXPECT_EQ((uint64_t)-1000, E(&in, "hypercall.MAP_GPA_RANGE").out.value);
	EXPECT_EQ((uint64_t)-1000, E(&in, "hypercall.MAP_GPA_UNALIGNED").out.value);
}

TEST(cpl3_quirk_clock_unknown)
{
	struct model_input in = documented(PV_DEFINED_EAX, 1);

	EXPECT_EQ((uint64_t)-1, E(&in, "hypercall.FROM_RING3").out.value);
	EXPECT_EQ((uint64_t)-1000, E(&in, "hypercall.UNKNOWN_NR").out.value);
	EXPECT_EQ(0, E(&in, "hypercall.OTHER_INSN").out.value);
	EXPECT_EQ(OUT_FAULT, E(&in, "hypercall.OTHER_INSN_NO_QUIRK").out.kind);
	EXPECT_EQ(VEC_UD, E(&in, "hypercall.OTHER_INSN_NO_QUIRK").out.vector);
	in.quirk_off = 0;
	EXPECT_EQ(OUT_NOT_RUN, E(&in, "hypercall.OTHER_INSN_NO_QUIRK").out.kind);
	EXPECT_EQ(0, E(&in, "hypercall.CLOCK_PAIRING").out.value);
	in.tsc_clocksource = 0;
	EXPECT_EQ((uint64_t)-95, E(&in, "hypercall.CLOCK_PAIRING").out.value);
}

/*
 * The async PF probe runs only where both MSRs work (x86.c
 * kvm_set_msr_common(): ASYNC_PF_EN needs ASYNC_PF, ASYNC_PF_INT and
 * interrupt delivery need ASYNC_PF_INT), KVM's HLT is in use, and the VMM
 * can hold pages back; then every row is "ok" (x86.c, mmu/mmu.c,
 * virt/kvm/async_pf.c).  Not run is not a pass: it says why.
 */
TEST(async_pf_runs_only_with_both_bits)
{
	const uint32_t apf = 1u << KVM_FEATURE_ASYNC_PF, intr = 1u << KVM_FEATURE_ASYNC_PF_INT;
	const char *const names[] = { "apf.WAKEUP_ALL", "apf.NOT_PRESENT", "apf.PAGE_READY",
				      "apf.HELD_WHILE_BUSY", "apf.ACK_DELIVERS",
				      "apf.TOKENS_AND_DATA" };
	struct model_input in;
	size_t i;

	ASSERT_EQ(PV_NR_APF_PROBES, (int)(sizeof(names) / sizeof(names[0])));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct expectation e;

		in = documented(apf | intr, 1);
		e = E(&in, names[i]);
		EXPECT_EQ(OUT_CHECK, e.out.kind) TH_LOG("%s", names[i]);
		EXPECT_EQ(PV_CHECK_OK, e.out.value);
		in = documented(0, 0);	/* enforcement off: every gate open */
		EXPECT_EQ(OUT_CHECK, E(&in, names[i]).out.kind) TH_LOG("%s", names[i]);

		in = documented(apf, 1);
		e = E(&in, names[i]);
		EXPECT_EQ(OUT_NOT_RUN, e.out.kind) TH_LOG("%s", names[i]);
		EXPECT_NE(NULL, strstr(e.reason, "ASYNC_PF_INT"));
		in = documented(intr, 1);
		e = E(&in, names[i]);
		EXPECT_EQ(OUT_NOT_RUN, e.out.kind) TH_LOG("%s", names[i]);
		EXPECT_NE(NULL, strstr(e.reason, "ASYNC_PF_EN"));
		in = documented(apf | intr, 1);
		in.hlt_in_guest = 1;
		EXPECT_EQ(OUT_NOT_RUN, E(&in, names[i]).out.kind) TH_LOG("%s", names[i]);
		in = documented(apf | intr, 1);
		in.no_userfaultfd = 1;
		e = E(&in, names[i]);
		EXPECT_EQ(OUT_NOT_RUN, e.out.kind) TH_LOG("%s", names[i]);
		EXPECT_NE(NULL, strstr(e.reason, "userfaultfd"));
	}
	in = documented(apf | intr, 1);
	EXPECT_EQ(NULL, model_apf_not_run(&in));
}

TEST(deviations_are_per_backend)
{
	struct outcome timeout = { .kind = OUT_TIMEOUT, .value = 0x100e6d };
	struct outcome gp = { .kind = OUT_FAULT, .vector = VEC_GP };

	EXPECT_NE(NULL, deviation_find("kvm_pvm", P("hypercall.SCHED_YIELD"), &timeout));
	EXPECT_EQ(NULL, deviation_find("kvm_amd", P("hypercall.SCHED_YIELD"), &timeout));
	EXPECT_EQ(NULL, deviation_find("kvm_pvm", P("msr.STEAL_TIME.read"), &timeout));
	EXPECT_EQ(NULL, deviation_find("kvm_pvm", P("hypercall.SCHED_YIELD"), &gp));
	EXPECT_TRUE(deviation_hangs("kvm_pvm", P("hypercall.VAPIC_POLL_IRQ")));
	EXPECT_FALSE(deviation_hangs("kvm_intel", P("hypercall.VAPIC_POLL_IRQ")));
}

/* A wrong expectation must come out as a mismatch, named. */
TEST(judge_flags_a_wrong_expectation)
{
	static struct check_report rep;
	struct model_input in = documented(0, 1);
	int i;

	memset(&rep, 0, sizeof(rep));
	strcpy(rep.facts.backend, "kvm_amd");
	for (i = 0; i < probe_count; i++) {
		rep.rows[i].p = &probe_list[i];
		model_expect(&in, &probe_list[i], &rep.rows[i].exp);
		rep.rows[i].obs = rep.rows[i].exp.out;	/* as documented */
	}
	rep.nr_rows = probe_count;
	check_judge(&rep);
	EXPECT_EQ(0, rep.mismatches);
	EXPECT_EQ(probe_count, rep.oks);

	rep.rows[0].exp.out.kind = OUT_ACCEPT;	/* msr.WALL_CLOCK.read: really #GP */
	check_judge(&rep);
	EXPECT_EQ(1, rep.mismatches);
	EXPECT_EQ(V_MISMATCH, rep.rows[0].v);
	EXPECT_STREQ("msr.WALL_CLOCK.read", rep.rows[0].p->name);
}

TEST(outcome_strings_round_trip)
{
	const struct outcome cases[] = {
		{ .kind = OUT_ACCEPT },
		{ .kind = OUT_ACCEPT, .has_value = 1, .value = 0x45001 },
		{ .kind = OUT_FAULT, .vector = VEC_GP },
		{ .kind = OUT_FAULT, .vector = VEC_UD },
		{ .kind = OUT_RETURN, .has_value = 1, .value = (uint64_t)-1000 },
		{ .kind = OUT_RETURN, .has_value = 1, .value = PV_HC_EXIT_RET },
		{ .kind = OUT_CHECK, .has_value = 1, .value = PV_CHECK_OK },
		{ .kind = OUT_CHECK, .has_value = 1, .value = PV_CHECK_NOT_WOKEN },
		{ .kind = OUT_NOT_RUN },
	};
	char buf[OUTCOME_STR_MAX];
	struct outcome back;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		outcome_str(&cases[i], buf, sizeof(buf));
		ASSERT_EQ(0, outcome_parse(buf, &back)) TH_LOG("'%s'", buf);
		EXPECT_TRUE(outcome_matches(&cases[i], &back)) TH_LOG("'%s'", buf);
	}
	EXPECT_EQ(-1, outcome_parse("maybe", &back));
	EXPECT_EQ(-1, outcome_parse("ret x", &back));
	EXPECT_EQ(-1, outcome_parse("accept 12z", &back));
}

TEST_HARNESS_MAIN
