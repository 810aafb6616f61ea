/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The output options of every command, from the one format table
 * (vmm/report/format.c): --json, --tap, --markdown choose stdout's format,
 * --jsonl FILE and --svg FILE add a file.  A command gives its own long
 * options; cli_output_init() appends the ones of its formats, and its
 * getopt loop hands every option to cli_output_opt() first.
 */
#ifndef PVPROBE_CLI_OUTPUT_H
#define PVPROBE_CLI_OUTPUT_H

#include <getopt.h>
#include <stdio.h>

#include "format.h"

/* getopt_long()'s value for --FORMAT: above every short option's. */
#define CLI_OUTPUT_VAL(fmt)	(0x300 + (fmt))
#define CLI_MAX_OPTS		48

struct cli_output {
	const char *cmd;			/* for messages */
	enum report_cmd id;
	enum out_format fmt;			/* stdout's: OUT_TEXT unless one was given */
	unsigned int given;			/* stdout's formats given, a bit each */
	const char *file[OUT_NR_FORMATS];	/* a format written to a file: its name */
	struct option opts[CLI_MAX_OPTS];	/* @own, then the formats' */
};

/*
 * Start parsing command @cmd (@id in the format table) whose own long
 * options are @own (ending in a NULL row).  Returns the long options to
 * give getopt_long(): @own and then @id's formats.
 */
const struct option *cli_output_init(struct cli_output *o, const char *cmd, enum report_cmd id,
				     const struct option *own);

/* Was getopt's @c (with @arg) an output option?  1: taken; 0: not one. */
int cli_output_opt(struct cli_output *o, int c, const char *arg);

/*
 * After the options: two of stdout's formats exclude each other.  0, or
 * PV_EXIT_USAGE after "pvprobe CMD: --json and --tap exclude each other".
 */
int cli_output_check(const struct cli_output *o);

/*
 * Every option of a command that has only output formats and --help
 * (@help prints its text): 0 to go on with o->fmt, or 1 when the command
 * is over, with its exit code in *@rc (PV_EXIT_OK after --help,
 * PV_EXIT_USAGE after a message).
 */
int cli_output_only(struct cli_output *o, const char *cmd, enum report_cmd id, int argc,
		    char **argv, void (*help)(FILE *f), int *rc);

#endif /* PVPROBE_CLI_OUTPUT_H */
