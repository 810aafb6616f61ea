// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a Linux guest's console log says about its PV decisions.
 *
 * Each console line may start with a "[    0.123456] " timestamp (and a
 * "[    T1] " caller id), may end in "\r\n"; the lines printed before the
 * console registered can appear twice (early console, then the replay).
 * A decision is read from the line that states it; the order of the lines
 * does not matter except for the clocksource, where the last switch wins
 * (a replay repeats lines in order, so the last one is still the latest).
 *
 * Some decisions print a line only when they are on (PV TLB flush, PV sched
 * yield, PV IPIs, PV EOI, haltpoll, kvm-clock, "Hypervisor detected").
 * Those are "off" only when the log shows the guest got past the point
 * where the line would have been printed.  Linux 6.12 boot order
 * (init/main.c start_kernel(), arch/x86/kernel/setup.c setup_arch()):
 *
 *   setup_arch(): "Hypervisor detected: KVM", "kvm-clock: Using msrs ...",
 *     at its end kvm_guest_init(): "kvm-guest: APIC: eoi() replaced with
 *     kvm_guest_apic_eoi_write()" (since 6.6: 6.1 does not print it),
 *     "kvm-guest: KVM setup pv remote TLB flush", "kvm-guest: setup PV
 *     sched yield";
 *   smp_prepare_boot_cpu(): "kvm-guest: PV spinlocks ...";
 *   mm_core_init(), vfs_caches_init_early(): "Memory: ", "SLUB: HWalign=",
 *     "Dentry cache hash table entries", ...           -> PH_SETUP_ARCH
 *   late_time_init() -> apic_intr_mode_init() -> kvm_apic_init():
 *     "kvm-guest: setup PV IPIs";
 *   calibrate_delay(), pid_idr_init(), vfs_caches_init(), smp_init(),
 *     fs_initcall: "Calibrating delay", "pid_max: ", "smp: Brought up",
 *     "devtmpfs: initialized", "clocksource: Switched to" -> PH_APIC
 *   device_initcall: cpuidle-haltpoll.c haltpoll_init(): "cpuidle: using
 *     governor haltpoll", kvm.c arch_haltpoll_enable(): "kvm-guest: host
 *     does not support poll control";
 *   late_initcall and after: "registered taskstats version", "RAS:
 *     Correctable Errors collector initialized", "sched_clock: Marking
 *     stable", "Run /init as init process", ...       -> PH_INITCALLS
 *
 * The markers are pr_info() like the lines they stand for: with "quiet" or
 * a low loglevel= both are hidden and the decision stays unknown, rather
 * than "off".  (The root-mount panic lines are KERN_ERR/EMERG and are
 * not markers for that reason.)
 *
 * "cpuidle: using governor haltpoll" means "on" and the clocksource is the
 * last switch only once the log is past the initcalls: the poll control
 * complaint and the switch to tsc come after them.
 *
 * Steal time and async PF print only pr_debug() lines since 5.17 (kvm.c
 * kvm_register_steal_time(), kvm_guest_cpu_init()); they are "on" if
 * dynamic debug shows them, else unknown.  5.10 to 5.16 print them with
 * pr_info() ("kvm-guest: stealtime: cpu N, msr X", "kvm-guest: KVM setup
 * async PF for cpu N", 5.13 on without "KVM "), from
 * kvm_smp_prepare_boot_cpu() before kvm_spinlock_init(): there a missing
 * line past setup_arch() is "off".  The "APIC: eoi() replaced" line is
 * printed since 6.6 (apic_update_callback(), asm/apic.h): before, a
 * missing one proves nothing.
 *
 * Which version's lines are expected is the kernel's exact version (the
 * caller's, else the log's own "Linux version" line); unknown, none of
 * the version-bound absences is inferred.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "linux_log.h"

enum phase { PH_NONE, PH_SETUP_ARCH, PH_APIC, PH_INITCALLS };

static const struct {
	const char *prefix;
	enum phase ph;
} markers[] = {
	{ "Memory: ", PH_SETUP_ARCH },
	{ "SLUB: HWalign=", PH_SETUP_ARCH },
	{ "Dentry cache hash table entries", PH_SETUP_ARCH },
	{ "Inode-cache hash table entries", PH_SETUP_ARCH },
	{ "Calibrating delay", PH_APIC },
	{ "pid_max: ", PH_APIC },
	{ "Mount-cache hash table entries", PH_APIC },
	{ "Mountpoint-cache hash table entries", PH_APIC },
	{ "smp: Bringing up secondary CPUs", PH_APIC },
	{ "smp: Brought up ", PH_APIC },
	{ "devtmpfs: initialized", PH_APIC },
	{ "clocksource: Switched to clocksource ", PH_APIC },
	{ "registered taskstats version", PH_INITCALLS },
	{ "RAS: Correctable Errors collector initialized", PH_INITCALLS },
	{ "sched_clock: Marking stable", PH_INITCALLS },
	{ "Freeing unused kernel image", PH_INITCALLS },
	{ "Write protecting the kernel read-only data", PH_INITCALLS },
};

/* Lines that state a decision. */
static const struct {
	enum linux_decision d;
	const char *text;
	bool prefix;		/* the line goes on (a CPU number): match a prefix */
	const char *value;
} positives[] = {
	{ LD_KVMCLOCK, "kvm-clock: Using msrs 4b564d01 and 4b564d00", false, "new-msrs" },
	{ LD_KVMCLOCK, "kvm-clock: Using msrs 12 and 11", false, "old-msrs" },
	{ LD_STEAL_TIME, "kvm-guest: stealtime: cpu ", true, "on" },
	{ LD_ASYNC_PF, "kvm-guest: setup async PF for cpu ", true, "on" },
	{ LD_ASYNC_PF, "kvm-guest: KVM setup async PF for cpu ", true, "on" },	/* 5.10-5.12 */
	{ LD_PV_EOI, "kvm-guest: APIC: eoi() replaced with kvm_guest_apic_eoi_write()", false, "on" },
	{ LD_PV_EOI, "APIC: eoi() replaced with kvm_guest_apic_eoi_write()", false, "on" },
	{ LD_PV_TLB_FLUSH, "kvm-guest: KVM setup pv remote TLB flush", false, "on" },
	{ LD_PV_SCHED_YIELD, "kvm-guest: setup PV sched yield", false, "on" },
	{ LD_PV_IPI, "kvm-guest: setup PV IPIs", false, "on" },
	{ LD_PV_SPINLOCKS, "kvm-guest: PV spinlocks enabled", false, "on" },
	{ LD_PV_SPINLOCKS, "kvm-guest: PV spinlocks disabled with KVM_HINTS_REALTIME hints", false, "off-realtime" },
	{ LD_PV_SPINLOCKS, "kvm-guest: PV spinlocks disabled, single CPU", false, "off-single-cpu" },
	{ LD_PV_SPINLOCKS, "kvm-guest: PV spinlocks disabled, forced by \"nopvspin\" parameter", false, "off-nopvspin" },
	{ LD_PV_SPINLOCKS, "kvm-guest: PV spinlocks disabled, no host support", false, "off-no-host-support" },
	/* arch_haltpoll_enable() runs after the driver registered: it wins over "on". */
	{ LD_HALTPOLL, "cpuidle: using governor haltpoll", false, "on" },
	{ LD_HALTPOLL, "kvm-guest: host does not support poll control", false, "on-no-poll-control" },
};

/* Decisions that are "off" when their line is missing past a phase. */
static const struct {
	enum linux_decision d;
	enum phase ph;
	const char *family;	/* any line starting so blocks the inference */
	const char *missing;	/* what the evidence says is missing */
	const char *value;
	int min_version, max_version;	/* major * 100 + minor; 0: any */
} absences[] = {
	{ LD_HYPERVISOR, PH_SETUP_ARCH, "Hypervisor detected", "Hypervisor detected:", "none", 0, 0 },
	{ LD_KVMCLOCK, PH_SETUP_ARCH, "kvm-clock: Using msrs", "kvm-clock: Using msrs", "off", 0, 0 },
	{ LD_STEAL_TIME, PH_SETUP_ARCH, "kvm-guest: stealtime:", "kvm-guest: stealtime: cpu 0", "off", 510, 516 },
	{ LD_ASYNC_PF, PH_SETUP_ARCH, "kvm-guest: KVM setup async", "kvm-guest: KVM setup async PF for cpu 0", "off", 510, 512 },
	{ LD_ASYNC_PF, PH_SETUP_ARCH, "kvm-guest: setup async", "kvm-guest: setup async PF for cpu 0", "off", 513, 516 },
	{ LD_PV_EOI, PH_SETUP_ARCH, "APIC: eoi() replaced with kvm_", "APIC: eoi() replaced with kvm_guest_apic_eoi_write()", "off", 606, 0 },
	{ LD_PV_TLB_FLUSH, PH_SETUP_ARCH, "kvm-guest: KVM setup pv remote", "kvm-guest: KVM setup pv remote TLB flush", "off", 0, 0 },
	{ LD_PV_SCHED_YIELD, PH_SETUP_ARCH, "kvm-guest: setup PV sched", "kvm-guest: setup PV sched yield", "off", 0, 0 },
	{ LD_PV_SPINLOCKS, PH_SETUP_ARCH, "kvm-guest: PV spinlocks", "kvm-guest: PV spinlocks", "off", 0, 0 },
	{ LD_PV_IPI, PH_APIC, "kvm-guest: setup PV IP", "kvm-guest: setup PV IPIs", "off", 0, 0 },
	{ LD_HALTPOLL, PH_INITCALLS, "cpuidle: using governor haltpoll", "cpuidle: using governor haltpoll", "off", 0, 0 },
};

#define NR(a) (sizeof(a) / sizeof((a)[0]))

struct span {
	const char *p;
	size_t n;
};

struct scan {
	struct span line[LD_NR];	/* the line that set the decision */
	int which[LD_NR];		/* index into positives[], -1: none */
	bool family[NR(absences)];
	struct span hv, hv_line;	/* "Hypervisor detected: X": X */
	struct span cs, cs_line;	/* the last "Switched to clocksource X": X */
	enum phase phase;		/* the furthest point the log shows */
	struct span phase_line[PH_INITCALLS + 1];	/* the first line past each point */
	int version;			/* "Linux version X.Y": X * 100 + Y, 0: unknown */
};

static bool starts(const struct span *m, const char *s)
{
	size_t k = strlen(s);

	return m->n >= k && !memcmp(m->p, s, k);
}

static bool equals(const struct span *m, const char *s)
{
	size_t k = strlen(s), i;

	if (!starts(m, s))
		return false;
	for (i = k; i < m->n; i++)
		if (m->p[i] != ' ' && m->p[i] != '\t' && m->p[i] != '\r')
			return false;
	return true;
}

/* The message: without "[    0.123456] " and a "[    T1] " caller id. */
static struct span message(const char *p, size_t n)
{
	struct span m = { p, n };
	int k;

	while (m.n && (*m.p == '\r' || *m.p == ' '))
		m.p++, m.n--;
	for (k = 0; k < 2; k++) {
		size_t j;

		if (!m.n || m.p[0] != '[')
			break;
		for (j = 1; j < m.n && j < 32 && m.p[j] != ']'; j++)
			if (!((m.p[j] >= '0' && m.p[j] <= '9') || m.p[j] == ' ' || m.p[j] == '.' ||
			      m.p[j] == 'T' || m.p[j] == 'C'))
				return m;
		if (j >= m.n || m.p[j] != ']')
			break;
		m.p += j + 1;
		m.n -= j + 1;
		if (m.n && m.p[0] == ' ')
			m.p++, m.n--;
	}
	return m;
}

/* The rest of @m after @prefix, up to white space if @word; trimmed. */
static struct span rest(const struct span *m, const char *prefix, bool word)
{
	size_t k = strlen(prefix), e;
	struct span r = { m->p + k, m->n - k };

	while (r.n && (*r.p == ' ' || *r.p == '\t'))
		r.p++, r.n--;
	for (e = 0; e < r.n; e++)
		if (word && (r.p[e] == ' ' || r.p[e] == '\t' || r.p[e] == '\r'))
			break;
	r.n = e;
	while (r.n && (r.p[r.n - 1] == ' ' || r.p[r.n - 1] == '\t' || r.p[r.n - 1] == '\r'))
		r.n--;
	return r;
}

/* The log shows the boot past @ph (and so past every earlier point). */
static void reached(struct scan *st, enum phase ph, const struct span *line)
{
	int p;

	for (p = PH_SETUP_ARCH; p <= (int)ph; p++)
		if (!st->phase_line[p].p)
			st->phase_line[p] = *line;
	if (ph > st->phase)
		st->phase = ph;
}

static void scan_line(struct scan *st, const char *p, size_t n, bool complete)
{
	struct span raw = { p, n }, m = message(p, n), m2 = m;
	size_t i;

	for (i = 0; i < NR(markers); i++)
		if (starts(&m, markers[i].prefix))
			reached(st, markers[i].ph, &raw);
	/* "Run /init as init process" (init/main.c run_init_process()) */
	if (starts(&m, "Run ") && m.n < 512 && memmem(m.p, m.n, " as init process", 16))
		reached(st, PH_INITCALLS, &raw);

	for (i = 0; i < NR(positives); i++) {
		enum linux_decision d = positives[i].d;
		bool hit = positives[i].prefix ? starts(&m, positives[i].text) :
						 equals(&m, positives[i].text);

		if (!hit)
			continue;
		/* First line wins, but "no poll control" overrides "on". */
		if (st->which[d] < 0 ||
		    (d == LD_HALTPOLL && strcmp(positives[i].value, "on") &&
		     !strcmp(positives[st->which[d]].value, "on"))) {
			st->which[d] = (int)i;
			st->line[d] = raw;
		}
	}
	/* 6.12 prints the EOI line with kvm.c's "kvm-guest: " prefix. */
	if (starts(&m, "kvm-guest: ")) {
		m2.p += 11;
		m2.n -= 11;
	}
	for (i = 0; i < NR(absences); i++)
		if (starts(&m, absences[i].family) || starts(&m2, absences[i].family))
			st->family[i] = true;

	/* Lines that carry a value: not from a line that may be cut short. */
	if (!complete)
		return;
	if (!st->hv.p && starts(&m, "Hypervisor detected: ")) {
		struct span r = rest(&m, "Hypervisor detected: ", false);

		if (r.n) {
			st->hv = r;
			st->hv_line = raw;
		}
	}
	if (starts(&m, "clocksource: Switched to clocksource ")) {
		struct span r = rest(&m, "clocksource: Switched to clocksource ", true);

		if (r.n) {
			st->cs = r;
			st->cs_line = raw;
		}
	}
	if (!st->version && starts(&m, "Linux version ")) {
		struct span r = rest(&m, "Linux version ", true);
		int major = 0, minor = 0;
		size_t j = 0;

		while (j < r.n && r.p[j] >= '0' && r.p[j] <= '9' && major < 1000)
			major = major * 10 + (r.p[j++] - '0');
		if (j && j < r.n && r.p[j] == '.') {
			size_t j0 = ++j;

			while (j < r.n && r.p[j] >= '0' && r.p[j] <= '9' && minor < 100)
				minor = minor * 10 + (r.p[j++] - '0');
			if (j > j0 && major > 0 && minor < 100)
				st->version = major * 100 + minor;
		}
	}
}

/* @s as printable ASCII ('?' for the rest), trimmed, truncated to @cap. */
static void clean(char *dst, size_t cap, const struct span *s)
{
	size_t i, o = 0, n = s->n;
	const char *p = s->p;

	while (n && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++, n--;
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	for (i = 0; i < n && o + 1 < cap; i++)
		dst[o++] = (p[i] >= 0x20 && p[i] < 0x7f) ? p[i] : '?';
	dst[o] = '\0';
}

void linux_log_parse(const char *log, size_t len, struct linux_view *out)
{
	linux_log_parse_version(log, len, 0, out);
}

void linux_log_parse_version(const char *log, size_t len, int version, struct linux_view *out)
{
	struct scan st;
	char value[LD_VALUE_MAX], line[LD_EVIDENCE_MAX], ev[LD_EVIDENCE_MAX + 128];
	size_t pos = 0, i;

	memset(out, 0, sizeof(*out));
	if (!log)
		return;
	memset(&st, 0, sizeof(st));
	for (i = 0; i < LD_NR; i++)
		st.which[i] = -1;

	while (pos < len) {
		const char *nl = memchr(log + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - log) : len;

		scan_line(&st, log + pos, end - pos, nl != NULL);
		pos = end + 1;
	}

	for (i = 0; i < LD_NR; i++) {
		if (st.which[i] < 0)
			continue;
		/*
		 * "using governor haltpoll" is followed at once by the poll
		 * control complaint if there is one: "on" only once the log
		 * got past haltpoll_init().
		 */
		if (i == LD_HALTPOLL && !strcmp(positives[st.which[i]].value, "on") &&
		    st.phase < PH_INITCALLS)
			continue;
		clean(line, sizeof(line), &st.line[i]);
		linux_view_set(out, (enum linux_decision)i, positives[st.which[i]].value, line);
	}
	if (st.hv.p) {
		clean(value, sizeof(value), &st.hv);
		clean(line, sizeof(line), &st.hv_line);
		if (value[0])
			linux_view_set(out, LD_HYPERVISOR, value, line);
	}
	/* tsc replaces kvm-clock or tsc-early at device_initcall: wait for the end. */
	if (st.cs.p && st.phase >= PH_INITCALLS) {
		clean(value, sizeof(value), &st.cs);
		clean(line, sizeof(line), &st.cs_line);
		if (value[0])
			linux_view_set(out, LD_CLOCKSOURCE, value, line);
	}

	if (version <= 0)
		version = st.version;
	for (i = 0; i < NR(absences); i++) {
		enum linux_decision d = absences[i].d;

		if (out->value[d][0] || st.family[i] || st.phase < absences[i].ph)
			continue;
		if (absences[i].min_version && version < absences[i].min_version)
			continue;
		if (absences[i].max_version && (!version || version > absences[i].max_version))
			continue;
		clean(line, sizeof(line), &st.phase_line[absences[i].ph]);
		snprintf(ev, sizeof(ev), "no \"%.80s\" before: %s", absences[i].missing, line);
		linux_view_set(out, d, absences[i].value, ev);
	}
}
