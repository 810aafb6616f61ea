// SPDX-License-Identifier: GPL-2.0-only
/*
 * ddmin (vmm/probe/bisect.c) with fake oracles, no KVM: the culprits it must
 * isolate, what it does when nothing fails or the test breaks, that it
 * never tests a set twice (each test is a VM run), that its answer is
 * 1-minimal, and that it stays within Zeller's n^2 + 3n bound.
 */
#include "kselftest_harness.h"

#include <asm/kvm_para.h>
#include <stdint.h>

#include "bisect.h"
#include "pv_features.h"

#define BIT(n)		(1u << (n))
#define MAX_SEEN	2048

/* A fake oracle: a predicate over the flipped set, and a log of its calls. */
struct fake {
	int (*fails)(const struct fake *f, uint32_t c);
	uint32_t culprit, other;	/* the predicates' parameters */
	uint32_t diff;
	int calls, repeated, error_at;
	uint32_t seen[MAX_SEEN];
};

static int fails_any(const struct fake *f, uint32_t c)
{
	return !!(c & f->culprit);
}

static int fails_all(const struct fake *f, uint32_t c)
{
	return (c & f->culprit) == f->culprit;
}

static int fails_either_pair(const struct fake *f, uint32_t c)
{
	return (c & f->culprit) == f->culprit || (c & f->other) == f->other;
}

/*
 * Needs every bit of culprit and none of other -- except that the whole
 * set fails too: not monotonic, as features that cancel each other are.
 */
static int fails_unless_hidden(const struct fake *f, uint32_t c)
{
	return ((c & f->culprit) == f->culprit && !(c & f->other)) || c == f->diff;
}

static int fails_never(const struct fake *f, uint32_t c)
{
	(void)f;
	(void)c;
	return 0;
}

static int fails_whole(const struct fake *f, uint32_t c)
{
	return c == f->diff;
}

static int fake_test(uint32_t c, void *ctx)
{
	struct fake *f = ctx;
	int i;

	for (i = 0; i < f->calls && i < MAX_SEEN; i++)
		if (f->seen[i] == c)
			f->repeated++;
	if (f->calls < MAX_SEEN)
		f->seen[f->calls] = c;
	f->calls++;
	if (f->error_at && f->calls == f->error_at)
		return -5;
	return f->fails(f, c);
}

/* Zeller's worst case for n elements, plus ddmin's first test of the whole set. */
static int bound(uint32_t diff)
{
	int n = __builtin_popcount(diff);

	return n * n + 3 * n + 1;
}

/* Run ddmin on @f; check the bookkeeping that holds for every oracle. */
static void run(struct __test_metadata *_metadata, struct fake *f, struct ddmin_result *r)
{
	int b;

	bisect_ddmin(f->diff, fake_test, f, r);
	EXPECT_EQ(f->calls, r->calls);
	EXPECT_EQ(0, f->repeated) TH_LOG("a set was tested twice");
	EXPECT_LE(r->calls, bound(f->diff)) TH_LOG("%d calls for %d bits", r->calls,
						   __builtin_popcount(f->diff));
	if (r->status != DDMIN_FOUND)
		return;
	/* 1-minimal: fails, a subset of diff, and no bit can be left out. */
	EXPECT_TRUE(f->fails(f, r->bits));
	EXPECT_EQ(0, r->bits & ~f->diff);
	for (b = 0; b < 32; b++)
		if (r->bits & BIT(b))
			EXPECT_FALSE(f->fails(f, r->bits & ~BIT(b))) TH_LOG("bit %d is not needed", b);
}

/* The eax bits of `--good none --bad all`: what the planted KVM case bisects. */
static const uint32_t every_bit = PV_DEFINED_EAX;

TEST(single_culprit)
{
	struct fake f = { .fails = fails_any, .diff = every_bit,
			  .culprit = BIT(KVM_FEATURE_STEAL_TIME) };
	struct ddmin_result r;

	run(_metadata, &f, &r);
	ASSERT_EQ(DDMIN_FOUND, r.status);
	EXPECT_EQ(BIT(KVM_FEATURE_STEAL_TIME), r.bits);
	/* About log2(18) halvings, each at most two tests. */
	EXPECT_LE(r.calls, 1 + 2 * 5) TH_LOG("%d calls", r.calls);
}

TEST(single_culprit_every_position)
{
	int n, pos;

	for (n = 1; n <= 32; n++) {
		uint32_t diff = n == 32 ? ~0u : BIT(n) - 1;

		for (pos = 0; pos < n; pos++) {
			struct fake f = { .fails = fails_any, .diff = diff, .culprit = BIT(pos) };
			struct ddmin_result r;

			run(_metadata, &f, &r);
			ASSERT_EQ(DDMIN_FOUND, r.status);
			ASSERT_EQ(BIT(pos), r.bits) TH_LOG("n %d pos %d", n, pos);
		}
	}
}

TEST(planted_pair_fails_only_together)
{
	struct fake f = { .fails = fails_all, .diff = every_bit,
			  .culprit = BIT(KVM_FEATURE_ASYNC_PF) | BIT(KVM_FEATURE_ASYNC_PF_VMEXIT) };
	struct ddmin_result r;

	run(_metadata, &f, &r);
	ASSERT_EQ(DDMIN_FOUND, r.status);
	EXPECT_EQ(f.culprit, r.bits);
}

TEST(every_pair_of_eighteen_bits)
{
	int i, j, bits[32], n = 0, worst = 0;

	for (i = 0; i < 32; i++)
		if (every_bit & BIT(i))
			bits[n++] = i;
	ASSERT_EQ(18, n);
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			struct fake f = { .fails = fails_all, .diff = every_bit,
					  .culprit = BIT(bits[i]) | BIT(bits[j]) };
			struct ddmin_result r;

			run(_metadata, &f, &r);
			ASSERT_EQ(DDMIN_FOUND, r.status);
			ASSERT_EQ(f.culprit, r.bits) TH_LOG("bits %d and %d", bits[i], bits[j]);
			if (r.calls > worst)
				worst = r.calls;
		}
	}
	TH_LOG("worst case for a pair among 18 bits: %d tests", worst);
}

