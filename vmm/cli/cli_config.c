// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli_config.h"
#include "mask_spec.h"
#include "pv_feature.h"
#include "pvprobe_exit.h"

void cli_config_init(struct cli_config *c, const char *cmd, int default_vcpus)
{
	*c = (struct cli_config){
		.cmd = cmd,
		.mask_spec = { .reg = PV_REG_EAX, .keep = ~0u },	/* "host" */
		.hints_spec = { .reg = PV_REG_EDX, .keep = ~0u },
	};
	guest_config_default(&c->cfg);
	c->cfg.nr_vcpus = default_vcpus;
}

int cli_config_opt(struct cli_config *c, int opt, const char *arg)
{
	unsigned long n;

	switch (opt) {
	case 'm':
		if (c->mask)
			return cli_usage_error(c->cmd, "--mask given twice: combine the items in one spec"), -1;
		c->mask = arg;
		return 1;
	case 'H':
		if (c->hints)
			return cli_usage_error(c->cmd, "--hints given twice: combine the items in one spec"), -1;
		c->hints = arg;
		return 1;
	case 'E':
		if (c->seen_enforce++)
			return cli_usage_error(c->cmd, "--no-enforce or --enforce-first given twice: give one, once"), -1;
		c->cfg.enforce = 0;
		return 1;
	case CLI_OPT_ENFORCE_FIRST:
		if (c->seen_enforce++)
			return cli_usage_error(c->cmd, "--enforce-first and --no-enforce: give one, once"), -1;
		c->cfg.enforce = PV_ENFORCE_FIRST;
		return 1;
	case 'v':
		if (c->seen_vcpus++)
			return cli_usage_error(c->cmd, "--vcpus given twice"), -1;
		if (cli_parse_uint(c->cmd, "--vcpus", arg, 1, PV_MAX_VCPUS, &n))
			return -1;
		c->cfg.nr_vcpus = (int)n;
		return 1;
	case 'L':
		if (c->layout)
			return cli_usage_error(c->cmd, "--layout given twice"), -1;
		c->layout = arg;
		return 1;
	case 'D':
		if (c->disable_exits)
			return cli_usage_error(c->cmd, "--disable-exits given twice"), -1;
		c->disable_exits = arg;
		return 1;
	case 't':
		if (c->seen_timeout++)
			return cli_usage_error(c->cmd, "--timeout given twice"), -1;
		if (cli_parse_uint(c->cmd, "--timeout", arg, 1, 600000, &n))
			return -1;
		c->cfg.timeout_ms = (unsigned int)n;
		return 1;
	default:
		return 0;
	}
}

/* "hlt,pause" -> KVM_X86_DISABLE_EXITS_HLT | KVM_X86_DISABLE_EXITS_PAUSE */
static int parse_exits(const char *cmd, const char *spec, uint32_t *out)
{
	static const struct { const char *name; uint32_t bit; } exits[] = {
		{ "mwait", KVM_X86_DISABLE_EXITS_MWAIT },
		{ "hlt", KVM_X86_DISABLE_EXITS_HLT },
		{ "pause", KVM_X86_DISABLE_EXITS_PAUSE },
		{ "cstate", KVM_X86_DISABLE_EXITS_CSTATE },
	};
	const char *p = spec;

	*out = 0;
	for (;;) {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < sizeof(exits) / sizeof(exits[0]); i++)
			if (n == strlen(exits[i].name) && !strncasecmp(p, exits[i].name, n))
				break;
		if (i == sizeof(exits) / sizeof(exits[0]))
			return cli_usage_error(cmd, "--disable-exits '%s': unknown exit '%.*s' (hlt, mwait, pause, cstate)",
					       spec, (int)n, p);
		*out |= exits[i].bit;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

int cli_config_next(struct cli_config *c, int argc, char **argv, const char *shortopts,
		    const struct option *longopts)
{
	int opt, rc;

	do {
		opt = cli_getopt(c->cmd, argc, argv, shortopts, longopts);
		if (opt == -1 || opt == '?')
			return opt;
		rc = cli_config_opt(c, opt, optarg);
		if (rc < 0)
			return '?';
	} while (rc > 0);
	return opt;
}

int cli_run_error(const char *cmd, int rc, const char *err)
{
	fprintf(stderr, "pvprobe %s: %s%s\n", cmd, rc == PV_EXIT_SKIP ? "SKIP: " : "", err);
	return rc;
}

int cli_config_check(struct cli_config *c)
{
	char err[PV_ERR_MAX];

	if (c->layout && layout_parse(c->layout, &c->cfg.layout, err, sizeof(err)))
		return cli_usage_error(c->cmd, "%s", err);
	if (c->disable_exits && parse_exits(c->cmd, c->disable_exits, &c->cfg.disable_exits))
		return PV_EXIT_USAGE;

	if (c->mask && mask_spec_compile(PV_REG_EAX, c->mask, &c->mask_spec, err, sizeof(err)))
		return cli_usage_error(c->cmd, "%s", err);
	if (c->hints && mask_spec_compile(PV_REG_EDX, c->hints, &c->hints_spec, err, sizeof(err)))
		return cli_usage_error(c->cmd, "%s", err);
	return PV_EXIT_OK;
}

/* Notes on stderr for bits a user may not have meant: never silent. */
static void note_bits(const char *cmd, const char *opt, int reg,
		      const struct mask_spec_result *m, uint32_t host)
{
	uint32_t unsupported = m->value & ~host & ~m->undefined;
	size_t i;

	if (m->undefined)
		fprintf(stderr, "pvprobe %s: note: %s gives bits 0x%08x that no KVM PV feature defines; programmed anyway\n",
			cmd, opt, m->undefined);
	for (i = 0; i < PV_NR_ROWS; i++)
		if (pv_features[i].reg == reg && (unsupported & (1u << pv_features[i].bit)))
			fprintf(stderr, "pvprobe %s: note: %s is not supported by this host's KVM; programmed anyway\n",
				cmd, pv_features[i].canonical);
}

int cli_config_resolve(struct cli_config *c, struct kvm_sys *kvm, struct host_view *hv)
{
	struct mask_spec_result m, h;
	char err[PV_ERR_MAX];
	int rc;

	rc = kvm_sys_open(kvm, err, sizeof(err));
	if (rc != PV_EXIT_OK) {
		fprintf(stderr, "pvprobe %s: SKIP: %s\n", c->cmd, err);
		return rc;
	}
	if (host_view_read(kvm, hv, err, sizeof(err))) {
		fprintf(stderr, "pvprobe %s: %s\n", c->cmd, err);
		kvm_sys_close(kvm);
		return PV_EXIT_FAIL;
	}
	mask_spec_resolve(&c->mask_spec, hv->eax, &m);
	mask_spec_resolve(&c->hints_spec, hv->edx, &h);
	note_bits(c->cmd, "--mask", PV_REG_EAX, &m, hv->eax);
	note_bits(c->cmd, "--hints", PV_REG_EDX, &h, hv->edx);
	c->cfg.eax = m.value;
	c->cfg.edx = h.value;
	return PV_EXIT_OK;
}
