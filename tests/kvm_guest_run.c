// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest runs that end badly end cleanly: an unexpected exception is
 * reported with vector, error code, RIP and CR2; a guest that never exits
 * (spinning, or halted with interrupts off) is kicked by the watchdog and
 * reported with its RIP within the deadline.  Also the *_safe MSR
 * accessors: a faulting RDMSR/WRMSR comes back as a vector, and PV MSR
 * gating follows KVM_CAP_ENFORCE_PV_FEATURE_CPUID (arch/x86/kvm/x86.c
 * kvm_get_msr_common()/kvm_set_msr_common(), guest_pv_has()).
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include "guest_view.h"

#include <signal.h>
#include <time.h>
#include <asm/kvm_para.h>

#include "pvprobe_exit.h"

#define VEC_UD	6
#define VEC_GP	13
#define VEC_PF	14
#define PF_ERR_WRITE	(1u << 1)

#define DEADLINE_MS	300
/* Generous: the kick lands within ~10 ms of the deadline; CI may be loaded. */
#define SLACK_MS	1500

static int in_image(uint64_t rip)
{
	return rip >= PV_IMAGE_ADDR && rip < PV_IMAGE_ADDR + PV_IMAGE_MAX;
}

TEST(report_entry_done)
{
	struct run_result res;

	ASSERT_EQ(PV_EXIT_OK, kvm_test_run(kvm_test_host.eax, 0, 1, PV_ENTRY_REPORT,
					   0, 0, 2000, &res));
	ASSERT_EQ(RUN_DONE, res.status) TH_LOG("%s", res.detail);
	EXPECT_EQ(1, res.nr_exits);	/* one doorbell, nothing else */
	EXPECT_EQ(PV_RESULTS_MAGIC, res.results.magic);
	EXPECT_EQ(kvm_test_host.eax, res.results.kvm_leaf1.eax);
}

TEST(unexpected_ud_is_reported)
{
	struct run_result res;

	ASSERT_EQ(PV_EXIT_OK, kvm_test_run(0, 0, 1, PV_ENTRY_TEST_UD, 0, 0, 2000, &res));
	ASSERT_EQ(RUN_EXCEPTION, res.status) TH_LOG("%s", res.detail);
	EXPECT_EQ(VEC_UD, res.results.exc.vector);
	EXPECT_TRUE(in_image(res.results.exc.rip))
		TH_LOG("RIP 0x%llx", (unsigned long long)res.results.exc.rip);
	EXPECT_NE(NULL, strstr(res.detail, "vector 6"));
}

TEST(null_deref_is_pf_with_cr2)
{
	struct run_result res;

	/* Page 0 is deliberately unmapped (vmm/kvm/vm_layout.c). */
	ASSERT_EQ(PV_EXIT_OK, kvm_test_run(0, 0, 1, PV_ENTRY_TEST_PF, 8, 0, 2000, &res));
	ASSERT_EQ(RUN_EXCEPTION, res.status) TH_LOG("%s", res.detail);
	EXPECT_EQ(VEC_PF, res.results.exc.vector);
	EXPECT_EQ(8, res.results.exc.cr2);
	EXPECT_EQ(0, res.results.exc.error_code & PF_ERR_WRITE);
	EXPECT_TRUE(in_image(res.results.exc.rip));
}

TEST(unmapped_high_address_is_pf)
{
	const uint64_t addr = 0x40000000ull;	/* 1 GiB: no page table maps it */
	struct run_result res;

	ASSERT_EQ(PV_EXIT_OK, kvm_test_run(0, 0, 1, PV_ENTRY_TEST_PF, addr, 0, 2000, &res));
	ASSERT_EQ(RUN_EXCEPTION, res.status) TH_LOG("%s", res.detail);
	EXPECT_EQ(VEC_PF, res.results.exc.vector);
	EXPECT_EQ(addr, res.results.exc.cr2);
}

/* The two ways a guest never comes back: both must end at the deadline. */
FIXTURE(hang) {
	int fds_before;
};

FIXTURE_VARIANT(hang) {
	enum pv_entry entry;
};

FIXTURE_VARIANT_ADD(hang, spin_irqs_off) { .entry = PV_ENTRY_TEST_SPIN };
FIXTURE_VARIANT_ADD(hang, hlt_irqs_off) { .entry = PV_ENTRY_TEST_HLT };

FIXTURE_SETUP(hang)
{
	self->fds_before = kvm_test_count("/proc/self/fd");
}

FIXTURE_TEARDOWN(hang)
{
}

TEST_F_TIMEOUT(hang, kicked_at_deadline, 20)
{
	struct run_result res;
	sigset_t pending;
	double t0, elapsed;

	t0 = kvm_test_now_ms();
	ASSERT_EQ(PV_EXIT_OK, kvm_test_run(0, 0, 1, variant->entry, 0, 0, DEADLINE_MS, &res));
	elapsed = kvm_test_now_ms() - t0;
	ASSERT_EQ(RUN_TIMEOUT, res.status) TH_LOG("%s", res.detail);
	EXPECT_GE(elapsed, DEADLINE_MS);
	EXPECT_LT(elapsed, DEADLINE_MS + SLACK_MS);
	EXPECT_TRUE(in_image(res.rip)) TH_LOG("RIP 0x%llx", (unsigned long long)res.rip);
	EXPECT_NE(NULL, strstr(res.detail, "RIP 0x"));
	/* Nothing left behind: no fd, no pending watchdog signal. */
	EXPECT_EQ(self->fds_before, kvm_test_count("/proc/self/fd"));
	sigpending(&pending);
	EXPECT_FALSE(sigismember(&pending, SIGRTMIN + 2));
}