TEST(three_interacting_bits)
{
	struct fake f = { .fails = fails_all, .diff = every_bit,
			  .culprit = BIT(KVM_FEATURE_CLOCKSOURCE) | BIT(KVM_FEATURE_PV_SEND_IPI) |
				     BIT(KVM_FEATURE_CLOCKSOURCE_STABLE_BIT) };
	struct ddmin_result r;

	run(_metadata, &f, &r);
	ASSERT_EQ(DDMIN_FOUND, r.status);
	EXPECT_EQ(f.culprit, r.bits);
}

/* Three bits needed, and a fourth that hides them unless everything is flipped. */
TEST(three_bits_and_one_that_hides_them)
{
	struct fake f = { .fails = fails_unless_hidden, .diff = 0xf,
			  .culprit = BIT(0) | BIT(2) | BIT(3), .other = BIT(1) };
	struct ddmin_result r;

	run(_metadata, &f, &r);
	ASSERT_EQ(DDMIN_FOUND, r.status);
	EXPECT_EQ(f.culprit, r.bits);
}

TEST(two_explanations_either_is_1_minimal)
{
	struct fake f = { .fails = fails_either_pair, .diff = 0xff,
			  .culprit = BIT(1) | BIT(6), .other = BIT(2) | BIT(5) };
	struct ddmin_result r;

	run(_metadata, &f, &r);
	ASSERT_EQ(DDMIN_FOUND, r.status);
	EXPECT_TRUE(r.bits == f.culprit || r.bits == f.other) TH_LOG("0x%x", r.bits);
}

TEST(no_failure_at_all)
{
	struct fake f = { .fails = fails_never, .diff = every_bit };
	struct ddmin_result r;

	run(_metadata, &f, &r);
	EXPECT_EQ(DDMIN_NO_FAILURE, r.status);
	EXPECT_EQ(0, r.bits);
	EXPECT_EQ(1, r.calls);	/* the whole set, i.e. bad's re-run */
	EXPECT_EQ(every_bit, f.seen[0]);
}

TEST(nothing_differs)
{
	struct fake f = { .fails = fails_never, .diff = 0 };
	struct ddmin_result r;

	run(_metadata, &f, &r);
	EXPECT_EQ(DDMIN_NO_FAILURE, r.status);
	EXPECT_EQ(0, r.calls);
}

TEST(all_bits_needed)
{
	int n;

	for (n = 1; n <= 32; n++) {
		struct fake f = { .fails = fails_whole, .diff = n == 32 ? ~0u : BIT(n) - 1 };
		struct ddmin_result r;

		run(_metadata, &f, &r);
		ASSERT_EQ(DDMIN_FOUND, r.status);
		ASSERT_EQ(f.diff, r.bits) TH_LOG("n %d", n);
		if (n == 18 || n == 32)
			TH_LOG("all %d bits needed: %d tests (bound %d)", n, r.calls, bound(f.diff));
	}
}

TEST(oracle_error_stops_the_search)
{
	struct fake f = { .fails = fails_all, .diff = every_bit, .error_at = 3,
			  .culprit = BIT(KVM_FEATURE_ASYNC_PF) | BIT(KVM_FEATURE_ASYNC_PF_VMEXIT) };
	struct ddmin_result r;

	bisect_ddmin(f.diff, fake_test, &f, &r);
	EXPECT_EQ(DDMIN_ERROR, r.status);
	EXPECT_EQ(-5, r.error);
	EXPECT_EQ(3, r.calls);
	EXPECT_EQ(3, f.calls);
}

TEST(error_on_the_first_test)
{
	struct fake f = { .fails = fails_any, .diff = 0x30, .error_at = 1, .culprit = 0x10 };
	struct ddmin_result r;

	bisect_ddmin(f.diff, fake_test, &f, &r);
	EXPECT_EQ(DDMIN_ERROR, r.status);
	EXPECT_EQ(1, r.calls);
}

/* The oracle's comparison rule, on outcomes as check_run() records them. */
TEST(outcomes_compare_both_ways)
{
	struct outcome gp = { .kind = OUT_FAULT, .vector = 13 };
	struct outcome ud = { .kind = OUT_FAULT, .vector = 6 };
	struct outcome acc0 = { .kind = OUT_ACCEPT, .has_value = 1, .value = 0 };
	struct outcome acc1 = { .kind = OUT_ACCEPT, .has_value = 1, .value = 1 };
	struct outcome acc = { .kind = OUT_ACCEPT };
	struct outcome t1 = { .kind = OUT_TIMEOUT, .has_value = 1, .value = 0x100e7d };
	struct outcome t2 = { .kind = OUT_TIMEOUT, .has_value = 1, .value = 0x100e80 };

	EXPECT_TRUE(bisect_same_outcome(&gp, &gp));
	EXPECT_FALSE(bisect_same_outcome(&gp, &ud));
	EXPECT_FALSE(bisect_same_outcome(&gp, &acc));
	EXPECT_FALSE(bisect_same_outcome(&acc0, &acc1));
	/* outcome_matches(expected, observed) alone would call these equal one way. */
	EXPECT_FALSE(bisect_same_outcome(&acc, &acc1));
	EXPECT_FALSE(bisect_same_outcome(&acc1, &acc));
	EXPECT_TRUE(bisect_same_outcome(&t1, &t2));
}

TEST_HARNESS_MAIN
