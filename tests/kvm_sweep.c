// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe sweep: random and file-driven sweeps run clean on this host,
 * shards are disjoint and cover everything, the exhaustive space has the
 * size of the feature table (2^18 masks x enforcement), and bad input
 * exits 2 naming it.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <asm/kvm_para.h>

#include "pv_features.h"
#include "pvprobe_exit.h"
#include "run_cmd.h"
#include "sweep_worker.h"

static struct cmd_output out;

static int lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

TEST(random_sweep_two_jobs)
{
	const char *argv[] = { "sweep", "--random", "300", "--seed", "7", "--jobs", "2", NULL };

	ASSERT_EQ(0, run_pvprobe(argv, NULL, 120, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s%s", out.out, out.err);
	EXPECT_NE(NULL, strstr(out.out, "300 configurations (shard 1/1)")) TH_LOG("%s", out.out);
	EXPECT_NE(NULL, strstr(out.out, "configurations with a mismatch: 0"));
}

TEST(heat_map)
{
	const char *argv[] = { "sweep", "--random", "100", "--svg", NULL, NULL };
	char path[] = "/tmp/pvprobe-heat-XXXXXX";
	static char svg[1 << 20];
	int fd = mkstemp(path);
	ssize_t n;

	ASSERT_GE(fd, 0);
	argv[4] = path;
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 60, &out));
	EXPECT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	n = read(fd, svg, sizeof(svg) - 1);
	close(fd);
	unlink(path);
	ASSERT_GT(n, 1000);
	svg[n] = '\0';
	EXPECT_EQ(0, strncmp(svg, "<svg ", 5));
	EXPECT_NE(NULL, strstr(svg, ">msr.STEAL_TIME.read</text>"));
	EXPECT_NE(NULL, strstr(svg, ">STEAL_TIME</text>"));
	EXPECT_NE(NULL, strstr(svg, "</svg>"));
}

TEST(shards_are_disjoint_and_complete)
{
	const char *all[] = { "sweep", "--random", "50", "--seed", "3", "--list", NULL };
	const char *s1[] = { "sweep", "--random", "50", "--seed", "3", "--shard", "1/3", "--list", NULL };
	const char *s2[] = { "sweep", "--random", "50", "--seed", "3", "--shard", "2/3", "--list", NULL };
	const char *s3[] = { "sweep", "--random", "50", "--seed", "3", "--shard", "3/3", "--list", NULL };
	const char *const *shards[] = { s1, s2, s3 };
	static char whole[RUN_CMD_OUT_MAX];
	int i, n = 0;

	ASSERT_EQ(0, run_pvprobe(all, NULL, 30, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status);
	memcpy(whole, out.out, sizeof(whole));
	EXPECT_EQ(50, lines(whole));
	for (i = 0; i < 3; i++) {
		char *line, *save = NULL;

		ASSERT_EQ(0, run_pvprobe(shards[i], NULL, 30, &out));
		ASSERT_EQ(PV_EXIT_OK, out.status);
		n += lines(out.out);
		/* Every line of a shard is a line of the whole, with k mod 3 = i. */
		for (line = strtok_r(out.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			EXPECT_NE(NULL, strstr(whole, line)) TH_LOG("%s", line);
			EXPECT_EQ(i, atoi(line) % 3);
		}
	}
	EXPECT_EQ(50, n);
}

TEST(exhaustive_space_is_the_table)
{
	const char *argv[] = { "sweep", "--exhaustive", "--shard", "65536/65536", "--list", NULL };

	/* 2^18 masks x 2 enforcement = 524288 configurations; shard 65536 gets 8. */
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 30, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status);
	EXPECT_EQ(8, lines(out.out)) TH_LOG("%s", out.out);
	EXPECT_EQ(0, strncmp(out.out, "65535 ", 6));
}

/* --pairwise: every two factors (18 bits and enforcement) take all four combinations. */
TEST(pairwise_covers_every_pair)
{
	const char *argv[] = { "sweep", "--pairwise", "--list", NULL };
	uint32_t rows[64], defined = PV_DEFINED_EAX;
	int nr = 0, a, b, bits[40], nb = 0, i;
	char *line, *save = NULL;

	for (i = 0; i < 32; i++)
		if (defined & (1u << i))
			bits[nb++] = i;
	bits[nb++] = 32;	/* enforcement, stored as bit 32 below */
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 30, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status);
	for (line = strtok_r(out.out, "\n", &save); line && nr < 64; line = strtok_r(NULL, "\n", &save)) {
		const char *m = strstr(line, "--mask 0x");

		ASSERT_NE(NULL, m);
		rows[nr] = (uint32_t)strtoul(m + 7, NULL, 16);
		/* Borrow bit 8 (no feature) to carry "enforcement on". */
		if (!strstr(line, "--no-enforce"))
			rows[nr] |= 1u << 8;
		nr++;
	}
	EXPECT_LT(nr, 40);	/* far fewer than 2^19 */
	bits[nb - 1] = 8;
	for (a = 0; a < nb; a++) {
		for (b = a + 1; b < nb; b++) {
			int seen = 0;

			for (i = 0; i < nr; i++)
				seen |= 1 << (!!(rows[i] & 1u << bits[a]) * 2 + !!(rows[i] & 1u << bits[b]));
			EXPECT_EQ(15, seen) TH_LOG("bits %d and %d", bits[a], bits[b]);
		}
	}
}

