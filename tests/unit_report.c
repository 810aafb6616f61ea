// SPDX-License-Identifier: GPL-2.0-only
/*
 * The renderers' output, byte for byte: every command's result value
 * (made up in report_fixtures.c, reaching the rows a real run here seldom
 * shows) rendered in every format it has, against the golden files in
 * tests/data/report/.  Those were written by the renderers as they were
 * before the output layer was restructured; a change to what a format
 * prints shows here as the first line that differs.  To accept a
 * deliberate change, write the new output over the golden file
 * (UNIT_REPORT_WRITE=1) and review the diff.
 */
#include "kselftest_harness.h"

#include <stdlib.h>
#include <string.h>

#include "bisect_report.h"
#include "boot_report.h"
#include "check_report.h"
#include "cpuid_verify_report.h"
#include "features_report.h"
#include "format.h"
#include "guest_report.h"
#include "host_report.h"
#include "probes_report.h"
#include "replay_report.h"
#include "report_fixtures.h"
#include "self_report.h"
#include "sweep_report.h"

static char *buf;
static size_t len;

static FILE *open_buf(void)
{
	free(buf);
	buf = NULL;
	len = 0;
	return open_memstream(&buf, &len);
}

/* The golden file @name, NUL-terminated, in a malloc'd buffer (its size in *n). */
static char *golden(const char *name, size_t *n)
{
	const char *dir = getenv("REPORT_DATA");
	char path[1024], *g;
	FILE *f;
	long sz;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data/report", name);
	if (getenv("UNIT_REPORT_WRITE")) {
		f = fopen(path, "w");
		if (f) {
			fwrite(buf, 1, len, f);
			fclose(f);
		}
	}
	f = fopen(path, "r");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	rewind(f);
	g = malloc(sz + 1);
	*n = g ? fread(g, 1, sz, f) : 0;
	fclose(f);
	if (g)
		g[*n] = '\0';
	return g;
}

/* The first line where @a and @b differ, for the log. */
static int first_diff(const char *a, size_t na, const char *b, size_t nb)
{
	size_t i;
	int line = 1;

	for (i = 0; i < na && i < nb && a[i] == b[i]; i++)
		line += a[i] == '\n';
	return line;
}

#define EXPECT_GOLDEN(name, call) do {						\
	FILE *f = open_buf();							\
	size_t gn = 0;								\
	char *g;								\
										\
	ASSERT_NE(NULL, f);							\
	call;									\
	fclose(f);								\
	g = golden(name, &gn);							\
	ASSERT_NE(NULL, g) TH_LOG("no golden file %s (REPORT_DATA)", name);	\
	EXPECT_TRUE(gn == len && !memcmp(g, buf, len)) {			\
		TH_LOG("%s: differs from line %d on (%zu bytes, golden %zu)",	\
		       name, first_diff(g, gn, buf, len), len, gn);		\
	}									\
	free(g);								\
} while (0)

static struct check_report rep;
static struct guest_view gv;
static struct host_view hv;
static struct cpuid_verify_report cv;
static struct sweep_plan plan;
static struct sweep_totals totals;
static struct bisect_report br;

TEST(check_every_kind_of_row)
{
	fixture_check(&rep, 0);
	EXPECT_GOLDEN("check-0.txt", check_render(&rep, OUT_TEXT, f));
	EXPECT_GOLDEN("check-0.json", check_render(&rep, OUT_JSON, f));
	EXPECT_GOLDEN("check-0.tap", check_render(&rep, OUT_TAP, f));
}

TEST(check_all_ok)
{
	fixture_check(&rep, 1);
	EXPECT_GOLDEN("check-1.txt", check_render(&rep, OUT_TEXT, f));
	EXPECT_GOLDEN("check-1.json", check_render(&rep, OUT_JSON, f));
	EXPECT_GOLDEN("check-1.tap", check_render(&rep, OUT_TAP, f));
}

TEST(guest_kvm_edits)
{
	fixture_guest(&gv, 0);
	EXPECT_GOLDEN("guest-0.txt", guest_render(&gv, OUT_TEXT, f));
	EXPECT_GOLDEN("guest-0.json", guest_render(&gv, OUT_JSON, f));
}

TEST(guest_replayed_without_kvm)
{
	fixture_guest(&gv, 1);
	EXPECT_GOLDEN("guest-1.txt", guest_render(&gv, OUT_TEXT, f));
	EXPECT_GOLDEN("guest-1.json", guest_render(&gv, OUT_JSON, f));
}

