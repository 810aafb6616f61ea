// SPDX-License-Identifier: GPL-2.0-only
/*
 * cpuid-verify: every programmed leaf read back by the guest.  The
 * hypervisor leaves must come through exactly, for every layout that has
 * them; anything else that differs must be a named KVM edit or a recorded
 * deviation of this backend (on kvm_pvm: leaves 1, 7 and 0xd, ci/README.md "This machine's KVM"
 * section 3), never unexplained.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include "cpuid_verify.h"
#include "pvprobe_exit.h"

static struct cpuid_verify_report rep;

FIXTURE(verify) {
};

FIXTURE_VARIANT(verify) {
	const char *layout;
	int hv_leaves;		/* hypervisor leaves the layout programs */
};

FIXTURE_VARIANT_ADD(verify, kvm) { "kvm", 2 };
FIXTURE_VARIANT_ADD(verify, hyperv) { "hyperv", 4 };
FIXTURE_VARIANT_ADD(verify, xen_at_0x40000300) { "xen@0x40000300", 3 };
FIXTURE_VARIANT_ADD(verify, none) { "none", 0 };

FIXTURE_SETUP(verify)
{
}

FIXTURE_TEARDOWN(verify)
{
}

TEST_F(verify, nothing_unexplained)
{
	struct guest_config cfg;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	int i, hv_diffs = 0, deviations = 0;

	guest_config_default(&cfg);
	cfg.eax = kvm_test_host.eax;
	ASSERT_EQ(0, layout_parse(variant->layout, &cfg.layout, err, sizeof(err)));
	ASSERT_EQ(0, kvm_test_open(&kvm));
	ASSERT_EQ(PV_EXIT_OK, cpuid_verify_run(&kvm, &cfg, &rep, err, sizeof(err))) TH_LOG("%s", err);
	kvm_sys_close(&kvm);

	EXPECT_GT(rep.nr_leaves, 10);
	EXPECT_EQ(variant->hv_leaves, rep.nr_hv_leaves);
	for (i = 0; i < rep.nr_diffs; i++) {
		const struct cv_diff *d = &rep.d[i];

		if (d->function >= 0x40000000u && d->function <= 0x4000ffffu)
			hv_diffs++;
		if (d->kind == CV_DEVIATION)
			deviations++;
		EXPECT_NE(CV_MISMATCH, d->kind)
			TH_LOG("leaf 0x%08x.%u %s: programmed 0x%08x, guest 0x%08x: %s",
			       d->function, d->index, cpuid_reg_name(d->reg), d->programmed,
			       d->guest, d->why);
	}
	EXPECT_EQ(0, hv_diffs);
	if (deviations)
		KVM_TEST_XFAIL("%d register(s) not honoured, e.g. %s", rep.deviations, rep.d[0].why);
}

KVM_TEST_MAIN
