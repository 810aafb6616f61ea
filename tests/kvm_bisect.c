// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe bisect on real KVM, with answers known from arch/x86/kvm/x86.c:
 *  - a planted pair: kvm_pv_enable_async_pf() accepts the #PF-vmexit
 *    delivery bit only with ASYNC_PF (to reach MSR_KVM_ASYNC_PF_EN at all)
 *    and ASYNC_PF_VMEXIT; from `--good none --bad all` bisect must isolate
 *    exactly those two, in as many runs as ddmin needs with that predicate,
 *    and the two printed `pvprobe check` lines must show the difference;
 *  - one bit: MSR_KVM_STEAL_TIME is readable only with STEAL_TIME;
 *  - every MSR probe at once, through the C API: two bits whose rows
 *    differ, and a third that changes no MSR probe;
 *  - no difference, and bad input refused before /dev/kvm is opened.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <asm/kvm_para.h>
#include <stdlib.h>

#include "bisect.h"
#include "pv_features.h"
#include "pvprobe_exit.h"
#include "run_cmd.h"

#define BIT(n)		(1u << (n))
#define RUN_TIMEOUT_S	120

static struct cmd_output out, chk;
static struct bisect_report rep;

#define APF_PAIR	(BIT(KVM_FEATURE_ASYNC_PF) | BIT(KVM_FEATURE_ASYNC_PF_VMEXIT))

/* What KVM does with the VMEXIT delivery bit, as a ddmin test: it needs both. */
static int apf_vmexit_accepted(uint32_t flipped, void *ctx)
{
	(void)ctx;
	return (flipped & APF_PAIR) == APF_PAIR;
}

/*
 * The first @n one-word columns after @probe in a table (check's:
 * expected, observed; bisect's: good's two, then flipped's).  0 or -1.
 */