/*
 * rdmsr_safe/wrmsr_safe and PV MSR gating.  An MSR KVM does not know
 * raises #GP (kvm_get_msr_common() default case, ignore_msrs off); a PV
 * MSR whose bit is clear raises #GP only with enforcement on.
 */
FIXTURE(msr) {
	struct run_result res;
};

FIXTURE_VARIANT(msr) {
	enum pv_entry entry;
	uint32_t msr;
	uint64_t value;		/* to write */
	uint32_t eax;		/* programmed 0x40000001 eax */
	int enforce;
	uint32_t fault;		/* expected: 0 or PV_FAULTED | vector */
};

FIXTURE_VARIANT_ADD(msr, rdmsr_unknown_gp) {
	.entry = PV_ENTRY_RDMSR, .msr = 0x4b564dff, .enforce = 1,
	.fault = PV_FAULTED | VEC_GP,
};
FIXTURE_VARIANT_ADD(msr, rdmsr_steal_time_bit_clear_enforced_gp) {
	.entry = PV_ENTRY_RDMSR, .msr = MSR_KVM_STEAL_TIME, .eax = 0, .enforce = 1,
	.fault = PV_FAULTED | VEC_GP,
};
FIXTURE_VARIANT_ADD(msr, rdmsr_steal_time_bit_set_enforced_ok) {
	.entry = PV_ENTRY_RDMSR, .msr = MSR_KVM_STEAL_TIME,
	.eax = 1u << KVM_FEATURE_STEAL_TIME, .enforce = 1, .fault = 0,
};
FIXTURE_VARIANT_ADD(msr, rdmsr_steal_time_bit_clear_not_enforced_ok) {
	.entry = PV_ENTRY_RDMSR, .msr = MSR_KVM_STEAL_TIME, .eax = 0, .enforce = 0,
	.fault = 0,
};
FIXTURE_VARIANT_ADD(msr, wrmsr_poll_control_bit0_ok) {
	.entry = PV_ENTRY_WRMSR, .msr = MSR_KVM_POLL_CONTROL, .value = 1,
	.eax = 1u << KVM_FEATURE_POLL_CONTROL, .enforce = 1, .fault = 0,
};
FIXTURE_VARIANT_ADD(msr, wrmsr_poll_control_bit1_gp) {
	/* x86.c: "if (!(data & 1)) ... if (data & (~1ULL)) return 1" */
	.entry = PV_ENTRY_WRMSR, .msr = MSR_KVM_POLL_CONTROL, .value = 2,
	.eax = 1u << KVM_FEATURE_POLL_CONTROL, .enforce = 1,
	.fault = PV_FAULTED | VEC_GP,
};
FIXTURE_VARIANT_ADD(msr, wrmsr_poll_control_bit_clear_enforced_gp) {
	.entry = PV_ENTRY_WRMSR, .msr = MSR_KVM_POLL_CONTROL, .value = 1,
	.eax = 0, .enforce = 1, .fault = PV_FAULTED | VEC_GP,
};

FIXTURE_SETUP(msr)
{
	ASSERT_EQ(PV_EXIT_OK, kvm_test_run(variant->eax, 0, variant->enforce, variant->entry,
					   variant->msr, variant->value, 2000, &self->res));
}

FIXTURE_TEARDOWN(msr)
{
}

TEST_F(msr, fault_as_expected)
{
	ASSERT_EQ(RUN_DONE, self->res.status) TH_LOG("%s", self->res.detail);
	EXPECT_EQ(variant->msr, self->res.results.msr);
	EXPECT_EQ(variant->fault, self->res.results.msr_fault)
		TH_LOG("MSR 0x%x: got %s vector %u", variant->msr,
		       self->res.results.msr_fault ? "fault" : "no fault",
		       PV_FAULT_VECTOR(self->res.results.msr_fault));
}

/* Every vCPU of a multi-vCPU VM runs the guest and sees the same leaves. */
TEST(four_vcpus_agree)
{
	struct guest_config cfg;
	struct guest_view gv;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	int i;

	ASSERT_EQ(0, kvm_test_open(&kvm));
	guest_config_default(&cfg);
	cfg.eax = kvm_test_host.eax & ~(1u << KVM_FEATURE_STEAL_TIME);
	cfg.nr_vcpus = 4;
	ASSERT_EQ(PV_EXIT_OK, guest_view_collect(&kvm, &cfg, &gv, err, sizeof(err)))
		TH_LOG("%s", err);
	kvm_sys_close(&kvm);
	EXPECT_EQ(-1, gv.failed_vcpu);
	EXPECT_EQ(-1, gv.disagree_vcpu);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(RUN_DONE, gv.run[i].status) TH_LOG("vCPU %d: %s", i, gv.run[i].detail);
		EXPECT_EQ((uint32_t)i, gv.run[i].results.vcpu);
		EXPECT_EQ(cfg.eax, gv.run[i].results.kvm_leaf1.eax);
	}
}

KVM_TEST_MAIN
