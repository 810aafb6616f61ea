// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe check: with this mask and enforcement, what does each PV MSR and
 * each hypercall do, and is that what KVM documents?
 */
#include <stdio.h>

#include "check.h"
#include "cli_config.h"
#include "pvprobe_exit.h"

static void check_help(FILE *f)
{
	fprintf(f,
		"usage: pvprobe check [--mask SPEC] [--hints SPEC] [--no-enforce]\n"
		"                     [--vcpus N] [--timeout MS] [--json | --tap]\n"
		"\n"
		"Run every probe -- each PV MSR (read, enable, read back, disable), the\n"
		"functional checks behind them, and every hypercall, including exits to\n"
		"the VMM -- and compare each with what documented KVM does for this\n"
		"configuration.  Verdicts: ok; MISMATCH; known deviation (a documented\n"
		"quirk of this KVM backend, with its evidence).\n"
		"\n"
		CLI_CONFIG_HELP
		"      --vcpus N     1 skips KICK_CPU and SEND_IPI (default 2)\n"
		"      --json        {\"config\", \"probes\": [{\"probe\", \"expected\", \"observed\",\n"
		"                    \"verdict\", \"reason\"}], \"mismatches\"}\n"
		"      --tap         KTAP, one test point per probe, deviations as XFAIL\n"
		"  -h, --help        this text\n"
		"\n"
		CLI_SPEC_HELP
		"\n"
		"Exit: 0 everything as expected (known deviations included), 1 a mismatch\n"
		"(with a 'reproduce with:' line), 2 bad usage, 4 no usable /dev/kvm.\n");
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_CONFIG_LONGOPTS,
		{ "json", no_argument, NULL, 'j' },
		{ "tap", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct check_report rep;
	struct cli_config cc;
	struct host_view hv;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	int c, json = 0, tap = 0, rc;

	cli_config_init(&cc, "check", 2);
	while ((c = cli_getopt("check", argc, argv, ":h" CLI_CONFIG_SHORTOPTS, opts)) != -1) {
		rc = cli_config_opt(&cc, c, optarg);
		if (rc < 0)
			return PV_EXIT_USAGE;
		if (rc > 0)
			continue;
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'T':
			tap = 1;
			break;
		case 'h':
			check_help(stdout);
			return PV_EXIT_OK;
		default:
			return PV_EXIT_USAGE;
		}
	}
	if (cli_no_operands("check", argc, argv) || cli_config_check(&cc))
		return PV_EXIT_USAGE;
	if (json && tap)
		return cli_usage_error("check", "--json and --tap exclude each other");
	rc = cli_config_resolve(&cc, &kvm, &hv);
	if (rc != PV_EXIT_OK)
		return rc;
	rc = check_run(&kvm, &cc.cfg, &rep, err, sizeof(err));
	kvm_sys_close(&kvm);
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe check: %s%s\n", rc == PV_EXIT_SKIP ? "SKIP: " : "", err);
		return rc;
	}
	if (json)
		check_json(&rep, stdout);
	else if (tap)
		check_tap(&rep, stdout);
	else
		check_print(&rep, stdout);
	return rep.mismatches ? PV_EXIT_MISMATCH : PV_EXIT_OK;
}
