// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe bisect: two masks behave differently; which feature bits explain
 * it?  The answer is a pair of masks one set of bits apart, with the two
 * `pvprobe check` command lines that show the difference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bisect_report.h"
#include "cli_config.h"
#include "cli_output.h"
#include "mask_spec.h"
#include "pv_feature.h"
#include "pvprobe_exit.h"

static void bisect_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe bisect --good SPEC --bad SPEC [--probe NAME] [--hints SPEC]\n"
		"                      [--no-enforce] %s\n"
		"\n"
		"Find a minimal set of PV feature bits whose flip explains why two masks\n"
		"behave differently.  Runs both, then delta-debugs (ddmin) over the eax\n"
		"bits in which they differ, one VM per step, until flipping the set in\n"
		"the good mask gives the bad mask's observed outcome and leaving out any\n"
		"one of its bits does not.  Observed outcomes compare by kind, vector\n"
		"and value (a timeout's RIP is not compared); expectations play no part.\n"
		"\n"
		"      --good SPEC   a mask (as --mask of check) that behaves one way\n"
		"      --bad SPEC    a mask that behaves another way\n"
		"      --probe NAME  compare only this probe (default: every MSR probe);\n"
		"                    a hypercall probe runs the hypercall probes instead.\n"
		"                    'pvprobe probes' lists them\n"
		"      --hints SPEC  CPUID 0x40000001 edx of every run (default: host)\n"
		"      --no-enforce  leave KVM_CAP_ENFORCE_PV_FEATURE_CPUID off\n",
		out_usage(REPORT_BISECT, usage, sizeof(usage)));
	out_help(f, REPORT_BISECT);
	fprintf(f,
		"  -h, --help        this text\n"
		"\n"
		CLI_SPEC_HELP
		"\n"
		"Exit: 0 found (with the two 'pvprobe check' lines that reproduce it),\n"
		"1 good and bad behave the same, or bad's outcome did not reproduce,\n"
		"2 bad usage, 4 no usable /dev/kvm.\n");
}

/* Parsed once, before the host is known; the parser's message says --mask, ours @opt. */
static int check_spec(const char *opt, const char *spec, struct mask_spec *ms)
{
	char err[PV_ERR_MAX];
	const char *at;

	if (!mask_spec_compile(PV_REG_EAX, spec, ms, err, sizeof(err)))
		return 0;
	at = strstr(err, "--mask");
	if (at)
		return cli_usage_error("bisect", "%.*s%s%s", (int)(at - err), err, opt,
				       at + strlen("--mask"));
	return cli_usage_error("bisect", "%s '%s': %s", opt, spec, err);
}

int cmd_bisect(int argc, char **argv)
{
	/* Not CLI_CONFIG_LONGOPTS: --mask, --vcpus and --timeout are bisect's own. */
	static const struct option own[] = {
		{ "good", required_argument, NULL, 'g' },
		{ "bad", required_argument, NULL, 'b' },
		{ "probe", required_argument, NULL, 'p' },
		{ "hints", required_argument, NULL, 'H' },
		{ "no-enforce", no_argument, NULL, 'E' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct bisect_report rep;	/* four check reports: not on the stack */
	const char *good = NULL, *bad = NULL, *probe = NULL;
	struct bisect_request req = { 0 };
	struct mask_spec good_spec, bad_spec;
	struct mask_spec_result m;
	struct cli_config cc;
	struct host_view hv;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	const struct option *opts;
	struct cli_output out;
	int c, rc;

	cli_config_init(&cc, "bisect", 2);
	opts = cli_output_init(&out, "bisect", REPORT_BISECT, own);
	while ((c = cli_config_next(&cc, argc, argv, ":h", opts)) != -1) {
		if (cli_output_opt(&out, c, optarg))
			continue;
		switch (c) {
		case 'g':
			if (good)
				return cli_usage_error("bisect", "--good given twice: combine the items in one spec");
			good = optarg;
			break;
		case 'b':
			if (bad)
				return cli_usage_error("bisect", "--bad given twice: combine the items in one spec");
			bad = optarg;
			break;
		case 'p':
			if (probe)
				return cli_usage_error("bisect", "--probe given twice: bisect compares one probe or all");
			probe = optarg;
			break;
		case 'h':
			bisect_help(stdout);
			return PV_EXIT_OK;
		default:
			return PV_EXIT_USAGE;
		}
	}
	if (cli_no_operands("bisect", argc, argv) || cli_output_check(&out))
		return PV_EXIT_USAGE;
	if (!good || !bad)
		return cli_usage_error("bisect", "--good and --bad are both required, e.g. --good none --bad all");
	if (check_spec("--good", good, &good_spec) || check_spec("--bad", bad, &bad_spec) ||
	    cli_config_check(&cc))
		return PV_EXIT_USAGE;
	if (probe) {
		req.probe = probe_by_name(probe);
		if (!req.probe)
			return cli_usage_error("bisect", "--probe '%s': no such probe ('pvprobe probes' lists them)",
					       probe);
	}

	/* Every run programs its own eax: the config's mask is never used. */
	cc.mask_spec = (struct mask_spec){ .reg = PV_REG_EAX };	/* none */
	rc = cli_config_resolve(&cc, &kvm, &hv);
	if (rc != PV_EXIT_OK)
		return rc;
	mask_spec_resolve(&good_spec, hv.eax, &m);
	req.good = m.value;
	mask_spec_resolve(&bad_spec, hv.eax, &m);
	req.bad = m.value;
	req.cfg = cc.cfg;
	req.cfg.timeout_ms = BISECT_TIMEOUT_MS;

	rc = bisect_run(&kvm, &req, &rep, err, sizeof(err));
	kvm_sys_close(&kvm);
	if (rc != PV_EXIT_OK)
		return cli_run_error("bisect", rc, err);
	bisect_render(&rep, out.fmt, stdout);
	return rep.status == BISECT_FOUND ? PV_EXIT_OK : PV_EXIT_MISMATCH;
}
