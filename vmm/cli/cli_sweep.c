// SPDX-License-Identifier: GPL-2.0-only
/* pvprobe sweep: the MSR probes over many configurations. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_config.h"
#include "cli_output.h"
#include "cli_sweep_journal.h"
#include "mask_spec.h"
#include "pv_feature.h"
#include "pvprobe_exit.h"
#include "stop.h"
#include "sweep_report.h"

static void sweep_help(FILE *f)
{
	char usage[64];

	fprintf(f,
		"usage: pvprobe sweep MODE [--jobs N] [--shard I/N] [--list] [--timeout MS]\n"
		"                     [--layout L] %s\n"
		"       pvprobe sweep --merge FILE...   (the --jsonl files of a sweep's shards)\n"
		"MODE: --exhaustive [--hints]    every mask over the defined bits x enforcement\n"
		"                                on/off (x REALTIME with --hints)\n"
		"      --covering T              a covering array of strength T (2 or 3): every\n"
		"                                T of the bits and enforcement in all 2^T on/off\n"
		"                                combinations (3 finds three-way interactions)\n"
		"      --pairwise                every pair of bits and enforcement in all four\n"
		"                                on/off combinations (a covering array)\n"
		"      --random N [--seed S] [--hints]   N configurations from seed S (default 1)\n"
		"      --masks FILE              one --mask spec per line ('#' comments), x enforcement\n"
		"\n"
		"Each configuration runs every MSR probe and its checks on a fresh vCPU of a\n"
		"reused VM and is judged against the expectation model, as 'pvprobe check'.\n"
		"  --jobs N       parallel jobs (default: the CPUs available)\n"
		"  --shard I/N    run only configurations k with k mod N = I-1 (disjoint slices)\n"
		"  --list         print the configurations of this shard, run nothing\n"
		"  --resume FILE  continue the sweep whose --jsonl FILE this is (same MODE and\n"
		"                 --shard: a different set, shard, seed or pvprobe is refused)\n"
		"SIGINT/SIGTERM stop every job at its next configuration: the partial totals are\n"
		"printed and written, and the exit is 130/143; --resume goes on from there.\n",
		out_usage(REPORT_SWEEP, usage, sizeof(usage)));
	out_help(f, REPORT_SWEEP);
	fprintf(f,
		"\n"
		"Exit: 0 no mismatch, 1 mismatches, 2 bad usage, 4 no usable /dev/kvm.\n");
}

static int parse_u64(const char *opt, const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (!*s || *end || errno || v < min || v > max || *s == '-')
		return cli_usage_error("sweep", "%s '%s': give a number from %llu to %llu", opt, s,
				       (unsigned long long)min, (unsigned long long)max);
	*out = v;
	return 0;
}

static int read_masks(struct sweep_plan *p, const char *path, uint32_t host)
{
	char line[256], err[PV_ERR_MAX];
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f)
		return cli_usage_error("sweep", "--masks %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		struct mask_spec_result m;
		char *s = line + strspn(line, " \t");

		n++;
		s[strcspn(s, "\r\n")] = '\0';
		if (!*s || *s == '#')
			continue;
		if (p->nr_masks >= SWEEP_MAX_MASKS) {
			fclose(f);
			return cli_usage_error("sweep", "%s:%d: more than %d masks", path, n,
					       SWEEP_MAX_MASKS);
		}
		if (mask_spec_parse(PV_REG_EAX, s, host, &m, err, sizeof(err))) {
			fclose(f);
			return cli_usage_error("sweep", "%s:%d: %s", path, n, err);
		}
		p->masks[p->nr_masks++] = m.value;
	}
	fclose(f);
	if (!p->nr_masks)
		return cli_usage_error("sweep", "%s: no mask in it", path);
	return 0;
}

/* What a resumed journal had done, added to this run's totals. */
static void add_base(struct sweep_totals *t, const struct sweep_totals *b)
{
	int i;

	t->done += b->done;
	t->bad_configs += b->bad_configs;
	t->deviations += b->deviations;
	for (i = 0; i < CHECK_MAX_ROWS; i++) {
		t->by_probe[i] += b->by_probe[i];
		t->bad[i] += b->bad[i];
	}
	for (i = 0; i < 32; i++)
		t->by_feature[i] += b->by_feature[i];
}

