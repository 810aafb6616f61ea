// SPDX-License-Identifier: GPL-2.0-only
/*
 * The pvprobe command line, run as a user would run it (the binary in
 * $PVPROBE): help texts, exit codes (0 ok, 2 bad usage or input, 4 skip)
 * and error messages that name the bad input.  CI and users depend on the
 * exit codes, and bad input must be refused before /dev/kvm is touched, so
 * every run here points PVPROBE_DEV_KVM at a path without KVM.  Each run is
 * killed after 10 s: this test can never hang.
 */
#include "kselftest_harness.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_cmd.h"

#define NO_KVM		"/nonexistent"
#define RUN_TIMEOUT_S	10

static struct cmd_output R;

/* Run $PVPROBE with @args (NULL-terminated) and PVPROBE_DEV_KVM=@dev_kvm, into R. */
static int run_in(const char *dev_kvm, const char *const *args)
{
	char env_dev[256];
	const char *env[] = { env_dev, NULL };

	snprintf(env_dev, sizeof(env_dev), "PVPROBE_DEV_KVM=%s", dev_kvm);
	return run_pvprobe(args, env, RUN_TIMEOUT_S, &R);
}

static int run(const char *const *args)
{
	return run_in(NO_KVM, args);
}

#define RUN(...) do {								\
	const char *const __args[] = { __VA_ARGS__, NULL };			\
	if (!getenv("PVPROBE"))							\
		SKIP(return, "PVPROBE is not set (run under meson test)");	\
	ASSERT_EQ(0, run(__args));						\
	ASSERT_FALSE(R.timed_out) TH_LOG("pvprobe did not exit in 10 s");	\
} while (0)

/* Every canonical name of <asm/kvm_para.h> (checked there by unit_feature_table). */
#define NAME(macro)	#macro
static const char *const uapi_names[] = {
	NAME(KVM_FEATURE_CLOCKSOURCE), NAME(KVM_FEATURE_NOP_IO_DELAY),
	NAME(KVM_FEATURE_MMU_OP), NAME(KVM_FEATURE_CLOCKSOURCE2),
	NAME(KVM_FEATURE_ASYNC_PF), NAME(KVM_FEATURE_STEAL_TIME),
	NAME(KVM_FEATURE_PV_EOI), NAME(KVM_FEATURE_PV_UNHALT),
	NAME(KVM_FEATURE_PV_TLB_FLUSH), NAME(KVM_FEATURE_ASYNC_PF_VMEXIT),
	NAME(KVM_FEATURE_PV_SEND_IPI), NAME(KVM_FEATURE_POLL_CONTROL),
	NAME(KVM_FEATURE_PV_SCHED_YIELD), NAME(KVM_FEATURE_ASYNC_PF_INT),
	NAME(KVM_FEATURE_MSI_EXT_DEST_ID), NAME(KVM_FEATURE_HC_MAP_GPA_RANGE),
	NAME(KVM_FEATURE_MIGRATION_CONTROL), NAME(KVM_FEATURE_CLOCKSOURCE_STABLE_BIT),
	NAME(KVM_HINTS_REALTIME),
};

/* ---- help ------------------------------------------------------------- */

FIXTURE(help) {};
FIXTURE_SETUP(help) {}
FIXTURE_TEARDOWN(help) {}

FIXTURE_VARIANT(help) {
	const char *args[4];
	const char *mentions;	/* something the text must say */
};

