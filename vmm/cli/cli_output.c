// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_output.h"
#include "pvprobe_exit.h"

const struct option *cli_output_init(struct cli_output *o, const char *cmd, enum report_cmd id,
				     const struct option *own)
{
	int n = 0, i;

	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	o->id = id;
	o->fmt = OUT_TEXT;
	for (; own && own->name && n < CLI_MAX_OPTS - OUT_NR_FORMATS - 1; own++)
		o->opts[n++] = *own;
	if (own && own->name)
		abort();	/* CLI_MAX_OPTS is too small for this command: a bug */
	for (i = 0; i < OUT_NR_FORMATS; i++) {
		if (!out_formats[i].option || !out_supported(id, i))
			continue;
		o->opts[n++] = (struct option){
			out_formats[i].option,
			out_formats[i].arg ? required_argument : no_argument,
			NULL, CLI_OUTPUT_VAL(i),
		};
	}
	return o->opts;
}

int cli_output_opt(struct cli_output *o, int c, const char *arg)
{
	int fmt = c - CLI_OUTPUT_VAL(0);

	if (fmt < 0 || fmt >= OUT_NR_FORMATS || !out_supported(o->id, fmt))
		return 0;
	if (out_formats[fmt].arg) {
		o->file[fmt] = arg;	/* the last one given, as for any option */
		return 1;
	}
	o->given |= 1u << fmt;
	o->fmt = fmt;
	return 1;
}

int cli_output_check(const struct cli_output *o)
{
	int a, b;

	for (a = 0; a < OUT_NR_FORMATS; a++) {
		if (!(o->given & (1u << a)))
			continue;
		for (b = a + 1; b < OUT_NR_FORMATS; b++)
			if (o->given & (1u << b))
				return cli_usage_error(o->cmd, "--%s and --%s exclude each other",
						       out_formats[a].option, out_formats[b].option);
	}
	return 0;
}

int cli_output_only(struct cli_output *o, const char *cmd, enum report_cmd id, int argc,
		    char **argv, void (*help)(FILE *f), int *rc)
{
	static const struct option own[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct option *opts = cli_output_init(o, cmd, id, own);
	int c;

	while ((c = cli_getopt(cmd, argc, argv, ":h", opts)) != -1) {
		if (cli_output_opt(o, c, optarg))
			continue;
		if (c == 'h') {
			help(stdout);
			*rc = PV_EXIT_OK;
			return 1;
		}
		*rc = PV_EXIT_USAGE;
		return 1;
	}
	if (cli_no_operands(cmd, argc, argv) || cli_output_check(o)) {
		*rc = PV_EXIT_USAGE;
		return 1;
	}
	return 0;
}
