// SPDX-License-Identifier: GPL-2.0-only
/*
 * The version-aware Linux guest policy model (vmm/linux/linux_rules.c)
 * through pvprobe explain: one real-looking log per modelled version
 * (tests/data/versions/, each shaped like that kernel's dmesg with the
 * message text of that version's arch/x86/kernel/kvm.c, kvmclock.c and
 * apic code), the decisions and verdicts each one must give, and the same
 * log declared as another version, which must not read the same.  The
 * rules are unit-tested without pvprobe in tests/unit_linux_model.c.
 */
#include "kselftest_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_cmd.h"

static struct cmd_output out;

static const char *data(const char *name)
{
	static char buf[8][512];
	static int k;
	const char *d = getenv("PVPROBE_TEST_DATA");

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof(buf[k]), "%s/versions/%s", d ? d : "tests/data", name);
	return buf[k];
}

/* explain --tap on @cpuid and @log, as @version (NULL: the log's own); its exit code. */
static int explain(struct __test_metadata *_metadata, const char *cpuid, const char *log,
		   const char *version)
{
	const char *argv[] = { "explain", "--cpuid", data(cpuid), "--log", log, "--tap",
			       version ? "--kernel-version" : NULL, version, NULL };

	ASSERT_EQ(0, run_pvprobe(argv, NULL, 20, &out));
	EXPECT_EQ(0, out.timed_out);
	return out.status;
}

/* A line of the KTAP output starts with @want ("ok 6 pv-tlb-flush # on\n"). */
static int has(const char *want)
{
	char key[128];

	snprintf(key, sizeof(key), "\n%s", want);
	return strstr(out.out, key) != NULL;
}

TEST(v510_all_on)
{
	EXPECT_EQ(0, explain(_metadata, "cpuid-kvm.txt", data("510-all-on.log"), NULL))
		TH_LOG("%s%s", out.out, out.err);
	EXPECT_TRUE(has("# model 5.10 (Linux 5.10)"));
	/* 5.10 logs steal time and async PF with pr_info(): seen, not unknown */
	EXPECT_TRUE(has("ok 3 steal-time # on\n"));
	EXPECT_TRUE(has("ok 5 async-pf # on\n"));
	/* no "APIC: eoi() replaced" line before 6.6: unknown, and why */
	EXPECT_TRUE(has("ok 4 pv-eoi # SKIP unknown: Linux 5.10 prints no \"APIC: eoi() replaced\" line (since 6.6)"));
	EXPECT_TRUE(has("ok 6 pv-tlb-flush # on\n"));
	EXPECT_TRUE(has("ok 7 pv-sched-yield # on\n"));
	EXPECT_TRUE(has("ok 8 pv-ipi # on\n"));
	EXPECT_TRUE(has("ok 9 pv-spinlocks # on\n"));
}

TEST(v601_all_on)
{
	EXPECT_EQ(0, explain(_metadata, "cpuid-kvm.txt", data("601-all-on.log"), NULL))
		TH_LOG("%s%s", out.out, out.err);
	EXPECT_TRUE(has("# model 6.1 (Linux 6.1)"));
	EXPECT_TRUE(has("ok 3 steal-time # SKIP unknown: Linux 5.17 on logs it only with pr_debug()"));
	EXPECT_TRUE(has("ok 4 pv-eoi # SKIP unknown: Linux 6.1 prints no \"APIC: eoi() replaced\" line"));
	EXPECT_TRUE(has("ok 7 pv-sched-yield # on\n"));
	EXPECT_TRUE(has("ok 9 pv-spinlocks # on\n"));
}

TEST(v612_and_v618_all_on)
{
	static const char *const logs[] = { "612-all-on.log", "618-all-on.log" };
	static const char *const notes[] = { "# model 6.12 (Linux 6.12)", "# model 6.18 (Linux 6.18)" };
	int i;

	for (i = 0; i < 2; i++) {
		EXPECT_EQ(0, explain(_metadata, "cpuid-kvm.txt", data(logs[i]), NULL))
			TH_LOG("%s%s", out.out, out.err);
		EXPECT_TRUE(has(notes[i]));
		/* the 6.6+ EOI line settles pv-eoi */
		EXPECT_TRUE(has("ok 4 pv-eoi # on\n"));
		EXPECT_TRUE(has("ok 8 pv-ipi # on\n"));
		EXPECT_TRUE(has("ok 11 clocksource # tsc\n"));
	}
}

