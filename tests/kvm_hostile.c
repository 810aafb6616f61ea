// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hostile or broken guests (guest_code/hostile.c): each is a clean,
 * specific report -- what happened, and the RIP where known -- within the
 * deadline, with nothing taken from guest memory unchecked, and nothing
 * left behind in the host process.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <signal.h>
#include <time.h>

#include "pvprobe_exit.h"

#define DEADLINE_MS	300
#define SLACK_MS	1500

FIXTURE(hostile) {
	int fds, threads;
};

FIXTURE_VARIANT(hostile) {
	enum pv_hostile what;
	enum run_status status;
	const char *says;	/* in the one-line report */
	int rip_in_image;	/* the report carries the guest's RIP */
};

FIXTURE_VARIANT_ADD(hostile, garbage_page) {
	PV_HOSTILE_GARBAGE_PAGE, RUN_PROTOCOL, "bad magic", 0 };
FIXTURE_VARIANT_ADD(hostile, bad_magic) {
	PV_HOSTILE_BAD_MAGIC, RUN_PROTOCOL, "bad magic 0xdeadbeef", 0 };
FIXTURE_VARIANT_ADD(hostile, huge_probe_count) {
	PV_HOSTILE_HUGE_COUNT, RUN_PROTOCOL, "4294967280 probes", 0 };
FIXTURE_VARIANT_ADD(hostile, huge_unterminated_message) {
	PV_HOSTILE_HUGE_MSG, RUN_PROTOCOL, "message length 2147483647", 0 };
FIXTURE_VARIANT_ADD(hostile, impossible_signature_base) {
	PV_HOSTILE_BAD_BASE, RUN_PROTOCOL, "impossible base 0x12345678", 0 };
FIXTURE_VARIANT_ADD(hostile, page_of_another_vcpu) {
	PV_HOSTILE_WRONG_VCPU, RUN_PROTOCOL, "written for vCPU 7", 0 };
FIXTURE_VARIANT_ADD(hostile, fault_code_without_flag) {
	PV_HOSTILE_BAD_FAULT, RUN_PROTOCOL, "probe 0 has done 1, fault 0xd", 0 };
FIXTURE_VARIANT_ADD(hostile, unknown_doorbell_event) {
	PV_HOSTILE_UNKNOWN_EVENT, RUN_PROTOCOL, "unknown event 11259375", 1 };
FIXTURE_VARIANT_ADD(hostile, wrong_port) {
	PV_HOSTILE_WRONG_PORT, RUN_PROTOCOL, "wrote port 0x80", 1 };
FIXTURE_VARIANT_ADD(hostile, in_from_doorbell) {
	PV_HOSTILE_IN_DOORBELL, RUN_PROTOCOL, "read port 0x510", 1 };
FIXTURE_VARIANT_ADD(hostile, doorbell_storm) {
	PV_HOSTILE_DOORBELL_STORM, RUN_TIMEOUT, "did not finish within 300 ms", 1 };
/* No RIP: kvm-amd resets the vCPU on shutdown (vcpu_run.c handle_shutdown). */
FIXTURE_VARIANT_ADD(hostile, triple_fault) {
	PV_HOSTILE_TRIPLE_FAULT, RUN_SHUTDOWN, "triple fault", 0 };
FIXTURE_VARIANT_ADD(hostile, exception_in_exception_handler) {
	PV_HOSTILE_NESTED_EXCEPTION, RUN_EXCEPTION,
	"exception inside the guest's exception handler: vector 14", 1 };
FIXTURE_VARIANT_ADD(hostile, write_without_ram) {
	PV_HOSTILE_MMIO, RUN_PROTOCOL, "wrote unbacked guest-physical address 0x10000000", 1 };

FIXTURE_SETUP(hostile)
{
	self->fds = kvm_test_count("/proc/self/fd");
	self->threads = kvm_test_count("/proc/self/task");
}

FIXTURE_TEARDOWN(hostile)
{
}

TEST_F_TIMEOUT(hostile, reported_cleanly, 20)
{
	struct run_result res;
	sigset_t pending;
	double t0 = kvm_test_now_ms(), elapsed;

	ASSERT_EQ(PV_EXIT_OK, kvm_test_run(0, 0, 1, PV_ENTRY_HOSTILE, variant->what, 0,
					   DEADLINE_MS, &res));
	elapsed = kvm_test_now_ms() - t0;
	EXPECT_EQ(variant->status, res.status) TH_LOG("%s: %s", run_status_name(res.status),
						      res.detail);
	EXPECT_NE(NULL, strstr(res.detail, variant->says)) TH_LOG("report: %s", res.detail);
	EXPECT_LT(elapsed, DEADLINE_MS + SLACK_MS);
	if (variant->rip_in_image)
		EXPECT_TRUE(res.rip >= PV_IMAGE_ADDR && res.rip < PV_IMAGE_ADDR + PV_IMAGE_MAX)
			TH_LOG("RIP 0x%llx", (unsigned long long)res.rip);
	/* The checked copy is always terminated, whatever the guest wrote. */
	EXPECT_LT(strlen(res.results.msg), PV_MSG_MAX);
	EXPECT_EQ(self->fds, kvm_test_count("/proc/self/fd"));
	EXPECT_EQ(self->threads, kvm_test_count("/proc/self/task"));
	sigpending(&pending);
	EXPECT_FALSE(sigismember(&pending, SIGRTMIN + 2));
}

KVM_TEST_MAIN
