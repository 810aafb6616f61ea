// SPDX-License-Identifier: GPL-2.0-only
/*
 * The facts of a bug report's files for pvprobe explain (self.h): a CPUID
 * dump (cpuid -r, cpuid -1 -r, pvprobe JSON: cpuid_dump.c) and a kernel
 * log (dmesg, journalctl -k: linux_log_text.c).  Both are untrusted: a
 * bad one is refused with the file and the line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid_dump.h"
#include "linux_log.h"
#include "self.h"

#define FILE_MAX	(64u << 20)

/* @path whole, NUL-terminated, malloc'd; NULL with @err. */
static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	char *p = NULL, *q;
	size_t n = 0, cap = 0, k;

	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 1 << 17;
			q = realloc(p, cap);
			if (!q) {
				snprintf(err, errlen, "%s: out of memory", path);
				goto fail;
			}
			p = q;
		}
		k = fread(p + n, 1, 65536, fp);
		n += k;
		if (n > FILE_MAX) {
			snprintf(err, errlen, "%s: more than %u MiB: not a dump or log", path, FILE_MAX >> 20);
			goto fail;
		}
		if (k < 65536)
			break;
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	fclose(fp);
	p[n] = '\0';
	*len = n;
	return p;
fail:
	fclose(fp);
	free(p);
	return NULL;
}

/* A log is text with at least one line the readers know. */
static int log_check(const char *path, const char *text, size_t len, const struct linux_log_facts *lf,
		     const char *norm, size_t nlen, char *err, size_t errlen)
{
	const char *nul = memchr(text, '\0', len);
	struct linux_view v;
	unsigned long line = 1;
	int d;

	if (nul) {
		const char *p;

		for (p = text; p < nul; p++)
			line += *p == '\n';
		snprintf(err, errlen, "%s:%lu: a NUL byte: not a dmesg or journalctl -k text", path, line);
		return -1;
	}
	if (!len) {
		snprintf(err, errlen, "%s:1: empty: no kernel log", path);
		return -1;
	}
	if (lf->release[0] || lf->cmdline_line || lf->online_cpus || lf->possible_cpus)
		return 0;
	linux_log_parse(norm, nlen, &v);
	for (d = 0; d < LD_NR; d++)
		if (v.value[d][0])
			return 0;
	snprintf(err, errlen, "%s:1: no kernel log line found (no \"Linux version\", \"Kernel command line:\", \"smp: Brought up\" or PV line): give dmesg or journalctl -k text",
		 path);
	return -1;
}

int self_collect_files(const struct explain_options *o, struct self_facts *f, char *err,
		       size_t errlen)
{
	static struct cpuid_dump dump;
	size_t len;
	char *text;

	memset(f, 0, sizeof(*f));
	f->command = "explain";
	text = slurp(o->cpuid_path, &len, err, errlen);
	if (!text)
		return -1;
	if (memchr(text, '\0', len)) {
		snprintf(err, errlen, "%s:1: a NUL byte: not a cpuid -r dump or pvprobe JSON", o->cpuid_path);
		free(text);
		return -1;
	}
	if (cpuid_dump_parse(text, o->cpuid_path, &dump, err, errlen)) {
		free(text);
		return -1;
	}
	free(text);
	f->cpuid = cpuid_dump_table(&dump);
	if (!f->cpuid) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	snprintf(f->cpuid_source, sizeof(f->cpuid_source), "%s (%s, %d entries%s)", o->cpuid_path,
		 dump.format, dump.nr, dump.nr_cpus > 1 ? ", the first CPU's" : "");

	text = slurp(o->log_path, &len, err, errlen);
	if (!text)
		goto fail;
	f->log = malloc(len + 1);
	if (!f->log) {
		free(text);
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	f->log_len = linux_log_text_normalize(text, len, f->log, len + 1, &f->log_facts);
	if (log_check(o->log_path, text, len, &f->log_facts, f->log, f->log_len, err, errlen)) {
		free(text);
		goto fail;
	}
	free(text);
	snprintf(f->log_source, sizeof(f->log_source), "%s", o->log_path);
	if (f->log_facts.starts_at_boot) {
		snprintf(f->log_note, sizeof(f->log_note), "%s: whole, from \"Linux version\" on (%lu lines)",
			 o->log_path, f->log_facts.lines);
	} else {
		f->log_truncated = true;
		snprintf(f->log_note, sizeof(f->log_note),
			 "%s:1: the first line is not the boot's \"Linux version\": wrapped or cut", o->log_path);
	}

	if (o->cmdline) {
		snprintf(f->cmdline, sizeof(f->cmdline), "%s", o->cmdline);
		snprintf(f->cmdline_source, sizeof(f->cmdline_source), "--cmdline");
	} else if (f->log_facts.cmdline_line) {
		snprintf(f->cmdline, sizeof(f->cmdline), "%s", f->log_facts.cmdline);
		snprintf(f->cmdline_source, sizeof(f->cmdline_source), "%s:%lu \"Kernel command line:\"",
			 o->log_path, f->log_facts.cmdline_line);
	} else {
		snprintf(f->cmdline_source, sizeof(f->cmdline_source), "none: no \"Kernel command line:\" in %s",
			 o->log_path);
	}

	if (o->nr_cpus) {
		f->nr_cpus = o->nr_cpus;
		snprintf(f->cpus_source, sizeof(f->cpus_source), "--cpus");
	} else if (f->log_facts.possible_cpus) {
		f->nr_cpus = f->log_facts.possible_cpus;
		snprintf(f->cpus_source, sizeof(f->cpus_source), "%s: setup_percpu nr_cpu_ids / \"Allowing N CPUs\"",
			 o->log_path);
	} else if (f->log_facts.online_cpus) {
		f->nr_cpus = f->log_facts.online_cpus;
		snprintf(f->cpus_source, sizeof(f->cpus_source), "%s: \"smp: Brought up ... N CPUs\"", o->log_path);
	} else if (dump.nr_cpus > 1) {
		f->nr_cpus = dump.nr_cpus;
		snprintf(f->cpus_source, sizeof(f->cpus_source), "%s: the CPUs in the dump", o->cpuid_path);
	} else {
		snprintf(f->cpus_source, sizeof(f->cpus_source), "unknown (give --cpus N): one CPU assumed");
	}
	f->online_cpus = f->log_facts.online_cpus;

	if (o->kernel_version) {
		snprintf(f->release, sizeof(f->release), "%s", o->kernel_version);
		snprintf(f->release_source, sizeof(f->release_source), "--kernel-version");
	} else if (f->log_facts.release[0]) {
		snprintf(f->release, sizeof(f->release), "%s", f->log_facts.release);
		snprintf(f->release_source, sizeof(f->release_source), "%s: \"Linux version\"", o->log_path);
	} else {
		snprintf(f->release_source, sizeof(f->release_source), "unknown: no \"Linux version\" in %s",
			 o->log_path);
	}
	f->msr_state = SELF_MSR_NOT_TRIED;
	snprintf(f->msr_note, sizeof(f->msr_note), "not in a bug report's files");
	return 0;
fail:
	self_facts_free(f);
	return -1;
}
