// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe self: inside any x86-64 Linux, what the VMM gave this guest
 * (CPUID) and what its kernel did with it, beside the Linux guest policy
 * model.  pvprobe explain: the same from a CPUID dump and a kernel log.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_output.h"
#include "linux_log_text.h"
#include "pvprobe_exit.h"
#include "self_report.h"

static void self_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe self %s [--no-msr]\n"
		"\n"
		"Run inside an x86-64 Linux (a VM of any VMM, or bare metal): read CPUID from\n"
		"user space as the guest kernel does (the seed's hypervisor_cpuid_base() for\n"
		"KVM, Xen and ACRN, the KVM leaves, the PV features in the seed's order, the\n"
		"hints), then what this kernel decided: its log (/dev/kmsg, else dmesg or\n"
		"journalctl -k), /proc/cmdline, the clocksource and cpuidle sysfs files, the\n"
		"CPUs, uname -r and, with root and the msr module, the PV MSRs.  Each PV\n"
		"decision pvprobe boot knows is shown as the Linux guest policy model\n"
		"predicts it and as the kernel made it, with the reasons.  No /dev/kvm needed.\n"
		"\n", out_usage(REPORT_SELF, usage, sizeof(usage)));
	out_help(f, REPORT_SELF);
	fprintf(f,
		"      --no-msr        do not read /dev/cpu/N/msr\n"
		"  -h, --help          this text\n"
		"\n"
		"Exit: 0 everything seen agrees with the model (no KVM signature is an answer),\n"
		"1 a decision disagrees (the deciding input is named), 2 bad usage.\n");
}

static void explain_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe explain --cpuid DUMP --log LOG [--cmdline ARGS] [--cpus N]\n"
		"                       [--kernel-version V] %s\n"
		"\n"
		"pvprobe self's analysis from a bug report's files: DUMP is `cpuid -r`,\n"
		"`cpuid -1 -r` or pvprobe's --json; LOG is dmesg or journalctl -k text, with\n"
		"or without timestamps.  The command line, the CPU count and the kernel\n"
		"version come from the log (\"Kernel command line:\", setup_percpu's\n"
		"nr_cpu_ids or \"smp: Brought up ... N CPUs\", \"Linux version\") unless given.\n"
		"\n"
		"  -c, --cpuid DUMP       the guest's CPUID dump\n"
		"  -l, --log LOG          the guest's kernel log\n"
		"      --cmdline ARGS     the kernel command line\n"
		"      --cpus N           possible CPUs, 1-%d\n"
		"      --kernel-version V the kernel's version (6.1, 6.12.30, ...)\n",
		out_usage(REPORT_EXPLAIN, usage, sizeof(usage)), 8192);
	out_help(f, REPORT_EXPLAIN);
	fprintf(f,
		"  -h, --help             this text\n"
		"\n"
		"Exit: 0 everything seen agrees with the model, 1 a decision disagrees, 2 bad\n"
		"usage or bad input (the file and line are named).\n");
}

static int judge_and_render(struct self_facts *f, const struct cli_output *out)
{
	static struct self_result r;
	int rc;

	self_judge(f, &r);
	self_render(&r, out->fmt, stdout);
	rc = self_exit_code(&r);
	if (rc != PV_EXIT_OK) {
		int d;

		for (d = 0; d < LD_NR; d++)
			if (r.verdict[d] == SELF_DIFFERS)
				fprintf(stderr, "pvprobe %s: %s DISAGREES: %s\n", f->command,
					linux_decision_name(d), r.why[d]);
	}
	self_facts_free(f);
	return rc;
}

int cmd_self(int argc, char **argv)
{
	static const struct option own[] = {
		{ "no-msr", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct self_facts f;
	const struct option *opts;
	struct cli_output out;
	char err[SELF_ERR_MAX];
	bool no_msr = false;
	int c;

	opts = cli_output_init(&out, "self", REPORT_SELF, own);
	while ((c = cli_getopt("self", argc, argv, ":h", opts)) != -1) {
		if (cli_output_opt(&out, c, optarg))
			continue;
		switch (c) {
		case 'N':
			no_msr = true;
			break;
		case 'h':
			self_help(stdout);
			return PV_EXIT_OK;
		default:
			return PV_EXIT_USAGE;
		}
	}
	if (cli_no_operands("self", argc, argv) || cli_output_check(&out))
		return PV_EXIT_USAGE;
	if (self_collect_live(&f, no_msr, err, sizeof(err))) {
		fprintf(stderr, "pvprobe self: %s\n", err);
		return PV_EXIT_FAIL;
	}
	return judge_and_render(&f, &out);
}

int cmd_explain(int argc, char **argv)
{
	static const struct option own[] = {
		{ "cpuid", required_argument, NULL, 'c' },
		{ "log", required_argument, NULL, 'l' },
		{ "cmdline", required_argument, NULL, 'C' },
		{ "cpus", required_argument, NULL, 'n' },
		{ "kernel-version", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct self_facts f;
	struct explain_options o = { 0 };
	const struct option *opts;
	struct cli_output out;
	char err[SELF_ERR_MAX];
	unsigned long n;
	int c;

	opts = cli_output_init(&out, "explain", REPORT_EXPLAIN, own);
	while ((c = cli_getopt("explain", argc, argv, ":hc:l:", opts)) != -1) {
		if (cli_output_opt(&out, c, optarg))
			continue;
		switch (c) {
		case 'c':
			if (o.cpuid_path)
				return cli_usage_error("explain", "--cpuid given twice");
			o.cpuid_path = optarg;
			break;
		case 'l':
			if (o.log_path)
				return cli_usage_error("explain", "--log given twice");
			o.log_path = optarg;
			break;
		case 'C':
			if (o.cmdline)
				return cli_usage_error("explain", "--cmdline given twice");
			if (strlen(optarg) >= LOG_FACT_MAX)
				return cli_usage_error("explain", "--cmdline is %zu bytes; at most %d",
						       strlen(optarg), LOG_FACT_MAX - 1);
			o.cmdline = optarg;
			break;
		case 'n':
			if (o.nr_cpus)
				return cli_usage_error("explain", "--cpus given twice");
			if (cli_parse_uint("explain", "--cpus", optarg, 1, 8192, &n))
				return PV_EXIT_USAGE;
			o.nr_cpus = (int)n;
			break;
		case 'K':
			if (o.kernel_version)
				return cli_usage_error("explain", "--kernel-version given twice");
			if (strlen(optarg) > 64 || !linux_log_text_version(optarg))
				return cli_usage_error("explain", "--kernel-version '%s': give MAJOR.MINOR[...], e.g. 6.12",
						       optarg);
			o.kernel_version = optarg;
			break;
		case 'h':
			explain_help(stdout);
			return PV_EXIT_OK;
		default:
			return PV_EXIT_USAGE;
		}
	}
	if (cli_no_operands("explain", argc, argv) || cli_output_check(&out))
		return PV_EXIT_USAGE;
	if (!o.cpuid_path || !o.log_path)
		return cli_usage_error("explain", "--cpuid DUMP and --log LOG are both required");
	if (self_collect_files(&o, &f, err, sizeof(err))) {
		fprintf(stderr, "pvprobe explain: %s\n", err);
		return PV_EXIT_USAGE;
	}
	return judge_and_render(&f, &out);
}