FIXTURE_VARIANT_ADD(help, top) { .args = { "--help" }, .mentions = "features" };
FIXTURE_VARIANT_ADD(help, top_short) { .args = { "-h" }, .mentions = "guest" };
FIXTURE_VARIANT_ADD(help, top_word) { .args = { "help" }, .mentions = "host" };
FIXTURE_VARIANT_ADD(help, host) { .args = { "host", "--help" }, .mentions = "--json" };
FIXTURE_VARIANT_ADD(help, host_short) { .args = { "host", "-h" }, .mentions = "pvprobe host" };
FIXTURE_VARIANT_ADD(help, guest) { .args = { "guest", "--help" }, .mentions = "--mask" };
FIXTURE_VARIANT_ADD(help, guest_short) { .args = { "guest", "-h" }, .mentions = "--hints" };
FIXTURE_VARIANT_ADD(help, features) {
	.args = { "features", "--help" }, .mentions = "pvprobe features",
};
FIXTURE_VARIANT_ADD(help, features_short) {
	.args = { "features", "-h" }, .mentions = "pvprobe features",
};
FIXTURE_VARIANT_ADD(help, help_command) { .args = { "help", "boot" }, .mentions = "--stall" };
FIXTURE_VARIANT_ADD(help, help_command_check) { .args = { "help", "check" }, .mentions = "--mask" };
/* --help wins over the rest of the line when it comes first. */
FIXTURE_VARIANT_ADD(help, guest_before_bad) {
	.args = { "guest", "--help", "--vcpus", "0" }, .mentions = "--vcpus",
};

TEST_F(help, exits_0_with_usage)
{
	const char *args[5] = { NULL };

	if (!getenv("PVPROBE"))
		SKIP(return, "PVPROBE is not set (run under meson test)");
	memcpy(args, variant->args, sizeof(variant->args));
	ASSERT_EQ(0, run(args));
	ASSERT_FALSE(R.timed_out);
	EXPECT_EQ(0, R.status) TH_LOG("stderr: %s", R.err);
	EXPECT_NE(NULL, strstr(R.out, "usage:")) TH_LOG("stdout: %s", R.out);
	EXPECT_NE(NULL, strstr(R.out, variant->mentions)) TH_LOG("stdout: %s", R.out);
	EXPECT_STREQ("", R.err);
}

TEST(version)
{
	const char *const args[] = { "--version", NULL };
	const char *const extra[] = { "--version", "x", NULL };
	const char *const bad_help[] = { "help", "nope", NULL };

	if (!getenv("PVPROBE"))
		SKIP(return, "PVPROBE is not set (run under meson test)");
	ASSERT_EQ(0, run(args));
	EXPECT_EQ(0, R.status);
	EXPECT_EQ(0, strncmp(R.out, "pvprobe ", 8)) TH_LOG("stdout: %s", R.out);
	/* A version number: a digit after the name, one line. */
	EXPECT_TRUE(R.out[8] >= '0' && R.out[8] <= '9') TH_LOG("stdout: %s", R.out);
	ASSERT_EQ(0, run(extra));
	EXPECT_EQ(2, R.status);
	ASSERT_EQ(0, run(bad_help));
	EXPECT_EQ(2, R.status);
	EXPECT_NE(NULL, strstr(R.err, "unknown command 'nope'")) TH_LOG("stderr: %s", R.err);
}

TEST(no_arguments)
{
	const char *const args[] = { NULL };

	if (!getenv("PVPROBE"))
		SKIP(return, "PVPROBE is not set (run under meson test)");
	ASSERT_EQ(0, run(args));
	ASSERT_FALSE(R.timed_out);
	EXPECT_EQ(2, R.status);
	EXPECT_NE(NULL, strstr(R.err, "usage:")) TH_LOG("stderr: %s", R.err);
	EXPECT_STREQ("", R.out);
}

TEST(unknown_command)
{
	RUN("frobnicate");
	EXPECT_EQ(2, R.status);
	EXPECT_NE(NULL, strstr(R.err, "'frobnicate'")) TH_LOG("stderr: %s", R.err);
	EXPECT_STREQ("", R.out);
}

/* ---- bad input: exit 2, named on stderr, nothing on stdout ------------- */

FIXTURE(bad) {};
FIXTURE_SETUP(bad) {}
FIXTURE_TEARDOWN(bad) {}

FIXTURE_VARIANT(bad) {
	const char *args[24];
	const char *needle;
	const char *needle2;
};

