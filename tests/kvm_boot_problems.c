// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe boot meets host problems as pvprobe check does: its VM, vCPUs
 * and CPUID come from the same VM core (vmm/kvm/), so a KVM_CREATE_VM,
 * KVM_CREATE_VCPU or KVM_SET_CPUID2 that fails ($PVPROBE_FAIL_IOCTL) is
 * exit 1 with the message check gives -- the call, the error and what to
 * do -- before the guest runs.  The same tiny kernel with nothing injected
 * does run (it hangs on purpose and ends as a stall), so each failure is
 * the injected call's.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pvprobe_exit.h"
#include "run_cmd.h"

static struct cmd_output out;

FIXTURE(boot_problem) {
	char kernel[64];
};

FIXTURE_VARIANT(boot_problem) {
	const char *env;	/* one VAR=VALUE, or NULL */
	int status;
	const char *says;	/* on stderr */
	const char *says_out;	/* on stdout, or NULL */
};

FIXTURE_VARIANT_ADD(boot_problem, nothing_injected_runs_the_guest) {
	.env = NULL,
	.status = PV_EXIT_MISMATCH,
	.says = "",
	.says_out = "\"end\": \"stall\"",
};
FIXTURE_VARIANT_ADD(boot_problem, create_vm_emfile) {
	.env = "PVPROBE_FAIL_IOCTL=KVM_CREATE_VM:EMFILE",
	.status = PV_EXIT_MISMATCH,
	.says = "KVM_CREATE_VM: Too many open files (pvprobe needs",
};
FIXTURE_VARIANT_ADD(boot_problem, create_vcpu_enomem) {
	.env = "PVPROBE_FAIL_IOCTL=KVM_CREATE_VCPU:ENOMEM",
	.status = PV_EXIT_MISMATCH,
	.says = "KVM_CREATE_VCPU 0: Cannot allocate memory (free memory",
};
FIXTURE_VARIANT_ADD(boot_problem, set_cpuid_einval) {
	.env = "PVPROBE_FAIL_IOCTL=KVM_SET_CPUID2:EINVAL",
	.status = PV_EXIT_MISMATCH,
	.says = "KVM_SET_CPUID2: Invalid argument (KVM refused",
};

FIXTURE_SETUP(boot_problem)
{
	/* cli; jmp . */
	static const uint8_t code[] = { 0xfa, 0xeb, 0xfe };

	ASSERT_EQ(0, kvm_test_write_vmlinux(self->kernel, sizeof(self->kernel), code,
					    sizeof(code)));
}

FIXTURE_TEARDOWN(boot_problem)
{
	unlink(self->kernel);
}

TEST_F(boot_problem, clean_exit)
{
	const char *argv[] = { "boot", "--kernel", self->kernel, "--vcpus", "2", "--stall", "1",
			       "--timeout", "30", "--json", NULL };
	const char *env[] = { variant->env, NULL };

	ASSERT_EQ(0, run_pvprobe(argv, env, 120, &out));
	EXPECT_FALSE(out.timed_out);
	EXPECT_EQ(variant->status, out.status) TH_LOG("stderr: %s", out.err);
	EXPECT_NE(NULL, strstr(out.err, variant->says)) TH_LOG("stderr: %s", out.err);
	if (variant->says_out) {
		EXPECT_NE(NULL, strstr(out.out, variant->says_out)) TH_LOG("%.400s", out.out);
	} else {
		/* Nothing ran: no report, only the message. */
		EXPECT_EQ(NULL, strstr(out.out, "\"end\"")) TH_LOG("%.400s", out.out);
	}
}

KVM_TEST_MAIN
