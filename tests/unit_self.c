// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe self and pvprobe explain (vmm/self/): this machine's own
 * `cpuid -1 -r` and `dmesg` (tests/data/self/amd-618-*: a KVM guest of a
 * Firecracker host, Linux 6.18, 0x40000001 eax 0x01007efb), the same log
 * with "setup PV sched yield" dropped, journalctl's form of it, bad input,
 * and pvprobe self here.  No /dev/kvm needed.
 */
#include "kselftest_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux_log_text.h"
#include "run_cmd.h"
#include "self.h"

static struct cmd_output out, out2;

static const char *data(const char *name)
{
	static char buf[16][512];
	static int k;
	const char *d = getenv("PVPROBE_TEST_DATA");

	k = (k + 1) % 16;
	snprintf(buf[k], sizeof(buf[k]), "%s/self/%s", d ? d : "tests/data", name);
	return buf[k];
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = malloc(1 << 20);
	size_t n = 0;

	if (!f || !p) {
		if (f)
			fclose(f);
		free(p);
		return NULL;
	}
	n = fread(p, 1, (1 << 20) - 1, f);
	fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
}

static int write_file(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	fwrite(s, 1, n, f);
	return fclose(f);
}

/* The row of decision @name in the text table: "name model log ..." */
static const char *row(const char *text, const char *name, char *buf, size_t size)
{
	char key[64];
	const char *p, *e;

	snprintf(key, sizeof(key), "\n%-15s ", name);
	p = strstr(text, key);
	if (!p)
		return "";
	p++;
	e = strchr(p, '\n');
	snprintf(buf, size, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
	return buf;
}

/* The first two columns (model, log) of a row. */
static void model_and_log(const char *row, char *dst, size_t size)
{
	char d[64], m[64], l[64];

	dst[0] = '\0';
	if (sscanf(row, "%63s %63s %63s", d, m, l) == 3)
		snprintf(dst, size, "%s %s %s", d, m, l);
}

TEST(explain_this_machine_agrees)
{
	const char *argv[] = { "explain", "--cpuid", data("amd-618-cpuid-1r.txt"),
			       "--log", data("amd-618-dmesg.log"), NULL };
	char buf[256];

	ASSERT_EQ(0, run_pvprobe(argv, NULL, 20, &out));
	EXPECT_EQ(0, out.status) TH_LOG("%s%s", out.out, out.err);
	/* 0x01007efb's features in the seed's order, then the unsupported ones */
	EXPECT_NE(NULL, strstr(out.out, "CPUID 0x40000001: eax 0x01007efb, edx 0x00000000"));
	EXPECT_NE(NULL, strstr(out.out,
		"Supported PV features:\n  - KVM_FEATURE_CLOCKSOURCE              bit  0\n"
		"  - KVM_FEATURE_NOP_IO_DELAY             bit  1\n"
		"  - KVM_FEATURE_CLOCKSOURCE2             bit  3\n"));
	EXPECT_NE(NULL, strstr(out.out, "  - KVM_FEATURE_CLOCKSOURCE_STABLE_BIT   bit 24\n\nUnsupported PV features:\n"
				       "  - KVM_FEATURE_MMU_OP                   bit  2\n"));
	EXPECT_NE(NULL, strstr(out.out, "model 6.18 (Linux 6.18)"));
	EXPECT_NE(NULL, strstr(out.out, "setup_percpu nr_cpu_ids"));
	EXPECT_NE(NULL, strstr(out.out, "9 of 11 decisions agree, 2 unknown, 0 disagree"));
	EXPECT_NE(NULL, strstr(row(out.out, "pv-sched-yield", buf, sizeof(buf)), " on "));
	EXPECT_NE(NULL, strstr(row(out.out, "clocksource", buf, sizeof(buf)), "tsc"));
	/* steal time is pr_debug only: unknown, and the reason says so */
	EXPECT_NE(NULL, strstr(out.out, "unknown: Linux 5.17 on logs it only with pr_debug() (kvm.c kvm_register_steal_time())"));
}

TEST(dropped_sched_yield_line_disagrees)
{
	const char *argv[] = { "explain", "--cpuid", data("amd-618-cpuid-1r.txt"),
			       "--log", data("amd-618-no-sched-yield.log"), "--tap", NULL };

	ASSERT_EQ(0, run_pvprobe(argv, NULL, 20, &out));
	EXPECT_EQ(1, out.status);
	EXPECT_NE(NULL, strstr(out.out, "not ok 7 pv-sched-yield # the kernel did off (log) where the model says on"));
	EXPECT_NE(NULL, strstr(out.err, "pv-sched-yield DISAGREES"));
	EXPECT_NE(NULL, strstr(out.err, "STEAL_TIME / PV_SCHED_YIELD")) TH_LOG("%s", out.err);
	/* only that one */
	EXPECT_EQ(NULL, strstr(out.out, "not ok 6"));
	EXPECT_EQ(NULL, strstr(out.out, "not ok 8"));
}

/*
 * A guest with no KVM leaves (QEMU TCG: this machine's dump without
 * 0x40000000/1) and a 6.12 log of such a boot: "no KVM signature" is an
 * answer, exit 0, every PV decision off.
 */
TEST(no_kvm_signature_is_an_answer)
{
	char d612[512];
	const char *argv[] = { "explain", "--cpuid", data("amd-618-no-kvm-cpuid-1r.txt"),
			       "--log", d612, "--cpus", "2", NULL };
	char buf[256];
	const char *dir = getenv("PVPROBE_TEST_DATA");

	snprintf(d612, sizeof(d612), "%s/linux-log/612-no-kvm.log", dir ? dir : "tests/data");
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 20, &out));
	EXPECT_EQ(0, out.status) TH_LOG("%s%s", out.out, out.err);
	EXPECT_NE(NULL, strstr(out.out, "no KVM signature: Linux uses no KVM PV feature"));
	EXPECT_NE(NULL, strstr(row(out.out, "hypervisor", buf, sizeof(buf)), "none"));
	EXPECT_NE(NULL, strstr(row(out.out, "pv-spinlocks", buf, sizeof(buf)), "off"));
	EXPECT_NE(NULL, strstr(out.out, "model 6.12 (Linux 6.12)"));
	EXPECT_NE(NULL, strstr(out.out, " 0 disagree"));
}

