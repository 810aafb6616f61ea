// SPDX-License-Identifier: GPL-2.0-only
/*
 * Signature layouts (--layout): for each, what the source document's
 * hypervisor_cpuid_base() returns in the guest for its three calls, where
 * KVM itself finds its leaves, and which PV features the guest then reads.
 * The expected bases are written here by hand from the seed's code:
 * base, signature, and "leaves == 0 || eax - base >= leaves" in unsigned
 * 32-bit arithmetic -- including where that check and the documented
 * old-host rule (cpuid.rst: eax 0 means 0x40000001) disagree.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <asm/kvm_para.h>

#include "guest_view.h"
#include "pvprobe_exit.h"

FIXTURE(layout) {
	struct guest_view gv;
};

FIXTURE_VARIANT(layout) {
	const char *spec;
	uint32_t kvm, xen, acrn;	/* hypervisor_cpuid_base() results */
	uint32_t kvm_base;		/* where KVM finds itself */
	int features;			/* the guest reads the programmed features */
};

FIXTURE_VARIANT_ADD(layout, kvm) {
	"kvm", 0x40000000, 0, 0, 0x40000000, 1 };
FIXTURE_VARIANT_ADD(layout, kvm_at_0x40000200) {
	"kvm@0x40000200", 0x40000200, 0, 0, 0x40000200, 1 };
FIXTURE_VARIANT_ADD(layout, kvm_at_last_base) {
	"kvm@0x4000ff00", 0x4000ff00, 0, 0, 0x4000ff00, 1 };
/* QEMU's hv-*: Hyper-V at 0x40000000, the scan steps over it to KVM. */
FIXTURE_VARIANT_ADD(layout, hyperv_then_kvm) {
	"hyperv", 0x40000100, 0, 0, 0x40000100, 1 };
/* Old host: eax 0.  leaves 0 for KVM: found; KVM ignores the limit too. */
FIXTURE_VARIANT_ADD(layout, old_host_eax_0) {
	"old-host", 0x40000000, 0, 0, 0x40000000, 1 };
/* eax below the base: the KVM call (leaves 0) does not look at it. */
FIXTURE_VARIANT_ADD(layout, kvm_eax_below_base) {
	"kvm,eax=0x1", 0x40000000, 0, 0, 0x40000000, 1 };
FIXTURE_VARIANT_ADD(layout, xen) {
	"xen", 0, 0x40000000, 0, 0, 0 };
/* Xen with only one leaf (eax = base + 1): the "leaves 2" check refuses it. */
FIXTURE_VARIANT_ADD(layout, xen_one_leaf) {
	"xen,eax=0x40000001", 0, 0, 0, 0, 0 };
/*
 * Xen in the old-host form, eax 0: documented as "0x40000001", i.e. one
 * leaf, so "leaves 2" should refuse it -- but 0 - 0x40000000 wraps to
 * 0xc0000000 >= 2 and the seed's function accepts it.  The two disagree;
 * pvprobe reports what guests run.
 */
FIXTURE_VARIANT_ADD(layout, xen_old_host_eax_0_accepted) {
	"xen,eax=0x0", 0, 0x40000000, 0, 0, 0 };
/* eax below the base: wraps the same way, accepted. */
FIXTURE_VARIANT_ADD(layout, xen_eax_below_base_accepted) {
	"xen@0x40000100,eax=0x1", 0, 0x40000100, 0, 0, 0 };
FIXTURE_VARIANT_ADD(layout, acrn) {
	"acrn", 0, 0, 0x40000000, 0, 0 };
FIXTURE_VARIANT_ADD(layout, acrn_at_last_base) {
	"acrn@0x4000ff00", 0, 0, 0x4000ff00, 0, 0 };
/* QEMU's kvm=off: nothing to find. */
FIXTURE_VARIANT_ADD(layout, none) {
	"none", 0, 0, 0, 0, 0 };

