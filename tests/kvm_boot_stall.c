// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe boot ends a run for lack of progress, not for being slow:
 *  - a guest that hangs (cli; jmp .: no console byte, no exit, RIP fixed)
 *    is reported as "stall" within the stall limit, long before the
 *    whole-boot deadline;
 *  - a guest that keeps moving but never finishes, with exits (an OUT
 *    loop) or without (a long NOP sled: only its RIP moves), is never cut
 *    short by the stall check: it runs to the whole-boot deadline, many
 *    stall limits later.
 * The kernels are tiny vmlinux ELFs (kvm_test_write_vmlinux()), entered at
 * their 64-bit entry point like a real one.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_cmd.h"

static struct cmd_output out;

/* pvprobe boot --json of @code with @stall and @timeout seconds: its exit code. */
static int boot(const uint8_t *code, size_t n, const char *stall, const char *timeout,
		double *secs)
{
	char path[64];
	const char *argv[] = { "boot", "--kernel", path, "--vcpus", "1", "--stall", stall,
			       "--timeout", timeout, "--json", NULL };
	double t0;

	if (kvm_test_write_vmlinux(path, sizeof(path), code, n))
		return -1;
	t0 = kvm_test_now_ms();
	if (run_pvprobe(argv, NULL, 120, &out)) {
		unlink(path);
		return -1;
	}
	*secs = (kvm_test_now_ms() - t0) / 1000;
	unlink(path);
	return out.status;
}

TEST(hung_guest_is_a_stall)
{
	/* cli; jmp . */
	static const uint8_t code[] = { 0xfa, 0xeb, 0xfe };
	double secs = 0;

	ASSERT_EQ(1, boot(code, sizeof(code), "2", "100", &secs)) {
		TH_LOG("stdout: %s\nstderr: %s", out.out, out.err);
	}
	EXPECT_NE(NULL, strstr(out.out, "\"end\": \"stall\"")) {
		TH_LOG("stdout: %s", out.out);
	}
	EXPECT_NE(NULL, strstr(out.out, "no progress for 2000 ms"));
	/* Reported within the stall limit (and a little), not at the deadline. */
	EXPECT_GE(secs, 2.0);
	EXPECT_LT(secs, 30.0);
}

TEST(exits_are_progress)
{
	/* cli; 1: out %al, $0x80; jmp 1b */
	static const uint8_t code[] = { 0xfa, 0xe6, 0x80, 0xeb, 0xfc };
	double secs = 0;

	ASSERT_EQ(1, boot(code, sizeof(code), "1", "6", &secs)) {
		TH_LOG("stdout: %s\nstderr: %s", out.out, out.err);
	}
	EXPECT_NE(NULL, strstr(out.out, "\"end\": \"timeout\"")) {
		TH_LOG("stdout: %s", out.out);
	}
	/* Six stall limits went by without a stall. */
	EXPECT_GE(secs, 6.0);
}

TEST(a_moving_rip_is_progress)
{
	/* cli; 1: nop x 4000; jmp 1b (jmp rel32 back over the sled) */
	static uint8_t code[1 + 4000 + 5];
	int32_t rel = -(int32_t)(4000 + 5);
	double secs = 0;

	code[0] = 0xfa;
	memset(code + 1, 0x90, 4000);
	code[4001] = 0xe9;
	memcpy(code + 4002, &rel, 4);
	ASSERT_EQ(1, boot(code, sizeof(code), "1", "6", &secs)) {
		TH_LOG("stdout: %s\nstderr: %s", out.out, out.err);
	}
	EXPECT_NE(NULL, strstr(out.out, "\"end\": \"timeout\"")) {
		TH_LOG("stdout: %s", out.out);
	}
	EXPECT_GE(secs, 6.0);
}

TEST(bad_stall_values)
{
	static const char *const bad[] = { "-1", "x", "", "99999999" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *argv[] = { "boot", "--kernel", "/dev/null", "--stall", bad[i], NULL };

		ASSERT_EQ(0, run_pvprobe(argv, NULL, 30, &out));
		EXPECT_EQ(2, out.status) {
			TH_LOG("--stall '%s': %s", bad[i], out.err);
		}
		EXPECT_NE(NULL, strstr(out.err, "--stall"));
	}
}

KVM_TEST_MAIN
