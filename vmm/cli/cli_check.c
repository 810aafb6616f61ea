// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe check: with this mask and enforcement, what does each PV MSR and
 * each hypercall do, and is that what KVM documents?
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_report.h"
#include "cli_config.h"
#include "cli_output.h"
#include "pvprobe_exit.h"
#include "stop.h"

#define MAX_OVERRIDES	16

/* --expect PROBE=OUTCOME: an engineer's own expectation for one probe. */
struct override {
	const char *arg;
	const struct probe_desc *p;
	struct outcome out;
};

static int parse_override(const char *arg, struct override *ov)
{
	const char *eq = strchr(arg, '=');
	char name[96];

	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(name))
		return cli_usage_error("check", "--expect '%s': give PROBE=OUTCOME, e.g. 'msr.STEAL_TIME.read=#GP'",
				       arg);
	ov->arg = arg;
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	ov->p = probe_by_name(name);
	if (!ov->p)
		return cli_usage_error("check", "--expect '%s': no probe '%s' (pvprobe check --json lists them)",
				       arg, name);
	if (outcome_parse(eq + 1, &ov->out))
		return cli_usage_error("check", "--expect '%s': '%s' is no outcome (accept [VALUE], #GP, #UD, ret N, ok, not run, timeout)",
				       arg, eq + 1);
	return 0;
}

static void check_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe check [--mask SPEC] [--hints SPEC] [--no-enforce]\n"
		"                     [--vcpus N] [--timeout MS] %s\n"
		"\n"
		"Run every probe -- each PV MSR (read, enable, read back, disable), the\n"
		"functional checks behind them, and every hypercall, including exits to\n"
		"the VMM -- and compare each with what documented KVM does for this\n"
		"configuration.  Verdicts: ok; MISMATCH; known deviation (a documented\n"
		"quirk of this KVM backend, with its evidence).\n"
		"\n"
		CLI_CONFIG_HELP
		"      --vcpus N     1 skips KICK_CPU and SEND_IPI (default 2)\n",
		out_usage(REPORT_CHECK, usage, sizeof(usage)));
	out_help(f, REPORT_CHECK);
	fprintf(f,
		"      --expect PROBE=OUTCOME  replace the model's expectation for PROBE\n"
		"                    (repeatable), e.g. --expect 'msr.STEAL_TIME.read=#GP';\n"
		"                    OUTCOME is as printed: accept [VALUE], #GP, ret N, ok, not run\n"
		"  -h, --help        this text\n"
		"\n"
		CLI_SPEC_HELP
		"\n"
		"Exit: 0 everything as expected (known deviations included), 1 a mismatch\n"
		"(with a 'reproduce with:' line), 2 bad usage, 4 no usable /dev/kvm.\n");
}

int cmd_check(int argc, char **argv)
{
	static const struct option own[] = {
		CLI_CONFIG_LONGOPTS,
		{ "expect", required_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct check_report rep;
	struct cli_config cc;
	struct host_view hv;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX];
	struct override ov[MAX_OVERRIDES];
	const struct option *opts;
	struct cli_output out;
	int c, rc, nov = 0, i;

	cli_config_init(&cc, "check", 2);
	opts = cli_output_init(&out, "check", REPORT_CHECK, own);
	while ((c = cli_config_next(&cc, argc, argv, ":h" CLI_CONFIG_SHORTOPTS, opts)) != -1) {
		if (cli_output_opt(&out, c, optarg))
			continue;
		switch (c) {
		case 'X':
			if (nov >= MAX_OVERRIDES)
				return cli_usage_error("check", "at most %d --expect", MAX_OVERRIDES);
			if (parse_override(optarg, &ov[nov++]))
				return PV_EXIT_USAGE;
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
	if (cli_output_check(&out))
		return PV_EXIT_USAGE;
	rc = cli_config_resolve(&cc, &kvm, &hv);
	if (rc == PV_EXIT_SKIP && out.fmt == OUT_TAP) {
		/*
		 * A whole-plan skip; under meson (PVPROBE_MESON=1) with exit 0,
		 * which meson's TAP reader shows as SKIP rather than ERROR.
		 */
		const char *meson = getenv("PVPROBE_MESON");

		out_skip_all(out.fmt, "no usable KVM (see stderr)", stdout);
		return meson && !strcmp(meson, "1") ? PV_EXIT_OK : PV_EXIT_SKIP;
	}
	if (rc != PV_EXIT_OK)
		return rc;
	/*
	 * SIGINT/SIGTERM: the runs in flight end at once, the rest are not
	 * started, every VM is torn down as usual; the probes not run are
	 * reported as interrupted, and the exit is 130/143.
	 */
	if (stop_install() == 0)
		stop_end_runs();
	rc = check_run(&kvm, &cc.cfg, CHECK_ALL, &rep, err, sizeof(err));
	kvm_sys_close(&kvm);
	if (rc != PV_EXIT_OK)
		return stop_signal() ? stop_exit_code() : cli_run_error("check", rc, err);
	if (cc.cfg.timeout_ms != PV_DEFAULT_TIMEOUT_MS)
		snprintf(rep.repro_extra, sizeof(rep.repro_extra), " --timeout %u", cc.cfg.timeout_ms);
	for (i = 0; i < nov; i++) {
		size_t used = strlen(rep.repro_extra);
		int k;

		snprintf(rep.repro_extra + used, sizeof(rep.repro_extra) - used,
			 " --expect '%s'", ov[i].arg);
		for (k = 0; k < rep.nr_rows; k++) {
			if (rep.rows[k].p == ov[i].p) {
				rep.rows[k].exp.out = ov[i].out;
				rep.rows[k].exp.reason = "overridden by --expect";
			}
		}
	}
	if (nov)
		check_judge(&rep);
	check_render(&rep, out.fmt, stdout);
	if (stop_signal()) {
		fflush(stdout);
		fprintf(stderr, "pvprobe check: interrupted by %s: %d of %d probes not run\n",
			stop_signal_name(), rep.interrupted, rep.nr_rows);
		return stop_exit_code();
	}
	return rep.mismatches ? PV_EXIT_MISMATCH : PV_EXIT_OK;
}
