// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe guest: layers 2 and 3, the PV features a guest finds in
 * pvprobe's own VM for a given mask.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "guest_view.h"
#include "host_view.h"
#include "mask_spec.h"
#include "pv_feature.h"
#include "pvprobe_exit.h"

static void guest_help(FILE *f)
{
	fprintf(f,
		"usage: pvprobe guest [--mask SPEC] [--hints SPEC] [--no-enforce]\n"
		"                     [--vcpus N] [--timeout MS] [--json]\n"
		"\n"
		"Program CPUID 0x40000001 from SPEC in pvprobe's own VM, read back what KVM\n"
		"kept, and run guest code that calls hypervisor_cpuid_base() for KVM, Xen\n"
		"and ACRN and reads 0x40000001: the PV features a guest finds.\n"
		"\n"
		"  -m, --mask SPEC   CPUID 0x40000001 eax (default: host)\n"
		"      --hints SPEC  CPUID 0x40000001 edx (default: host)\n"
		"      --no-enforce  leave KVM_CAP_ENFORCE_PV_FEATURE_CPUID off\n"
		"      --vcpus N     run the guest on N vCPUs, 1-%d (default 1)\n"
		"      --timeout MS  deadline of each guest run (default %d)\n"
		"      --json        one JSON object\n"
		"  -h, --help        this text\n"
		"\n"
		"SPEC: comma-separated items, applied left to right from the host's set:\n"
		"  host | all | none       the host-supported set, every defined bit, nothing\n"
		"  NAME | +NAME | -NAME    set or clear a feature; NAME is KVM_FEATURE_STEAL_TIME,\n"
		"                          STEAL_TIME, steal-time or the QEMU property kvm-steal-time\n"
		"  NAME=on | NAME=off      the same, QEMU style\n"
		"  0xHEX                   the whole register\n"
		"e.g. --mask none,+CLOCKSOURCE2   --mask -STEAL_TIME   --mask 0x0   --hints realtime\n"
		"'pvprobe features' lists every name.\n"
		"\n"
		"Exit: 0 the guest saw what KVM holds, 1 it did not or the guest failed,\n"
		"2 bad usage, 4 no usable /dev/kvm or a capability is missing.\n",
		PV_MAX_VCPUS, PV_DEFAULT_TIMEOUT_MS);
}

/* Notes on stderr for bits a user may not have meant: never silent. */
static void note_bits(const char *opt, int reg, const struct mask_spec_result *m,
		      uint32_t host)
{
	uint32_t unsupported = m->value & ~host & ~m->undefined;
	size_t i;

	if (m->undefined)
		fprintf(stderr, "pvprobe guest: note: %s gives bits 0x%08x that no KVM PV feature defines; programmed anyway\n",
			opt, m->undefined);
	for (i = 0; i < PV_NR_ROWS; i++)
		if (pv_features[i].reg == reg && (unsupported & (1u << pv_features[i].bit)))
			fprintf(stderr, "pvprobe guest: note: %s is not supported by this host's KVM; programmed anyway\n",
				pv_features[i].canonical);
}

int cmd_guest(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mask", required_argument, NULL, 'm' },
		{ "hints", required_argument, NULL, 'H' },
		{ "no-enforce", no_argument, NULL, 'E' },
		{ "vcpus", required_argument, NULL, 'v' },
		{ "timeout", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *mask = NULL, *hints = NULL;
	struct mask_spec_result m, h;
	struct guest_config cfg;
	struct host_view hv;
	struct guest_view gv;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX], why[1024];
	unsigned long n;
	int c, json = 0, rc, seen_vcpus = 0, seen_timeout = 0, seen_enforce = 0;

	guest_config_default(&cfg);
	while ((c = cli_getopt("guest", argc, argv, ":m:h", opts)) != -1) {
		switch (c) {
		case 'm':
			if (mask)
				return cli_usage_error("guest", "--mask given twice: combine the items in one spec");
			mask = optarg;
			break;
		case 'H':
			if (hints)
				return cli_usage_error("guest", "--hints given twice: combine the items in one spec");
			hints = optarg;
			break;
		case 'E':
			if (seen_enforce++)
				return cli_usage_error("guest", "--no-enforce given twice");
			cfg.enforce = 0;
			break;
		case 'v':
			if (seen_vcpus++)
				return cli_usage_error("guest", "--vcpus given twice");
			if (cli_parse_uint("guest", "--vcpus", optarg, 1, PV_MAX_VCPUS, &n))
				return PV_EXIT_USAGE;
			cfg.nr_vcpus = (int)n;
			break;
		case 't':
			if (seen_timeout++)
				return cli_usage_error("guest", "--timeout given twice");
			if (cli_parse_uint("guest", "--timeout", optarg, 1, 600000, &n))
				return PV_EXIT_USAGE;
			cfg.timeout_ms = (unsigned int)n;
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			guest_help(stdout);
			return PV_EXIT_OK;
		default:
			return PV_EXIT_USAGE;
		}
	}
	if (cli_no_operands("guest", argc, argv))
		return PV_EXIT_USAGE;

	/* Check the specs' syntax before touching KVM: bad input is exit 2 anywhere. */
	if (mask && mask_spec_parse(PV_REG_EAX, mask, 0, &m, err, sizeof(err)))
		return cli_usage_error("guest", "%s", err);
	if (hints && mask_spec_parse(PV_REG_EDX, hints, 0, &h, err, sizeof(err)))
		return cli_usage_error("guest", "%s", err);

	rc = kvm_sys_open(&kvm, err, sizeof(err));
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe guest: SKIP: %s\n", err);
		return rc;
	}
	if (host_view_read(&kvm, &hv, err, sizeof(err))) {
		fprintf(stderr, "pvprobe guest: %s\n", err);
		kvm_sys_close(&kvm);
		return PV_EXIT_MISMATCH;
	}
	mask_spec_parse(PV_REG_EAX, mask ? mask : "host", hv.eax, &m, err, sizeof(err));
	mask_spec_parse(PV_REG_EDX, hints ? hints : "host", hv.edx, &h, err, sizeof(err));
	note_bits("--mask", PV_REG_EAX, &m, hv.eax);
	note_bits("--hints", PV_REG_EDX, &h, hv.edx);
	cfg.eax = m.value;
	cfg.edx = h.value;

	rc = guest_view_collect(&kvm, &cfg, &gv, err, sizeof(err));
	kvm_sys_close(&kvm);
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe guest: %s%s\n", rc == PV_EXIT_SKIP ? "SKIP: " : "", err);
		return rc;
	}
	if (json)
		guest_view_json(&gv, stdout);
	else
		guest_view_print(&gv, stdout);
	rc = guest_view_verdict(&gv, why, sizeof(why));
	if (rc != PV_EXIT_OK)
		fprintf(stderr, "pvprobe guest: MISMATCH:\n%s", why);
	return rc;
}
