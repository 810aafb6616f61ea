// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe replay FILE: program exactly the CPUID of a dump -- `cpuid -r`
 * from inside the guest that shows a bug, or pvprobe's own --json -- and
 * show the guest view and the probe results as `check` does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_config.h"
#include "cli_output.h"
#include "cpuid_dump.h"
#include "pvprobe_exit.h"
#include "replay_report.h"

#define DUMP_FILE_MAX	(1 << 20)

static void replay_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe replay FILE [--no-enforce] [--vcpus N] [--timeout MS]\n"
		"                           [--disable-exits LIST] %s\n"
		"\n"
		"Program exactly the CPUID in FILE into pvprobe's VM, then show what the\n"
		"guest sees (as 'pvprobe guest') and what every probe does (as 'pvprobe\n"
		"check').  FILE is the output of 'cpuid -r' or 'cpuid -1 -r' (Debian's cpuid\n"
		"package; with several CPUs the first is replayed, and said so), or what\n"
		"'pvprobe guest --json' / 'pvprobe check --json' wrote.  Leaves KVM refuses\n"
		"are named and dropped, never silently; what KVM changed is shown.\n"
		"\n"
		"      --no-enforce  leave KVM_CAP_ENFORCE_PV_FEATURE_CPUID off\n"
		"      --vcpus N     vCPUs for the probes (default 2)\n"
		"      --timeout MS  deadline of each guest run (default 2000)\n"
		"      --disable-exits LIST  KVM_CAP_X86_DISABLE_EXITS: hlt,mwait,pause,cstate\n",
		out_usage(REPORT_REPLAY, usage, sizeof(usage)));
	out_help(f, REPORT_REPLAY);
	fprintf(f,
		"  -h, --help        this text\n"
		"\n"
		"Exit: 0 as expected, 1 a mismatch, 2 bad usage or a bad FILE (the line is\n"
		"named), 4 no usable /dev/kvm.\n");
}

/* The whole file, NUL-terminated, or NULL with a message naming it. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f) {
		cli_usage_error("replay", "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(DUMP_FILE_MAX + 1);
	n = buf ? fread(buf, 1, DUMP_FILE_MAX + 1, f) : 0;
	fclose(f);
	if (!buf || n > DUMP_FILE_MAX) {
		cli_usage_error("replay", "%s: larger than %d bytes: not a CPUID dump", path,
				DUMP_FILE_MAX);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (strlen(buf) != n) {
		cli_usage_error("replay", "%s: contains a NUL byte: not a text CPUID dump", path);
		free(buf);
		return NULL;
	}
	return buf;
}

int cmd_replay(int argc, char **argv)
{
	static const struct option own[] = {
		CLI_CONFIG_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct cpuid_dump dump;
	static struct replay_report rep;
	const struct option *opts;
	struct cli_output out;
	struct cli_config cc;
	struct host_view hv;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX], *text;
	const char *path;
	int c, rc;

	cli_config_init(&cc, "replay", 2);
	opts = cli_output_init(&out, "replay", REPORT_REPLAY, own);
	while ((c = cli_getopt("replay", argc, argv, ":h" CLI_CONFIG_SHORTOPTS, opts)) != -1) {
		if (c == 'm' || c == 'H' || c == 'L')
			return cli_usage_error("replay", "'%s': the file gives the whole CPUID; --mask, --hints and --layout do not apply",
					       argv[optind - 1]);
		rc = cli_config_opt(&cc, c, optarg);
		if (rc < 0)
			return PV_EXIT_USAGE;
		if (rc > 0 || cli_output_opt(&out, c, optarg))
			continue;
		if (c == 'h') {
			replay_help(stdout);
			return PV_EXIT_OK;
		} else {
			return PV_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error("replay", "give the CPUID dump to replay: pvprobe replay FILE");
	path = argv[optind++];
	if (cli_no_operands("replay", argc, argv) || cli_config_check(&cc) ||
	    cli_output_check(&out))
		return PV_EXIT_USAGE;

	text = read_file(path);
	if (!text)
		return PV_EXIT_USAGE;
	rc = cpuid_dump_parse(text, path, &dump, err, sizeof(err));
	free(text);
	if (rc)
		return cli_usage_error("replay", "%s", err);
	if (dump.nr_cpus > 1)
		fprintf(stderr, "pvprobe replay: note: %s has %d CPUs; replaying the first one's leaves\n",
			path, dump.nr_cpus);

	rc = cli_config_resolve(&cc, &kvm, &hv);
	if (rc != PV_EXIT_OK)
		return rc;
	rc = replay_run(&kvm, &cc.cfg, &dump, path, &rep, err, sizeof(err));
	kvm_sys_close(&kvm);
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe replay: %s%s\n", rc == PV_EXIT_SKIP ? "SKIP: " : "", err);
		return rc;
	}
	replay_render(&rep, out.fmt, stdout);
	if (guest_view_verdict(&rep.guest, err, sizeof(err)) != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe replay: MISMATCH:\n%s", err);
		return PV_EXIT_MISMATCH;
	}
	return rep.check.mismatches ? PV_EXIT_MISMATCH : PV_EXIT_OK;
}
