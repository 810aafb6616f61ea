// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe replay: a real `cpuid -1 -r` dump of this machine (itself a KVM
 * guest, PV features 0x01007efb), a several-CPU `cpuid -r` dump, pvprobe's
 * own --json round trip, and bad files: exit 2 naming the problem.
 * $PVPROBE_TEST_DATA is tests/data.
 */
#include "kselftest_harness.h"
#include "kvm_test.h"

#include <stdlib.h>
#include <unistd.h>

#include "pvprobe_exit.h"
#include "run_cmd.h"

static struct cmd_output out;

static const char *data(const char *name)
{
	static char path[4096];
	const char *dir = getenv("PVPROBE_TEST_DATA");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", name);
	return path;
}

/* The dumps live in the source tree: a binary copied elsewhere (QEMU hosts) skips these. */
#define NEED_DATA(path) do {							\
	if (access(path, R_OK))							\
		SKIP(return, "no test data at %s (set PVPROBE_TEST_DATA)", path);	\
} while (0)

TEST(this_machines_cpuid_dump)
{
	const char *argv[] = { "replay", data("cpuid/this-machine-1r.txt"), "--json", NULL };

	NEED_DATA(argv[1]);
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 60, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.out, "\"format\": \"cpuid-r\""));
	/* The guest reads what the dump says, whatever the host supports. */
	EXPECT_NE(NULL, strstr(out.out, "\"eax\": \"0x01007efb\"")) TH_LOG("%.300s", out.out);
	EXPECT_NE(NULL, strstr(out.out, "\"KVMKVMKVM\": \"0x40000000\""));
}

TEST(several_cpus_replays_the_first_and_says_so)
{
	const char *argv[] = { "replay", data("cpuid/this-machine-r.txt"), NULL };

	NEED_DATA(argv[1]);
	ASSERT_EQ(0, run_pvprobe(argv, NULL, 60, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.err, "CPUs; replaying the first one's leaves")) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.out, "Replaying "));
	EXPECT_NE(NULL, strstr(out.out, "probes:"));
}

/* What pvprobe guest --json wrote comes back as the same guest view. */
TEST(json_round_trip)
{
	const char *guest[] = { "guest", "--mask", "-STEAL_TIME,+MIGRATION_CONTROL", "--json", NULL };
	const char *replay[] = { "replay", NULL, "--json", NULL };
	static char saved[RUN_CMD_OUT_MAX];
	char path[64], want[64];
	uint32_t eax = (kvm_test_host.eax & ~(1u << 5)) | 1u << 17;

	ASSERT_EQ(0, run_pvprobe(guest, NULL, 60, &out));
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	memcpy(saved, out.out, sizeof(saved));
	ASSERT_EQ(0, kvm_test_write_temp(path, sizeof(path), saved));
	replay[1] = path;
	ASSERT_EQ(0, run_pvprobe(replay, NULL, 60, &out));
	unlink(path);
	ASSERT_EQ(PV_EXIT_OK, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.out, "\"format\": \"pvprobe-json\""));
	snprintf(want, sizeof(want), "\"eax\": \"0x%08x\"", eax);
	EXPECT_NE(NULL, strstr(out.out, want)) TH_LOG("want %s", want);
	EXPECT_NE(NULL, strstr(out.out, "\"refused\": []"));
}

FIXTURE(bad) {
	char path[64];
};

FIXTURE_VARIANT(bad) {
	const char *content;	/* NULL: no such file */
	const char *says;
};

FIXTURE_VARIANT_ADD(bad, no_such_file) { NULL, "No such file or directory" };
FIXTURE_VARIANT_ADD(bad, empty_file) { "", ":" };
FIXTURE_VARIANT_ADD(bad, garbage_line) {
	"CPU 0:\n   0x00000000 0x00: eax=0x00000010 ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65\nhello\n",
	":3:" };
FIXTURE_VARIANT_ADD(bad, bad_hex) {
	"CPU 0:\n   0x00000000 0x00: eax=0x0000001G ebx=0x68747541 ecx=0x444d4163 edx=0x69746e65\n",
	":2:" };
FIXTURE_VARIANT_ADD(bad, broken_json) { "{\"cpuid\": [", ":1:" };

FIXTURE_SETUP(bad)
{
	if (variant->content) {
		ASSERT_EQ(0, kvm_test_write_temp(self->path, sizeof(self->path), variant->content));
	} else {
		snprintf(self->path, sizeof(self->path), "/nonexistent/cpuid.txt");
	}
}

FIXTURE_TEARDOWN(bad)
{
	if (variant->content)
		unlink(self->path);
}

TEST_F(bad, exits_2_naming_it)
{
	const char *argv[] = { "replay", self->path, NULL };

	ASSERT_EQ(0, run_pvprobe(argv, NULL, 60, &out));
	EXPECT_EQ(PV_EXIT_USAGE, out.status) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.err, self->path)) TH_LOG("%s", out.err);
	EXPECT_NE(NULL, strstr(out.err, variant->says)) TH_LOG("%s", out.err);
}

TEST(mask_does_not_apply)
{
	const char *argv[] = { "replay", data("cpuid/this-machine-1r.txt"), "--mask", "none", NULL };

	ASSERT_EQ(0, run_pvprobe(argv, NULL, 60, &out));
	EXPECT_EQ(PV_EXIT_USAGE, out.status);
	EXPECT_NE(NULL, strstr(out.err, "--mask, --hints and --layout do not apply"));
}

KVM_TEST_MAIN