/* An unmodelled version uses the nearest lower one and says so. */
TEST(nearest_lower_version)
{
	EXPECT_EQ(0, explain(_metadata, "cpuid-kvm.txt", data("612-all-on.log"), "6.15.2"));
	EXPECT_TRUE(has("# model 6.12 (nearest to 6.15)"));
	EXPECT_EQ(0, explain(_metadata, "cpuid-kvm.txt", data("510-all-on.log"), "5.15"));
	EXPECT_TRUE(has("# model 5.10 (nearest to 5.15)"));
	EXPECT_EQ(0, explain(_metadata, "cpuid-kvm.txt", data("618-all-on.log"), "7.2"));
	EXPECT_TRUE(has("# model 6.18 (nearest to 7.2)"));
}

/*
 * 5.10's pv_tlb_flush_supported(), pv_sched_yield_supported() and
 * pv_ipi_supported() do not look at the CPU count: its one-CPU log has
 * all three lines.  Read as 5.10 it agrees; declared 6.12 (which tests
 * num_possible_cpus() != 1) it disagrees on exactly those three, plus
 * pv-eoi (6.12 would print its EOI line).
 */
TEST(v510_one_cpu_is_not_612)
{
	EXPECT_EQ(0, explain(_metadata, "cpuid-kvm.txt", data("510-one-cpu.log"), NULL))
		TH_LOG("%s%s", out.out, out.err);
	EXPECT_TRUE(has("ok 6 pv-tlb-flush # on\n"));
	EXPECT_TRUE(has("ok 8 pv-ipi # on\n"));
	EXPECT_TRUE(has("ok 9 pv-spinlocks # off-single-cpu\n"));

	EXPECT_EQ(1, explain(_metadata, "cpuid-kvm.txt", data("510-one-cpu.log"), "6.12"));
	EXPECT_TRUE(has("# model 6.12 (Linux 6.12)"));
	EXPECT_TRUE(has("not ok 6 pv-tlb-flush # the kernel did on (log) where the model says off"));
	EXPECT_TRUE(has("not ok 7 pv-sched-yield # the kernel did on (log) where the model says off"));
	EXPECT_TRUE(has("not ok 8 pv-ipi # the kernel did on (log) where the model says off"));
	EXPECT_TRUE(has("not ok 4 pv-eoi"));
	EXPECT_TRUE(has("ok 9 pv-spinlocks # off-single-cpu\n"));
	EXPECT_EQ(NULL, strstr(out.out, "not ok 9"));
}

/* 5.10 without the MWAIT test: PV TLB flush and sched yield on; 6.1's kvm.c turns them off. */
TEST(v510_mwait_is_not_601)
{
	EXPECT_EQ(0, explain(_metadata, "cpuid-mwait.txt", data("510-mwait.log"), NULL))
		TH_LOG("%s%s", out.out, out.err);
	EXPECT_TRUE(has("ok 6 pv-tlb-flush # on\n"));
	EXPECT_EQ(0, explain(_metadata, "cpuid-mwait.txt", data("612-mwait.log"), NULL))
		TH_LOG("%s%s", out.out, out.err);
	EXPECT_TRUE(has("ok 6 pv-tlb-flush # off\n"));
	EXPECT_TRUE(has("ok 7 pv-sched-yield # off\n"));
	EXPECT_EQ(1, explain(_metadata, "cpuid-mwait.txt", data("510-mwait.log"), "6.1"));
	EXPECT_TRUE(has("not ok 6 pv-tlb-flush"));
	EXPECT_TRUE(has("not ok 7 pv-sched-yield"));
}

