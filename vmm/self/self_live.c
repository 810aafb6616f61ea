// SPDX-License-Identifier: GPL-2.0-only
/*
 * The facts of the running system for pvprobe self (self.h): CPUID from
 * user space, the kernel log, /proc/cmdline, sysfs, uname and, with root
 * and the msr module, the PV MSRs.  Nothing here needs /dev/kvm.  Every
 * file read is input: bounded, and a missing one is said, not fatal.
 */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "self.h"

#define LOG_MAX		(32u << 20)	/* bytes of kernel log kept */
#define TABLE_MAX	1024		/* CPUID entries */
#define SYSFS		"/sys/devices/system/"

static void add(struct kvm_cpuid2 *c, uint32_t fn)
{
	struct kvm_cpuid_entry2 *e;
	unsigned int a, b, cx, d;

	if (c->nent >= TABLE_MAX)
		return;
	__cpuid_count(fn, 0, a, b, cx, d);
	e = &c->entries[c->nent++];
	memset(e, 0, sizeof(*e));
	e->function = fn;
	e->eax = a;
	e->ebx = b;
	e->ecx = cx;
	e->edx = d;
}

/*
 * The leaves the decisions read, as this CPU returns them: the basic and
 * extended ranges (subleaf 0), and every hypervisor base 0x40000000-
 * 0x4000ff00 as the seed's hypervisor_cpuid_base() scans them, with the
 * leaves above a base whose EAX says it has them.
 */
static struct kvm_cpuid2 *cpuid_table(void)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + TABLE_MAX * sizeof(c->entries[0]));
	unsigned int max, a, b, cx, d;
	uint32_t fn, base;

	if (!c)
		return NULL;
	__cpuid(0, max, b, cx, d);
	for (fn = 0; fn <= max && fn < 0x80; fn++)
		add(c, fn);
	for (base = 0x40000000; base < 0x40010000; base += 0x100) {
		__cpuid(base, a, b, cx, d);
		add(c, base);
		if (a > base && a - base < 0x100 && (b || cx || d))
			for (fn = base + 1; fn <= a && fn < base + 0x20; fn++)
				add(c, fn);
	}
	__cpuid(0x80000000, max, b, cx, d);
	for (fn = 0x80000000; (max & 0xffff0000) == 0x80000000 && fn <= max && fn < 0x80000040; fn++)
		add(c, fn);
	return c;
}

/* The first line of @path into @buf (newline cut): 0, or -1 with errno. */
static int read_line(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	char *nl;

	buf[0] = '\0';
	if (!fp)
		return -1;
	if (!fgets(buf, (int)size, fp))
		buf[0] = '\0';
	fclose(fp);
	nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
	return 0;
}

/* The CPUs in a cpulist ("0-3,8"), or 0. */
static int cpulist_count(const char *s)
{
	long a, b, n = 0;
	char *end;

	while (*s) {
		a = strtol(s, &end, 10);
		if (end == s || a < 0)
			return 0;
		b = a;
		if (*end == '-') {
			s = end + 1;
			b = strtol(s, &end, 10);
			if (end == s || b < a)
				return 0;
		}
		n += b - a + 1;
		if (n > 1000000)
			return 0;
		s = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return 0;
	}
	return (int)n;
}

struct buf {
	char *p;
	size_t n, cap;
};

static int buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1 << 16;
		char *p;

		while (cap < b->n + n + 1)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

/*
 * /dev/kmsg without blocking (Documentation/ABI/testing/dev-kmsg): one
 * record per read(), "PRI,SEQ,USEC,FLAGS;message", continuation lines
 * (" KEY=VALUE") after it; EPIPE: records were overwritten while reading;
 * EAGAIN: no more.  A first record with SEQ > 0: the ring buffer wrapped.
 */
