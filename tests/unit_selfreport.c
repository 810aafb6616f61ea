// SPDX-License-Identifier: GPL-2.0-only
/*
 * The self-report decoder (vmm/linux/linux_selfreport.c): what the
 * self-check initramfs's /init sends is untrusted guest output.  A real
 * stream from the static /init (run here with --stdout) and a made-up one
 * decode; garbage, every truncation, a flipped byte, an oversize length,
 * trailing bytes and each kind of bad payload are refused with the reason,
 * and random bytes never crash the decoder.
 */
#include "kselftest_harness.h"

#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux_selfreport.h"

#define MAXBUF	(PVQ_SELF_MAX + 256)

/* A self-report with every decision, in report/self_report.c's shape. */
static size_t make_json(char *buf, size_t max, const char *eax, const char *extra_name,
			const char *hv_value)
{
	static const char *const names[LD_NR] = {
		"hypervisor", "kvm-clock", "steal-time", "pv-eoi", "async-pf", "pv-tlb-flush",
		"pv-sched-yield", "pv-ipi", "pv-spinlocks", "haltpoll", "clocksource",
	};
	size_t n;
	int d;

	n = snprintf(buf, max, "{\"command\": \"self\", \"cpuid\": {\"kvm_base\": \"0x40000000\", "
		     "\"eax\": \"%s\", \"edx\": \"0x00000000\"}, \"kernel\": {\"release\": \"6.12.0\", "
		     "\"model_version\": 612, \"possible_cpus\": 2, \"clocksource\": \"kvm-clock\", "
		     "\"log_source\": \"/dev/kmsg\"}, \"decisions\": [", eax);
	for (d = 0; d < LD_NR; d++)
		n += snprintf(buf + n, max - n, "%s{\"name\": \"%s\", \"model\": \"on\", "
			      "\"model_why\": \"kvm.c\", \"log\": %s, \"log_line\": null, "
			      "\"sysfs\": %s, \"sysfs_why\": \"sysfs file\", \"msr\": null, "
			      "\"verdict\": \"%s\"}", d ? ", " : "",
			      d == LD_NR - 1 && extra_name ? extra_name : names[d],
			      d == 0 ? hv_value : "\"on\"", d == LD_CLOCKSOURCE ? "\"kvm-clock\"" : "null",
			      d == LD_STEAL_TIME ? "unknown" : "ok");
	n += snprintf(buf + n, max - n, "]}");
	return n;
}

/* The frame stream around @json: SELF, then END. */
static size_t make_stream(uint8_t *out, const char *json, size_t len)
{
	struct pvq_frame h, e;

	linux_selfreport_header(&h, PVQ_KIND_SELF, json, len);
	linux_selfreport_header(&e, PVQ_KIND_END, NULL, 0);
	memcpy(out, &h, sizeof(h));
	memcpy(out + sizeof(h), json, len);
	memcpy(out + sizeof(h) + len, &e, sizeof(e));
	return sizeof(h) + len + sizeof(e);
}

FIXTURE(stream) {
	char json[8192];
	uint8_t *buf;
	size_t n;
	struct linux_selfreport r;
	char err[256];
};

FIXTURE_SETUP(stream)
{
	size_t len = make_json(self->json, sizeof(self->json), "0x01007efb", NULL, "\"KVM\"");

	self->buf = calloc(1, MAXBUF);
	ASSERT_NE(NULL, self->buf);
	self->n = make_stream(self->buf, self->json, len);
}

FIXTURE_TEARDOWN(stream)
{
	free(self->buf);
}

TEST_F(stream, good)
{
	ASSERT_EQ(0, linux_selfreport_decode(self->buf, self->n, &self->r, self->err,
					     sizeof(self->err))) TH_LOG("%s", self->err);
	EXPECT_EQ(0x01007efbu, self->r.eax);
	EXPECT_EQ(0x40000000u, self->r.kvm_base);
	EXPECT_EQ(612, self->r.model_version);
	EXPECT_STREQ("kvm-clock", self->r.seen.value[LD_CLOCKSOURCE]);
	EXPECT_NE(NULL, strstr(self->r.seen.evidence[LD_CLOCKSOURCE], "sysfs"));
	EXPECT_STREQ("KVM", self->r.seen.value[LD_HYPERVISOR]);
	EXPECT_STREQ("on", self->r.seen.value[LD_PV_EOI]);	/* its log only */
	EXPECT_EQ(0, strncmp(self->r.seen.evidence[LD_PV_EOI], "log: ", 5));
	EXPECT_EQ(LD_NR - 1, self->r.nr_agree);
	EXPECT_EQ(1, self->r.nr_unknown);
}

TEST_F(stream, nothing)
{
	EXPECT_EQ(-1, linux_selfreport_decode(self->buf, 0, &self->r, self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "no self-report frame"));
}

