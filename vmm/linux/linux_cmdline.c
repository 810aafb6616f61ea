// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel command line as the guest model (linux_model.c) needs it:
 * every rule cites the 6.12 source it encodes (paths in the
 * linux-source-6.12 tree).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux_cmdline.h"

/* ---- The command line (lib/cmdline.c next_arg(), init/main.c) ---- */

/* The kernel's isspace() (lib/ctype.c): also 0xa0. */
static bool k_isspace(unsigned char ch)
{
	return ch == ' ' || (ch >= '\t' && ch <= '\r') || ch == 0xa0;
}

/* kernel/params.c parameq(): '-' and '_' are the same. */
static bool parameq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

/* __setup() matching (init/main.c obsolete_checksetup()): a prefix. */
static bool paramprefix(const char *a, const char *prefix)
{
	for (; *prefix; a++, prefix++) {
		char x = *a == '-' ? '_' : *a, y = *prefix == '-' ? '_' : *prefix;

		if (!*a || x != y)
			return false;
	}
	return true;
}

/* lib/kstrtox.c kstrtobool() */
static int k_strtobool(const char *s, bool *res)
{
	if (!s)
		return -1;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -1;
}

/* get_option()/kstrtoint(): a whole number, any base; false if none. */
static bool k_strtol(const char *s, long *out)
{
	char *end;

	if (!s || !*s)
		return false;
	*out = strtol(s, &end, 0);
	return end != s && (*end == '\0' || *end == '\n' || *end == ',');
}

/* lib/cmdline.c next_arg(), exactly (it edits @args in place). */
static char *next_arg(char *args, char **param, char **val)
{
	unsigned int i, equals = 0;
	int in_quote = 0, quoted = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
		quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (k_isspace(args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	while (k_isspace(*args))
		args++;
	return args;
}

static void one_param(struct linux_cmdline *cl, const char *p, const char *v)
{
	long n;

	/* early_param()s (do_early_param(): exact name, any value) */
	if (parameq(p, "nopv"))				/* cpu/hypervisor.c */
		cl->nopv = true;
	else if (parameq(p, "no-kvmclock"))		/* kvmclock.c */
		cl->no_kvmclock = true;
	else if (parameq(p, "no-kvmapf"))		/* kvm.c */
		cl->no_kvmapf = true;
	else if (parameq(p, "nopvspin"))		/* locking/qspinlock.c */
		cl->nopvspin = true;
	else if (parameq(p, "idle") && v) {		/* process.c idle_setup() */
		if (!strcmp(v, "poll"))
			cl->idle = LINUX_IDLE_POLL;
		else if (!strcmp(v, "halt"))
			cl->idle = LINUX_IDLE_HALT;
		else if (!strcmp(v, "nomwait"))
			cl->idle = LINUX_IDLE_NOMWAIT;
	} else if (parameq(p, "nolapic") || parameq(p, "disableapic")) {	/* apic.c */
		cl->apic_disabled = true;
	} else if (parameq(p, "nosmp")) {		/* kernel/smp.c */
		cl->no_smp = true;
	} else if (parameq(p, "maxcpus")) {
		if (k_strtol(v, &n) && n == 0)
			cl->no_smp = true;
	} else if (parameq(p, "nr_cpus")) {
		if (k_strtol(v, &n) && n > 0)
			cl->nr_cpus = n;
	} else if (parameq(p, "possible_cpus")) {	/* cpu/topology.c */
		if (k_strtol(v, &n) && n > 0)
			cl->possible_cpus = n;
	} else if (parameq(p, "tsc_early_khz")) {	/* tsc.c */
		if (k_strtol(v, &n))
			cl->tsc_early_khz = n != 0;
	}
	/* built-in module parameters (kernel/params.c parse_one()) */
	else if (parameq(p, "cpuidle_haltpoll.force")) {
		bool b;

		if (!k_strtobool(v ? v : "1", &b))
			cl->haltpoll_force = b;
	} else if (parameq(p, "cpuidle.off")) {
		if (k_strtol(v, &n))
			cl->cpuidle_off = n;
	} else if (parameq(p, "intel_idle.max_cstate")) {
		if (k_strtol(v, &n))
			cl->intel_idle_max_cstate = n;
	}
	/* __setup()s (a prefix of "name=value") */
	else if (v && parameq(p, "tsc")) {		/* tsc.c tsc_setup() */
		if (!strcmp(v, "unstable"))
			cl->tsc_unstable = true;
	} else if (paramprefix(p, "notsc")) {		/* tsc.c notsc_setup() */
		cl->notsc = true;
	} else if (v && (parameq(p, "clocksource") || parameq(p, "clock"))) {
		/* time/clocksource.c boot_override_clocksource(), boot_override_clock() */
		snprintf(cl->clocksource, sizeof(cl->clocksource), "%s",
			 !strcmp(p, "clock") && !strcmp(v, "pmtmr") ? "acpi_pm" : v);
	}
}

void linux_cmdline_parse(const char *s, struct linux_cmdline *cl)
{
	char buf[LINUX_CMDLINE_SIZE];
	char *args = buf, *p, *v;

	memset(cl, 0, sizeof(*cl));
	cl->intel_idle_max_cstate = -1;
	if (!s)
		return;
	snprintf(buf, sizeof(buf), "%s", s);
	while (k_isspace(*args))
		args++;
	while (*args) {
		args = next_arg(args, &p, &v);
		if (!v && !strcmp(p, "--"))	/* kernel/params.c parse_args() */
			break;
		one_param(cl, p, v);
	}
}