#define BAD(vname, n, n2, ...)						\
	FIXTURE_VARIANT_ADD(bad, vname) {				\
		.args = { __VA_ARGS__ }, .needle = n, .needle2 = n2,	\
	}

BAD(guest_unknown_option, "'--bogus'", "unknown option", "guest", "--bogus");
BAD(host_unknown_option, "'--bogus'", "unknown option", "host", "--bogus");
BAD(features_unknown_option, "'--bogus'", NULL, "features", "--bogus");
BAD(guest_unknown_short, "'-x'", NULL, "guest", "-x");
BAD(mask_no_value, "'--mask'", "needs a value", "guest", "--mask");
BAD(vcpus_no_value, "'--vcpus'", "needs a value", "guest", "--json", "--vcpus");
BAD(mask_typo, "stealtime", "did you mean STEAL_TIME", "guest", "--mask", "stealtime");
/* Layouts, exits, check and replay options. */
BAD(layout_unknown_kind, "'vmware'", "unknown kind", "guest", "--layout", "vmware");
BAD(layout_unaligned_base, "'0x40000001'", "steps of 0x100", "guest", "--layout", "kvm@0x40000001");
BAD(layout_base_out_of_range, "'0x50000000'", "0x40000000-0x4000ff00", "guest", "--layout", "kvm@0x50000000");
BAD(layout_none_with_base, "none@0x40000100", "no base to choose", "guest", "--layout", "none@0x40000100");
BAD(layout_bad_eax, "'eax=zz'", "eax=0xHEX", "check", "--layout", "kvm,eax=zz");
BAD(layout_none_with_eax, "none,eax=0x1", "no signature leaf", "guest", "--layout", "none,eax=0x1");
BAD(layout_twice, "--layout", "twice", "guest", "--layout", "kvm", "--layout", "xen");
BAD(disable_exits_unknown, "'wfi'", "hlt, mwait, pause, cstate", "guest", "--disable-exits", "hlt,wfi");
BAD(check_json_and_tap, "--json and --tap", NULL, "check", "--json", "--tap");
BAD(check_expect_no_probe, "'msr.BOGUS'", "no probe", "check", "--expect", "msr.BOGUS=#GP");
BAD(check_expect_bad_outcome, "'maybe'", "is no outcome", "check", "--expect", "msr.STEAL_TIME.read=maybe");
BAD(replay_no_file, "FILE", NULL, "replay");
BAD(replay_with_mask, "--mask", "do not apply", "replay", "x.txt", "--mask", "none");
BAD(replay_missing_file, "/nonexistent/dump.txt", "No such file", "replay", "/nonexistent/dump.txt");
BAD(cpuid_verify_extra, "'extra'", "unexpected argument", "cpuid-verify", "extra");
BAD(probes_both_formats, "--json and --markdown", NULL, "probes", "--json", "--markdown");
BAD(mask_bad_hex, "0xZZ", NULL, "guest", "--mask", "0xZZ");
BAD(mask_empty, "empty", "--mask", "guest", "--mask=");
BAD(mask_bad_item_late, "'bogus'", NULL, "guest", "--mask=0x1,bogus");
BAD(mask_hint, "REALTIME", "--hints", "guest", "--mask", "REALTIME");
BAD(hints_unknown, "'bogus'", "--hints", "guest", "--hints", "bogus");
BAD(hints_feature, "STEAL_TIME", "--mask", "guest", "--hints", "STEAL_TIME");
BAD(vcpus_zero, "--vcpus 0", NULL, "guest", "--vcpus", "0");
BAD(vcpus_too_many, "--vcpus 17", NULL, "guest", "--vcpus", "17");
BAD(vcpus_not_number, "'x'", NULL, "guest", "--vcpus", "x");
BAD(vcpus_trailing, "'1x'", NULL, "guest", "--vcpus=1x");
BAD(vcpus_overflow, "18446744073709551616", NULL,
    "guest", "--vcpus", "18446744073709551616");