TEST_F(stream, garbage_before_the_start)
{
	uint8_t *g = malloc(self->n + 3);

	ASSERT_NE(NULL, g);
	memcpy(g, "ok\n", 3);
	memcpy(g + 3, self->buf, self->n);
	EXPECT_EQ(-1, linux_selfreport_decode(g, self->n + 3, &self->r, self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "garbage at byte 0")) TH_LOG("%s", self->err);
	free(g);
}

/* Every prefix of a good stream is refused, and says it was cut short. */
TEST_F(stream, every_truncation)
{
	size_t k;

	for (k = 1; k < self->n; k++) {
		ASSERT_EQ(-1, linux_selfreport_decode(self->buf, k, &self->r, self->err,
						      sizeof(self->err))) TH_LOG("prefix %zu", k);
		ASSERT_NE(NULL, strstr(self->err, "cut short")) TH_LOG("prefix %zu: %s", k, self->err);
		ASSERT_EQ(0u, self->r.eax);
	}
}

TEST_F(stream, bad_checksum)
{
	self->buf[sizeof(struct pvq_frame) + 40] ^= 0x20;
	EXPECT_EQ(-1, linux_selfreport_decode(self->buf, self->n, &self->r, self->err,
					      sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "checksum mismatch")) TH_LOG("%s", self->err);
}

TEST_F(stream, oversize_length)
{
	struct pvq_frame *h = (struct pvq_frame *)self->buf;

	h->len = PVQ_SELF_MAX + 1;
	EXPECT_EQ(-1, linux_selfreport_decode(self->buf, MAXBUF, &self->r, self->err,
					      sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "out of bounds")) TH_LOG("%s", self->err);
	h->len = 0;
	EXPECT_EQ(-1, linux_selfreport_decode(self->buf, self->n, &self->r, self->err,
					      sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "out of bounds")) TH_LOG("%s", self->err);
}

TEST_F(stream, bytes_after_the_end)
{
	self->buf[self->n] = 'x';
	EXPECT_EQ(-1, linux_selfreport_decode(self->buf, self->n + 1, &self->r, self->err,
					      sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "after the end")) TH_LOG("%s", self->err);
}

TEST_F(stream, wrong_kind_first)
{
	((struct pvq_frame *)self->buf)->kind = PVQ_KIND_PAGE;
	EXPECT_EQ(-1, linux_selfreport_decode(self->buf, self->n, &self->r, self->err,
					      sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "kind 1")) TH_LOG("%s", self->err);
}

/* A checksummed frame whose payload is not a self-report. */
static void bad_payload(struct __test_metadata *_metadata, const char *json, const char *want)
{
	static uint8_t buf[MAXBUF];
	struct linux_selfreport r;
	char err[256];
	size_t n = make_stream(buf, json, strlen(json));

	ASSERT_EQ(-1, linux_selfreport_decode(buf, n, &r, err, sizeof(err))) TH_LOG("%s", json);
	EXPECT_NE(NULL, strstr(err, want)) TH_LOG("want \"%s\", got \"%s\"", want, err);
	EXPECT_EQ(0, r.nr_agree);
}

TEST(bad_payloads)
{
	char json[8192];

	bad_payload(_metadata, "{\"command\": \"self\"", "not JSON");
	bad_payload(_metadata, "[1, 2]", "not a JSON object");
	bad_payload(_metadata, "{\"command\": \"explain\"}", "not \"self\"");
	bad_payload(_metadata, "{\"command\": \"self\", \"command\": \"self\"}", "not JSON");
	bad_payload(_metadata, "{\"command\": \"self\", \"cpuid\": 3}", "\"cpuid\" is not an object");
	make_json(json, sizeof(json), "0x1007efb", NULL, "\"KVM\"");
	bad_payload(_metadata, json, "not 0x and 8 hex digits");
	make_json(json, sizeof(json), "0x01007efb", "warp-drive", "\"KVM\"");
	bad_payload(_metadata, json, "is none pvprobe knows");
	make_json(json, sizeof(json), "0x01007efb", "hypervisor", "\"KVM\"");
	bad_payload(_metadata, json, "is there twice");
	make_json(json, sizeof(json), "0x01007efb", NULL, "\"KVM\\u0007\"");
	bad_payload(_metadata, json, "not printable");
	make_json(json, sizeof(json), "0x01007efb", NULL, "\"KVM\\u0000x\"");
	bad_payload(_metadata, json, "not allowed");
	make_json(json, sizeof(json), "0x01007efb", NULL,
		  "\"a value far longer than any decision's token can be\"");
	bad_payload(_metadata, json, "at most 31");
	make_json(json, sizeof(json), "0x01007efb", NULL, "7");
	bad_payload(_metadata, json, "not a string");
}

