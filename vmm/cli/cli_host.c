// SPDX-License-Identifier: GPL-2.0-only
/* pvprobe host: layer 1, the PV features host KVM supports. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_output.h"
#include "host_report.h"
#include "kvm_sys.h"
#include "pvprobe_exit.h"

static void host_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe host %s\n"
		"\n"
		"List every KVM PV feature (CPUID 0x40000001) as supported or not by this\n"
		"host's KVM (KVM_GET_SUPPORTED_CPUID), the hint bits, the capabilities that\n"
		"decide what pvprobe can check, and the KVM backend module in use.\n"
		"\n", out_usage(REPORT_HOST, usage, sizeof(usage)));
	out_help(f, REPORT_HOST);
	fprintf(f,
		"  -h, --help  this text\n"
		"\n"
		"Exit: 0 listed, 2 bad usage, 4 no usable /dev/kvm (reason on stderr).\n");
}

int cmd_host(int argc, char **argv)
{
	struct kvm_sys kvm;
	struct host_view hv;
	char err[PV_ERR_MAX];
	struct cli_output out;
	int rc;

	if (cli_output_only(&out, "host", REPORT_HOST, argc, argv, host_help, &rc))
		return rc;

	rc = kvm_sys_open(&kvm, err, sizeof(err));
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe host: SKIP: %s\n", err);
		return rc;
	}
	if (host_view_read(&kvm, &hv, err, sizeof(err))) {
		fprintf(stderr, "pvprobe host: %s\n", err);
		kvm_sys_close(&kvm);
		return PV_EXIT_FAIL;
	}
	kvm_sys_close(&kvm);
	host_render(&hv, out.fmt, stdout);
	return PV_EXIT_OK;
}
