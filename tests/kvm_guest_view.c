// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's view equals what was programmed: for all, none, host, and --
 * one variant each, generated from the PV feature table -- every defined
 * bit alone and every defined bit cleared, with PV enforcement on and off.
 *
 * "What was programmed" is checked twice: KVM_GET_CPUID2 must hold the
 * programmed 0x40000001 (KVM edits it only for KVM_X86_DISABLE_EXITS_HLT,
 * arch/x86/kvm/cpuid.c kvm_update_cpuid_runtime, which pvprobe does not
 * enable here), and guest code must read exactly that through
 * hypervisor_cpuid_base() at 0x40000000, finding no Xen or ACRN.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include "guest_view.h"
#include "pv_feature.h"
#include "pvprobe_exit.h"

enum base { BASE_NONE, BASE_ALL, BASE_HOST };

FIXTURE(guest_view) {
	struct guest_view gv;
	uint32_t eax, edx;
};

FIXTURE_VARIANT(guest_view) {
	enum base base;
	int reg;		/* PV_REG_* the bit below is in */
	int bit;		/* -1: no bit */
	int set;		/* set @bit on top of base, or clear it */
	int enforce;
};

/* base none + the bit: "only this bit"; base all - the bit: "all but this bit". */
#define GV_VARIANTS(REG, BIT, NAME, QEMU, MSRS, HCALLS, USE)			\
	FIXTURE_VARIANT_ADD(guest_view, only_##NAME) {				\
		.base = BASE_NONE, .reg = PV_REG_##REG, .bit = BIT, .set = 1,	\
		.enforce = 1,							\
	};									\
	FIXTURE_VARIANT_ADD(guest_view, all_but_##NAME) {			\
		.base = BASE_ALL, .reg = PV_REG_##REG, .bit = BIT, .set = 0,	\
		.enforce = 1,							\
	};
PV_FEATURE_TABLE(GV_VARIANTS)

FIXTURE_VARIANT_ADD(guest_view, none) { .base = BASE_NONE, .bit = -1, .enforce = 1 };
FIXTURE_VARIANT_ADD(guest_view, all) { .base = BASE_ALL, .bit = -1, .enforce = 1 };
FIXTURE_VARIANT_ADD(guest_view, host) { .base = BASE_HOST, .bit = -1, .enforce = 1 };
FIXTURE_VARIANT_ADD(guest_view, none_no_enforce) { .base = BASE_NONE, .bit = -1 };
FIXTURE_VARIANT_ADD(guest_view, all_no_enforce) { .base = BASE_ALL, .bit = -1 };
FIXTURE_VARIANT_ADD(guest_view, host_no_enforce) { .base = BASE_HOST, .bit = -1 };

FIXTURE_SETUP(guest_view)
{
	struct guest_config cfg;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	uint32_t *reg;

	switch (variant->base) {
	case BASE_NONE:
		self->eax = 0;
		self->edx = 0;
		break;
	case BASE_ALL:
		self->eax = PV_DEFINED_EAX;
		self->edx = PV_DEFINED_EDX;
		break;
	default:
		self->eax = kvm_test_host.eax;
		self->edx = kvm_test_host.edx;
	}
	reg = variant->reg == PV_REG_EDX ? &self->edx : &self->eax;
	if (variant->bit >= 0) {
		if (variant->set)
			*reg |= 1u << variant->bit;
		else
			*reg &= ~(1u << variant->bit);
	}

	ASSERT_EQ(0, kvm_test_open(&kvm));
	guest_config_default(&cfg);
	cfg.eax = self->eax;
	cfg.edx = self->edx;
	cfg.enforce = variant->enforce;
	ASSERT_EQ(PV_EXIT_OK, guest_view_collect(&kvm, &cfg, &self->gv, err, sizeof(err)))
		TH_LOG("%s", err);
	kvm_sys_close(&kvm);
}

FIXTURE_TEARDOWN(guest_view)
{
}

TEST_F(guest_view, sees_programmed)
{
	const struct guest_view *gv = &self->gv;
	char why[1024];
	int i;

	ASSERT_EQ(-1, gv->failed_vcpu) TH_LOG("%s", gv->run[0].detail);
	/* KVM kept the PV leaf as programmed ... */
	EXPECT_EQ(self->eax, gv->kvm_eax);
	EXPECT_EQ(self->edx, gv->kvm_edx);
	for (i = 0; i < gv->nr_changes && i < PV_MAX_CHANGES; i++)
		EXPECT_NE(KVM_CPUID_FEAT_LEAF, gv->changes[i].function)
			TH_LOG("KVM changed 0x40000001 %s: 0x%08x -> 0x%08x",
			       cpuid_reg_name(gv->changes[i].reg), gv->changes[i].set,
			       gv->changes[i].now);
	/* ... and the guest found KVM, and only KVM, and read exactly that. */
	EXPECT_EQ(KVM_CPUID_SIG_LEAF, gv->sig_base[PV_SIG_KVM]);
	EXPECT_EQ(0, gv->sig_base[PV_SIG_XEN]);
	EXPECT_EQ(0, gv->sig_base[PV_SIG_ACRN]);
	EXPECT_EQ(self->eax, gv->eax);
	EXPECT_EQ(self->edx, gv->edx);
	EXPECT_EQ(PV_EXIT_OK, guest_view_verdict(gv, why, sizeof(why))) TH_LOG("%s", why);
}

KVM_TEST_MAIN
