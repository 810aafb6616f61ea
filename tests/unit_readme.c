// SPDX-License-Identifier: GPL-2.0-only
/*
 * The README's feature table is derived from the one table: it must be
 * exactly what `pvprobe features --markdown` prints ($README is its path).
 * Regenerate the block with that command when the table changes.
 */
#include "kselftest_harness.h"

#include <stdlib.h>

#include "run_cmd.h"

static struct cmd_output out;
static char readme[256 * 1024];

TEST(readme_table_is_generated)
{
	const char *argv[] = { "features", "--markdown", NULL };
	const char *path = getenv("README");
	FILE *f;
	size_t n;

	ASSERT_NE(NULL, path);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	n = fread(readme, 1, sizeof(readme) - 1, f);
	readme[n] = '\0';
	fclose(f);
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 20, &out));
	ASSERT_EQ(0, out.status);
	ASSERT_GT(strlen(out.out), 100);
	EXPECT_NE(NULL, strstr(readme, out.out))
		TH_LOG("README.md's feature table differs from 'pvprobe features --markdown'");
}

TEST_HARNESS_MAIN
