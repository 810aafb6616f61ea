// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "probe_list.h"

_Static_assert(PV_NR_MSR_STEPS == 4, "probe_list.c spells out four MSR steps");
_Static_assert(PV_NR_MSR_PROBES <= PV_MAX_PROBES, "results page too small for the probes");

#define MSR_PROBES(name, msr, gpa)						\
	{ "msr." #name ".read", PK_MSR, PV_MSR_##name, PV_PROBE_MSR_STEP_read,	\
	  0, 0, msr, gpa, "rdmsr before anything was written" },		\
	{ "msr." #name ".enable", PK_MSR, PV_MSR_##name, PV_PROBE_MSR_STEP_enable, \
	  0, 0, msr, gpa, "wrmsr of the enable value" },			\
	{ "msr." #name ".readback", PK_MSR, PV_MSR_##name,			\
	  PV_PROBE_MSR_STEP_readback, 0, 0, msr, gpa, "rdmsr after the enable write" }, \
	{ "msr." #name ".disable", PK_MSR, PV_MSR_##name, PV_PROBE_MSR_STEP_disable, \
	  0, 0, msr, gpa, "wrmsr 0" },

#define CHECK_PROBE(name, msrname, what)					\
	{ "check." #name, PK_CHECK, PV_MSR_##msrname, 0, PV_CHECK_##name, 0,	\
	  0, 0, what },

#define HCALL_PROBE(name, nr, how, what)					\
	{ "hypercall." #name, PK_HCALL, 0, 0, 0, PV_HC_##name, 0, 0, what },

static const uint32_t msr_numbers[PV_NR_MSRS] = {
#define MSR_NUMBER(name, msr, gpa) [PV_MSR_##name] = msr,
	PV_MSR_TABLE(MSR_NUMBER)
};

static const uint32_t hcall_numbers[PV_NR_HCALLS] = {
#define HCALL_NUMBER(name, nr, how, what) [PV_HC_##name] = nr,
	PV_HCALL_TABLE(HCALL_NUMBER)
};

uint32_t probe_hcall_nr(int hcall)
{
	return hcall >= 0 && hcall < PV_NR_HCALLS ? hcall_numbers[hcall] : 0;
}

const struct probe_desc probe_list[] = {
	PV_MSR_TABLE(MSR_PROBES)
	PV_CHECK_TABLE(CHECK_PROBE)
	PV_HCALL_TABLE(HCALL_PROBE)
};

const int probe_count = sizeof(probe_list) / sizeof(probe_list[0]);

int probe_slot(const struct probe_desc *p)
{
	if (p->kind == PK_MSR)
		return PV_PROBE_MSR_SLOT(p->msr_index, p->step);
	if (p->kind == PK_CHECK)
		return PV_PROBE_CHECK_SLOT(p->check);
	return -1;
}

const struct probe_desc *probe_by_name(const char *name)
{
	int i;

	for (i = 0; i < probe_count; i++)
		if (!strcmp(probe_list[i].name, name))
			return &probe_list[i];
	return NULL;
}

uint32_t probe_msr_number(int msr_index)
{
	return msr_index >= 0 && msr_index < PV_NR_MSRS ? msr_numbers[msr_index] : 0;
}
