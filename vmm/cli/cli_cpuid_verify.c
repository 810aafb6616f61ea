// SPDX-License-Identifier: GPL-2.0-only
/* pvprobe cpuid-verify: does the backend honour the programmed CPUID? */
#include <stdio.h>

#include "cli_config.h"
#include "cli_output.h"
#include "cpuid_verify_report.h"
#include "pvprobe_exit.h"

static void cpuid_verify_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe cpuid-verify [--mask SPEC] [--hints SPEC] [--layout L]\n"
		"                            [--disable-exits LIST] %s\n"
		"\n"
		"Program the CPUID, have the guest execute CPUID for every leaf and subleaf\n"
		"that was programmed, and report every bit it sees differently: a documented\n"
		"KVM run-time edit (named), a known deviation of this backend, or a MISMATCH.\n"
		"The hypervisor leaves must be exact.\n"
		"\n"
		CLI_CONFIG_HELP, out_usage(REPORT_CPUID_VERIFY, usage, sizeof(usage)));
	out_help(f, REPORT_CPUID_VERIFY);
	fprintf(f,
		"  -h, --help        this text\n"
		"\n"
		"Exit: 0 nothing unexplained, 1 a mismatch, 2 bad usage, 4 no usable /dev/kvm.\n");
}

int cmd_cpuid_verify(int argc, char **argv)
{
	static const struct option own[] = {
		CLI_CONFIG_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct cpuid_verify_report rep;
	struct cli_config cc;
	struct host_view hv;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	const struct option *opts;
	struct cli_output out;
	int c, rc;

	cli_config_init(&cc, "cpuid-verify", 1);
	opts = cli_output_init(&out, "cpuid-verify", REPORT_CPUID_VERIFY, own);
	while ((c = cli_config_next(&cc, argc, argv, ":h" CLI_CONFIG_SHORTOPTS, opts)) != -1) {
		if (cli_output_opt(&out, c, optarg)) {
			continue;
		} else if (c == 'h') {
			cpuid_verify_help(stdout);
			return PV_EXIT_OK;
		} else {
			return PV_EXIT_USAGE;
		}
	}
	if (cli_no_operands("cpuid-verify", argc, argv) || cli_config_check(&cc) ||
	    cli_output_check(&out))
		return PV_EXIT_USAGE;
	rc = cli_config_resolve(&cc, &kvm, &hv);
	if (rc != PV_EXIT_OK)
		return rc;
	rc = cpuid_verify_run(&kvm, &cc.cfg, &rep, err, sizeof(err));
	kvm_sys_close(&kvm);
	if (rc != PV_EXIT_OK)
		return cli_run_error("cpuid-verify", rc, err);
	cpuid_verify_render(&rep, out.fmt, stdout);
	return rep.mismatches ? PV_EXIT_MISMATCH : PV_EXIT_OK;
}