/* Random bytes, and random bytes behind a valid header, never crash. */
TEST(random_garbage)
{
	static uint8_t buf[4096];
	struct linux_selfreport r;
	char err[256];
	unsigned int seed = 1;
	int i;
	size_t k;

	for (i = 0; i < 2000; i++) {
		size_t n = rand_r(&seed) % sizeof(buf);

		for (k = 0; k < n; k++)
			buf[k] = rand_r(&seed);
		if (i & 1 && n > sizeof(struct pvq_frame) * 2) {
			struct pvq_frame h;
			size_t len = n - 2 * sizeof(h);

			linux_selfreport_header(&h, PVQ_KIND_SELF, buf + sizeof(h), len);
			memcpy(buf, &h, sizeof(h));
			linux_selfreport_header(&h, PVQ_KIND_END, NULL, 0);
			memcpy(buf + n - sizeof(h), &h, sizeof(h));
		}
		ASSERT_EQ(-1, linux_selfreport_decode(buf, n, &r, err, sizeof(err)));
		ASSERT_LT(strlen(err), sizeof(err));
	}
}

/*
 * The real /init, run here as an ordinary process (--stdout): its stream
 * decodes, and it read the same KVM leaves as this test does.
 */
TEST(real_init_stream)
{
	const char *init = getenv("PVPROBE_SELF_INIT");
	static uint8_t buf[MAXBUF];
	struct linux_selfreport r;
	char cmd[4200], err[256];
	unsigned int a, b, c, d;
	size_t n;
	FILE *p;
	int d_;

	ASSERT_NE(NULL, init) TH_LOG("PVPROBE_SELF_INIT is not set; run with meson test");
	snprintf(cmd, sizeof(cmd), "'%s' --stdout", init);
	p = popen(cmd, "r");
	ASSERT_NE(NULL, p);
	n = fread(buf, 1, sizeof(buf), p);
	ASSERT_EQ(0, WEXITSTATUS(pclose(p)));
	ASSERT_EQ(0, linux_selfreport_decode(buf, n, &r, err, sizeof(err))) TH_LOG("%s", err);
	__cpuid(0x40000000, a, b, c, d);
	if (b == 0x4b4d564b && r.kvm_base == 0x40000000) {	/* "KVMK" */
		__cpuid(0x40000001, a, b, c, d);
		EXPECT_EQ(a, r.eax);
	}
	for (d_ = 0; d_ < LD_NR; d_++)
		EXPECT_NE(0, r.model.value[d_][0]) TH_LOG("%s has no model value",
							   linux_decision_name(d_));
	EXPECT_EQ(LD_NR, r.nr_agree + r.nr_differ + r.nr_unknown);
}

/*
 * The static /init with a module directory (what pvprobe boot
 * --self-module puts in /modules): a file that is no module does not
 * load -- whatever the reason here (ENOEXEC as root, EPERM without
 * CAP_SYS_MODULE, ENOSYS in a kernel without modules) -- and the report
 * says so, with finit_module()'s reason, and goes on.
 */
TEST(real_init_reports_a_module_that_fails)
{
	const char *init = getenv("PVPROBE_SELF_INIT");
	static uint8_t buf[MAXBUF];
	char dir[] = "/tmp/pvprobe-mods.XXXXXX", cmd[4400], err[256], path[64];
	struct linux_selfreport r;
	size_t n;
	FILE *p;

	ASSERT_NE(NULL, init) TH_LOG("PVPROBE_SELF_INIT is not set; run with meson test");
	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/00-junk.ko", dir);
	p = fopen(path, "w");
	ASSERT_NE(NULL, p);
	fputs("not a module\n", p);
	fclose(p);
	snprintf(cmd, sizeof(cmd), "'%s' --stdout --modules '%s' 2>/dev/null", init, dir);
	p = popen(cmd, "r");
	ASSERT_NE(NULL, p);
	n = fread(buf, 1, sizeof(buf), p);
	EXPECT_EQ(0, WEXITSTATUS(pclose(p)));
	unlink(path);
	rmdir(dir);
	ASSERT_EQ(0, linux_selfreport_decode(buf, n, &r, err, sizeof(err))) TH_LOG("%s", err);
	ASSERT_EQ(1, r.nr_modules);
	EXPECT_STREQ("00-junk.ko", r.modules[0].file);
	EXPECT_EQ(0, r.modules[0].loaded);
	EXPECT_EQ(0, strncmp(r.modules[0].why, "finit_module: ", 14)) TH_LOG("%s", r.modules[0].why);
	/* without the msr driver: no MSRs, and the note says the module is why */
	if (strcmp(r.msr_state, "read"))
		EXPECT_NE(NULL, strstr(r.msr_note, "msr driver was not loaded")) TH_LOG("%s", r.msr_note);
}

TEST_HARNESS_MAIN
