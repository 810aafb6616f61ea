// SPDX-License-Identifier: GPL-2.0-only
/*
 * The names of a Linux guest's PV decisions and the one setter the three
 * views (model, log, KVM) share (linux_guest.h).
 */
#include <stdio.h>
#include <string.h>

#include "linux_guest.h"

static const char *const decision_names[LD_NR] = {
	[LD_HYPERVISOR]		= "hypervisor",
	[LD_KVMCLOCK]		= "kvm-clock",
	[LD_STEAL_TIME]		= "steal-time",
	[LD_PV_EOI]		= "pv-eoi",
	[LD_ASYNC_PF]		= "async-pf",
	[LD_PV_TLB_FLUSH]	= "pv-tlb-flush",
	[LD_PV_SCHED_YIELD]	= "pv-sched-yield",
	[LD_PV_IPI]		= "pv-ipi",
	[LD_PV_SPINLOCKS]	= "pv-spinlocks",
	[LD_HALTPOLL]		= "haltpoll",
	[LD_CLOCKSOURCE]	= "clocksource",
};

const char *linux_decision_name(enum linux_decision d)
{
	if ((unsigned int)d >= LD_NR)
		return "?";
	return decision_names[d];
}

void linux_view_set(struct linux_view *v, enum linux_decision d, const char *value,
		    const char *evidence)
{
	if (!v || (unsigned int)d >= LD_NR)
		return;
	snprintf(v->value[d], sizeof(v->value[d]), "%s", value ? value : "");
	snprintf(v->evidence[d], sizeof(v->evidence[d]), "%s", evidence ? evidence : "");
}

int linux_decision_find(const char *name, size_t len)
{
	int d;

	for (d = 0; d < LD_NR; d++)
		if (strlen(decision_names[d]) == len && !strncmp(decision_names[d], name, len))
			return d;
	return -1;
}
