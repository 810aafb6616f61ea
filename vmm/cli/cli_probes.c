// SPDX-License-Identifier: GPL-2.0-only
/* pvprobe probes: every probe check runs, what it does, what gates it. */
#include <stdio.h>

#include "cli.h"
#include "cli_output.h"
#include "probes_report.h"
#include "pvprobe_exit.h"

static void probes_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe probes %s\n"
		"\n"
		"List every probe 'pvprobe check' runs: its name (as --expect takes it),\n"
		"what the guest does, and the feature that gates it.  Needs no KVM.\n",
		out_usage(REPORT_PROBES, usage, sizeof(usage)));
	out_help(f, REPORT_PROBES);
}

int cmd_probes(int argc, char **argv)
{
	struct cli_output out;
	int rc;

	if (cli_output_only(&out, "probes", REPORT_PROBES, argc, argv, probes_help, &rc))
		return rc;
	probes_render(out.fmt, stdout);
	return PV_EXIT_OK;
}
