// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "format.h"
#include "ktap.h"

const struct out_format_desc out_formats[OUT_NR_FORMATS] = {
	[OUT_TEXT] = {
		.help = {
			[REPORT_HOST] = "", [REPORT_GUEST] = "", [REPORT_CHECK] = "",
			[REPORT_SWEEP] = "", [REPORT_REPLAY] = "", [REPORT_BISECT] = "",
			[REPORT_CPUID_VERIFY] = "", [REPORT_PROBES] = "", [REPORT_BOOT] = "",
			[REPORT_FEATURES] = "", [REPORT_SELF] = "", [REPORT_EXPLAIN] = "",
		},
	},
	[OUT_JSON] = {
		.option = "json",
		.help = {
			[REPORT_HOST] =
			"  --json      one JSON object: backend, eax, edx, capabilities, features\n",
			[REPORT_GUEST] =
			"      --json        one JSON object\n",
			[REPORT_CHECK] =
			"      --json        {\"config\", \"probes\": [{\"probe\", \"expected\", \"observed\",\n"
			"                    \"verdict\", \"reason\"}], \"mismatches\"}\n",
			[REPORT_REPLAY] =
			"      --json        {\"replay\", \"guest\", \"check\"}\n",
			[REPORT_BISECT] =
			"      --json        {\"result\", \"good\", \"bad\", \"probe\", \"differing_bits\",\n"
			"                    \"bits\", \"pair\", \"rows\", \"runs\", \"reproduce\", ...}\n",
			[REPORT_CPUID_VERIFY] =
			"      --json        one JSON object\n",
			[REPORT_PROBES] = "",
			[REPORT_BOOT] =
			"      --json          one JSON object\n",
			[REPORT_FEATURES] = "",
			[REPORT_SELF] =
			"      --json          one JSON object: cpuid, kernel, decisions\n",
			[REPORT_EXPLAIN] =
			"      --json          one JSON object: cpuid, kernel, decisions\n",
		},
	},
	[OUT_TAP] = {
		.option = "tap",
		.help = {
			[REPORT_CHECK] =
			"      --tap         KTAP, one test point per probe, deviations as XFAIL\n",
			[REPORT_BOOT] =
			"      --tap           KTAP, one test point per decision\n",
			[REPORT_SELF] =
			"      --tap           KTAP, one test point per decision, unknown as SKIP\n",
			[REPORT_EXPLAIN] =
			"      --tap           KTAP, one test point per decision, unknown as SKIP\n",
		},
	},
	[OUT_MARKDOWN] = {
		.option = "markdown",
		.help = { [REPORT_PROBES] = "", [REPORT_FEATURES] = "" },
	},
	[OUT_JSONL] = {
		.option = "jsonl",
		.arg = "FILE",
		.help = {
			[REPORT_SWEEP] =
			"  --jsonl FILE   each mismatch as one JSON line with its 'reproduce' command\n"
			"                 (- for stdout)\n",
		},
	},
	[OUT_SVG] = {
		.option = "svg",
		.arg = "FILE",
		.help = {
			[REPORT_SWEEP] =
			"  --svg FILE     the feature x probe matrix as an SVG heat map\n",
		},
	},
};

int out_supported(enum report_cmd cmd, enum out_format fmt)
{
	return fmt < OUT_NR_FORMATS && cmd < REPORT_NR_CMDS && out_formats[fmt].help[cmd];
}

void out_help(FILE *f, enum report_cmd cmd)
{
	int i;

	for (i = 0; i < OUT_NR_FORMATS; i++)
		if (out_supported(cmd, i))
			fputs(out_formats[i].help[cmd], f);
}

const char *out_usage(enum report_cmd cmd, char *buf, size_t len)
{
	size_t used = 0;
	int i, n = 0;

	buf[0] = '\0';
	/* stdout's formats exclude each other: one bracket */
	for (i = 0; i < OUT_NR_FORMATS; i++)
		if (out_formats[i].option && !out_formats[i].arg && out_supported(cmd, i))
			used += snprintf(buf + used, used < len ? len - used : 0, "%s--%s",
					 n++ ? " | " : "[", out_formats[i].option);
	if (n)
		used += snprintf(buf + used, used < len ? len - used : 0, "]");
	for (i = 0; i < OUT_NR_FORMATS; i++)
		if (out_formats[i].arg && out_supported(cmd, i))
			used += snprintf(buf + used, used < len ? len - used : 0, "%s[--%s %s]",
					 used ? " " : "", out_formats[i].option, out_formats[i].arg);
	return buf;
}

void out_skip_all(enum out_format fmt, const char *reason, FILE *f)
{
	if (fmt == OUT_TAP)
		ktap_skip_all(f, reason);
}