/* --list output -> rows, with bit 8 (no feature) carrying "enforcement on". */
static int list_rows(char *text, uint32_t *rows, int max)
{
	char *line, *save = NULL;
	int nr = 0;

	for (line = strtok_r(text, "\n", &save); line && nr < max; line = strtok_r(NULL, "\n", &save)) {
		const char *m = strstr(line, "--mask 0x");

		if (!m)
			return -1;
		rows[nr] = (uint32_t)strtoul(m + 7, NULL, 16);
		if (!strstr(line, "--no-enforce"))
			rows[nr] |= 1u << 8;
		nr++;
	}
	return nr;
}

/*
 * --covering 3: every three factors in all eight combinations.  The case
 * that needs it: ASYNC_PF on, ASYNC_PF_VMEXIT off, enforcement on is the
 * only configuration where kvm_pv_enable_async_pf() must refuse the
 * VM-exit delivery bit (arch/x86/kvm/x86.c).
 */
TEST(covering3_covers_every_triple)
{
	const char *argv[] = { "sweep", "--covering", "3", "--list", NULL };
	const char *argv2[] = { "sweep", "--covering", "2", "--list", NULL };
	const char *argv_pw[] = { "sweep", "--pairwise", "--list", NULL };
	uint32_t rows[256], defined = PV_DEFINED_EAX, enf = 1u << 8;
	uint32_t apf = 1u << KVM_FEATURE_ASYNC_PF, vmexit = 1u << KVM_FEATURE_ASYNC_PF_VMEXIT;
	int nr, a, b, c, bits[40], nb = 0, i, hit = 0;
	char *pw;

	for (i = 0; i < 32; i++)
		if (defined & (1u << i))
			bits[nb++] = i;
	bits[nb++] = 8;
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 30, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status);
	nr = list_rows(out.out, rows, 256);
	ASSERT_GT(nr, 7);
	EXPECT_LT(nr, 64);	/* a few dozen, against 2^19 */
	for (a = 0; a < nb; a++)
		for (b = a + 1; b < nb; b++)
			for (c = b + 1; c < nb; c++) {
				int seen = 0;

				for (i = 0; i < nr; i++)
					seen |= 1 << (!!(rows[i] & 1u << bits[a]) * 4 +
						      !!(rows[i] & 1u << bits[b]) * 2 +
						      !!(rows[i] & 1u << bits[c]));
				EXPECT_EQ(255, seen) TH_LOG("bits %d, %d and %d", bits[a], bits[b], bits[c]);
			}
	for (i = 0; i < nr; i++)
		hit += (rows[i] & (apf | vmexit | enf)) == (apf | enf);
	EXPECT_GT(hit, 0);

	/* --covering 2 is --pairwise, row for row. */
	ASSERT_EQ(0, run_pvprobe(argv_pw, NULL, 30, &out));
	pw = strdup(out.out);
	ASSERT_NE(NULL, pw);
	ASSERT_EQ(0, run_pvprobe(argv2, NULL, 30, &out));
	EXPECT_STREQ(pw, out.out);
	free(pw);
}

