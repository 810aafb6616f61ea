// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sweep journal (vmm/probe/sweep_journal.h): a header and batches read
 * back, torn batches dropped whatever follows them, ranges merged, a range
 * done twice or outside the shard refused, and a resume of another set,
 * shard, seed or version refused naming what differs.
 */
#include "kselftest_harness.h"

#include <stdio.h>
#include <string.h>

#include "sweep.h"
#include "sweep_journal.h"

static char buf[1 << 16];
static size_t len;

static void put(const char *s, size_t n)
{
	memcpy(buf + len, s, n);
	len += n;
}

static struct sweep_journal id(void)
{
	struct sweep_journal j;

	memset(&j, 0, sizeof(j));
	strcpy(j.version, "0.1.0");
	strcpy(j.set, "random 100 over 18 bits");
	j.shard = 2;
	j.shards = 3;
	j.seed = 7;
	j.total = 34;
	return j;
}

static void header(void)
{
	struct sweep_journal j = id();
	char h[512];
	int n = sweep_journal_header(&j, h, sizeof(h));

	len = 0;
	put(h, (size_t)n);
}

static void batch(const char *m, uint64_t lo, uint64_t hi, uint64_t bad, size_t cut)
{
	struct sweep_range r = { lo, hi };
	char rec[512], all[1024];
	int n = sweep_journal_record(m, strlen(m), &r, 1, hi - lo, bad, 1, rec, sizeof(rec));
	size_t t;

	t = (size_t)snprintf(all, sizeof(all), "%s%.*s", m, n, rec);
	put(all, cut && cut < t ? cut : t);
}

static const char *ml = "{\"eax\": \"0x00000001\", \"probe\": \"msr.STEAL_TIME.read\"}\n";

TEST(roundtrip_and_merge)
{
	struct sweep_journal j;
	char err[256];

	header();
	batch(ml, 0, 4, 1, 0);
	batch("", 4, 6, 0, 0);
	batch(ml, 10, 12, 1, 0);
	ASSERT_EQ(0, sweep_journal_read(buf, len, &j, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(2, j.shard);
	EXPECT_EQ(3, j.shards);
	EXPECT_EQ(7, j.seed);
	EXPECT_EQ(34, j.total);
	EXPECT_STREQ("random 100 over 18 bits", j.set);
	ASSERT_EQ(2, j.nr);		/* [0,6) merged, [10,12) */
	EXPECT_EQ(0, j.r[0].lo);
	EXPECT_EQ(6, j.r[0].hi);
	EXPECT_EQ(8, j.configs);
	EXPECT_EQ(2, j.bad);
	EXPECT_EQ(2, j.nspans);
	EXPECT_EQ(0, j.dropped);
	EXPECT_TRUE(sweep_journal_has(&j, 5));
	EXPECT_FALSE(sweep_journal_has(&j, 6));
	EXPECT_TRUE(sweep_journal_has(&j, 11));
	EXPECT_FALSE(sweep_journal_has(&j, 12));
	sweep_journal_free(&j);
}

/* A batch cut anywhere (a kill, a full disk) is dropped; the next batch, glued to it, is kept. */
TEST(torn_batch_dropped)
{
	struct sweep_journal j;
	char err[256];
	size_t cut;

	for (cut = 1; cut < strlen(ml) + 60; cut += 7) {
		header();
		batch(ml, 0, 2, 1, 0);
		batch(ml, 2, 4, 1, cut);
		batch(ml, 4, 6, 1, 0);
		ASSERT_EQ(0, sweep_journal_read(buf, len, &j, err, sizeof(err))) TH_LOG("%s", err);
		EXPECT_FALSE(sweep_journal_has(&j, 2)) TH_LOG("cut %zu", cut);
		EXPECT_TRUE(sweep_journal_has(&j, 4)) TH_LOG("cut %zu", cut);
		EXPECT_EQ(4, j.configs);
		EXPECT_EQ(cut, j.dropped);
		sweep_journal_free(&j);
	}
}

TEST(flipped_byte_dropped)
{
	struct sweep_journal j;
	char err[256];

	header();
	batch(ml, 0, 2, 1, 0);
	buf[len - 20] ^= 1;
	ASSERT_EQ(0, sweep_journal_read(buf, len, &j, err, sizeof(err)));
	EXPECT_EQ(0, j.nr);
	sweep_journal_free(&j);
	header();
	buf[3] ^= 1;
	EXPECT_EQ(-1, sweep_journal_read(buf, len, &j, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "header"));
	sweep_journal_free(&j);
}

TEST(done_twice_or_outside_refused)
{
	struct sweep_journal j;
	char err[256];

	header();
	batch(ml, 0, 4, 1, 0);
	batch(ml, 3, 5, 1, 0);
	EXPECT_EQ(-1, sweep_journal_read(buf, len, &j, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "done before")) TH_LOG("%s", err);
	sweep_journal_free(&j);
	header();
	batch(ml, 30, 35, 1, 0);
	EXPECT_EQ(-1, sweep_journal_read(buf, len, &j, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "outside the shard")) TH_LOG("%s", err);
	sweep_journal_free(&j);
}

TEST(mismatched_resume_refused)
{
	struct sweep_journal a = id(), b;
	char err[256];

	b = a;
	EXPECT_EQ(0, sweep_journal_differs(&a, &b, err, sizeof(err)));
	b.seed = 8;
	EXPECT_EQ(-1, sweep_journal_differs(&a, &b, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "seed differs: the file has 7, this run 8")) TH_LOG("%s", err);
	b = a;
	b.shard = 1;
	EXPECT_EQ(-1, sweep_journal_differs(&a, &b, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "shard differs: the file has 2/3, this run 1/3")) TH_LOG("%s", err);
	b = a;
	strcpy(b.set, "exhaustive over 18 bits");
	EXPECT_EQ(-1, sweep_journal_differs(&a, &b, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "configuration set differs")) TH_LOG("%s", err);
	b = a;
	strcpy(b.version, "0.2.0");
	EXPECT_EQ(-1, sweep_journal_differs(&a, &b, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "version differs")) TH_LOG("%s", err);
}

/* The identity of a plan: what a resume compares. */
TEST(plan_identity)
{
	static struct sweep_plan p;
	struct sweep_journal a, b;
	char err[256];

	memset(&p, 0, sizeof(p));
	p.mode = SWEEP_RANDOM;
	p.random_n = 100;
	p.seed = 7;
	p.shard = 2;
	p.shards = 3;
	sweep_journal_identity(&p, "0.1.0", &a);
	EXPECT_EQ(33, a.total);		/* k = 1, 4, ..., 97 */
	p.random_n = 101;
	sweep_journal_identity(&p, "0.1.0", &b);
	EXPECT_EQ(-1, sweep_journal_differs(&a, &b, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "random 100")) TH_LOG("%s", err);
}

TEST_HARNESS_MAIN
