// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console log reader (vmm/linux/linux_log.c): Linux 6.12 and 6.1 boot logs
 * as pvprobe's VMM shows them ($PVPROBE_TEST_DATA/linux-log: timestamps,
 * "\r\n", the early lines twice, the root-mount panic), logs that stop
 * early or hide pr_info() lines, and hostile bytes.  A decision is only
 * "off" when the log got past the point where its line would have been
 * printed; nothing is read from a line that is not the kernel's.
 */
#include "kselftest_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux_guest.h"
#include "linux_log.h"

/* $PVPROBE_TEST_DATA/linux-log/@file, malloc'd (not NUL-terminated: *len). */
static char *read_log(struct __test_metadata *_metadata, const char *file, size_t *len)
{
	const char *dir = getenv("PVPROBE_TEST_DATA");
	char path[4096];
	char *text;
	FILE *f;
	long n;

	ASSERT_NE(NULL, dir) TH_LOG("PVPROBE_TEST_DATA (tests/data) is not set; run with meson test");
	snprintf(path, sizeof(path), "%s/linux-log/%s", dir, file);
	f = fopen(path, "rb");
	ASSERT_NE(NULL, f) TH_LOG("cannot open %s", path);
	ASSERT_EQ(0, fseek(f, 0, SEEK_END));
	n = ftell(f);
	ASSERT_GT(n, 0);
	rewind(f);
	text = malloc(n);
	ASSERT_NE(NULL, text);
	ASSERT_EQ((size_t)n, fread(text, 1, n, f));
	fclose(f);
	*len = n;
	return text;
}

/* Every value and evidence NUL-terminated, printable ASCII. */
static void check_view(struct __test_metadata *_metadata, const struct linux_view *v)
{
	int d;
	const char *s;

	for (d = 0; d < LD_NR; d++) {
		ASSERT_NE(NULL, memchr(v->value[d], '\0', LD_VALUE_MAX));
		ASSERT_NE(NULL, memchr(v->evidence[d], '\0', LD_EVIDENCE_MAX));
		for (s = v->value[d]; *s; s++)
			ASSERT_TRUE(*s >= 0x20 && *s < 0x7f);
		for (s = v->evidence[d]; *s; s++)
			ASSERT_TRUE(*s >= 0x20 && *s < 0x7f);
		/* a value always comes with the line it was read from */
		EXPECT_EQ(!v->value[d][0], !v->evidence[d][0]) TH_LOG("%s", linux_decision_name(d));
	}
}

static struct linux_view parse_file(struct __test_metadata *_metadata, const char *file)
{
	struct linux_view v;
	size_t len;
	char *log = read_log(_metadata, file, &len);

	memset(&v, 0x5a, sizeof(v));
	linux_log_parse(log, len, &v);
	free(log);
	check_view(_metadata, &v);
	return v;
}

static struct linux_view parse_str(struct __test_metadata *_metadata, const char *s)
{
	struct linux_view v;
	size_t n = strlen(s);
	char *copy = malloc(n ? n : 1);	/* exact size: no NUL to lean on */

	memcpy(copy, s, n);
	memset(&v, 0x5a, sizeof(v));
	linux_log_parse(copy, n, &v);
	free(copy);
	check_view(_metadata, &v);
	return v;
}

#define V(d)	(v.value[LD_##d])
#define W(d)	(v.evidence[LD_##d])

TEST(all_on_612)
{
	struct linux_view v = parse_file(_metadata, "612-all-on.log");

	EXPECT_STREQ("KVM", V(HYPERVISOR));
	EXPECT_STREQ("new-msrs", V(KVMCLOCK));
	EXPECT_STREQ("", V(STEAL_TIME));	/* pr_debug only */
	EXPECT_STREQ("", V(ASYNC_PF));
	EXPECT_STREQ("on", V(PV_EOI));
	EXPECT_STREQ("on", V(PV_TLB_FLUSH));
	EXPECT_STREQ("on", V(PV_SCHED_YIELD));
	EXPECT_STREQ("on", V(PV_IPI));
	EXPECT_STREQ("on", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(HALTPOLL));
	EXPECT_STREQ("tsc", V(CLOCKSOURCE));	/* the last switch, not kvm-clock */
	EXPECT_STREQ("[    0.004521] kvm-guest: setup PV sched yield", W(PV_SCHED_YIELD));
	EXPECT_TRUE(strstr(W(HALTPOLL), "registered taskstats version 1") != NULL)
		TH_LOG("%s", W(HALTPOLL));
}

