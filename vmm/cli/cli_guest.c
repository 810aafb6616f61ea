// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe guest: layers 2 and 3, the PV features a guest finds in
 * pvprobe's own VM for a given mask.
 */
#include <stdio.h>

#include "cli_config.h"
#include "cli_output.h"
#include "guest_report.h"
#include "pvprobe_exit.h"

static void guest_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe guest [--mask SPEC] [--hints SPEC] [--no-enforce]\n"
		"                     [--vcpus N] [--timeout MS] %s\n"
		"\n"
		"Program CPUID 0x40000001 from SPEC in pvprobe's own VM, read back what KVM\n"
		"kept, and run guest code that calls hypervisor_cpuid_base() for KVM, Xen\n"
		"and ACRN and reads 0x40000001: the PV features a guest finds.\n"
		"\n"
		CLI_CONFIG_HELP
		"      --vcpus N     run the guest on N vCPUs, 1-%d (default 1)\n",
		out_usage(REPORT_GUEST, usage, sizeof(usage)), PV_MAX_VCPUS);
	out_help(f, REPORT_GUEST);
	fprintf(f,
		"  -h, --help        this text\n"
		"\n"
		CLI_SPEC_HELP
		"\n"
		"Exit: 0 the guest saw what KVM holds, 1 it did not or the guest failed,\n"
		"2 bad usage, 4 no usable /dev/kvm or a capability is missing.\n");
}

int cmd_guest(int argc, char **argv)
{
	static const struct option own[] = {
		CLI_CONFIG_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_config cc;
	struct host_view hv;
	struct guest_view gv;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX], why[1024];
	const struct option *opts;
	struct cli_output out;
	int c, rc;

	cli_config_init(&cc, "guest", 1);
	opts = cli_output_init(&out, "guest", REPORT_GUEST, own);
	while ((c = cli_config_next(&cc, argc, argv, ":h" CLI_CONFIG_SHORTOPTS, opts)) != -1) {
		if (cli_output_opt(&out, c, optarg))
			continue;
		switch (c) {
		case 'h':
			guest_help(stdout);
			return PV_EXIT_OK;
		default:
			return PV_EXIT_USAGE;
		}
	}
	if (cli_no_operands("guest", argc, argv) || cli_config_check(&cc) ||
	    cli_output_check(&out))
		return PV_EXIT_USAGE;
	rc = cli_config_resolve(&cc, &kvm, &hv);
	if (rc != PV_EXIT_OK)
		return rc;

	rc = guest_view_collect(&kvm, &cc.cfg, &gv, err, sizeof(err));
	kvm_sys_close(&kvm);
	if (rc != PV_EXIT_OK)
		return cli_run_error("guest", rc, err);
	guest_render(&gv, out.fmt, stdout);
	rc = guest_view_verdict(&gv, why, sizeof(why));
	if (rc != PV_EXIT_OK)
		fprintf(stderr, "pvprobe guest: MISMATCH:\n%s", why);
	return rc;
}
