// SPDX-License-Identifier: GPL-2.0-only
/* pvprobe: wires the subcommands; each lives in its own cli_*.c. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "pvprobe_exit.h"

static const struct cli_command commands[] = {
	{ "host", cmd_host, "the PV features host KVM supports (layer 1)" },
	{ "guest", cmd_guest, "the PV features a guest finds for a mask (layers 2 and 3)" },
	{ "boot", cmd_boot, "boot a Linux kernel and compare its PV decisions with the model (layer 3)" },
	{ "qemu", cmd_qemu, "run pvprobe's guest under QEMU: host, QEMU's claim, guest view and KVM behaviour compared" },
	{ "check", cmd_check, "run every PV MSR and hypercall probe and judge it against documented KVM" },
	{ "bisect", cmd_bisect, "find the feature bits that explain why two masks behave differently" },
	{ "sweep", cmd_sweep, "the MSR probes over many masks: exhaustive, random or a file; jobs and shards" },
	{ "replay", cmd_replay, "program a CPUID dump (cpuid -r, pvprobe --json) and show guest view and probes" },
	{ "cpuid-verify", cmd_cpuid_verify, "does the backend honour the programmed CPUID? every leaf, in the guest" },
	{ "probes", cmd_probes, "list every probe check runs, what it does and what gates it" },
	{ "features", cmd_features, "the PV feature table: names, bits, what each gates" },
	{ "self", cmd_self, "inside a real guest: its CPUID and what its kernel decided, explained" },
	{ "explain", cmd_explain, "pvprobe self from a bug report's CPUID dump and kernel log" },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: pvprobe COMMAND [OPTIONS]\n\n"
		"Check KVM paravirtual feature masking in a VM of pvprobe's own.\n\n"
		"Commands:\n");
	for (i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\n'pvprobe help COMMAND' (or 'pvprobe COMMAND --help') for each command's options;\n"
		"'pvprobe --version' for the version.\n"
		"Exit codes: 0 as expected, 1 mismatch, 2 bad usage or input, 4 skipped.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return PV_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		if (argc > 2) {
			fprintf(stderr, "pvprobe: --version takes no arguments\n");
			return PV_EXIT_USAGE;
		}
		printf("pvprobe %s\n", PVPROBE_VERSION);
		return PV_EXIT_OK;
	}
	if (!strcmp(argv[1], "help") && argc > 2) {
		char *help_argv[] = { argv[2], "--help", NULL };

		if (argc > 3) {
			fprintf(stderr, "pvprobe: help takes one command\n");
			return PV_EXIT_USAGE;
		}
		for (i = 0; i < NR_COMMANDS; i++)
			if (!strcmp(argv[2], commands[i].name))
				return commands[i].run(2, help_argv);
		fprintf(stderr, "pvprobe: help: unknown command '%s'\n", argv[2]);
		usage(stderr);
		return PV_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return PV_EXIT_OK;
	}
	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "pvprobe: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return PV_EXIT_USAGE;
}
