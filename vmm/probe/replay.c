// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvprobe_exit.h"
#include "replay.h"

int replay_run(const struct kvm_sys *kvm, const struct guest_config *cfg,
	       const struct cpuid_dump *dump, const char *file, struct replay_report *rep,
	       char *err, size_t errlen)
{
	struct kvm_cpuid2 *table = cpuid_dump_table(dump);
	struct guest_config c = *cfg;
	int rc;

	rep->file = file;
	snprintf(rep->format, sizeof(rep->format), "%s", dump->format);
	rep->nr_cpus = dump->nr_cpus;
	rep->nr_leaves = dump->nr;
	if (!table) {
		snprintf(err, errlen, "out of memory");
		return PV_EXIT_FAIL;
	}
	c.table = table;
	rc = guest_view_collect(kvm, &c, &rep->guest, err, errlen);
	if (rc == PV_EXIT_OK)
		rc = check_run(kvm, &c, CHECK_ALL, &rep->check, err, errlen);
	/* check keeps a copy of the config: not of the table, which goes now. */
	rep->check.cfg.table = NULL;
	free(table);
	if (rc == PV_EXIT_OK)
		snprintf(rep->check.repro_extra, sizeof(rep->check.repro_extra),
			 "   # replayed from %s", file);
	return rc;
}
