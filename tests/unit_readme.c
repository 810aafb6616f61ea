// SPDX-License-Identifier: GPL-2.0-only
/*
 * The generated tables are derived from the code: README.md's feature
 * table ($README) and vmm/cli/README.md's probe table ($CLI_README) must be
 * exactly what `pvprobe features --markdown` and `pvprobe probes
 * --markdown` print.  Regenerate the blocks with
 * those commands when the tables change.
 */
#include "kselftest_harness.h"

#include <stdlib.h>

#include "run_cmd.h"

static struct cmd_output out;
static char readme[256 * 1024];

static void table_in_readme(struct __test_metadata *_metadata, const char *cmd,
			    const char *env)
{
	const char *argv[] = { cmd, "--markdown", NULL };
	const char *path = getenv(env);
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
		TH_LOG("%s's table differs from 'pvprobe %s --markdown'", path, cmd);
}

TEST(feature_table_is_generated)
{
	table_in_readme(_metadata, "features", "README");
}

TEST(probe_table_is_generated)
{
	table_in_readme(_metadata, "probes", "CLI_README");
}

TEST_HARNESS_MAIN
