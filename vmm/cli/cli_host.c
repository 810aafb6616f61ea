// SPDX-License-Identifier: GPL-2.0-only
/* pvprobe host: layer 1, the PV features host KVM supports. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "host_view.h"
#include "kvm_sys.h"
#include "pvprobe_exit.h"

static void host_help(FILE *f)
{
	fprintf(f,
		"usage: pvprobe host [--json]\n"
		"\n"
		"List every KVM PV feature (CPUID 0x40000001) as supported or not by this\n"
		"host's KVM (KVM_GET_SUPPORTED_CPUID), the hint bits, the capabilities that\n"
		"decide what pvprobe can check, and the KVM backend module in use.\n"
		"\n"
		"  --json      one JSON object: backend, eax, edx, capabilities, features\n"
		"  -h, --help  this text\n"
		"\n"
		"Exit: 0 listed, 2 bad usage, 4 no usable /dev/kvm (reason on stderr).\n");
}

int cmd_host(int argc, char **argv)
{
	struct kvm_sys kvm;
	struct host_view hv;
	char err[PV_ERR_MAX];
	int fmt, rc;

	fmt = cli_format_opts("host", argc, argv, CLI_JSON, host_help);
	if (fmt < 0)
		return -1 - fmt;

	rc = kvm_sys_open(&kvm, err, sizeof(err));
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe host: SKIP: %s\n", err);
		return rc;
	}
	if (host_view_read(&kvm, &hv, err, sizeof(err))) {
		fprintf(stderr, "pvprobe host: %s\n", err);
		kvm_sys_close(&kvm);
		return PV_EXIT_MISMATCH;
	}
	kvm_sys_close(&kvm);
	if (fmt == CLI_JSON)
		host_view_json(&hv, stdout);
	else
		host_view_print(&hv, stdout);
	return PV_EXIT_OK;
}