/* journalctl -k's "Dec 02 20:00:00 host kernel: " prefix reads as dmesg does. */
TEST(journalctl_form_same_decisions)
{
	const char *argv[] = { "explain", "--cpuid", data("amd-618-cpuid-1r.txt"),
			       "--log", "/tmp/pvprobe-unit-self-journal.log", "--json", NULL };
	const char *argv_d[] = { "explain", "--cpuid", data("amd-618-cpuid-1r.txt"),
				 "--log", data("amd-618-dmesg.log"), "--json", NULL };
	size_t len, i, o = 0;
	char *log = slurp(data("amd-618-dmesg.log"), &len), *j, *d1, *d2;

	ASSERT_NE(NULL, log);
	j = malloc(len * 2 + 1);
	ASSERT_NE(NULL, j);
	for (i = 0; i < len; ) {
		const char *nl = memchr(log + i, '\n', len - i);
		const char *m = memchr(log + i, ']', 20);
		size_t e = nl ? (size_t)(nl - log) : len;

		o += sprintf(j + o, "Dec 02 20:00:00 sandbox kernel: ");
		m = m ? m + 2 : log + i;
		memcpy(j + o, m, log + e - m);
		o += log + e - m;
		j[o++] = '\n';
		i = e + 1;
	}
	ASSERT_EQ(0, write_file("/tmp/pvprobe-unit-self-journal.log", j, o));
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 20, &out));
	EXPECT_EQ(0, out.status) TH_LOG("%s", out.err);
	ASSERT_EQ(0, run_pvprobe(argv_d, NULL, 20, &out2));
	/* the decisions, from "decisions" on, are the same, but the log lines' timestamps */
	d1 = strstr(out.out, "\"decisions\"");
	d2 = strstr(out2.out, "\"decisions\"");
	ASSERT_NE(NULL, d1);
	ASSERT_NE(NULL, d2);
	EXPECT_NE(NULL, strstr(d1, "\"agree\": 9"));
	EXPECT_NE(NULL, strstr(d2, "\"agree\": 9"));
	EXPECT_NE(NULL, strstr(out.out, "nr_cpu_ids"));
	remove("/tmp/pvprobe-unit-self-journal.log");
	free(j);
	free(log);
}