static int read_kmsg(struct self_facts *f, struct buf *b)
{
	static char rec[8192];
	char line[64];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC), first = 1, lost = 0;

	if (fd < 0)
		return -1;
	while (b->n < LOG_MAX) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		unsigned long long seq, usec;
		char *semi, *nl;
		int pri;

		if (n < 0 && errno == EPIPE) {
			lost = 1;
			continue;
		}
		if (n <= 0)
			break;
		rec[n] = '\0';
		semi = strchr(rec, ';');
		if (!semi || sscanf(rec, "%d,%llu,%llu", &pri, &seq, &usec) != 3)
			continue;
		if (first && seq > 0) {
			f->log_truncated = true;
			snprintf(f->log_note, sizeof(f->log_note),
				 "/dev/kmsg: the first record kept is #%llu: the ring buffer wrapped", seq);
		}
		first = 0;
		nl = strchr(semi + 1, '\n');
		if (nl)
			*nl = '\0';
		n = snprintf(line, sizeof(line), "[%5llu.%06llu] ", usec / 1000000, usec % 1000000);
		if (buf_put(b, line, (size_t)n) || buf_put(b, semi + 1, strlen(semi + 1)) ||
		    buf_put(b, "\n", 1))
			break;
	}
	close(fd);
	if (first)
		return -1;
	if (lost && !f->log_truncated) {
		f->log_truncated = true;
		snprintf(f->log_note, sizeof(f->log_note), "/dev/kmsg: records were overwritten while reading");
	}
	snprintf(f->log_source, sizeof(f->log_source), "/dev/kmsg");
	return 0;
}