/* 5.10's kvm_spinlock_init() tests PV_UNHALT before HINTS_REALTIME; 6.12 the other way. */
TEST(v510_spinlock_order)
{
	EXPECT_EQ(0, explain(_metadata, "cpuid-no-unhalt-realtime.txt", data("510-realtime-no-unhalt.log"),
			     NULL)) TH_LOG("%s%s", out.out, out.err);
	EXPECT_TRUE(has("ok 9 pv-spinlocks # off-no-host-support\n"));
	EXPECT_TRUE(has("ok 10 haltpoll # on\n"));
	EXPECT_EQ(1, explain(_metadata, "cpuid-no-unhalt-realtime.txt", data("510-realtime-no-unhalt.log"),
			     "6.12"));
	EXPECT_TRUE(has("not ok 9 pv-spinlocks # the kernel did off-no-host-support (log) where the model says off-realtime"));
}

/*
 * 5.10 prints "stealtime: cpu N" with pr_info(): a log without it is
 * steal time off, a disagreement with STEAL_TIME set.  The same log as
 * 6.12 (pr_debug() since 5.17) leaves it unknown.
 */
TEST(v510_missing_stealtime_line)
{
	char path[] = "/tmp/pvprobe-v510-XXXXXX";
	FILE *in = fopen(data("510-all-on.log"), "r"), *o;
	char line[1024];
	int fd = mkstemp(path);

	ASSERT_NE(NULL, in);
	ASSERT_LE(0, fd);
	o = fdopen(fd, "w");
	ASSERT_NE(NULL, o);
	while (fgets(line, sizeof(line), in))
		if (!strstr(line, "kvm-guest: stealtime: cpu "))
			fputs(line, o);
	fclose(in);
	fclose(o);

	EXPECT_EQ(1, explain(_metadata, "cpuid-kvm.txt", path, NULL));
	EXPECT_TRUE(has("not ok 3 steal-time # the kernel did off (log) where the model says on"));
	EXPECT_NE(NULL, strstr(out.err, "steal-time DISAGREES"));
	/* as 6.12: no steal time verdict (pv-eoi differs: 6.12 prints its EOI line) */
	EXPECT_EQ(1, explain(_metadata, "cpuid-kvm.txt", path, "6.12"));
	EXPECT_TRUE(has("ok 3 steal-time # SKIP unknown"));
	EXPECT_EQ(NULL, strstr(out.out, "not ok 3"));
	unlink(path);
}

/* Dropping "setup PV sched yield" from each version's log: exit 1 naming pv-sched-yield. */
TEST(dropped_sched_yield_each_version)
{
	static const char *const logs[] = { "510-all-on.log", "601-all-on.log", "612-all-on.log",
					    "618-all-on.log" };
	int i;

	for (i = 0; i < 4; i++) {
		char path[] = "/tmp/pvprobe-noyield-XXXXXX";
		FILE *in = fopen(data(logs[i]), "r"), *o;
		char line[1024];
		int fd = mkstemp(path);

		ASSERT_NE(NULL, in);
		ASSERT_LE(0, fd);
		o = fdopen(fd, "w");
		ASSERT_NE(NULL, o);
		while (fgets(line, sizeof(line), in))
			if (!strstr(line, "setup PV sched yield"))
				fputs(line, o);
		fclose(in);
		fclose(o);
		EXPECT_EQ(1, explain(_metadata, "cpuid-kvm.txt", path, NULL)) TH_LOG("%s", logs[i]);
		EXPECT_TRUE(has("not ok 7 pv-sched-yield # the kernel did off (log) where the model says on"));
		EXPECT_NE(NULL, strstr(out.err, "pv-sched-yield DISAGREES"));
		EXPECT_NE(NULL, strstr(out.err, "STEAL_TIME / PV_SCHED_YIELD"));
		EXPECT_EQ(NULL, strstr(out.out, "not ok 6"));
		EXPECT_EQ(NULL, strstr(out.out, "not ok 8"));
		unlink(path);
	}
}

TEST_HARNESS_MAIN
