/* SPDX-License-Identifier: GPL-2.0-only */
/* The options that say which VM to build, shared by guest and check. */
#ifndef PVPROBE_CLI_CONFIG_H
#define PVPROBE_CLI_CONFIG_H

#include "cli.h"
#include "host_view.h"
#include "mask_spec.h"
#include "session.h"

struct cli_config {
	const char *cmd;
	const char *mask, *hints;
	const char *layout, *disable_exits;
	int seen_vcpus, seen_timeout, seen_enforce;
	/* --mask and --hints, parsed once by cli_config_check() ("host" if absent). */
	struct mask_spec mask_spec, hints_spec;
	struct guest_config cfg;
};

/* A long option with no short one: outside the char range of getopt's letters. */
#define CLI_OPT_ENFORCE_FIRST	0x100

#define CLI_CONFIG_SHORTOPTS	"m:"
#define CLI_CONFIG_LONGOPTS						\
	{ "mask", required_argument, NULL, 'm' },			\
	{ "hints", required_argument, NULL, 'H' },			\
	{ "no-enforce", no_argument, NULL, 'E' },			\
	{ "enforce-first", no_argument, NULL, CLI_OPT_ENFORCE_FIRST },			\
	{ "vcpus", required_argument, NULL, 'v' },			\
	{ "timeout", required_argument, NULL, 't' },			\
	{ "layout", required_argument, NULL, 'L' },			\
	{ "disable-exits", required_argument, NULL, 'D' }

#define CLI_CONFIG_HELP							\
	"  -m, --mask SPEC   CPUID 0x40000001 eax (default: host)\n"	\
	"      --hints SPEC  CPUID 0x40000001 edx (default: host)\n"	\
	"      --no-enforce  leave KVM_CAP_ENFORCE_PV_FEATURE_CPUID off\n" \
	"      --enforce-first  enable it before KVM_SET_CPUID2, not after\n" \
	"      --timeout MS  deadline of each guest run (default 2000)\n"	\
	"      --layout L    where the hypervisor leaves go: kvm (default), kvm@BASE,\n" \
	"                    hyperv, xen[@BASE], acrn[@BASE], none, old-host; add\n" \
	"                    ,eax=0xHEX to set the signature leaf's EAX\n"	\
	"      --disable-exits LIST  KVM_CAP_X86_DISABLE_EXITS: hlt,mwait,pause,cstate\n"

#define CLI_SPEC_HELP							\
	"SPEC: comma-separated items, applied left to right from the host's set:\n" \
	"  host | all | none       the host-supported set, every defined bit, nothing\n" \
	"  NAME | +NAME | -NAME    set or clear a feature; NAME is KVM_FEATURE_STEAL_TIME,\n" \
	"                          STEAL_TIME, steal-time or the QEMU property kvm-steal-time\n" \
	"  NAME=on | NAME=off      the same, QEMU style\n"		\
	"  0xHEX                   the whole register\n"			\
	"e.g. --mask none,+CLOCKSOURCE2   --mask -STEAL_TIME   --mask 0x0   --hints realtime\n" \
	"'pvprobe features' lists every name.\n"

void cli_config_init(struct cli_config *c, const char *cmd, int default_vcpus);

/*
 * Handle option @opt if it is one of CLI_CONFIG_LONGOPTS: returns 1 if
 * handled, 0 if not ours, -1 (message printed) on bad input.
 */
int cli_config_opt(struct cli_config *c, int opt, const char *arg);

/*
 * The next option that is not one of CLI_CONFIG_LONGOPTS (those are
 * handled here): the option, -1 at the end, or '?' after a message.
 */
int cli_config_next(struct cli_config *c, int argc, char **argv, const char *shortopts,
		    const struct option *longopts);

/* Print a failed run's error as "pvprobe CMD: [SKIP: ]ERR" and return @rc. */
int cli_run_error(const char *cmd, int rc, const char *err);

/* Check the specs' syntax without KVM: 0 or PV_EXIT_USAGE. */
int cli_config_check(struct cli_config *c);

/* Open KVM, read the host, resolve the specs into c->cfg; a PV_EXIT_* code. */
int cli_config_resolve(struct cli_config *c, struct kvm_sys *kvm, struct host_view *hv);

#endif /* PVPROBE_CLI_CONFIG_H */