TEST(host)
{
	fixture_host(&hv, 0);
	EXPECT_GOLDEN("host-0.txt", host_render(&hv, OUT_TEXT, f));
	EXPECT_GOLDEN("host-0.json", host_render(&hv, OUT_JSON, f));
}

TEST(host_without_kvm_leaves)
{
	fixture_host(&hv, 1);
	EXPECT_GOLDEN("host-1.txt", host_render(&hv, OUT_TEXT, f));
	EXPECT_GOLDEN("host-1.json", host_render(&hv, OUT_JSON, f));
}

TEST(cpuid_verify)
{
	fixture_cpuid_verify(&cv);
	EXPECT_GOLDEN("cpuid-verify.txt", cpuid_verify_render(&cv, OUT_TEXT, f));
	EXPECT_GOLDEN("cpuid-verify.json", cpuid_verify_render(&cv, OUT_JSON, f));
}

TEST(sweep)
{
	fixture_sweep(&plan, &totals);
	EXPECT_GOLDEN("sweep.txt", sweep_render(&totals, OUT_TEXT, f));
	EXPECT_GOLDEN("sweep.svg", sweep_render(&totals, OUT_SVG, f));
}

/* The --jsonl file: each mismatch as the sweep finds it, then the totals. */
TEST(sweep_jsonl)
{
	int i;

	fixture_sweep(&plan, &totals);
	fixture_check(&rep, 0);
	/* the totals as they are after recording this configuration */
	totals.done++;
	totals.bad_configs++;
	totals.deviations += rep.deviations;
	EXPECT_GOLDEN("sweep.jsonl", ({
		for (i = 0; i < rep.nr_rows; i++)
			if (rep.rows[i].v == V_MISMATCH)
				sweep_mismatch_jsonl(f, &rep, &rep.rows[i]);
		sweep_render(&totals, OUT_JSONL, f);
	}));
}

TEST(bisect)
{
	char file[64];
	int v;

	for (v = 0; v < 4; v++) {
		fixture_bisect(&br, v);
		snprintf(file, sizeof(file), "bisect-%d.txt", v);
		EXPECT_GOLDEN(file, bisect_render(&br, OUT_TEXT, f));
		snprintf(file, sizeof(file), "bisect-%d.json", v);
		EXPECT_GOLDEN(file, bisect_render(&br, OUT_JSON, f));
	}
}

TEST(boot_to_the_end)
{
	struct boot_options o;
	struct boot_result r;

	fixture_boot(&o, &r, 0);
	EXPECT_GOLDEN("boot-0.txt", boot_render(&r, OUT_TEXT, f));
	EXPECT_GOLDEN("boot-0.json", boot_render(&r, OUT_JSON, f));
	EXPECT_GOLDEN("boot-0.tap", boot_render(&r, OUT_TAP, f));
	EXPECT_GOLDEN("boot-0.tail", boot_report_console_tail(&r, 3, "  | ", f));
}

TEST(boot_stalled)
{
	struct boot_options o;
	struct boot_result r;

	fixture_boot(&o, &r, 1);
	EXPECT_GOLDEN("boot-1.txt", boot_render(&r, OUT_TEXT, f));
	EXPECT_GOLDEN("boot-1.json", boot_render(&r, OUT_JSON, f));
	EXPECT_GOLDEN("boot-1.tap", boot_render(&r, OUT_TAP, f));
	EXPECT_GOLDEN("boot-1.tail", boot_report_console_tail(&r, 3, "  | ", f));
}

static struct replay_report replay;

/* Command @cmd's renderer, on a made-up result, in format @fmt. */
/* pvprobe self's and explain's renderer, on this machine's files (tests/data/self/). */
static int render_self(enum out_format fmt, FILE *f)
{
	static struct self_facts facts;
	static struct self_result r;
	static char cpuid[512], log[512];
	struct explain_options o = { .cpuid_path = cpuid, .log_path = log };
	char err[SELF_ERR_MAX];
	const char *data = getenv("PVPROBE_TEST_DATA");
	int rc;

	snprintf(cpuid, sizeof(cpuid), "%s/self/amd-618-cpuid-1r.txt", data ? data : "tests/data");
	snprintf(log, sizeof(log), "%s/self/amd-618-dmesg.log", data ? data : "tests/data");
	if (self_collect_files(&o, &facts, err, sizeof(err)))
		return -2;
	self_judge(&facts, &r);
	rc = self_render(&r, fmt, f);
	self_facts_free(&facts);
	return rc;
}

