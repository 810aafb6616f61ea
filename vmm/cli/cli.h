/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared by the subcommands of the pvprobe CLI. */
#ifndef PVPROBE_CLI_H
#define PVPROBE_CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

int cmd_host(int argc, char **argv);
int cmd_guest(int argc, char **argv);
int cmd_features(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_probes(int argc, char **argv);
int cmd_cpuid_verify(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_bisect(int argc, char **argv);
int cmd_boot(int argc, char **argv);
int cmd_self(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_qemu(int argc, char **argv);

/* Print "pvprobe CMD: MESSAGE" and a pointer to --help; returns PV_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * getopt_long() for a subcommand with our own error messages: returns the
 * option, or -1 at the end, or '?' after printing what was wrong.
 */
int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
	       const struct option *longopts);

/* A decimal number in [min, max] for option @opt; 0 or PV_EXIT_USAGE. */
int cli_parse_uint(const char *cmd, const char *opt, const char *s,
		   unsigned long min, unsigned long max, unsigned long *out);

/* Reject positional arguments left after the options. */
int cli_no_operands(const char *cmd, int argc, char **argv);

#endif /* PVPROBE_CLI_H */
