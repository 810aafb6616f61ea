// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe replay FILE: program exactly the CPUID of a dump -- `cpuid -r`
 * from inside the guest that shows a bug, or pvprobe's own --json -- and
 * show the guest view and the probe results as `check` does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli_config.h"
#include "cpuid_dump.h"
#include "guest_view.h"
#include "json.h"
#include "pvprobe_exit.h"

#define DUMP_FILE_MAX	(1 << 20)

static void replay_help(FILE *f)
{
	fprintf(f,
		"usage: pvprobe replay FILE [--no-enforce] [--vcpus N] [--timeout MS]\n"
		"                           [--disable-exits LIST] [--json]\n"
		"\n"
		"Program exactly the CPUID in FILE into pvprobe's VM, then show what the\n"
		"guest sees (as 'pvprobe guest') and what every probe does (as 'pvprobe\n"
		"check').  FILE is the output of 'cpuid -r' or 'cpuid -1 -r' (Debian's cpuid\n"
		"package; with several CPUs the first is replayed, and said so), or what\n"
		"'pvprobe guest --json' / 'pvprobe check --json' wrote.  Leaves KVM refuses\n"
		"are named and dropped, never silently; what KVM changed is shown.\n"
		"\n"
		"      --no-enforce  leave KVM_CAP_ENFORCE_PV_FEATURE_CPUID off\n"
		"      --vcpus N     vCPUs for the probes (default 2)\n"
		"      --timeout MS  deadline of each guest run (default 2000)\n"
		"      --disable-exits LIST  KVM_CAP_X86_DISABLE_EXITS: hlt,mwait,pause,cstate\n"
		"      --json        {\"replay\", \"guest\", \"check\"}\n"
		"  -h, --help        this text\n"
		"\n"
		"Exit: 0 as expected, 1 a mismatch, 2 bad usage or a bad FILE (the line is\n"
		"named), 4 no usable /dev/kvm.\n");
}

/* The whole file, NUL-terminated, or NULL with a message naming it. */
static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;

	if (!f) {
		cli_usage_error("replay", "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(DUMP_FILE_MAX + 1);
	n = buf ? fread(buf, 1, DUMP_FILE_MAX + 1, f) : 0;
	fclose(f);
	if (!buf || n > DUMP_FILE_MAX) {
		cli_usage_error("replay", "%s: larger than %d bytes: not a CPUID dump", path,
				DUMP_FILE_MAX);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (strlen(buf) != n) {
		cli_usage_error("replay", "%s: contains a NUL byte: not a text CPUID dump", path);
		free(buf);
		return NULL;
	}
	return buf;
}

static struct kvm_cpuid2 *table_of(const struct cpuid_dump *d)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + d->nr * sizeof(c->entries[0]));
	int i;

	if (!c)
		return NULL;
	for (i = 0; i < d->nr; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		e->function = d->e[i].function;
		e->index = d->e[i].index;
		e->flags = d->e[i].has_index ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
		e->eax = d->e[i].eax;
		e->ebx = d->e[i].ebx;
		e->ecx = d->e[i].ecx;
		e->edx = d->e[i].edx;
	}
	c->nent = d->nr;
	return c;
}

int cmd_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_CONFIG_LONGOPTS,
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static struct cpuid_dump dump;
	static struct check_report rep;
	static struct guest_view gv;
	struct kvm_cpuid2 *table = NULL;
	struct cli_config cc;
	struct host_view hv;
	struct kvm_sys kvm;
	char err[PV_ERR_MAX], *text;
	const char *path;
	int c, json = 0, rc;

	cli_config_init(&cc, "replay", 2);
	while ((c = cli_getopt("replay", argc, argv, ":h" CLI_CONFIG_SHORTOPTS, opts)) != -1) {
		if (c == 'm' || c == 'H' || c == 'L')
			return cli_usage_error("replay", "'%s': the file gives the whole CPUID; --mask, --hints and --layout do not apply",
					       argv[optind - 1]);
		rc = cli_config_opt(&cc, c, optarg);
		if (rc < 0)
			return PV_EXIT_USAGE;
		if (rc > 0)
			continue;
		if (c == 'j') {
			json = 1;
		} else if (c == 'h') {
			replay_help(stdout);
			return PV_EXIT_OK;
		} else {
			return PV_EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error("replay", "give the CPUID dump to replay: pvprobe replay FILE");
	path = argv[optind++];
	if (cli_no_operands("replay", argc, argv) || cli_config_check(&cc))
		return PV_EXIT_USAGE;

	text = read_file(path);
	if (!text)
		return PV_EXIT_USAGE;
	rc = cpuid_dump_parse(text, path, &dump, err, sizeof(err));
	free(text);
	if (rc)
		return cli_usage_error("replay", "%s", err);
	if (dump.nr_cpus > 1)
		fprintf(stderr, "pvprobe replay: note: %s has %d CPUs; replaying the first one's leaves\n",
			path, dump.nr_cpus);
	table = table_of(&dump);
	if (!table) {
		fprintf(stderr, "pvprobe replay: out of memory\n");
		return PV_EXIT_MISMATCH;
	}

	rc = cli_config_resolve(&cc, &kvm, &hv);
	if (rc != PV_EXIT_OK) {
		free(table);
		return rc;
	}
	cc.cfg.table = table;
	rc = guest_view_collect(&kvm, &cc.cfg, &gv, err, sizeof(err));
	if (rc == PV_EXIT_OK)
		rc = check_run(&kvm, &cc.cfg, CHECK_ALL, &rep, err, sizeof(err));
	kvm_sys_close(&kvm);
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe replay: %s%s\n", rc == PV_EXIT_SKIP ? "SKIP: " : "", err);
		free(table);
		return rc;
	}
	snprintf(rep.repro_extra, sizeof(rep.repro_extra), "   # replayed from %s", path);

	if (json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_obj_begin(&j, "replay");
		json_str(&j, "file", path);
		json_str(&j, "format", dump.format);
		json_int(&j, "cpus", dump.nr_cpus);
		json_int(&j, "leaves", dump.nr);
		json_obj_end(&j);
		guest_view_json_obj(&j, "guest", &gv);
		check_json_obj(&j, "check", &rep);
		json_obj_end(&j);
		json_end(&j);
	} else {
		printf("Replaying %s (%s, %d leaves%s)\n\n", path, dump.format, dump.nr,
		       dump.nr_cpus > 1 ? ", the first CPU's" : "");
		guest_view_print(&gv, stdout);
		printf("\n");
		check_print(&rep, stdout);
	}
	free(table);
	if (guest_view_verdict(&gv, err, sizeof(err)) != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe replay: MISMATCH:\n%s", err);
		return PV_EXIT_MISMATCH;
	}
	return rep.mismatches ? PV_EXIT_MISMATCH : PV_EXIT_OK;
}