TEST(realtime_612)
{
	struct linux_view v = parse_file(_metadata, "612-realtime.log");

	EXPECT_STREQ("KVM", V(HYPERVISOR));
	EXPECT_STREQ("off-realtime", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(PV_TLB_FLUSH));
	EXPECT_STREQ("off", V(PV_SCHED_YIELD));
	EXPECT_STREQ("on", V(PV_IPI));
	EXPECT_STREQ("on", V(PV_EOI));
	EXPECT_STREQ("on-no-poll-control", V(HALTPOLL));
	EXPECT_TRUE(strstr(W(HALTPOLL), "host does not support poll control") != NULL);
	EXPECT_TRUE(strstr(W(PV_TLB_FLUSH), "Dentry cache hash table entries") != NULL)
		TH_LOG("%s", W(PV_TLB_FLUSH));
}

TEST(single_cpu_612)
{
	struct linux_view v = parse_file(_metadata, "612-single-cpu.log");

	EXPECT_STREQ("off-single-cpu", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(PV_TLB_FLUSH));
	EXPECT_STREQ("off", V(PV_SCHED_YIELD));
	EXPECT_STREQ("off", V(PV_IPI));
	EXPECT_TRUE(strstr(W(PV_IPI), "Calibrating delay") != NULL) TH_LOG("%s", W(PV_IPI));
	EXPECT_STREQ("kvm-clock", V(CLOCKSOURCE));
}

TEST(no_kvm_612)
{
	struct linux_view v = parse_file(_metadata, "612-no-kvm.log");

	EXPECT_STREQ("none", V(HYPERVISOR));
	EXPECT_STREQ("off", V(KVMCLOCK));
	EXPECT_STREQ("off", V(PV_EOI));
	EXPECT_STREQ("off", V(PV_TLB_FLUSH));
	EXPECT_STREQ("off", V(PV_SCHED_YIELD));
	EXPECT_STREQ("off", V(PV_IPI));
	EXPECT_STREQ("off", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(HALTPOLL));
	EXPECT_STREQ("tsc-early", V(CLOCKSOURCE));
	EXPECT_STREQ("", V(STEAL_TIME));
	EXPECT_STREQ("", V(ASYNC_PF));
}

TEST(old_msrs_612)
{
	struct linux_view v = parse_file(_metadata, "612-old-msrs.log");

	EXPECT_STREQ("old-msrs", V(KVMCLOCK));
	EXPECT_STREQ("off-no-host-support", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(PV_EOI));
	EXPECT_STREQ("kvm-clock", V(CLOCKSOURCE));
}

/* Linux 6.1 never prints the eoi() replacement: PV EOI stays unknown. */
TEST(all_on_61)
{
	struct linux_view v = parse_file(_metadata, "61-all-on.log");

	EXPECT_STREQ("KVM", V(HYPERVISOR));
	EXPECT_STREQ("", V(PV_EOI));
	EXPECT_STREQ("on", V(PV_TLB_FLUSH));
	EXPECT_STREQ("on", V(PV_IPI));
	EXPECT_STREQ("on", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(HALTPOLL));
	EXPECT_STREQ("tsc", V(CLOCKSOURCE));
}

/* "quiet": the panic is there, no pr_info() line is; nothing is "off". */
TEST(quiet)
{
	struct linux_view v = parse_file(_metadata, "612-quiet.log");
	int d;

	for (d = 0; d < LD_NR; d++)
		EXPECT_STREQ("", v.value[d]) TH_LOG("%s", linux_decision_name(d));
}

