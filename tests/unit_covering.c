// SPDX-License-Identifier: GPL-2.0-only
/*
 * The strength-3 covering arrays of 'pvprobe sweep --covering 3'
 * (vmm/probe/covering.c).  A row missing from such an array is a KVM
 * three-way interaction no default CI run would try, so the property is
 * checked exhaustively, the checker itself is shown to fail on a broken
 * array, and the rows must be the same on every run (a sweep's
 * "reproduce" line names a configuration by its index).
 */
#include "kselftest_harness.h"

#include <stdint.h>
#include <string.h>

#include "covering.h"

static uint64_t rows[4096], again[4096];

TEST(covers_every_triple)
{
	int n;

	/* Up to a few more bits than the table has today (19 factors); the
	 * larger sizes only cost time (0.5 s for 33 factors, minutes under
	 * valgrind). */
	for (n = 3; n <= 23; n += 4) {
		int nr = covering3(n, rows, 4096);

		ASSERT_GT(nr, 7) TH_LOG("n=%d", n);
		EXPECT_TRUE(covering_check(n, 3, rows, nr)) TH_LOG("n=%d: a triple is not covered", n);
		/* Strength 3 implies strength 2. */
		EXPECT_TRUE(covering_check(n, 2, rows, nr));
	}
}

/* pvprobe's own case: 18 defined bits and enforcement. */
TEST(size_for_the_feature_table)
{
	int nr = covering3(19, rows, 4096);

	ASSERT_TRUE(covering_check(19, 3, rows, nr));
	/* Against 2^19 = 524,288 for --exhaustive; a greedy array of 19
	 * binary factors needs a few dozen rows (8 at the very least). */
	EXPECT_LE(nr, 48) TH_LOG("%d rows", nr);
	TH_LOG("19 factors: %d rows", nr);
}

TEST(deterministic)
{
	int a = covering3(19, rows, 4096), b = covering3(19, again, 4096);

	ASSERT_EQ(a, b);
	EXPECT_EQ(0, memcmp(rows, again, (size_t)a * sizeof(rows[0])));
}

/* The checker must notice a hole, or the tests above prove nothing. */
TEST(checker_finds_a_missing_combination)
{
	int nr = covering3(10, rows, 4096), r, broken = 0;

	ASSERT_TRUE(covering_check(10, 3, rows, nr));
	/* Dropping rows one at a time: some row must be needed. */
	for (r = 0; r < nr; r++) {
		memcpy(again, rows, sizeof(rows[0]) * (size_t)nr);
		again[r] = again[nr - 1];
		broken += !covering_check(10, 3, again, nr - 1);
	}
	EXPECT_GT(broken, 0);
	/* All rows equal: nothing is covered twice-valued. */
	memset(again, 0, sizeof(again));
	EXPECT_FALSE(covering_check(10, 3, again, nr));
	EXPECT_FALSE(covering_check(10, 2, again, nr));
	EXPECT_FALSE(covering_check(10, 4, rows, nr));	/* unsupported strength */
}

TEST(bad_arguments)
{
	EXPECT_EQ(-1, covering3(2, rows, 4096));
	EXPECT_EQ(-1, covering3(COVERING_MAX_FACTORS + 1, rows, 4096));
	EXPECT_EQ(-1, covering3(19, rows, 4));		/* does not fit */
}

TEST_HARNESS_MAIN