TEST(log_facts)
{
	static const char log[] =
		"[    0.000000] Linux version 6.1.0-27-cloud-amd64 (debian-kernel@lists.debian.org)\n"
		"[    0.000000] Command line: console=ttyS0\n"
		"[    0.010000] smpboot: Allowing 4 CPUs, 0 hotplug CPUs\n"
		"[    0.020000] Kernel command line: console=ttyS0 nopvspin\n"
		"[    0.100000] smp: Brought up 1 node, 3 CPUs\n";
	static char buf[sizeof(log)];
	struct linux_log_facts f;

	linux_log_text_normalize(log, sizeof(log) - 1, buf, sizeof(buf), &f);
	EXPECT_STREQ("6.1.0-27-cloud-amd64", f.release);
	EXPECT_EQ(601, f.version);
	EXPECT_STREQ("console=ttyS0 nopvspin", f.cmdline);
	EXPECT_EQ(4u, f.cmdline_line);
	EXPECT_EQ(4, f.possible_cpus);
	EXPECT_EQ(3, f.online_cpus);
	EXPECT_EQ(1, f.starts_at_boot);
	EXPECT_STREQ(log, buf);
	EXPECT_EQ(612, linux_log_text_version("6.12.30"));
	EXPECT_EQ(0, linux_log_text_version("six"));
	EXPECT_EQ(0, linux_log_text_version("6"));
}

TEST(bad_input_names_file_and_line)
{
	const char *nul_argv[] = { "explain", "--cpuid", data("amd-618-cpuid-1r.txt"),
				   "--log", "/tmp/pvprobe-unit-self-nul.log", NULL };
	const char *swap_argv[] = { "explain", "--cpuid", data("amd-618-dmesg.log"),
				    "--log", data("amd-618-dmesg.log"), NULL };
	const char *notlog_argv[] = { "explain", "--cpuid", data("amd-618-cpuid-1r.txt"),
				      "--log", data("amd-618-cpuid-1r.txt"), NULL };
	const char *missing_argv[] = { "explain", "--cpuid", data("amd-618-cpuid-1r.txt"), NULL };
	const char *cpus_argv[] = { "explain", "--cpuid", "x", "--log", "y", "--cpus", "0", NULL };
	const char *ver_argv[] = { "explain", "--cpuid", "x", "--log", "y", "--kernel-version", "new", NULL };
	static const char nul[] = "[    0.000000] Linux version 6.12.0\n[    0.1] x\0y\n";

	ASSERT_EQ(0, write_file("/tmp/pvprobe-unit-self-nul.log", nul, sizeof(nul) - 1));
	ASSERT_EQ(0, run_pvprobe(nul_argv, NULL, 20, &out));
	EXPECT_EQ(2, out.status);
	EXPECT_NE(NULL, strstr(out.err, "pvprobe-unit-self-nul.log:2: a NUL byte")) TH_LOG("%s", out.err);
	remove("/tmp/pvprobe-unit-self-nul.log");

	ASSERT_EQ(0, run_pvprobe(swap_argv, NULL, 20, &out));
	EXPECT_EQ(2, out.status);
	EXPECT_NE(NULL, strstr(out.err, "amd-618-dmesg.log:1:")) TH_LOG("%s", out.err);

	ASSERT_EQ(0, run_pvprobe(notlog_argv, NULL, 20, &out));
	EXPECT_EQ(2, out.status);
	EXPECT_NE(NULL, strstr(out.err, "amd-618-cpuid-1r.txt:1: no kernel log line found")) TH_LOG("%s", out.err);

	ASSERT_EQ(0, run_pvprobe(missing_argv, NULL, 20, &out));
	EXPECT_EQ(2, out.status);
	ASSERT_EQ(0, run_pvprobe(cpus_argv, NULL, 20, &out));
	EXPECT_EQ(2, out.status);
	ASSERT_EQ(0, run_pvprobe(ver_argv, NULL, 20, &out));
	EXPECT_EQ(2, out.status);
}

/* pvprobe self here: exits 0 (everything seen agrees, or no KVM signature). */
TEST(self_here_exits_0)
{
	const char *argv[] = { "self", NULL };
	const char *tap[] = { "self", "--tap", "--no-msr", NULL };

	ASSERT_EQ(0, run_pvprobe(argv, NULL, 30, &out));
	EXPECT_EQ(0, out.status) TH_LOG("%s%s", out.out, out.err);
	EXPECT_NE(NULL, strstr(out.out, "Layer 2: what the VMM gave this guest"));
	EXPECT_NE(NULL, strstr(out.out, "decisions agree"));
	ASSERT_EQ(0, run_pvprobe(tap, NULL, 30, &out));
	EXPECT_EQ(0, out.status);
	EXPECT_NE(NULL, strstr(out.out, "1..11\n"));
	EXPECT_NE(NULL, strstr(out.out, "not read (--no-msr)") ? (void *)1 : strstr(out.out, "SKIP"));
}

