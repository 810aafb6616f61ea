/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The output formats, in one table: each format's option, the --help
 * lines of every command that has it, and so which commands have it.
 * The option parser (vmm/cli/cli_output.c) and every command's --help
 * and usage line are made from this table; each command's renderer
 * (vmm/report/<command>_report.c, one *_render() entry) switches on the
 * format.  Adding a format is a row here and a case in the renderer of
 * each command that has it (README.md, "Add an output format").
 */
#ifndef PVPROBE_FORMAT_H
#define PVPROBE_FORMAT_H

#include <stddef.h>
#include <stdio.h>

enum out_format {
	OUT_TEXT,	/* for people; the default, no option */
	OUT_JSON,	/* one JSON value */
	OUT_TAP,	/* KTAP, one test point per row (vmm/util/ktap.c) */
	OUT_MARKDOWN,	/* a table for the READMEs */
	OUT_JSONL,	/* to FILE: one JSON line per mismatch, then the totals */
	OUT_SVG,	/* to FILE: a picture */
	OUT_NR_FORMATS,
};

/* The commands that print a result (vmm/main.c's table has them all). */
enum report_cmd {
	REPORT_HOST,
	REPORT_GUEST,
	REPORT_CHECK,
	REPORT_SWEEP,
	REPORT_REPLAY,
	REPORT_BISECT,
	REPORT_CPUID_VERIFY,
	REPORT_PROBES,
	REPORT_BOOT,
	REPORT_FEATURES,
	REPORT_SELF,
	REPORT_EXPLAIN,
	REPORT_NR_CMDS,
};

struct out_format_desc {
	const char *option;	/* --OPTION (NULL for OUT_TEXT) */
	/*
	 * NULL: the format of stdout (at most one per run); "FILE": written
	 * to that file, beside stdout's format.
	 */
	const char *arg;
	/* Each command's --help lines for it ("" for none); NULL: the command has no such format. */
	const char *help[REPORT_NR_CMDS];
};

extern const struct out_format_desc out_formats[OUT_NR_FORMATS];

/* Does @cmd have format @fmt? */
int out_supported(enum report_cmd cmd, enum out_format fmt);

/* @cmd's --help lines for its formats, in table order. */
void out_help(FILE *f, enum report_cmd cmd);

/* @cmd's formats for a usage line: "[--json | --tap]", "[--jsonl FILE] [--svg FILE]". */
const char *out_usage(enum report_cmd cmd, char *buf, size_t len);

/*
 * A run that skips as a whole, in format @fmt on @f: KTAP's "1..0 # SKIP
 * reason" (a CI runner counts it as a skip, not an error); the other
 * formats print nothing, the reason goes to stderr.
 */
void out_skip_all(enum out_format fmt, const char *reason, FILE *f);

#endif /* PVPROBE_FORMAT_H */
