// SPDX-License-Identifier: GPL-2.0-only
/*
 * The modelled Linux versions (linux_rules.h).  Each flag was read in that
 * version's own source: arch/x86/kernel/kvm.c of v5.10 (5.10.13), of
 * Debian's linux-source-6.1 (6.1.192) and linux-source-6.12 (6.12.118),
 * and of a 6.18-based tree, where pv_tlb_flush_supported(),
 * pv_ipi_supported(), pv_sched_yield_supported(), kvm_spinlock_init(),
 * kvm_guest_cpu_init() and arch_haltpoll_enable() are as in 6.12.
 */
#include <stdio.h>

#include "linux_rules.h"

static const struct linux_rules rules[] = {
	{ .version = 510, .name = "5.10", .pv_needs_smp_no_mwait = false,
	  .spinlock_unhalt_last = false, .steal_apf_logged = true },
	{ .version = 601, .name = "6.1", .pv_needs_smp_no_mwait = true,
	  .spinlock_unhalt_last = true, .steal_apf_logged = false },
	{ .version = 612, .name = "6.12", .pv_needs_smp_no_mwait = true,
	  .spinlock_unhalt_last = true, .steal_apf_logged = false },
	{ .version = 618, .name = "6.18", .pv_needs_smp_no_mwait = true,
	  .spinlock_unhalt_last = true, .steal_apf_logged = false },
};

#define NR_RULES	(sizeof(rules) / sizeof(rules[0]))

const struct linux_rules *linux_rules_table(size_t *n)
{
	if (n)
		*n = NR_RULES;
	return rules;
}

const struct linux_rules *linux_rules_for(int version, char *note, size_t len)
{
	const struct linux_rules *r = NULL;
	size_t i;

	if (version <= 0) {
		for (i = 0; i < NR_RULES; i++)
			if (rules[i].version == LINUX_RULES_DEFAULT)
				r = &rules[i];
		if (note)
			snprintf(note, len, "model %s (kernel version unknown)", r->name);
		return r;
	}
	for (i = 0; i < NR_RULES; i++)
		if (rules[i].version <= version)
			r = &rules[i];
	if (!r) {
		r = &rules[0];
		if (note)
			snprintf(note, len, "model %s (nearest to %d.%d, older than any modelled)",
				 r->name, version / 100, version % 100);
	} else if (note && r->version == version) {
		snprintf(note, len, "model %s (Linux %d.%d)", r->name, version / 100, version % 100);
	} else if (note) {
		snprintf(note, len, "model %s (nearest to %d.%d)", r->name, version / 100,
			 version % 100);
	}
	return r;
}
