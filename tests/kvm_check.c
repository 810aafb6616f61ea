// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe check end to end:
 *  - what the kernel's own kvm_pv_test asserts, on observations (not on
 *    the model): every PV bit clear with enforcement -> every PV MSR #GP,
 *    KICK_CPU / SEND_IPI / SCHED_YIELD -KVM_ENOSYS;
 *  - its unfinished part ("FIXME: actually test KVM_FEATURE_PV_UNHALT"): a
 *    halted vCPU really woken by KICK_CPU;
 *  - async page faults taken for real, and the page-ready ACK;
 *  - the CLI: a wrong expectation (--expect) exits 1 naming the probe,
 *    and its "reproduce with:" line reproduces it; --json and --tap.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <asm/kvm_para.h>
#include <linux/kvm_para.h>

#include "check.h"
#include "pvprobe_exit.h"
#include "run_cmd.h"

static struct check_report rep;
static struct cmd_output out;

static const struct check_row *row(const char *name)
{
	int i;

	for (i = 0; i < rep.nr_rows; i++)
		if (!strcmp(rep.rows[i].p->name, name))
			return &rep.rows[i];
	return NULL;
}

static int run_check(uint32_t eax, unsigned int scope)
{
	struct guest_config cfg;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	int rc;

	if (kvm_test_open(&kvm))
		return -1;
	guest_config_default(&cfg);
	cfg.eax = eax;
	cfg.nr_vcpus = 2;
	rc = check_run(&kvm, &cfg, scope, &rep, err, sizeof(err));
	kvm_sys_close(&kvm);
	return rc;
}

TEST(kvm_pv_test_msrs_gp)
{
	int i, n = 0;

	ASSERT_EQ(PV_EXIT_OK, run_check(0, CHECK_MSRS));
	for (i = 0; i < rep.nr_rows; i++) {
		if (rep.rows[i].p->kind != PK_MSR)
			continue;
		EXPECT_EQ(OUT_FAULT, rep.rows[i].obs.kind) TH_LOG("%s", rep.rows[i].p->name);
		EXPECT_EQ(13, rep.rows[i].obs.vector);
		n++;
	}
	EXPECT_EQ(PV_NR_MSRS * PV_NR_MSR_STEPS, n);
}

TEST(kvm_pv_test_hypercalls_enosys)
{
	const char *const names[] = {
		"hypercall.KICK_CPU", "hypercall.SEND_IPI", "hypercall.SCHED_YIELD",
	};
	const struct deviation *dev = NULL;
	size_t i;

	ASSERT_EQ(PV_EXIT_OK, run_check(0, CHECK_HCALLS));
	for (i = 0; i < 3; i++) {
		const struct check_row *r = row(names[i]);

		ASSERT_NE(NULL, r);
		if (r->v == V_DEVIATION) {
			dev = r->dev;
			continue;
		}
		EXPECT_EQ(OUT_RETURN, r->obs.kind) TH_LOG("%s: %s", names[i], r->detail);
		EXPECT_EQ((uint64_t)-KVM_ENOSYS, r->obs.value) TH_LOG("%s", names[i]);
	}
	if (dev)
		KVM_TEST_XFAIL("%s", dev->reason);
}

TEST(pv_unhalt_kick_wakes_a_halted_vcpu)
{
	const struct check_row *ret, *woke;

	ASSERT_EQ(PV_EXIT_OK, run_check(1u << KVM_FEATURE_PV_UNHALT, CHECK_HCALLS));
	ret = row("hypercall.KICK_CPU");
	woke = row("hypercall.KICK_CPU_WAKES");
	ASSERT_NE(NULL, ret);
	ASSERT_NE(NULL, woke);
	if (woke->v == V_DEVIATION)
		KVM_TEST_XFAIL("%s", woke->dev->reason);
	EXPECT_EQ(OUT_RETURN, ret->obs.kind) TH_LOG("%s", ret->detail);
	EXPECT_EQ(0, ret->obs.value);
	EXPECT_EQ(OUT_CHECK, woke->obs.kind) TH_LOG("%s", woke->detail);
	EXPECT_EQ(PV_CHECK_OK, woke->obs.value);
}

/*
 * The async page fault probe, on observations: with ASYNC_PF and
 * ASYNC_PF_INT every apf.* row is "ok" (the broadcast page-ready, two
 * async #PFs, page ready, the second held while the slot is busy and
 * delivered at the ACK, the tokens and the pages' contents), except where
 * a known deviation of this backend says otherwise: then the test is
 * XFAIL with its reason, and the deviation must be the documented one.
 */