/* A command's output (with an outer timeout: nothing hangs). */
static int read_command(struct self_facts *f, struct buf *b, const char *cmd, const char *name)
{
	char chunk[4096];
	FILE *p = popen(cmd, "r");
	size_t n;

	if (!p)
		return -1;
	while (b->n < LOG_MAX && (n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		if (buf_put(b, chunk, n))
			break;
	pclose(p);
	if (!b->n)
		return -1;
	snprintf(f->log_source, sizeof(f->log_source), "%s", name);
	return 0;
}

static void read_log(struct self_facts *f)
{
	struct buf b = { NULL, 0, 0 };
	int kmsg_errno = 0;

	if (read_kmsg(f, &b)) {
		kmsg_errno = errno;
		b.n = 0;
		if (read_command(f, &b, "timeout 10 dmesg 2>/dev/null", "dmesg")) {
			b.n = 0;
			read_command(f, &b, "timeout 10 journalctl -k -b -q --no-pager 2>/dev/null",
				     "journalctl -k");
		}
	}
	if (!b.n) {
		snprintf(f->log_source, sizeof(f->log_source), "none");
		snprintf(f->log_note, sizeof(f->log_note),
			 "/dev/kmsg: %s; dmesg and journalctl -k gave nothing", strerror(kmsg_errno));
		free(b.p);
		return;
	}
	f->log = malloc(b.n + 1);
	if (f->log)
		f->log_len = linux_log_text_normalize(b.p, b.n, f->log, b.n + 1, &f->log_facts);
	free(b.p);
	if (!f->log_truncated && !f->log_facts.starts_at_boot) {
		f->log_truncated = true;
		snprintf(f->log_note, sizeof(f->log_note),
			 "%.60s: the first line is not the boot's \"Linux version\": wrapped or cut", f->log_source);
	} else if (!f->log_truncated) {
		snprintf(f->log_note, sizeof(f->log_note), "%.60s: whole, from \"Linux version\" on (%lu lines)",
			 f->log_source, f->log_facts.lines);
	}
	if (b.n >= LOG_MAX && !f->log_truncated) {
		f->log_truncated = true;
		snprintf(f->log_note, sizeof(f->log_note), "%.60s: cut at %u MiB", f->log_source, LOG_MAX >> 20);
	}
}

/* The PV MSRs of every online CPU through the msr driver (arch/x86/kernel/msr.c). */
static void read_msrs(struct self_facts *f, int possible)
{
	int cpu, tried = 0;

	f->msr_state = SELF_MSR_UNAVAILABLE;
	for (cpu = 0; cpu < possible && f->msr_cpus < SELF_MAX_CPUS; cpu++) {
		struct boot_msrs *m = &f->msrs[f->msr_cpus];
		char path[48];
		int fd, i;

		snprintf(path, sizeof(path), "/dev/cpu/%d/msr", cpu);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			if (!tried++)
				snprintf(f->msr_note, sizeof(f->msr_note), "%s: %s%s", path, strerror(errno),
					 errno == ENOENT ? " (the msr module is not loaded: modprobe msr)" :
					 errno == EACCES || errno == EPERM ? " (needs root, CAP_SYS_RAWIO)" : "");
			if (errno == ENOENT && cpu == 0)
				return;
			continue;
		}
		memset(m, 0, sizeof(*m));
		f->msr_cpu[f->msr_cpus] = cpu;
		for (i = 0; i < BM_NR; i++) {
			uint64_t v;
			ssize_t n = pread(fd, &v, sizeof(v), boot_msr_index(i));

			/* a #GP on the read (the MSR not given to this guest) is EIO */
			if (n == (ssize_t)sizeof(v)) {
				m->read[i] = 1;
				m->value[i] = v;
			} else {
				f->msr_errno[f->msr_cpus][i] = n < 0 ? errno : EIO;
			}
		}
		close(fd);
		f->msr_cpus++;
	}
	if (f->msr_cpus) {
		f->msr_state = SELF_MSR_READ;
		snprintf(f->msr_note, sizeof(f->msr_note), "read through /dev/cpu/N/msr on %d CPUs",
			 f->msr_cpus);
	}
}

int self_collect_live(struct self_facts *f, bool no_msr, char *err, size_t errlen)
{
	struct utsname u;
	char line[512];
	int possible;

	memset(f, 0, sizeof(*f));
	f->command = "self";
	f->cpuid = cpuid_table();
	if (!f->cpuid) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(f->cpuid_source, sizeof(f->cpuid_source), "the CPUID instruction (CPU %d)",
		 sched_getcpu());
	read_log(f);

	if (read_line("/proc/cmdline", f->cmdline, sizeof(f->cmdline)) == 0)
		snprintf(f->cmdline_source, sizeof(f->cmdline_source), "/proc/cmdline");
	else
		snprintf(f->cmdline_source, sizeof(f->cmdline_source), "/proc/cmdline: %s",
			 strerror(errno));
	possible = read_line(SYSFS "cpu/possible", line, sizeof(line)) ? 0 : cpulist_count(line);
	f->nr_cpus = possible;
	snprintf(f->cpus_source, sizeof(f->cpus_source), "%s", possible ?
		 SYSFS "cpu/possible" : "unknown (no " SYSFS "cpu/possible)");
	if (!read_line(SYSFS "cpu/online", line, sizeof(line)))
		f->online_cpus = cpulist_count(line);
	if (!uname(&u)) {
		snprintf(f->release, sizeof(f->release), "%s", u.release);
		snprintf(f->release_source, sizeof(f->release_source), "uname -r");
	}
	read_line(SYSFS "clocksource/clocksource0/current_clocksource", f->clocksource,
		  sizeof(f->clocksource));
	read_line(SYSFS "clocksource/clocksource0/available_clocksource", f->clocksources,
		  sizeof(f->clocksources));
	read_line(SYSFS "cpu/cpuidle/current_driver", f->cpuidle_driver, sizeof(f->cpuidle_driver));
	/* sysfs pads the list with a space */
	for (size_t n = strlen(f->clocksources); n && f->clocksources[n - 1] == ' '; n--)
		f->clocksources[n - 1] = '\0';

	if (no_msr) {
		f->msr_state = SELF_MSR_NOT_TRIED;
		snprintf(f->msr_note, sizeof(f->msr_note), "not read (--no-msr)");
	} else {
		read_msrs(f, possible ? possible : 1);
	}
	return 0;
}