/* Three shards' --jsonl files merge into the whole; a shard twice is refused. */
TEST(merge_shards)
{
	char paths[3][32];
	const char *merge[] = { "sweep", "--merge", paths[0], paths[1], paths[2], NULL };
	const char *twice[] = { "sweep", "--merge", paths[0], paths[0], NULL };
	int i;

	for (i = 0; i < 3; i++) {
		char shard[8];
		const char *argv[] = { "sweep", "--random", "60", "--shard", shard, "--jsonl",
				       paths[i], NULL };
		int fd;

		snprintf(paths[i], sizeof(paths[i]), "/tmp/pvprobe-shard-XXXXXX");
		fd = mkstemp(paths[i]);
		ASSERT_GE(fd, 0);
		close(fd);
		snprintf(shard, sizeof(shard), "%d/3", i + 1);
		ASSERT_EQ(0, run_pvprobe(argv, NULL, 60, &out));
		ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	}
	ASSERT_EQ(0, run_pvprobe(merge, NULL, 30, &out));
	EXPECT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.out, "3 of 3 shards: 60 configurations")) TH_LOG("%s", out.out);
	ASSERT_EQ(0, run_pvprobe(twice, NULL, 30, &out));
	EXPECT_EQ(PV_EXIT_USAGE, out.status);
	EXPECT_NE(NULL, strstr(out.err, "is there twice"));
	for (i = 0; i < 3; i++)
		unlink(paths[i]);
}

/*
 * In a sweep, a hypercall probe either ran and was judged, or was not run
 * with the reason said: known to hang here, or needs a second vCPU or VM.
 */
