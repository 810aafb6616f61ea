// SPDX-License-Identifier: GPL-2.0-only
/* pvprobe features: the PV feature table itself, no KVM needed. */
#include <stdio.h>

#include "cli.h"
#include "cli_output.h"
#include "features_report.h"
#include "pvprobe_exit.h"

static void features_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe features %s\n"
		"\n"
		"Print pvprobe's PV feature table: for each bit of CPUID 0x40000001 eax and\n"
		"edx, its canonical name, the names --mask/--hints accept, the QEMU -cpu\n"
		"property, the MSRs and hypercalls KVM gates on it, and what a Linux guest\n"
		"uses it for.  Needs no KVM.\n", out_usage(REPORT_FEATURES, usage, sizeof(usage)));
	out_help(f, REPORT_FEATURES);
}

int cmd_features(int argc, char **argv)
{
	struct cli_output out;
	int rc;

	if (cli_output_only(&out, "features", REPORT_FEATURES, argc, argv, features_help, &rc))
		return rc;
	features_render(out.fmt, stdout);
	return PV_EXIT_OK;
}
