// SPDX-License-Identifier: GPL-2.0-only
/*
 * Without a usable /dev/kvm the kvm-suite binaries skip as a whole, the way
 * both of their runners understand: "1..0 # SKIP reason" with exit 0 under
 * meson (PVPROBE_MESON=1; meson reads a non-zero TAP exit as ERROR) and
 * exit 4 (KSFT_SKIP) for kselftest runners.  The binaries to check are in
 * $KVM_TEST_BINS (colon-separated).
 */
#include "kselftest_harness.h"

#include <stdlib.h>

#include "pvprobe_exit.h"
#include "run_cmd.h"

#define SKIP_PLAN "TAP version 13\n1..0 # SKIP "

static struct cmd_output out;

FIXTURE(skip) {
	char bins[4096];
};

FIXTURE_VARIANT(skip) {
	const char *dev;	/* what PVPROBE_DEV_KVM points at */
	const char *meson;	/* PVPROBE_MESON */
	int status;
	const char *reason;	/* in the SKIP line */
};

FIXTURE_VARIANT_ADD(skip, missing_device_meson) {
	.dev = "PVPROBE_DEV_KVM=/nonexistent/kvm", .meson = "PVPROBE_MESON=1",
	.status = PV_EXIT_OK, .reason = "no KVM",
};
FIXTURE_VARIANT_ADD(skip, missing_device_kselftest) {
	.dev = "PVPROBE_DEV_KVM=/nonexistent/kvm", .meson = "PVPROBE_MESON=0",
	.status = PV_EXIT_SKIP, .reason = "no KVM",
};
FIXTURE_VARIANT_ADD(skip, not_a_kvm_device) {
	/* Opens, but KVM_GET_API_VERSION fails: not KVM. */
	.dev = "PVPROBE_DEV_KVM=/dev/null", .meson = "PVPROBE_MESON=1",
	.status = PV_EXIT_OK, .reason = "is not a KVM device",
};

FIXTURE_SETUP(skip)
{
	const char *bins = getenv("KVM_TEST_BINS");

	ASSERT_NE(NULL, bins);
	snprintf(self->bins, sizeof(self->bins), "%s", bins);
}

FIXTURE_TEARDOWN(skip)
{
}

TEST_F(skip, whole_binary_skips)
{
	const char *argv[] = { NULL };
	const char *env[] = { variant->dev, variant->meson, NULL };
	char *save = NULL, *bin;
	int n = 0;

	for (bin = strtok_r(self->bins, ":", &save); bin; bin = strtok_r(NULL, ":", &save)) {
		ASSERT_EQ(0, run_prog(bin, argv, env, 20, &out));
		EXPECT_EQ(variant->status, out.status) TH_LOG("%s: %s", bin, out.out);
		EXPECT_EQ(0, strncmp(out.out, SKIP_PLAN, strlen(SKIP_PLAN)))
			TH_LOG("%s printed: %s", bin, out.out);
		EXPECT_NE(NULL, strstr(out.out, variant->reason)) TH_LOG("%s", out.out);
		n++;
	}
	EXPECT_GE(n, 3);
}

TEST_HARNESS_MAIN