static int columns(const char *text, const char *probe, int n, char col[][32])
{
	const char *line = text;
	size_t len = strlen(probe);

	while (line && *line) {
		if (!strncmp(line, probe, len) && line[len] == ' ')
			return sscanf(line + len, " %31s %31s %31s %31s", col[0], col[1], col[2],
				      col[3]) >= n ? 0 : -1;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -1;
}

/* Run the command line after @label in out.out with our binary, into chk. */
static int run_printed(const char *label)
{
	const char *line = strstr(out.out, label), *sh[] = { "-c", NULL, NULL };
	static char cmd[1024];

	if (!line)
		return -1;
	line = strstr(line, "pvprobe check ");
	if (!line)
		return -1;
	snprintf(cmd, sizeof(cmd), "exec '%s' %.*s", pvprobe_path(),
		 (int)strcspn(line + 8, "\n"), line + 8);
	sh[1] = cmd;
	return run_prog("/bin/sh", sh, NULL, RUN_TIMEOUT_S, &chk);
}

TEST(planted_pair_async_pf_vmexit)
{
	const char *argv[] = { "bisect", "--good", "none", "--bad", "all",
			       "--probe", "check.APF_VMEXIT_BIT", NULL };
	struct ddmin_result dd;
	char expect[64], col[4][32];
	const char *runs;

	ASSERT_EQ(0, run_pvprobe(argv, NULL, RUN_TIMEOUT_S, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s%s", out.out, out.err);
	EXPECT_NE(NULL, strstr(out.out,
			       "Minimal set (2 bits): +ASYNC_PF (bit 4), +ASYNC_PF_VMEXIT (bit 10)\n"))
		TH_LOG("%s", out.out);
	EXPECT_NE(NULL, strstr(out.out, "Minimal pair: good 0x00000000, flipped 0x00000410\n"));
	EXPECT_NE(NULL, strstr(out.out, "Differing bits (18):"));
	/* good expected and observed, flipped expected and observed */
	ASSERT_EQ(0, columns(out.out, "check.APF_VMEXIT_BIT", 4, col));
	EXPECT_STREQ("#GP", col[0]);
	EXPECT_STREQ("#GP", col[1]);
	EXPECT_STREQ("accept", col[2]);
	EXPECT_STREQ("accept", col[3]);

	/* As many VM runs as ddmin needs with KVM's own predicate, plus good and bad. */
	bisect_ddmin(PV_DEFINED_EAX, apf_vmexit_accepted, NULL, &dd);
	ASSERT_EQ(DDMIN_FOUND, dd.status);
	ASSERT_EQ(APF_PAIR, dd.bits);
	snprintf(expect, sizeof(expect), "\n%d VM runs (good, bad, %d ddmin tests", dd.calls + 2,
		 dd.calls);
	runs = strstr(out.out, expect);
	EXPECT_NE(NULL, runs) TH_LOG("want '%s' in\n%s", expect + 1, out.out);

	/* The two printed lines reproduce the pair. */
	EXPECT_NE(NULL, strstr(out.out, "reproduce good:    pvprobe check --mask 0x00000000 --hints 0x"));
	EXPECT_NE(NULL, strstr(out.out, "reproduce flipped: pvprobe check --mask 0x00000410 --hints 0x"));
	ASSERT_EQ(0, run_printed("reproduce good:"));
	EXPECT_EQ(PV_EXIT_OK, chk.status) TH_LOG("%s%s", chk.err, chk.out);
	ASSERT_EQ(0, columns(chk.out, "check.APF_VMEXIT_BIT", 2, col));
	EXPECT_STREQ("#GP", col[1]);
	ASSERT_EQ(0, run_printed("reproduce flipped:"));
	EXPECT_EQ(PV_EXIT_OK, chk.status) TH_LOG("%s%s", chk.err, chk.out);
	ASSERT_EQ(0, columns(chk.out, "check.APF_VMEXIT_BIT", 2, col));
	EXPECT_STREQ("accept", col[1]);
}

TEST(one_bit_steal_time_json)
{
	const char *argv[] = { "bisect", "--good", "none", "--bad", "all",
			       "--probe", "msr.STEAL_TIME.read", "--json", NULL };

	ASSERT_EQ(0, run_pvprobe(argv, NULL, RUN_TIMEOUT_S, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s%s", out.out, out.err);
	EXPECT_NE(NULL, strstr(out.out, "\"result\": \"found\"")) TH_LOG("%s", out.out);
	EXPECT_NE(NULL, strstr(out.out,
			       "\"bits\": [{\"name\": \"STEAL_TIME\", \"bit\": 5, \"flip\": \"set\"}]"));
	EXPECT_NE(NULL, strstr(out.out, "\"pair\": {\"good\": \"0x00000000\", \"flipped\": \"0x00000020\"}"));
	EXPECT_NE(NULL, strstr(out.out, "\"probe\": \"msr.STEAL_TIME.read\", \"good\": {\"expected\": \"#GP\", \"observed\": \"#GP\""));
	EXPECT_NE(NULL, strstr(out.out, "\"flipped\": {\"expected\": \"accept 0x0\", \"observed\": \"accept 0x0\""));
	EXPECT_NE(NULL, strstr(out.out, "\"flipped\": \"pvprobe check --mask 0x00000020 --hints 0x"));
}

/* Clearing bits works the same way: from all, dropping STEAL_TIME is what matters. */
TEST(one_bit_cleared_with_no_enforce_in_the_lines)
{
	const char *argv[] = { "bisect", "--good", "all", "--bad", "none",
			       "--probe", "msr.STEAL_TIME.read", "--hints", "none", NULL };
	const char *argv_ne[] = { "bisect", "--good", "all", "--bad", "none",
				  "--probe", "msr.STEAL_TIME.read", "--no-enforce", NULL };

	ASSERT_EQ(0, run_pvprobe(argv, NULL, RUN_TIMEOUT_S, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s%s", out.out, out.err);
	EXPECT_NE(NULL, strstr(out.out, "Minimal set (1 bit): -STEAL_TIME (bit 5)\n")) TH_LOG("%s", out.out);
	EXPECT_NE(NULL, strstr(out.out, "--hints 0x00000000 --vcpus 2\n"));

	/* Without enforcement every PV MSR is accepted: nothing to explain. */
	ASSERT_EQ(0, run_pvprobe(argv_ne, NULL, RUN_TIMEOUT_S, &out));
	ASSERT_EQ(PV_EXIT_MISMATCH, out.status) TH_LOG("%s%s", out.out, out.err);
	EXPECT_NE(NULL, strstr(out.out, "good and bad do not differ")) TH_LOG("%s", out.out);
	EXPECT_NE(NULL, strstr(out.out, " --no-enforce --vcpus 2\n"));
}

TEST(no_difference_exits_1)
{
	const char *other[] = { "bisect", "--good", "none", "--bad", "none,+PV_EOI",
				"--probe", "msr.STEAL_TIME.read", NULL };
	const char *same[] = { "bisect", "--good", "host", "--bad", "host", "--json", NULL };

	ASSERT_EQ(0, run_pvprobe(other, NULL, RUN_TIMEOUT_S, &out));
	EXPECT_EQ(PV_EXIT_MISMATCH, out.status) TH_LOG("%s%s", out.out, out.err);
	EXPECT_NE(NULL, strstr(out.out, "good and bad do not differ: 1 compared probe observes the same in both\n"))
		TH_LOG("%s", out.out);
	EXPECT_NE(NULL, strstr(out.out, "\n2 VM runs (good and bad), "));

	ASSERT_EQ(0, run_pvprobe(same, NULL, RUN_TIMEOUT_S, &out));
	EXPECT_EQ(PV_EXIT_MISMATCH, out.status) TH_LOG("%s%s", out.out, out.err);
	EXPECT_NE(NULL, strstr(out.out, "\"result\": \"same\"")) TH_LOG("%s", out.out);
	EXPECT_NE(NULL, strstr(out.out, "\"runs\": 0"));
}

/* A run that cannot be set up ends the search with the KVM call's error. */
TEST(failed_run_stops_with_its_error)
{
	const char *argv[] = { "bisect", "--good", "none", "--bad", "all", NULL };
	const char *env[] = { "PVPROBE_FAIL_IOCTL=KVM_CREATE_VM:EMFILE", NULL };

	ASSERT_EQ(0, run_pvprobe(argv, env, RUN_TIMEOUT_S, &out));
	EXPECT_EQ(PV_EXIT_MISMATCH, out.status);
	EXPECT_NE(NULL, strstr(out.err, "pvprobe bisect: KVM_CREATE_VM: Too many open files"))
		TH_LOG("%s", out.err);
	EXPECT_EQ('\0', out.out[0]);
}

/* Every MSR probe compared at once: PV_UNHALT gates a hypercall, no MSR. */
TEST(c_api_every_msr_probe)
{
	struct bisect_request req = { 0 };
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	int i, rc, differing = 0;

	guest_config_default(&req.cfg);
	req.cfg.eax = 0;
	req.cfg.edx = 0;
	req.cfg.nr_vcpus = 2;
	req.cfg.timeout_ms = BISECT_TIMEOUT_MS;
	req.good = 0;
	req.bad = BIT(KVM_FEATURE_STEAL_TIME) | BIT(KVM_FEATURE_PV_EOI) | BIT(KVM_FEATURE_PV_UNHALT);
	ASSERT_EQ(0, kvm_test_open(&kvm));
	rc = bisect_run(&kvm, &req, &rep, err, sizeof(err));
	kvm_sys_close(&kvm);
	ASSERT_EQ(PV_EXIT_OK, rc) TH_LOG("%s", err);
	ASSERT_EQ(BISECT_FOUND, rep.status);
	EXPECT_EQ(CHECK_MSRS, rep.scope);
	EXPECT_EQ(BIT(KVM_FEATURE_STEAL_TIME) | BIT(KVM_FEATURE_PV_EOI), rep.bits);
	EXPECT_EQ(rep.runs, rep.tests + 2);
	EXPECT_EQ(rep.bits, rep.pair.cfg.eax);
	for (i = 0; i < rep.good.nr_rows; i++) {
		const struct check_row *g = &rep.good.rows[i], *p = &rep.pair.rows[i];

		if (!bisect_rows_differ(&req, g, p))
			continue;
		differing++;
		EXPECT_TRUE(g->p->msr == MSR_KVM_STEAL_TIME || g->p->msr == MSR_KVM_PV_EOI_EN)
			TH_LOG("%s", g->p->name);
	}
	/* 5 steps each of STEAL_TIME and PV_EOI, their boundary writes and checks */
	EXPECT_GE(differing, 10);
	TH_LOG("%d VM runs, %.0f ms", rep.runs, rep.elapsed_ms);
}

/* Bad input: exit 2 naming it, before /dev/kvm is touched (there is none here). */
FIXTURE(bad_input) {};
FIXTURE_SETUP(bad_input) {}
FIXTURE_TEARDOWN(bad_input) {}

FIXTURE_VARIANT(bad_input) {
	const char *args[10];
	int status;
	const char *says;
};

FIXTURE_VARIANT_ADD(bad_input, no_bad) {
	.args = { "bisect", "--good", "none" }, .status = PV_EXIT_USAGE,
	.says = "--good and --bad are both required",
};
FIXTURE_VARIANT_ADD(bad_input, no_good) {
	.args = { "bisect", "--bad", "all" }, .status = PV_EXIT_USAGE,
	.says = "--good and --bad are both required",
};
FIXTURE_VARIANT_ADD(bad_input, bad_spec) {
	.args = { "bisect", "--good", "none", "--bad", "none,+stealtime" }, .status = PV_EXIT_USAGE,
	.says = "unknown feature 'stealtime' in --bad (did you mean STEAL_TIME?)",
};
FIXTURE_VARIANT_ADD(bad_input, good_spec_number) {
	.args = { "bisect", "--good", "12", "--bad", "all" }, .status = PV_EXIT_USAGE,
	.says = "bad number '12' in --good",
};
FIXTURE_VARIANT_ADD(bad_input, bad_hints) {
	.args = { "bisect", "--good", "none", "--bad", "all", "--hints", "nope" },
	.status = PV_EXIT_USAGE, .says = "in --hints",
};
FIXTURE_VARIANT_ADD(bad_input, unknown_probe) {
	.args = { "bisect", "--good", "none", "--bad", "all", "--probe", "msr.STEAL.read" },
	.status = PV_EXIT_USAGE, .says = "--probe 'msr.STEAL.read': no such probe ('pvprobe probes' lists them)",
};
FIXTURE_VARIANT_ADD(bad_input, good_twice) {
	.args = { "bisect", "--good", "none", "--good", "all", "--bad", "all" },
	.status = PV_EXIT_USAGE, .says = "--good given twice",
};
FIXTURE_VARIANT_ADD(bad_input, mask_is_not_bisects) {
	.args = { "bisect", "--mask", "none", "--good", "none", "--bad", "all" },
	.status = PV_EXIT_USAGE, .says = "unknown option '--mask'",
};
FIXTURE_VARIANT_ADD(bad_input, operand) {
	.args = { "bisect", "--good", "none", "--bad", "all", "extra" },
	.status = PV_EXIT_USAGE, .says = "unexpected argument 'extra'",
};
FIXTURE_VARIANT_ADD(bad_input, no_kvm_skips) {
	.args = { "bisect", "--good", "none", "--bad", "all" },
	.status = PV_EXIT_SKIP, .says = "SKIP",
};

TEST_F(bad_input, refused)
{
	const char *env[] = { "PVPROBE_DEV_KVM=/nonexistent", NULL };

	ASSERT_EQ(0, run_pvprobe(variant->args, env, 10, &out));
	EXPECT_EQ(variant->status, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.err, variant->says)) TH_LOG("%s", out.err);
	EXPECT_EQ('\0', out.out[0]);
}

TEST(help)
{
	const char *argv[] = { "bisect", "--help", NULL };
	const char *top[] = { "--help", NULL };

	ASSERT_EQ(0, run_pvprobe(argv, NULL, 10, &out));
	EXPECT_EQ(PV_EXIT_OK, out.status);
	EXPECT_NE(NULL, strstr(out.out, "usage: pvprobe bisect --good SPEC --bad SPEC"));
	ASSERT_EQ(0, run_pvprobe(top, NULL, 10, &out));
	EXPECT_NE(NULL, strstr(out.out, "  bisect     find the feature bits"));
}

KVM_TEST_MAIN