/* Cut off in setup_arch() just after the TLB flush line, mid-line. */
TEST(truncated_in_setup_arch)
{
	struct linux_view v = parse_file(_metadata, "612-truncated.log");

	EXPECT_STREQ("KVM", V(HYPERVISOR));
	EXPECT_STREQ("new-msrs", V(KVMCLOCK));
	EXPECT_STREQ("on", V(PV_EOI));
	EXPECT_STREQ("on", V(PV_TLB_FLUSH));
	EXPECT_STREQ("", V(PV_SCHED_YIELD));
	EXPECT_STREQ("", V(PV_SPINLOCKS));
	EXPECT_STREQ("", V(PV_IPI));
	EXPECT_STREQ("", V(HALTPOLL));
	EXPECT_STREQ("", V(CLOCKSOURCE));
}

/* The same file cut at every byte: never a value the full log lacks or contradicts. */
TEST(every_prefix_of_a_log)
{
	struct linux_view full, v;
	size_t len, n;
	char *log = read_log(_metadata, "612-realtime.log", &len);
	int d;

	linux_log_parse(log, len, &full);
	for (n = 0; n <= len; n += 7) {
		char *cut = malloc(n ? n : 1);

		memcpy(cut, log, n);
		linux_log_parse(cut, n, &v);
		free(cut);
		for (d = 0; d < LD_NR; d++) {
			if (!v.value[d][0] || d == LD_CLOCKSOURCE)
				continue;
			ASSERT_STREQ(full.value[d], v.value[d])
				TH_LOG("%s after %zu bytes", linux_decision_name(d), n);
		}
	}
	free(log);
}

TEST(line_forms)
{
	struct linux_view v;

	/* no timestamp, LF only */
	v = parse_str(_metadata, "kvm-guest: setup PV IPIs\n");
	EXPECT_STREQ("on", V(PV_IPI));
	EXPECT_STREQ("kvm-guest: setup PV IPIs", W(PV_IPI));
	/* timestamp with a caller id, CR LF, trailing blanks */
	v = parse_str(_metadata, "[    0.021514][    T0] kvm-guest: setup PV IPIs  \r\n");
	EXPECT_STREQ("on", V(PV_IPI));
	/* CR CR LF, and LF CR */
	v = parse_str(_metadata, "[    0.1] kvm-guest: PV spinlocks enabled\r\r\n\r[    0.2] Hypervisor detected: KVM\r\n");
	EXPECT_STREQ("on", V(PV_SPINLOCKS));
	EXPECT_STREQ("KVM", V(HYPERVISOR));
	/* not at the start of the message: not the kernel's line */
	v = parse_str(_metadata, "[    0.1] Kernel command line: x kvm-guest: setup PV IPIs\n");
	EXPECT_STREQ("", V(PV_IPI));
	v = parse_str(_metadata, "[    0.1] xen: PV spinlocks enabled\n[    0.2] Hyper-V: PV spinlocks enabled\n");
	EXPECT_STREQ("", V(PV_SPINLOCKS));
	/* longer than the kernel's line: not it */
	v = parse_str(_metadata, "kvm-guest: setup PV IPIsX\n");
	EXPECT_STREQ("", V(PV_IPI));
	/* the 6.12 eoi line, and without kvm.c's prefix */
	v = parse_str(_metadata, "[    0.0] APIC: eoi() replaced with kvm_guest_apic_eoi_write()\n");
	EXPECT_STREQ("on", V(PV_EOI));
	/* dynamic debug shows steal time and async PF */
	v = parse_str(_metadata, "[ 0.1] kvm-guest: stealtime: cpu 0, msr 7fc2c040\n"
			"[ 0.1] kvm-guest: setup async PF for cpu 0\n");
	EXPECT_STREQ("on", V(STEAL_TIME));
	EXPECT_STREQ("on", V(ASYNC_PF));
	/* haltpoll: the governor line, "on" once past the initcalls */
	v = parse_str(_metadata, "[ 1.0] cpuidle: using governor haltpoll\n");
	EXPECT_STREQ("", V(HALTPOLL));
	v = parse_str(_metadata, "[ 1.0] cpuidle: using governor haltpoll\n"
			"[ 1.1] registered taskstats version 1\n");
	EXPECT_STREQ("on", V(HALTPOLL));
	/* ... and "no poll control" wins over it, in either order */
	v = parse_str(_metadata, "[ 1.0] kvm-guest: host does not support poll control\n"
			"[ 1.0] cpuidle: using governor haltpoll\n");
	EXPECT_STREQ("on-no-poll-control", V(HALTPOLL));
	/* other hypervisors' names as printed */
	v = parse_str(_metadata, "[    0.000000] Hypervisor detected: Microsoft Hyper-V\n");
	EXPECT_STREQ("Microsoft Hyper-V", V(HYPERVISOR));
}