BAD(timeout_zero, "--timeout 0", NULL, "guest", "--timeout", "0");
BAD(timeout_huge, "99999999", NULL, "guest", "--timeout", "99999999");
BAD(timeout_negative, "'-5'", NULL, "guest", "--timeout", "-5");
BAD(mask_twice, "--mask", "twice", "guest", "--mask", "none", "--mask", "all");
BAD(hints_twice, "--hints", "twice", "guest", "--hints", "none", "--hints", "realtime");
BAD(vcpus_twice, "--vcpus", "twice", "guest", "--vcpus", "1", "--vcpus", "2");
BAD(no_enforce_twice, "--no-enforce", "twice", "guest", "--no-enforce", "--no-enforce");
BAD(enforce_first_and_no_enforce, "--enforce-first", "given twice", "check", "--enforce-first", "--no-enforce");
BAD(guest_operand, "'foo'", NULL, "guest", "foo");
BAD(host_operand, "'extra'", NULL, "host", "extra");
BAD(features_operand, "'extra'", NULL, "features", "extra");
BAD(host_json_value, "--json=1", "takes no value", "host", "--json=1");
BAD(features_json_value, "--json=yes", "takes no value", "features", "--json=yes");
BAD(unknown_command_option, "'--bogus'", NULL, "--bogus");
/* pvprobe boot: bad input is refused before the kernel is read or KVM opened. */
BAD(boot_no_kernel, "--kernel FILE is required", "ci/guest-kernel", "boot");
BAD(boot_kernel_missing, "/nonexistent/bzImage", "No such file", "boot", "--kernel", "/nonexistent/bzImage");
BAD(boot_memory_small, "--memory", "64", "boot", "--kernel", "/dev/null", "--memory", "10");
BAD(boot_timeout_zero, "--timeout", NULL, "boot", "--kernel", "/dev/null", "--timeout", "0");
BAD(boot_expect_unknown, "'frob'", "pv-sched-yield", "boot", "--kernel", "/dev/null", "--expect", "frob=on");
BAD(boot_expect_no_value, "DECISION=VALUE", NULL, "boot", "--kernel", "/dev/null", "--expect", "pv-ipi");
BAD(boot_json_and_tap, "--json and --tap", NULL, "boot", "--kernel", "/dev/null", "--json", "--tap");
BAD(boot_operand, "'extra'", NULL, "boot", "--kernel", "/dev/null", "extra");
BAD(boot_append_twice, "--append given twice", NULL, "boot", "--append", "a", "--append", "b");
BAD(boot_kernel_not_file, "/dev/null", "not a regular file", "boot", "--kernel", "/dev/null");
BAD(boot_kernel_not_image, "/etc/passwd", "neither a bzImage", "boot", "--kernel", "/etc/passwd");
BAD(boot_self_operand, "'extra'", NULL, "boot", "--self", "--kernel", "/dev/null", "extra");
/* --self-module: each module is checked before the kernel, and named. */
BAD(boot_self_module_missing, "/nonexistent/msr.ko", "No such file", "boot", "--self", "--kernel", "/dev/null", "--self-module", "/nonexistent/msr.ko");
BAD(boot_self_module_not_module, "/etc/passwd", "not a kernel module", "boot", "--self", "--kernel", "/dev/null", "--self-module", "/etc/passwd");
BAD(boot_self_module_dir, "/etc", "not a regular file", "boot", "--self", "--kernel", "/dev/null", "--self-module", "/etc");
BAD(boot_self_module_no_self, "--self-module", "add --self", "boot", "--kernel", "/dev/null", "--self-module", "/etc/passwd");
BAD(boot_self_module_too_many, "at most 8 --self-module", NULL, "boot", "--self", "--kernel", "/dev/null",
    "--self-module", "a", "--self-module", "a", "--self-module", "a", "--self-module", "a",
    "--self-module", "a", "--self-module", "a", "--self-module", "a", "--self-module", "a",
    "--self-module", "a");
