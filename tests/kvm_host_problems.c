// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host problems, as pvprobe's users meet them: no permission, a device
 * that is not KVM, a missing capability ($PVPROBE_HIDE_CAPS), and KVM
 * calls that fail (real fd limits, and $PVPROBE_FAIL_IOCTL for the rest).
 * Each must be a skip (exit 4) or a clear error naming the call and the
 * fix (exit 1) -- never a crash or a hang -- and two pvprobe processes must
 * run at once without interfering.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <unistd.h>

#include "pvprobe_exit.h"
#include "run_cmd.h"

static struct cmd_output out;

FIXTURE(problem) {
};

FIXTURE_VARIANT(problem) {
	const char *env;		/* one VAR=VALUE, or NULL */
	const char *args[6];
	int status;
	const char *says;		/* on stderr */
	const char *says_out;		/* on stdout, or NULL */
};

FIXTURE_VARIANT_ADD(problem, not_a_kvm_device) {
	.env = "PVPROBE_DEV_KVM=/dev/null",
	.args = { "host" },
	.status = PV_EXIT_SKIP,
	.says = "/dev/null is not a KVM device",
};
FIXTURE_VARIANT_ADD(problem, no_enforce_cap_skips) {
	.env = "PVPROBE_HIDE_CAPS=KVM_CAP_ENFORCE_PV_FEATURE_CPUID",
	.args = { "guest" },
	.status = PV_EXIT_SKIP,
	.says = "rerun with --no-enforce",
};
FIXTURE_VARIANT_ADD(problem, no_enforce_cap_runs_without_enforcement) {
	.env = "PVPROBE_HIDE_CAPS=KVM_CAP_ENFORCE_PV_FEATURE_CPUID",
	.args = { "guest", "--no-enforce" },
	.status = PV_EXIT_OK,
	.says = "",
};
FIXTURE_VARIANT_ADD(problem, host_lists_hidden_cap_as_missing) {
	.env = "PVPROBE_HIDE_CAPS=KVM_CAP_EXIT_HYPERCALL",
	.args = { "host", "--json" },
	.status = PV_EXIT_OK,
	.says = "",
	.says_out = "\"KVM_CAP_EXIT_HYPERCALL\": 0",
};
FIXTURE_VARIANT_ADD(problem, no_exit_hypercall_cap_model_follows) {
	.env = "PVPROBE_HIDE_CAPS=KVM_CAP_EXIT_HYPERCALL",
	.args = { "check", "--json" },
	.status = PV_EXIT_OK,
	.says = "",
	.says_out = "\"exit_hypercall\": false",
};
FIXTURE_VARIANT_ADD(problem, no_msr_filter_model_follows) {
	.env = "PVPROBE_HIDE_CAPS=KVM_CAP_X86_MSR_FILTER",
	.args = { "check", "--mask", "+MIGRATION_CONTROL", "--json" },
	.status = PV_EXIT_OK,
	.says = "",
	.says_out = "\"user_msr\": false",
};
FIXTURE_VARIANT_ADD(problem, no_quirk_disabling_model_follows) {
	.env = "PVPROBE_HIDE_CAPS=KVM_CAP_DISABLE_QUIRKS2",
	.args = { "check", "--json" },
	.status = PV_EXIT_OK,
	.says = "",
	.says_out = "\"quirk_off\": false",
};
FIXTURE_VARIANT_ADD(problem, create_vm_emfile) {
	.env = "PVPROBE_FAIL_IOCTL=KVM_CREATE_VM:EMFILE",
	.args = { "check" },
	.status = PV_EXIT_MISMATCH,
	.says = "KVM_CREATE_VM: Too many open files (pvprobe needs",
};
FIXTURE_VARIANT_ADD(problem, create_vm_enomem) {
	.env = "PVPROBE_FAIL_IOCTL=KVM_CREATE_VM:ENOMEM",
	.args = { "guest" },
	.status = PV_EXIT_MISMATCH,
	.says = "KVM_CREATE_VM: Cannot allocate memory (free memory",
};
FIXTURE_VARIANT_ADD(problem, create_vcpu_fails) {
	.env = "PVPROBE_FAIL_IOCTL=KVM_CREATE_VCPU:ENOMEM",
	.args = { "guest", "--vcpus", "3" },
	.status = PV_EXIT_MISMATCH,
	.says = "KVM_CREATE_VCPU 0: Cannot allocate memory",
};
FIXTURE_VARIANT_ADD(problem, set_cpuid_einval) {
	.env = "PVPROBE_FAIL_IOCTL=KVM_SET_CPUID2:EINVAL",
	.args = { "guest" },
	.status = PV_EXIT_MISMATCH,
	.says = "KVM_SET_CPUID2: Invalid argument (KVM refused",
};

FIXTURE_SETUP(problem)
{
}

FIXTURE_TEARDOWN(problem)
{
}

TEST_F(problem, clean_exit)
{
	const char *env[] = { variant->env, NULL };

	ASSERT_EQ(0, run_pvprobe(variant->args, env, 60, &out));
	EXPECT_FALSE(out.timed_out);
	EXPECT_EQ(variant->status, out.status) TH_LOG("stderr: %s", out.err);
	EXPECT_NE(NULL, strstr(out.err, variant->says)) TH_LOG("stderr: %s", out.err);
	if (variant->says_out)
		EXPECT_NE(NULL, strstr(out.out, variant->says_out)) TH_LOG("%.400s", out.out);
}

/* A real fd limit: stdin, stdout, stderr and /dev/kvm leave none for the VM. */
TEST(real_fd_limit)
{
	const char *sh[] = { "-c", NULL, NULL };
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "ulimit -n 4 && exec '%s' guest", pvprobe_path());
	sh[1] = cmd;
	ASSERT_EQ(0, run_prog("/bin/sh", sh, NULL, 60, &out));
	EXPECT_EQ(PV_EXIT_MISMATCH, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.err, "Too many open files")) TH_LOG("%s", out.err);
}

/* No permission on /dev/kvm: a skip that says how to get it. */
TEST(no_permission)
{
	const char *args[] = { "--reuid=65534", "--regid=65534", "--clear-groups", NULL, "host",
			       NULL };

	if (geteuid() != 0 || access("/usr/bin/setpriv", X_OK))
		SKIP(return, "needs root and setpriv to drop privileges");
	args[3] = pvprobe_path();
	ASSERT_EQ(0, run_prog("/usr/bin/setpriv", args, NULL, 60, &out));
	if (out.status == 127 || strstr(out.err, "Permission denied") == NULL) {
		/* The binary itself may be unreachable for nobody (a private build dir). */
		if (strstr(out.err, "execv") || out.status == 127)
			SKIP(return, "pvprobe is not executable by uid 65534 here");
	}
	EXPECT_EQ(PV_EXIT_SKIP, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.err, "Permission denied: run as root or add yourself"))
		TH_LOG("%s", out.err);
}

/* Two pvprobe processes at once: no fixed paths, no shared state. */
TEST(two_at_once)
{
	const char *sh[] = { "-c", NULL, NULL };
	char cmd[9000];

	snprintf(cmd, sizeof(cmd),
		 "'%s' check --mask none > /dev/null & a=$!; '%s' check --mask -STEAL_TIME > /dev/null; b=$?; wait $a; echo \"rc $? $b\"",
		 pvprobe_path(), pvprobe_path());
	sh[1] = cmd;
	ASSERT_EQ(0, run_prog("/bin/sh", sh, NULL, 120, &out));
	EXPECT_NE(NULL, strstr(out.out, "rc 0 0")) TH_LOG("%s %s", out.out, out.err);
}

KVM_TEST_MAIN
