// SPDX-License-Identifier: GPL-2.0-only
/*
 * A saved kernel log in the console form, and the boot facts it states
 * (linux_log_text.h).  The lines read are printed by Linux itself:
 *
 *   init/main.c start_kernel(): "Linux version ..." (linux_banner) and
 *     "Kernel command line: ...";
 *   mm/percpu.c pcpu_embed_first_chunk() via setup_per_cpu_areas():
 *     "setup_percpu: NR_CPUS:%d nr_cpumask_bits:%d nr_cpu_ids:%u ..."
 *     (nr_cpu_ids: the possible CPUs, the count the PV decisions read);
 *   arch/x86/kernel/cpu/topology.c: "CPU topo: Allowing %u present CPUs
 *     plus %u hotplug CPUs" (6.9+), smpboot.c before: "smpboot: Allowing
 *     %d CPUs, %d hotplug CPUs";
 *   kernel/smp.c smp_init(): "smp: Brought up %d node(s), %d CPU(s)".
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "linux_log_text.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * journalctl -k puts "TIME HOST kernel: " in front of each message
 * ("Dec 02 20:00:00 host kernel: ", "2026-12-02T20:00:00+0000 host
 * kernel: ", short-monotonic "[    0.1] host kernel: ").  The length of
 * that prefix, or 0: a prefix is one time (with a digit and a ':' or a
 * ']') and one host name (no '[', ']' or ':'), within the first 128 bytes.
 */
static size_t journal_prefix(const char *p, size_t n)
{
	const char *k = n > 8 ? memmem(p, n < 160 ? n : 160, " kernel: ", 9) : NULL;
	size_t at, h, i;
	bool digit = false, mark = false;

	if (!k || (size_t)(k - p) > 128 || k == p)
		return 0;
	at = k - p;
	/* the host name: the last word before " kernel: " */
	for (h = at; h > 0 && p[h - 1] != ' '; h--)
		if (p[h - 1] == '[' || p[h - 1] == ']' || p[h - 1] == ':')
			return 0;
	if (h == at || h < 2)
		return 0;
	for (i = 0; i + 1 < h; i++) {
		digit |= is_digit(p[i]);
		mark |= p[i] == ':' || p[i] == ']';
	}
	if (!digit || !mark)
		return 0;
	/* short-monotonic and short-precise keep the "[ time] " as dmesg has it */
	if (p[0] == '[' && memchr(p, ']', h))
		return (size_t)-1;
	return at + 9;
}

int linux_log_text_version(const char *s)
{
	int major = 0, minor = 0, i = 0, j;

	while (is_digit(s[i]) && major < 1000)
		major = major * 10 + (s[i++] - '0');
	if (!i || s[i] != '.')
		return 0;
	j = ++i;
	while (is_digit(s[i]) && minor < 100)
		minor = minor * 10 + (s[i++] - '0');
	if (i == j || minor >= 100 || major <= 0 || major >= 1000)
		return 0;
	return major * 100 + minor;
}

/* The message of a console line: without "[ time] " and "[ T1] ". */
static const char *message(const char *p, const char *end)
{
	int k;

	for (k = 0; k < 2 && p < end && *p == '['; k++) {
		const char *q = memchr(p, ']', end - p < 32 ? end - p : 32);

		if (!q)
			break;
		p = q + 1;
		if (p < end && *p == ' ')
			p++;
	}
	return p;
}

static bool starts(const char *p, const char *end, const char *s)
{
	size_t k = strlen(s);

	return (size_t)(end - p) >= k && !memcmp(p, s, k);
}

/* A decimal number at *@p (advanced past it), or -1. */
static long number(const char **p, const char *end)
{
	long v = 0;
	const char *q = *p;

	if (q >= end || !is_digit(*q))
		return -1;
	while (q < end && is_digit(*q) && v < 1000000)
		v = v * 10 + (*q++ - '0');
	*p = q;
	return v < 1000000 ? v : -1;
}

