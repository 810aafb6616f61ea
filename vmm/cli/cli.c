// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pvprobe_exit.h"

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pvprobe %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'pvprobe %s --help'.\n", cmd);
	return PV_EXIT_USAGE;
}

static int known_val(int v, const char *shortopts, const struct option *longopts)
{
	const struct option *o;

	if (v > 0 && v < 256 && strchr(shortopts, v))
		return 1;
	for (o = longopts; o->name; o++)
		if (o->val == v)
			return 1;
	return 0;
}

int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts,
	       const struct option *longopts)
{
	const char *arg;
	int c;

	opterr = 0;
	/* Leading ':' makes a missing value return ':' rather than '?'. */
	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	if (c != '?' && c != ':')
		return c;
	arg = optind > 0 && optind <= argc ? argv[optind - 1] : "?";
	if (c == ':')
		cli_usage_error(cmd, "option '%s' needs a value", arg);
	else if (!optopt)
		cli_usage_error(cmd, "unknown option '%s'", arg);
	else if (known_val(optopt, shortopts, longopts))
		cli_usage_error(cmd, "option '%s' takes no value", arg);
	else
		cli_usage_error(cmd, "unknown option '-%c'", optopt);
	return '?';
}

int cli_parse_uint(const char *cmd, const char *opt, const char *s,
		   unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	if (!*s || !isdigit((unsigned char)*s))
		return cli_usage_error(cmd, "%s '%s': not a number (give %lu to %lu)",
				       opt, s, min, max);
	v = strtoul(s, &end, 10);
	if (errno || *end)
		return cli_usage_error(cmd, "%s '%s': not a number (give %lu to %lu)",
				       opt, s, min, max);
	if (v < min || v > max)
		return cli_usage_error(cmd, "%s %s: out of range (give %lu to %lu)",
				       opt, s, min, max);
	*out = v;
	return 0;
}

int cli_no_operands(const char *cmd, int argc, char **argv)
{
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return 0;
}