TEST(duplicates_and_order)
{
	struct linux_view v;

	v = parse_str(_metadata,
		"[ 0.0] Hypervisor detected: KVM\n"
		"[ 0.0] Hypervisor detected: KVM\n"
		"[ 0.1] clocksource: Switched to clocksource kvm-clock\n"
		"[ 0.5] clocksource: Switched to clocksource tsc\n"
		"[ 0.0] Hypervisor detected: KVM\n"
		"[ 0.1] clocksource: Switched to clocksource kvm-clock\n"
		"[ 0.5] clocksource: Switched to clocksource tsc\n"
		"[ 0.6] RAS: Correctable Errors collector initialized.\n");
	EXPECT_STREQ("KVM", V(HYPERVISOR));
	EXPECT_STREQ("tsc", V(CLOCKSOURCE));
	EXPECT_STREQ("[ 0.5] clocksource: Switched to clocksource tsc", W(CLOCKSOURCE));
}

/* "off" needs a marker past the point, and only from 6.6 on for PV EOI. */
TEST(off_needs_a_marker)
{
	struct linux_view v;

	v = parse_str(_metadata, "[ 0.0] Hypervisor detected: KVM\n"
			"[ 0.0] kvm-clock: Using msrs 4b564d01 and 4b564d00\n");
	EXPECT_STREQ("", V(PV_TLB_FLUSH));
	EXPECT_STREQ("", V(PV_SPINLOCKS));
	v = parse_str(_metadata, "[ 0.0] Hypervisor detected: KVM\n"
			"[ 0.0] Memory: 207340K/261624K available\n");
	EXPECT_STREQ("off", V(PV_TLB_FLUSH));
	EXPECT_STREQ("off", V(PV_SCHED_YIELD));
	EXPECT_STREQ("off", V(KVMCLOCK));
	EXPECT_STREQ("off", V(PV_SPINLOCKS));
	EXPECT_STREQ("", V(PV_EOI));		/* no "Linux version": maybe 6.1 */
	EXPECT_STREQ("", V(PV_IPI));		/* later */
	EXPECT_STREQ("", V(HALTPOLL));		/* later still */
	v = parse_str(_metadata, "[ 0.0] Linux version 6.12.117+deb12-cloud-amd64 (x)\n"
			"[ 0.0] Memory: 207340K/261624K available\n");
	EXPECT_STREQ("off", V(PV_EOI));
	EXPECT_STREQ("none", V(HYPERVISOR));
	v = parse_str(_metadata, "[ 0.0] Linux version 6.5.0 (x)\n"
			"[ 0.0] Memory: 207340K/261624K available\n");
	EXPECT_STREQ("", V(PV_EOI));
	/* the spinlock family seen but cut short: not "off" */
	v = parse_str(_metadata, "[ 0.0] kvm-guest: PV spinlocks disa\n"
			"[ 0.0] Memory: 207340K/261624K available\n");
	EXPECT_STREQ("", V(PV_SPINLOCKS));
	/* a late marker implies the earlier points */
	v = parse_str(_metadata, "[ 2.0] Run /init as init process\n");
	EXPECT_STREQ("off", V(PV_IPI));
	EXPECT_STREQ("off", V(HALTPOLL));
	EXPECT_STREQ("none", V(HYPERVISOR));
}

