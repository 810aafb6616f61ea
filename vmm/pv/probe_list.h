/* SPDX-License-Identifier: GPL-2.0-only */
/* Every probe pvprobe checks, by name, derived from include/pv_probes.h. */
#ifndef PVPROBE_PROBE_LIST_H
#define PVPROBE_PROBE_LIST_H

#include <stdint.h>
#include "pv_probes.h"

/* Guest-run kinds first: sweeps chart the kinds below PK_HCALL. */
enum probe_kind {
	PK_MSR,		/* one step on one PV MSR */
	PK_CHECK,	/* a boundary write, its read-back, or a functional check */
	PK_HCALL,	/* a hypercall */
	PK_INIT,	/* an MSR's value after an INIT (host side) */
	PK_HOST,	/* what KVM_GET_SUPPORTED_CPUID says of the KVM leaves */
	PK_APF,		/* the async page fault probe, in a VM of its own (check_apf.c) */
};

struct probe_desc {
	const char *name;	/* "msr.STEAL_TIME.enable" */
	enum probe_kind kind;
	int msr_index;		/* enum pv_msr_index (PK_MSR, PK_CHECK) */
	int step;		/* PV_PROBE_MSR_STEP_* (PK_MSR), enum pv_init_effect (PK_INIT),
				   enum pv_host_probe (PK_HOST), enum pv_apf_index (PK_APF) */
	int check;		/* enum pv_check_index (functional checks), else -1 */
	int value;		/* enum pv_value_index (boundary writes), else -1 */
	int value_rec;		/* PV_VALUE_WRITE or PV_VALUE_READBACK (boundary writes) */
	int hcall;		/* enum pv_hcall_index (PK_HCALL) */
	int lane;		/* enum pv_lane (PK_HCALL) */
	int how;		/* enum pv_hcall_how (PK_HCALL) */
	uint32_t msr;		/* the MSR's number (PK_MSR, PK_CHECK) */
	uint64_t gpa;		/* the page its enable value points at (PK_MSR) */
	uint64_t data;		/* the value a boundary write writes */
	const char *what;	/* one line: what the guest does */
};

/* Is @p recorded by the guest's MSR run (PK_MSR, PK_CHECK), not by a lane or the host? */
static inline int probe_in_msr_run(const struct probe_desc *p)
{
	return p->kind < PK_HCALL;
}

extern const struct probe_desc probe_list[];
extern const int probe_count;

/*
 * The results-page slot of a probe: MSR, boundary and check probes in the
 * MSR run's page, hypercall probes in their lane run's page.
 */
int probe_slot(const struct probe_desc *p);

/* The number of MSR @msr_index (enum pv_msr_index). */
uint32_t probe_msr_number(int msr_index);

/* The hypercall number probe @hcall (enum pv_hcall_index) makes. */
uint64_t probe_hcall_nr(int hcall);

/* Where lane @lane runs (enum pv_lane_place). */
int probe_lane_place(int lane);

/* Lane @lane's name in include/pv_probes.h ("MAP_GPA"), or "?". */
const char *probe_lane_name(int lane);

/* The probe called @name, or NULL. */
const struct probe_desc *probe_by_name(const char *name);

#endif /* PVPROBE_PROBE_LIST_H */