/* pvprobe qemu --kernel: its options are refused without it, a missing image before QEMU runs. */
BAD(qemu_append_without_kernel, "--append is for --kernel", NULL, "qemu", "--append", "x", "--", "-m", "8M");
BAD(qemu_pvh_without_kernel, "--pvh is for --kernel", NULL, "qemu", "--pvh", "--", "-m", "8M");
BAD(qemu_kernel_missing, "/nonexistent/bzImage", "No such file", "qemu", "--kernel", "/nonexistent/bzImage", "--");
BAD(qemu_kernel_twice, "--kernel given twice", NULL, "qemu", "--kernel", "a", "--kernel", "b", "--");
BAD(qemu_kernel_pvh_not_image, "/etc/passwd", "neither a bzImage", "qemu", "--kernel", "/etc/passwd", "--pvh", "--", "-accel", "tcg");

TEST_F(bad, exits_2)
{
	const char *args[25] = { NULL };

	if (!getenv("PVPROBE"))
		SKIP(return, "PVPROBE is not set (run under meson test)");
	memcpy(args, variant->args, sizeof(variant->args));
	ASSERT_EQ(0, run(args));
	ASSERT_FALSE(R.timed_out);
	EXPECT_EQ(2, R.status) TH_LOG("stderr: %s", R.err);
	EXPECT_NE(NULL, strstr(R.err, variant->needle))
		TH_LOG("stderr \"%s\" does not name \"%s\"", R.err, variant->needle);
	if (variant->needle2)
		EXPECT_NE(NULL, strstr(R.err, variant->needle2))
			TH_LOG("stderr \"%s\" does not say \"%s\"", R.err, variant->needle2);
	EXPECT_STREQ("", R.out);
}

/* ---- output ----------------------------------------------------------- */

TEST(features_json)
{
	char quoted[64];
	size_t i, n;

	RUN("features", "--json");
	EXPECT_EQ(0, R.status) TH_LOG("stderr: %s", R.err);
	EXPECT_EQ('[', R.out[0]);
	n = strlen(R.out);
	while (n && (R.out[n - 1] == '\n' || R.out[n - 1] == ' '))
		n--;
	ASSERT_GT(n, 0u);
	EXPECT_EQ(']', R.out[n - 1]);
	EXPECT_NE(NULL, strstr(R.out, "KVM_FEATURE_STEAL_TIME"));
	for (i = 0; i < ARRAY_SIZE(uapi_names); i++) {
		snprintf(quoted, sizeof(quoted), "\"%s\"", uapi_names[i]);
		EXPECT_NE(NULL, strstr(R.out, quoted)) TH_LOG("%s missing", quoted);
	}
	EXPECT_STREQ("", R.err);
}

TEST(features_table)
{
	size_t i;

	RUN("features");
	EXPECT_EQ(0, R.status) TH_LOG("stderr: %s", R.err);
	for (i = 0; i < ARRAY_SIZE(uapi_names); i++) {
		const char *name = uapi_names[i];

		EXPECT_NE(NULL, strstr(R.out, name)) TH_LOG("%s missing", name);
	}
	EXPECT_NE(NULL, strstr(R.out, "kvm-steal-time"));
	EXPECT_STREQ("", R.err);
}

/* ---- sweep --merge reads files it did not write: bad ones exit 2 ------ */

FIXTURE(merge) {};
FIXTURE_SETUP(merge) {}
FIXTURE_TEARDOWN(merge) {}

FIXTURE_VARIANT(merge) {
	const char *text;
	const char *needle;
};

#define TOTALS(shard)	"{\"totals\": {\"shard\": \"" shard "\", \"configurations\": 1, " \
			"\"bad_configurations\": 0, \"deviations\": 0, \"elapsed_ms\": 1}}\n"