static void copy_rest(char *dst, size_t cap, const char *p, const char *end)
{
	size_t n, i;

	while (p < end && *p == ' ')
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\r' || end[-1] == '\t'))
		end--;
	n = (size_t)(end - p) < cap - 1 ? (size_t)(end - p) : cap - 1;
	for (i = 0; i < n; i++)
		dst[i] = (p[i] >= 0x20 && p[i] < 0x7f) ? p[i] : '?';
	dst[n] = '\0';
}

static void facts_line(struct linux_log_facts *f, const char *line, const char *end,
		       bool complete)
{
	const char *m = message(line, end), *q;
	long v;

	if (f->lines == 1)
		f->starts_at_boot = starts(m, end, "Linux version ") ||
				    starts(line, end, "[    0.000000]");
	if (!complete)
		return;
	if (!f->release[0] && starts(m, end, "Linux version ")) {
		const char *r = m + 14, *e = r;

		while (e < end && *e != ' ' && *e != '\r' && e - r < 64)
			e++;
		copy_rest(f->release, sizeof(f->release), r, e);
		f->version = linux_log_text_version(f->release);
	}
	if (!f->cmdline_line && starts(m, end, "Kernel command line:")) {
		copy_rest(f->cmdline, sizeof(f->cmdline), m + 20, end);
		f->cmdline_line = f->lines;
	}
	if (starts(m, end, "setup_percpu: ")) {
		q = memmem(m, end - m, "nr_cpu_ids:", 11);
		if (q) {
			q += 11;
			v = number(&q, end);
			if (v > 0)
				f->possible_cpus = (int)v;
		}
	}
	/* possible = present + hotplug (a fallback: nr_cpu_ids comes first) */
	q = starts(m, end, "CPU topo: Allowing ") ? m + 19 :
	    starts(m, end, "smpboot: Allowing ") ? m + 18 : NULL;
	if (!f->possible_cpus && q) {
		long hot;

		v = number(&q, end);
		while (q < end && !is_digit(*q))
			q++;
		hot = number(&q, end);
		if (v > 0 && hot >= 0 && v + hot < 100000)
			f->possible_cpus = (int)(v + hot);
	}
	if (starts(m, end, "smp: Brought up ")) {
		q = m + 16;
		if (number(&q, end) >= 0 && (q = memchr(q, ',', end - q))) {
			q++;
			while (q < end && *q == ' ')
				q++;
			v = number(&q, end);
			if (v > 0 && starts(q, end, " CPU"))
				f->online_cpus = (int)v;
		}
	}
}

size_t linux_log_text_normalize(const char *log, size_t len, char *out, size_t cap,
				struct linux_log_facts *f)
{
	size_t pos = 0, o = 0;

	memset(f, 0, sizeof(*f));
	if (!out || !cap)
		return 0;
	while (log && pos < len && o + 1 < cap) {
		const char *p = log + pos, *nl = memchr(p, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - p) : len - pos, cut = journal_prefix(p, n);
		size_t start = o, k, skip = cut;

		if (cut == (size_t)-1) {
			/* "[ time] host kernel: msg" -> "[ time] msg" */
			size_t head = (size_t)((const char *)memchr(p, ']', n) - p) + 1;

			skip = (size_t)((const char *)memmem(p, n, " kernel: ", 9) - p) + 9;
			k = head < cap - 1 - o ? head : cap - 1 - o;
			memcpy(out + o, p, k);
			o += k;
			if (o + 1 < cap)
				out[o++] = ' ';
		}
		f->lines++;
		k = n - skip < cap - 1 - o ? n - skip : cap - 1 - o;
		memcpy(out + o, p + skip, k);
		o += k;
		facts_line(f, out + start, out + o, nl != NULL && k == n - skip);
		if (nl && o + 1 < cap)
			out[o++] = '\n';
		pos += n + 1;
	}
	out[o] = '\0';
	return o;
}