static int render(enum report_cmd cmd, enum out_format fmt, FILE *f)
{
	struct boot_options o;
	struct boot_result r;

	switch (cmd) {
	case REPORT_HOST:
		fixture_host(&hv, 0);
		return host_render(&hv, fmt, f);
	case REPORT_GUEST:
		fixture_guest(&gv, 0);
		return guest_render(&gv, fmt, f);
	case REPORT_CHECK:
		fixture_check(&rep, 0);
		return check_render(&rep, fmt, f);
	case REPORT_SWEEP:
		fixture_sweep(&plan, &totals);
		return sweep_render(&totals, fmt, f);
	case REPORT_REPLAY:
		fixture_guest(&replay.guest, 1);
		fixture_check(&replay.check, 0);
		replay.file = "dump.txt";
		return replay_render(&replay, fmt, f);
	case REPORT_BISECT:
		fixture_bisect(&br, 0);
		return bisect_render(&br, fmt, f);
	case REPORT_CPUID_VERIFY:
		fixture_cpuid_verify(&cv);
		return cpuid_verify_render(&cv, fmt, f);
	case REPORT_PROBES:
		return probes_render(fmt, f);
	case REPORT_BOOT:
		fixture_boot(&o, &r, 0);
		return boot_render(&r, fmt, f);
	case REPORT_FEATURES:
		return features_render(fmt, f);
	case REPORT_SELF:
	case REPORT_EXPLAIN:
		return render_self(fmt, f);
	default:
		return -2;
	}
}

/*
 * The format table (vmm/report/format.c) and the renderers agree: every
 * format a command has in the table renders something, and every other
 * one is refused -- so a format added to the table without its case in
 * a renderer, or the other way round, fails here.
 */
TEST(table_and_renderers_agree)
{
	int cmd, fmt;

	for (cmd = 0; cmd < REPORT_NR_CMDS; cmd++) {
		for (fmt = 0; fmt < OUT_NR_FORMATS; fmt++) {
			FILE *f = open_buf();
			int rc, has = out_supported(cmd, fmt);

			ASSERT_NE(NULL, f);
			rc = render(cmd, fmt, f);
			fclose(f);
			EXPECT_EQ(has ? 0 : -1, rc) {
				TH_LOG("command %d, format %d: the table says %s, the renderer %s",
				       cmd, fmt, has ? "yes" : "no", rc ? "refuses" : "renders");
			}
			if (has) {
				EXPECT_GT(len, 0u) TH_LOG("command %d, format %d: nothing written", cmd, fmt);
			} else {
				EXPECT_EQ(0u, len) TH_LOG("command %d, format %d: a refusal wrote", cmd, fmt);
			}
		}
	}
}

/* Does usage line @u name format @fmt ("--json]", "--json |", "--jsonl FILE]")? */
static int names(const char *u, int fmt)
{
	size_t n = strlen(out_formats[fmt].option);
	const char *p;

	for (p = strstr(u, "--"); p; p = strstr(p + 2, "--"))
		if (!strncmp(p + 2, out_formats[fmt].option, n) && p[2 + n] &&
		    strchr(out_formats[fmt].arg ? " " : "] ", p[2 + n]))
			return 1;
	return 0;
}

/* Every command's usage line names its formats, and only those. */
TEST(usage_from_the_table)
{
	char usage[256];
	int cmd, fmt;

	for (cmd = 0; cmd < REPORT_NR_CMDS; cmd++) {
		out_usage(cmd, usage, sizeof(usage));
		for (fmt = 0; fmt < OUT_NR_FORMATS; fmt++) {
			if (!out_formats[fmt].option)
				continue;
			EXPECT_EQ(out_supported(cmd, fmt), names(usage, fmt)) {
				TH_LOG("command %d: \"%s\" and --%s", cmd, usage, out_formats[fmt].option);
			}
		}
	}
	/* truncated, never overrun */
	EXPECT_STREQ("[--jso", out_usage(REPORT_CHECK, usage, 7));
}

/* check's and boot's whole-run skip is KTAP's; the other formats print nothing. */
TEST(skip_all)
{
	FILE *f = open_buf();

	ASSERT_NE(NULL, f);
	out_skip_all(OUT_TAP, "no usable KVM (see stderr)", f);
	out_skip_all(OUT_TEXT, "not printed", f);
	out_skip_all(OUT_JSON, "not printed", f);
	fclose(f);
	EXPECT_STREQ("TAP version 13\n1..0 # SKIP no usable KVM (see stderr)\n", buf);
}

TEST_HARNESS_MAIN