int cmd_sweep(int argc, char **argv)
{
	static const struct option own[] = {
		CLI_CONFIG_LONGOPTS,
		{ "exhaustive", no_argument, NULL, 'X' },
		{ "pairwise", no_argument, NULL, 'W' },
		{ "covering", required_argument, NULL, 'C' },
		{ "random", required_argument, NULL, 'R' },
		{ "seed", required_argument, NULL, 'S' },
		{ "masks", required_argument, NULL, 'F' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "shard", required_argument, NULL, 'P' },
		{ "list", no_argument, NULL, 'l' },
		{ "merge", no_argument, NULL, 'M' },
		{ "resume", required_argument, NULL, 'Z' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct sweep_plan plan;
	static struct sweep_totals t;
	static struct sweep_merged merged;
	static struct sweep_totals base;
	struct cli_journal cj;
	const char *resume = NULL;
	const struct option *opts;
	struct cli_output out;
	struct cli_config cc;
	struct host_view hv;
	struct kvm_sys kvm;
	const char *masks = NULL, *jsonl, *svg;
	char err[PV_ERR_MAX];
	int c, modes = 0, list = 0, rc, hints = 0, merge = 0, strength = 0;
	uint64_t v;

	cli_config_init(&cc, "sweep", 1);
	opts = cli_output_init(&out, "sweep", REPORT_SWEEP, own);
	memset(&plan, 0, sizeof(plan));
	plan.seed = 1;
	plan.shard = plan.shards = 1;
	plan.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	while ((c = cli_config_next(&cc, argc, argv, ":h" CLI_CONFIG_SHORTOPTS, opts)) != -1) {
		if (cli_output_opt(&out, c, optarg))
			continue;
		switch (c) {
		case 'X':
			plan.mode = SWEEP_EXHAUSTIVE;
			modes++;
			break;
		case 'W':
			plan.mode = SWEEP_PAIRWISE;
			strength = 2;
			modes++;
			break;
		case 'C':
			if (parse_u64("--covering", optarg, 2, 3, &v))
				return PV_EXIT_USAGE;
			plan.mode = SWEEP_PAIRWISE;
			strength = (int)v;
			modes++;
			break;
		case 'R':
			if (parse_u64("--random", optarg, 1, 100000000, &plan.random_n))
				return PV_EXIT_USAGE;
			plan.mode = SWEEP_RANDOM;
			modes++;
			break;
		case 'S':
			if (parse_u64("--seed", optarg, 0, UINT64_MAX - 1, &plan.seed))
				return PV_EXIT_USAGE;
			break;
		case 'F':
			masks = optarg;
			plan.mode = SWEEP_MASKS;
			modes++;
			break;
		case 'J':
			if (parse_u64("--jobs", optarg, 1, 64, &v))
				return PV_EXIT_USAGE;
			plan.jobs = (int)v;
			break;
		case 'P': {
			unsigned int i, n;
			char tail;

			if (sscanf(optarg, "%u/%u%c", &i, &n, &tail) != 2 || !n || !i || i > n)
				return cli_usage_error("sweep", "--shard '%s': give I/N with 1 <= I <= N, e.g. 2/8",
						       optarg);
			plan.shard = i;
			plan.shards = n;
			break;
		}
		case 'l':
			list = 1;
			break;
		case 'M':
			merge = 1;
			break;
		case 'Z':
			resume = optarg;
			break;
		case 'h':
			sweep_help(stdout);
			return PV_EXIT_OK;
		default:
			return PV_EXIT_USAGE;
		}
	}
	jsonl = out.file[OUT_JSONL];
	svg = out.file[OUT_SVG];
	if (resume && jsonl && strcmp(resume, jsonl))
		return cli_usage_error("sweep", "--resume %s writes on there: --jsonl %s is another file",
				       resume, jsonl);
	if (resume && !strcmp(resume, "-"))
		return cli_usage_error("sweep", "--resume needs a file, not '-'");
	if (merge) {
		if (modes || list || svg || jsonl || resume)
			return cli_usage_error("sweep", "--merge takes only the shards' --jsonl files");
		if (optind >= argc)
			return cli_usage_error("sweep", "--merge needs the --jsonl files of the shards");
		rc = sweep_merge(argc - optind, argv + optind, &merged, err, sizeof(err));
		if (rc != PV_EXIT_OK) {
			fprintf(stderr, "pvprobe sweep: %s\n", err);
			return rc;
		}
		sweep_merged_render(&merged, out.fmt, stdout);
		return sweep_merged_verdict(&merged);
	}
	/* --mask/--no-enforce/--vcpus make no sense here: the sweep chooses them. */
	if (cc.mask || !cc.cfg.enforce || cc.seen_vcpus)
		return cli_usage_error("sweep", "--mask, --no-enforce and --vcpus are what a sweep varies; use a MODE");
	hints = cc.hints != NULL;
	if (hints && strcmp(cc.hints, "realtime") && strcmp(cc.hints, "all"))
		return cli_usage_error("sweep", "--hints '%s': a sweep takes --hints realtime (adds the REALTIME dimension)",
				       cc.hints);
	plan.hints = hints;
	if (modes != 1)
		return cli_usage_error("sweep", "give exactly one of --exhaustive, --pairwise, --covering T, --random N, --masks FILE");
	if ((plan.mode == SWEEP_MASKS || plan.mode == SWEEP_PAIRWISE) && hints)
		return cli_usage_error("sweep", "--hints goes with --exhaustive or --random");
	if (plan.mode == SWEEP_PAIRWISE && strength == 2)
		sweep_pairwise(&plan);
	if (plan.mode == SWEEP_PAIRWISE && strength == 3 && sweep_covering3(&plan))
		return cli_usage_error("sweep", "--covering 3: more than %d configurations", SWEEP_MAX_MASKS);
	if (cli_no_operands("sweep", argc, argv) || cli_config_check(&cc))
		return PV_EXIT_USAGE;

	rc = cli_config_resolve(&cc, &kvm, &hv);
	if (rc != PV_EXIT_OK && !(list && plan.mode != SWEEP_MASKS))
		return rc;
	if (masks && read_masks(&plan, masks, hv.eax)) {
		kvm_sys_close(&kvm);
		return PV_EXIT_USAGE;
	}
	plan.base = cc.cfg;
	if (list) {
		sweep_plan_render(&plan, out.fmt, stdout);
		if (rc == PV_EXIT_OK)
			kvm_sys_close(&kvm);
		return PV_EXIT_OK;
	}
	memset(&base, 0, sizeof(base));
	memset(&cj, 0, sizeof(cj));
	if (resume)
		jsonl = resume;
	if (jsonl) {
		rc = cli_journal_open(&plan, jsonl, !!resume, &cj, &base);
		if (rc != PV_EXIT_OK) {
			kvm_sys_close(&kvm);
			cli_journal_free(&cj);
			return rc;
		}
		plan.mismatch = sweep_mismatch_jsonl;
	}
	plan.progress_tty = isatty(2);
	if (stop_install())
		return cli_run_error("sweep", PV_EXIT_FAIL, "cannot install the SIGINT/SIGTERM handlers");
	rc = sweep_run(&kvm, &plan, &t, err, sizeof(err));
	kvm_sys_close(&kvm);
	add_base(&t, &base);
	if (plan.jsonl) {
		/* Whole only when every configuration ran; else what was done, as partial. */
		if (rc == PV_EXIT_OK && !stop_signal() && t.done == t.total)
			sweep_render(&t, OUT_JSONL, plan.jsonl);
		else
			sweep_partial_jsonl(&t, plan.jsonl);
		if (fflush(plan.jsonl) || ferror(plan.jsonl)) {
			snprintf(err, sizeof(err), "--jsonl %s: write: %s", jsonl, strerror(errno));
			if (rc == PV_EXIT_OK)
				rc = PV_EXIT_FAIL;
		}
	}
	if (plan.jsonl && plan.jsonl != stdout)
		fclose(plan.jsonl);
	cli_journal_free(&cj);
	if (rc != PV_EXIT_OK || stop_signal())
		sweep_render(&t, out.fmt, plan.jsonl == stdout ? stderr : stdout);
	if (rc != PV_EXIT_OK)
		return cli_run_error("sweep", rc, err);
	if (stop_signal()) {
		fprintf(stderr, "pvprobe sweep: stopped by signal %d after %llu of %llu configurations%s\n",
			stop_signal(), (unsigned long long)t.done, (unsigned long long)t.total,
			jsonl ? "; continue with --resume" : "");
		return stop_exit_code();
	}
	/* With --jsonl -, stdout is the JSON lines: the summary goes to stderr. */
	sweep_render(&t, out.fmt, plan.jsonl == stdout ? stderr : stdout);
	if (svg) {
		FILE *f = fopen(svg, "w");

		if (!f)
			return cli_usage_error("sweep", "--svg %s: %s", svg, strerror(errno));
		sweep_render(&t, OUT_SVG, f);
		fclose(f);
	}
	return t.bad_configs ? PV_EXIT_MISMATCH : PV_EXIT_OK;
}
