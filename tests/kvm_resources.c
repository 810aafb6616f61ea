// SPDX-License-Identifier: GPL-2.0-only
/*
 * Resource hygiene: 5,000 complete VM lifecycles in one process -- VM,
 * RAM, irqchip, MSR filter, vCPU, CPUID set and read back, one guest run
 * (a PV MSR read, one exit), destroy -- and the number of open fds, threads and the RSS must not grow.
 * Half of them end in a watchdog kick, which must not leak either.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <unistd.h>

#include "pvprobe_exit.h"

#define LIFECYCLES	5000
#define WARMUP		100
#define RSS_SLACK_KB	512

static long rss_kb(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return -1;
	if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
		resident = -1;
	fclose(f);
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static int lifecycle(struct kvm_sys *kvm, int i)
{
	struct guest_config cfg;
	struct run_result res;
	struct session s;
	char err[PV_ERR_MAX];
	int rc;

	guest_config_default(&cfg);
	cfg.eax = kvm_test_host.eax;
	rc = session_create(kvm, &cfg, &s, err, sizeof(err));
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "# lifecycle %d: %s\n", i, err);
		return -1;
	}
	/* The spinning half is kicked after 1 ms. */
	if (i & 1)
		session_run_timeout(&s, 0, PV_ENTRY_TEST_SPIN, 0, 1, &res);
	else
		session_run(&s, 0, PV_ENTRY_RDMSR, 0x4b564d03, 0, &res);
	session_destroy(&s);
	if (res.status != (i & 1 ? RUN_TIMEOUT : RUN_DONE)) {
		fprintf(stderr, "# lifecycle %d: %s\n", i, res.detail);
		return -1;
	}
	return 0;
}

FIXTURE(vm) {
};

FIXTURE_SETUP(vm)
{
}

FIXTURE_TEARDOWN(vm)
{
}

TEST_F_TIMEOUT(vm, five_thousand_lifecycles_leak_nothing, 600)
{
	struct kvm_sys kvm;
	long rss0, rss1;
	int fds0, fds1, thr0, thr1, i;

	ASSERT_EQ(0, kvm_test_open(&kvm));
	for (i = 0; i < WARMUP; i++)
		ASSERT_EQ(0, lifecycle(&kvm, i));
	fds0 = kvm_test_count("/proc/self/fd");
	thr0 = kvm_test_count("/proc/self/task");
	rss0 = rss_kb();
	for (i = 0; i < LIFECYCLES; i++)
		ASSERT_EQ(0, lifecycle(&kvm, i));
	fds1 = kvm_test_count("/proc/self/fd");
	thr1 = kvm_test_count("/proc/self/task");
	rss1 = rss_kb();
	kvm_sys_close(&kvm);

	TH_LOG("%d lifecycles: fds %d -> %d, threads %d -> %d, RSS %ld -> %ld KiB",
	       LIFECYCLES, fds0, fds1, thr0 - 2, thr1 - 2, rss0, rss1);
	EXPECT_EQ(fds0, fds1);
	EXPECT_EQ(thr0, thr1);
	EXPECT_LE(rss1, rss0 + RSS_SLACK_KB);
}

KVM_TEST_MAIN