TEST(hostile_inputs)
{
	static const char nul_line[] = "[ 0.0] kvm-guest: setup PV\0IPIs\n[ 0.0] Hypervisor detected: K\0VM\n";
	struct linux_view v;
	size_t big = 100 * 1024, i;
	char *buf;

	/* nothing at all */
	memset(&v, 0x5a, sizeof(v));
	linux_log_parse(NULL, 10, &v);
	check_view(_metadata, &v);
	EXPECT_STREQ("", V(HYPERVISOR));
	v = parse_str(_metadata, "");
	EXPECT_STREQ("", V(HYPERVISOR));

	/* NULs inside lines: no match on either side of them; the value is cleaned */
	memset(&v, 0, sizeof(v));
	linux_log_parse(nul_line, sizeof(nul_line) - 1, &v);
	check_view(_metadata, &v);
	EXPECT_STREQ("", V(PV_IPI));
	EXPECT_STREQ("K?VM", V(HYPERVISOR));

	/* no newline at the end: a cut-short value line is not read */
	v = parse_str(_metadata, "[ 0.0] Run /init as init process\n[ 0.0] clocksource: Switched to clocksource ts");
	EXPECT_STREQ("", V(CLOCKSOURCE));
	v = parse_str(_metadata, "[ 0.0] Hypervisor detected: KV");
	EXPECT_STREQ("", V(HYPERVISOR));
	v = parse_str(_metadata, "[ 0.0] kvm-guest: setup PV IP");
	EXPECT_STREQ("", V(PV_IPI));
	/* ... but a whole line is */
	v = parse_str(_metadata, "[ 0.0] kvm-guest: setup PV IPIs");
	EXPECT_STREQ("on", V(PV_IPI));

	/* a 100 KB line, then real lines; and a 100 KB value */
	buf = malloc(big + 256);
	ASSERT_NE(NULL, buf);
	memset(buf, 'A', big);
	i = big;
	i += sprintf(buf + i, "\nkvm-guest: setup PV IPIs\n");
	memset(&v, 0, sizeof(v));
	linux_log_parse(buf, i, &v);
	check_view(_metadata, &v);
	EXPECT_STREQ("on", V(PV_IPI));
	i = sprintf(buf, "Hypervisor detected: ");
	memset(buf + i, 'B', big);
	buf[i + big] = '\n';
	linux_log_parse(buf, i + big + 1, &v);
	check_view(_metadata, &v);
	EXPECT_EQ(LD_VALUE_MAX - 1, strlen(V(HYPERVISOR)));
	EXPECT_EQ(LD_EVIDENCE_MAX - 1, strlen(W(HYPERVISOR)));

	/* a long "[" prefix that is not a timestamp */
	memset(buf, '[', big);
	memcpy(buf + big, "] kvm-guest: setup PV IPIs\n", 27);
	linux_log_parse(buf, big + 27, &v);
	check_view(_metadata, &v);
	EXPECT_STREQ("", V(PV_IPI));

	/* every byte value, as lines: nothing read */
	for (i = 0; i < 256 * 64; i++)
		buf[i] = (char)(i % 64 == 63 ? '\n' : (i * 7 + i / 64) & 0xff);
	linux_log_parse(buf, 256 * 64, &v);
	check_view(_metadata, &v);
	for (i = 0; i < LD_NR; i++)
		EXPECT_STREQ("", v.value[i]);
	free(buf);

	/* only newlines and CRs */
	v = parse_str(_metadata, "\n\n\r\n\r\r\r\n");
	EXPECT_STREQ("", V(HYPERVISOR));
}

/* The version parser: a bogus "Linux version" does not enable the EOI rule. */
TEST(version_line)
{
	struct linux_view v;

	v = parse_str(_metadata, "Linux version 99999999999999999999.12\nMemory: 1K\n");
	EXPECT_STREQ("", V(PV_EOI));
	v = parse_str(_metadata, "Linux version .12\nMemory: 1K\n");
	EXPECT_STREQ("", V(PV_EOI));
	v = parse_str(_metadata, "Linux version 7.0-rc1\nMemory: 1K\n");
	EXPECT_STREQ("off", V(PV_EOI));
}

TEST_HARNESS_MAIN
