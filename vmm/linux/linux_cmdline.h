/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel command line as Linux 6.12 parses it (lib/cmdline.c
 * next_arg(), kernel/params.c, init/main.c), reduced to the parameters the
 * guest model's decisions read (linux_model.c).  Pure: no I/O
 * (tests/unit_linux_model.c).
 */
#ifndef PVPROBE_LINUX_CMDLINE_H
#define PVPROBE_LINUX_CMDLINE_H

#include <stdbool.h>

#define LINUX_CMDLINE_SIZE	2048	/* COMMAND_LINE_SIZE on x86 */

enum linux_cmdline_idle {
	LINUX_IDLE_NO_OVERRIDE, LINUX_IDLE_POLL, LINUX_IDLE_HALT, LINUX_IDLE_NOMWAIT,
};

struct linux_cmdline {
	bool nopv, no_kvmclock, no_kvmapf, nopvspin;
	enum linux_cmdline_idle idle;
	bool haltpoll_force;
	long cpuidle_off;
	long intel_idle_max_cstate;	/* -1: not given */
	bool notsc, tsc_unstable, tsc_early_khz;
	char clocksource[32];		/* clocksource= (CS_NAME_LEN) */
	bool apic_disabled;		/* nolapic, disableapic */
	bool no_smp;			/* nosmp, maxcpus=0 */
	long nr_cpus;			/* nr_cpus=N, 0: not given */
	long possible_cpus;		/* possible_cpus=N, 0: not given */
};

/*
 * Parse the command line @s (NULL: none) into @cl (cleared first).  Only
 * its first LINUX_CMDLINE_SIZE - 1 bytes count, as in the kernel.
 */
void linux_cmdline_parse(const char *s, struct linux_cmdline *cl);

#endif /* PVPROBE_LINUX_CMDLINE_H */