TEST(async_pf_two_faults_and_the_ack)
{
	const struct deviation *dev = NULL;
	int i, n = 0;

	ASSERT_EQ(PV_EXIT_OK, run_check((1u << KVM_FEATURE_ASYNC_PF) |
					(1u << KVM_FEATURE_ASYNC_PF_INT), CHECK_MSRS));
	for (i = 0; i < rep.nr_rows; i++) {
		const struct check_row *r = &rep.rows[i];

		if (r->p->kind != PK_APF)
			continue;
		n++;
		if (r->v == V_DEVIATION) {
			dev = r->dev;
			continue;
		}
		EXPECT_EQ(V_OK, r->v) TH_LOG("%s: %s", r->p->name, r->detail);
		EXPECT_EQ(OUT_CHECK, r->obs.kind) TH_LOG("%s: %s", r->p->name, r->detail);
		EXPECT_EQ(PV_CHECK_OK, r->obs.value) TH_LOG("%s: %s", r->p->name, r->detail);
	}
	EXPECT_EQ(PV_NR_APF_PROBES, n);
	if (dev) {
		const struct check_row *np = row("apf.NOT_PRESENT");

		/* kvm_pvm: a synchronous fault-in, and nothing after it. */
		ASSERT_NE(NULL, np);
		EXPECT_EQ(V_DEVIATION, np->v);
		EXPECT_EQ(OUT_CHECK, np->obs.kind);
		EXPECT_EQ(PV_CHECK_NO_APF, np->obs.value) TH_LOG("%s", np->detail);
		KVM_TEST_XFAIL("%s", np->dev ? np->dev->reason : dev->reason);
	}
}

/* Without ASYNC_PF_INT (enforced) the probe is not run, and says why: never a pass. */
TEST(async_pf_not_run_without_async_pf_int)
{
	int i, n = 0;

	ASSERT_EQ(PV_EXIT_OK, run_check(1u << KVM_FEATURE_ASYNC_PF, CHECK_MSRS));
	for (i = 0; i < rep.nr_rows; i++) {
		const struct check_row *r = &rep.rows[i];

		if (r->p->kind != PK_APF)
			continue;
		n++;
		EXPECT_EQ(OUT_NOT_RUN, r->obs.kind) TH_LOG("%s", r->p->name);
		EXPECT_EQ(OUT_NOT_RUN, r->exp.out.kind) TH_LOG("%s", r->p->name);
		EXPECT_NE(NULL, strstr(r->exp.reason, "ASYNC_PF_INT")) TH_LOG("%s", r->exp.reason);
	}
	EXPECT_EQ(PV_NR_APF_PROBES, n);
}

TEST(wrong_expectation_exits_1_and_reproduces)
{
	const char *argv[] = { "check", "--mask", "none", "--expect", "msr.STEAL_TIME.read=accept", NULL };
	const char *line, *sh[] = { "-c", NULL, NULL };
	char cmd[1024];

	ASSERT_EQ(0, run_pvprobe(argv, NULL, 60, &out));
	ASSERT_EQ(PV_EXIT_MISMATCH, out.status) TH_LOG("%s%s", out.out, out.err);
	EXPECT_NE(NULL, strstr(out.out, "msr.STEAL_TIME.read")) TH_LOG("%s", out.out);
	EXPECT_NE(NULL, strstr(out.out, "MISMATCH"));
	EXPECT_NE(NULL, strstr(out.out, "1 mismatches"));
	line = strstr(out.out, "reproduce with: pvprobe ");
	ASSERT_NE(NULL, line);
	/* Run exactly the printed command, with our binary. */
	snprintf(cmd, sizeof(cmd), "exec '%s' %.*s", pvprobe_path(),
		 (int)strcspn(line + 24, "\n"), line + 24);
	sh[1] = cmd;
	ASSERT_EQ(0, run_prog("/bin/sh", sh, NULL, 60, &out));
	EXPECT_EQ(PV_EXIT_MISMATCH, out.status) TH_LOG("%s: %s", cmd, out.err);
	EXPECT_NE(NULL, strstr(out.out, "msr.STEAL_TIME.read"));
}

TEST(json_and_tap)
{
	const char *json[] = { "check", "--json", NULL };
	const char *tap[] = { "check", "--tap", "--mask", "-STEAL_TIME", NULL };
	char plan[32];

	ASSERT_EQ(0, run_pvprobe(json, NULL, 60, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.out);
	EXPECT_EQ('{', out.out[0]);
	EXPECT_NE(NULL, strstr(out.out, "\"probes\": [{\"probe\": \"msr.WALL_CLOCK.read\""));
	EXPECT_NE(NULL, strstr(out.out, "\"mismatches\": 0"));

	ASSERT_EQ(0, run_pvprobe(tap, NULL, 60, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.out);
	snprintf(plan, sizeof(plan), "TAP version 13\n1..%d\n", probe_count);
	EXPECT_EQ(0, strncmp(out.out, plan, strlen(plan))) TH_LOG("%s", out.out);
	EXPECT_EQ(NULL, strstr(out.out, "not ok"));
}

KVM_TEST_MAIN