TEST(hypercalls_run_or_say_why)
{
	static struct sweep_worker w;
	struct sweep_config c = { .eax = kvm_test_host.eax, .enforce = 1 };
	struct guest_config cfg;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	int i, ran = 0, skipped = 0;

	ASSERT_EQ(0, kvm_test_open(&kvm));
	guest_config_default(&cfg);
	ASSERT_EQ(PV_EXIT_OK, sweep_worker_init(&w, &kvm, &cfg, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(PV_EXIT_OK, sweep_worker_run(&w, &c, err, sizeof(err))) TH_LOG("%s", err);
	for (i = 0; i < w.rep.nr_rows; i++) {
		const struct check_row *row = &w.rep.rows[i];

		if (row->p->kind != PK_HCALL)
			continue;
		EXPECT_NE(V_MISMATCH, row->v) TH_LOG("%s", row->p->name);
		if (row->obs.kind == OUT_NOT_RUN) {
			skipped++;
			EXPECT_NE(NULL, strstr(row->exp.reason, "not run in a sweep: "))
				TH_LOG("%s: %s", row->p->name, row->exp.reason);
			if (strstr(w.facts.backend, "kvm_pvm"))
				EXPECT_TRUE(strstr(row->exp.reason, "known to hang") ||
					    strstr(row->exp.reason, "known to leave its vCPU unusable"))
					TH_LOG("%s: %s", row->p->name, row->exp.reason);
		} else {
			ran++;
		}
	}
	sweep_worker_fini(&w);
	kvm_sys_close(&kvm);
	EXPECT_EQ(PV_NR_HCALLS, ran + skipped);
	if (!strstr(w.facts.backend, "kvm_pvm"))
		EXPECT_GE(ran, 9);	/* every probe that needs one vCPU */
}

/*
 * One entry per lane: each lane with a probe to run ran to its end, and
 * its page holds a record for exactly the probes not kept out (the skip
 * mask of PV_ENTRY_HYPERCALL_LANE); a kept-out probe made no call.
 */
TEST(lanes_leave_out_exactly_the_probes_not_run)
{
	static struct sweep_worker w;
	struct sweep_config c = { .eax = kvm_test_host.eax, .enforce = 0 };
	struct guest_config cfg;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	int i, lanes = 0, left_out = 0;

	ASSERT_EQ(0, kvm_test_open(&kvm));
	guest_config_default(&cfg);
	ASSERT_EQ(PV_EXIT_OK, sweep_worker_init(&w, &kvm, &cfg, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(PV_EXIT_OK, sweep_worker_run(&w, &c, err, sizeof(err))) TH_LOG("%s", err);
	for (i = 0; i < PV_NR_LANES; i++) {
		if (!w.lane_ran[i])
			continue;
		lanes++;
		EXPECT_EQ(RUN_DONE, w.lanes[i].status) TH_LOG("lane %d: %s", i, w.lanes[i].detail);
	}
	for (i = 0; i < probe_count; i++) {
		const struct probe_desc *p = &probe_list[i];
		const struct pv_results *page;

		if (p->kind != PK_HCALL || probe_lane_place(p->lane) != PV_PLACE_MAIN ||
		    !w.lane_ran[p->lane])
			continue;
		page = &w.lanes[p->lane].results;
		if (w.not_run[p->hcall]) {
			left_out++;
			EXPECT_EQ(0, page->probes[p->hcall].done) TH_LOG("%s ran", p->name);
		} else {
			EXPECT_EQ(1, page->probes[p->hcall].done) TH_LOG("%s did not run", p->name);
		}
	}
	sweep_worker_fini(&w);
	kvm_sys_close(&kvm);
	EXPECT_GE(lanes, 1);
	/* kvm_pvm: the RING3 lane runs, without RING1_VAPIC_POLL_IRQ. */
	if (strstr(w.facts.backend, "kvm_pvm")) {
		EXPECT_EQ(1, lanes);
		EXPECT_EQ(1, w.lane_ran[PV_LANE_RING3]);
		EXPECT_EQ(1, left_out);
	}
}

TEST(masks_file)
{
	const char *argv[] = { "sweep", "--masks", NULL, NULL };
	char path[64];

	ASSERT_EQ(0, kvm_test_write_temp(path, sizeof(path),
		"# two masks, each with and without enforcement\nnone,+STEAL_TIME\n-ASYNC_PF_INT\n"));
	argv[2] = path;
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 60, &out));
	unlink(path);
	EXPECT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.out, "4 configurations")) TH_LOG("%s", out.out);
}

TEST(bad_masks_file_names_the_line)
{
	const char *argv[] = { "sweep", "--masks", NULL, NULL };
	char path[64];

	ASSERT_EQ(0, kvm_test_write_temp(path, sizeof(path), "none\nstealtime\n"));
	argv[2] = path;
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 60, &out));
	unlink(path);
	EXPECT_EQ(PV_EXIT_USAGE, out.status);
	EXPECT_NE(NULL, strstr(out.err, ":2: unknown feature 'stealtime'")) TH_LOG("%s", out.err);
}

TEST(bad_usage)
{
	const char *no_mode[] = { "sweep", NULL };
	const char *two_modes[] = { "sweep", "--exhaustive", "--random", "5", NULL };
	const char *bad_shard[] = { "sweep", "--random", "5", "--shard", "3/2", NULL };
	const char *with_mask[] = { "sweep", "--random", "5", "--mask", "none", NULL };

	ASSERT_EQ(0, run_pvprobe(no_mode, NULL, 30, &out));
	EXPECT_EQ(PV_EXIT_USAGE, out.status);
	EXPECT_NE(NULL, strstr(out.err, "exactly one of"));
	ASSERT_EQ(0, run_pvprobe(two_modes, NULL, 30, &out));
	EXPECT_EQ(PV_EXIT_USAGE, out.status);
	ASSERT_EQ(0, run_pvprobe(bad_shard, NULL, 30, &out));
	EXPECT_EQ(PV_EXIT_USAGE, out.status);
	EXPECT_NE(NULL, strstr(out.err, "'3/2'"));
	ASSERT_EQ(0, run_pvprobe(with_mask, NULL, 30, &out));
	EXPECT_EQ(PV_EXIT_USAGE, out.status);
}

KVM_TEST_MAIN
