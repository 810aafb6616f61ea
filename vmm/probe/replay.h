/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvprobe replay: program exactly the CPUID of a dump -- `cpuid -r` from
 * inside the guest that shows a bug, or pvprobe's own --json -- and
 * collect the guest view and every probe's verdict, as `guest` and
 * `check` do.
 */
#ifndef PVPROBE_REPLAY_H
#define PVPROBE_REPLAY_H

#include "check.h"
#include "cpuid_dump.h"
#include "guest_view.h"

struct replay_report {
	const char *file;		/* the dump, as it was named */
	char format[16];		/* "cpuid-r" or "pvprobe-json" */
	int nr_cpus;			/* CPUs in the file; the first is replayed */
	int nr_leaves;
	struct guest_view guest;
	struct check_report check;
};

/*
 * Replay @dump (read from @file) with the rest of @cfg (enforcement,
 * vCPUs, deadline, disabled exits).  A PV_EXIT_* code for setup problems
 * (@err says why); the views and verdicts are in @rep.
 */
int replay_run(const struct kvm_sys *kvm, const struct guest_config *cfg,
	       const struct cpuid_dump *dump, const char *file, struct replay_report *rep,
	       char *err, size_t errlen);

#endif /* PVPROBE_REPLAY_H */