FIXTURE_SETUP(layout)
{
	struct guest_config cfg;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];

	guest_config_default(&cfg);
	cfg.eax = kvm_test_host.eax;
	ASSERT_EQ(0, layout_parse(variant->spec, &cfg.layout, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(0, kvm_test_open(&kvm));
	ASSERT_EQ(PV_EXIT_OK, guest_view_collect(&kvm, &cfg, &self->gv, err, sizeof(err)))
		TH_LOG("%s", err);
	kvm_sys_close(&kvm);
	ASSERT_EQ(-1, self->gv.failed_vcpu) TH_LOG("%s", self->gv.run[0].detail);
}

FIXTURE_TEARDOWN(layout)
{
}

TEST_F(layout, guest_finds_what_the_seed_says)
{
	const struct guest_view *gv = &self->gv;
	char why[1024];

	EXPECT_EQ(variant->kvm, gv->sig_base[PV_SIG_KVM]);
	EXPECT_EQ(variant->xen, gv->sig_base[PV_SIG_XEN]);
	EXPECT_EQ(variant->acrn, gv->sig_base[PV_SIG_ACRN]);
	EXPECT_EQ(variant->kvm_base, gv->kvm_base);
	EXPECT_EQ(variant->features ? kvm_test_host.eax : 0, gv->eax);
	EXPECT_EQ(PV_EXIT_OK, guest_view_verdict(gv, why, sizeof(why))) TH_LOG("%s", why);
}

/*
 * Without a KVM signature KVM has no PV features either: with enforcement,
 * a PV MSR faults even though the mask would allow it.
 */
TEST(no_kvm_signature_gates_everything)
{
	struct guest_config cfg;
	struct run_result res;
	struct kvm_sys kvm;
	struct session s;
	char err[PV_ERR_MAX];

	guest_config_default(&cfg);
	cfg.eax = kvm_test_host.eax | 1u << KVM_FEATURE_STEAL_TIME;
	ASSERT_EQ(0, layout_parse("xen", &cfg.layout, err, sizeof(err)));
	ASSERT_EQ(0, kvm_test_open(&kvm));
	ASSERT_EQ(PV_EXIT_OK, session_create(&kvm, &cfg, &s, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(0, s.kvm_base);
	session_run(&s, 0, PV_ENTRY_RDMSR, MSR_KVM_STEAL_TIME, 0, &res);
	session_destroy(&s);
	kvm_sys_close(&kvm);
	ASSERT_EQ(RUN_DONE, res.status) TH_LOG("%s", res.detail);
	EXPECT_EQ(PV_FAULTED | 13, res.results.msr_fault);
}

/* KVM_X86_DISABLE_EXITS_HLT: KVM clears PV_UNHALT, and pvprobe says why. */
TEST(disable_hlt_exits_clears_pv_unhalt)
{
	struct guest_config cfg;
	struct guest_view gv;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	int i, seen = 0;

	guest_config_default(&cfg);
	cfg.eax = kvm_test_host.eax | 1u << KVM_FEATURE_PV_UNHALT;
	cfg.disable_exits = KVM_X86_DISABLE_EXITS_HLT;
	ASSERT_EQ(0, kvm_test_open(&kvm));
	ASSERT_EQ(PV_EXIT_OK, guest_view_collect(&kvm, &cfg, &gv, err, sizeof(err))) TH_LOG("%s", err);
	kvm_sys_close(&kvm);
	EXPECT_EQ(0, gv.kvm_eax & (1u << KVM_FEATURE_PV_UNHALT));
	EXPECT_EQ(0, gv.eax & (1u << KVM_FEATURE_PV_UNHALT));	/* the guest sees it gone */
	for (i = 0; i < gv.nr_changes; i++)
		if (gv.changes[i].function == 0x40000001 && gv.changes[i].reg == 0 &&
		    (gv.changes[i].set ^ gv.changes[i].now) == 1u << KVM_FEATURE_PV_UNHALT)
			seen = 1;
	EXPECT_TRUE(seen);
}

KVM_TEST_MAIN