/*
 * On the machine the fixtures came from (same kernel release and KVM
 * leaf), explain on its files and self give the same model and log
 * values, decision by decision.
 */
TEST(explain_equals_self_here)
{
	const char *self[] = { "self", "--no-msr", NULL };
	const char *expl[] = { "explain", "--cpuid", data("amd-618-cpuid-1r.txt"),
			       "--log", data("amd-618-dmesg.log"), NULL };
	static const char *const names[] = {
		"hypervisor", "kvm-clock", "steal-time", "pv-eoi", "async-pf", "pv-tlb-flush",
		"pv-sched-yield", "pv-ipi", "pv-spinlocks", "haltpoll", "clocksource",
	};
	char a[256], b[256], ra[256], rb[256];
	size_t i;

	ASSERT_EQ(0, run_pvprobe(self, NULL, 30, &out));
	ASSERT_EQ(0, run_pvprobe(expl, NULL, 30, &out2));
	if (!strstr(out.out, "6.18.44-fc-v1045 (uname -r)") ||
	    !strstr(out.out, "CPUID 0x40000001: eax 0x01007efb"))
		SKIP(return, "not the machine tests/data/self/amd-618-* come from");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		model_and_log(row(out.out, names[i], ra, sizeof(ra)), a, sizeof(a));
		model_and_log(row(out2.out, names[i], rb, sizeof(rb)), b, sizeof(b));
		EXPECT_STREQ(a, b);
		EXPECT_NE(0u, strlen(a));
	}
}

/*
 * The PV MSRs as /dev/cpu/N/msr gives them (boot_msrs_view()): with steal
 * time and async PF enabled on both CPUs everything agrees; steal time
 * off on one CPU is "mixed", a disagreement naming STEAL_TIME.
 */
TEST(msrs_settle_steal_time_and_async_pf)
{
	static struct self_facts f;
	static struct self_result r;
	struct explain_options o = { .cpuid_path = data("amd-618-cpuid-1r.txt"),
				     .log_path = data("amd-618-dmesg.log") };
	char err[SELF_ERR_MAX];
	int i;

	ASSERT_EQ(0, self_collect_files(&o, &f, err, sizeof(err))) TH_LOG("%s", err);
	f.msr_state = SELF_MSR_READ;
	f.msr_cpus = 2;
	for (i = 0; i < 2; i++) {
		f.msrs[i].read[BM_STEAL_TIME] = f.msrs[i].read[BM_ASYNC_PF_EN] = 1;
		f.msrs[i].read[BM_PV_EOI_EN] = f.msrs[i].read[BM_SYSTEM_TIME_NEW] = 1;
		f.msrs[i].value[BM_STEAL_TIME] = 0x7fe01001;
		f.msrs[i].value[BM_ASYNC_PF_EN] = 0x7fe02019;
		f.msrs[i].value[BM_PV_EOI_EN] = 0x7fe03001;
		f.msrs[i].value[BM_SYSTEM_TIME_NEW] = 0x7fe04001;
	}
	self_judge(&f, &r);
	EXPECT_EQ(11, r.nr_agree);
	EXPECT_EQ(0, r.nr_differ);
	EXPECT_STREQ("on", r.msr.value[LD_STEAL_TIME]);
	EXPECT_NE(NULL, strstr(r.msr.evidence[LD_STEAL_TIME], "/dev/cpu/N/msr: MSR_KVM_STEAL_TIME"));

	f.msrs[1].value[BM_STEAL_TIME] = 0;
	self_judge(&f, &r);
	EXPECT_EQ(1, r.nr_differ);
	EXPECT_EQ(SELF_DIFFERS, r.verdict[LD_STEAL_TIME]);
	EXPECT_NE(NULL, strstr(r.why[LD_STEAL_TIME], "the kernel did mixed (MSR)"));
	EXPECT_NE(NULL, strstr(r.why[LD_STEAL_TIME], "STEAL_TIME (0x40000001 eax)"));
	self_facts_free(&f);
}

TEST_HARNESS_MAIN