/* A shard number far past any sweep's: once read out of bounds (exit 139). */
FIXTURE_VARIANT_ADD(merge, shard_past_the_end) {
	.text = TOTALS("999999999/1"), .needle = "does not belong",
};
FIXTURE_VARIANT_ADD(merge, shard_zero) { .text = TOTALS("0/0"), .needle = "does not belong" };
FIXTURE_VARIANT_ADD(merge, too_many_shards) {
	.text = TOTALS("1/4097"), .needle = "does not belong",
};
FIXTURE_VARIANT_ADD(merge, shard_twice) {
	.text = TOTALS("1/2") TOTALS("1/2"), .needle = "is there twice",
};
FIXTURE_VARIANT_ADD(merge, two_sweeps) {
	.text = TOTALS("1/2") TOTALS("2/3"), .needle = "does not belong",
};
FIXTURE_VARIANT_ADD(merge, not_a_line_of_ours) {
	.text = "hello\n", .needle = ":1: neither a mismatch line nor a totals line",
};
FIXTURE_VARIANT_ADD(merge, no_totals) {
	.text = "{\"probe\": \"msr.STEAL_TIME.read\"}\n", .needle = "no totals line",
};

TEST_F(merge, exits_2)
{
	char path[] = "/tmp/pvprobe-merge-XXXXXX";
	const char *args[] = { "sweep", "--merge", path, NULL };
	int fd;

	if (!getenv("PVPROBE"))
		SKIP(return, "PVPROBE is not set (run under meson test)");
	fd = mkstemp(path);
	ASSERT_GE(fd, 0);
	ASSERT_EQ((ssize_t)strlen(variant->text), write(fd, variant->text, strlen(variant->text)));
	close(fd);
	ASSERT_EQ(0, run(args));
	unlink(path);
	ASSERT_FALSE(R.timed_out);
	EXPECT_EQ(2, R.status) TH_LOG("stderr: %s", R.err);
	EXPECT_NE(NULL, strstr(R.err, variant->needle)) TH_LOG("stderr: %s", R.err);
	EXPECT_STREQ("", R.out);
}

/* ---- no KVM: exit 4 with the reason ----------------------------------- */

FIXTURE(skip) {};
FIXTURE_SETUP(skip) {}
FIXTURE_TEARDOWN(skip) {}

FIXTURE_VARIANT(skip) {
	const char *dev;
	const char *args[12];
};

FIXTURE_VARIANT_ADD(skip, host) { .dev = NO_KVM, .args = { "host" } };
FIXTURE_VARIANT_ADD(skip, host_json) { .dev = NO_KVM, .args = { "host", "--json" } };
FIXTURE_VARIANT_ADD(skip, host_not_kvm) { .dev = "/dev/null", .args = { "host" } };
FIXTURE_VARIANT_ADD(skip, guest) { .dev = NO_KVM, .args = { "guest" } };
/* Every option, valid: the spec parse lets it through to the KVM open. */
FIXTURE_VARIANT_ADD(skip, guest_all_options) {
	.dev = NO_KVM,
	.args = { "guest", "--mask", " none, +CLOCKSOURCE2 ,kvm-pv-unhalt=on", "--hints",
		  "kvm-hint-dedicated=on", "--no-enforce", "--vcpus", "8", "--timeout",
		  "600000", "--json" },
};
FIXTURE_VARIANT_ADD(skip, guest_hex) {
	.dev = NO_KVM, .args = { "guest", "-m", "0xffffffff", "--hints=0x0", "--vcpus=1" },
};

TEST_F(skip, exits_4)
{
	const char *args[13] = { NULL };

	if (!getenv("PVPROBE"))
		SKIP(return, "PVPROBE is not set (run under meson test)");
	memcpy(args, variant->args, sizeof(variant->args));
	ASSERT_EQ(0, run_in(variant->dev, args));
	ASSERT_FALSE(R.timed_out);
	EXPECT_EQ(4, R.status) TH_LOG("stderr: %s", R.err);
	EXPECT_NE(NULL, strstr(R.err, "SKIP")) TH_LOG("stderr: %s", R.err);
	EXPECT_NE(NULL, strstr(R.err, variant->dev)) TH_LOG("stderr: %s", R.err);
	EXPECT_STREQ("", R.out);
}

TEST_HARNESS_MAIN
