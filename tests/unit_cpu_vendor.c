// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vendor rules the model takes from the host (vmm/cpuid/cpu_vendor.c):
 * on a VMX host (kvm_intel) VMCALL is native and VMMCALL is the "other"
 * instruction the fix-hypercall quirk rewrites; on an SVM host (kvm_amd)
 * the reverse.  Both vendors, and the look-alikes, are checked here;
 * ci/test runs the probes on both for real (the kvm-amd host in QEMU, the
 * kvm_intel host in Bochs).
 */
#include "kselftest_harness.h"

#include "cpu_vendor.h"

FIXTURE(vendor) {};
FIXTURE_SETUP(vendor) {}
FIXTURE_TEARDOWN(vendor) {}

FIXTURE_VARIANT(vendor) {
	const char *ident;
	enum cpu_vendor v;
	int vmcall;
	const char *module;
};

FIXTURE_VARIANT_ADD(vendor, intel) { "GenuineIntel", CPU_VENDOR_INTEL, 1, "kvm_intel" };
FIXTURE_VARIANT_ADD(vendor, amd) { "AuthenticAMD", CPU_VENDOR_AMD, 0, "kvm_amd" };
FIXTURE_VARIANT_ADD(vendor, hygon) { "HygonGenuine", CPU_VENDOR_HYGON, 0, "kvm_amd" };
FIXTURE_VARIANT_ADD(vendor, centaur) { "CentaurHauls", CPU_VENDOR_CENTAUR, 1, "kvm_intel" };
FIXTURE_VARIANT_ADD(vendor, zhaoxin) { "  Shanghai  ", CPU_VENDOR_ZHAOXIN, 1, "kvm_intel" };
/* Not a vendor: no guess, VMMCALL is not assumed native either way. */
FIXTURE_VARIANT_ADD(vendor, unknown) { "GenuineIotel", CPU_VENDOR_UNKNOWN, 0, NULL };
FIXTURE_VARIANT_ADD(vendor, truncated) { "GenuineInte", CPU_VENDOR_UNKNOWN, 0, NULL };
FIXTURE_VARIANT_ADD(vendor, empty) { "", CPU_VENDOR_UNKNOWN, 0, NULL };

TEST_F(vendor, native_instruction_and_module)
{
	enum cpu_vendor v = cpu_vendor_of(variant->ident);
	const char *m = cpu_vendor_kvm_module(v);

	EXPECT_EQ(variant->v, v);
	EXPECT_EQ(variant->vmcall, cpu_vendor_vmcall(v));
	if (variant->module) {
		EXPECT_STREQ(variant->module, m);
	} else {
		EXPECT_EQ(NULL, m);
	}
}

TEST(null_is_unknown)
{
	EXPECT_EQ(CPU_VENDOR_UNKNOWN, cpu_vendor_of(NULL));
}

TEST_HARNESS_MAIN
