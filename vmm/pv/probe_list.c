// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "probe_list.h"

_Static_assert(PV_NR_MSR_STEPS == 5, "probe_list.c spells out five MSR steps");

#define MSR_STEP(n_, nr, page, step_, what_)					\
	{ .name = "msr." #n_ "." #step_, .kind = PK_MSR, .msr_index = PV_MSR_##n_, \
	  .step = PV_PROBE_MSR_STEP_##step_, .check = -1, .value = -1, .msr = nr,	\
	  .gpa = page, .what = what_ },

#define MSR_PROBES(n_, nr, page)						\
	MSR_STEP(n_, nr, page, read, "rdmsr before anything was written")	\
	MSR_STEP(n_, nr, page, enable, "wrmsr of the enable value")		\
	MSR_STEP(n_, nr, page, readback, "rdmsr after the enable write")	\
	MSR_STEP(n_, nr, page, disable, "wrmsr 0")				\
	MSR_STEP(n_, nr, page, cleared, "rdmsr after writing 0")

#define VALUE_PROBES(n_, msrname, v, what_)					\
	{ .name = "check." #n_, .kind = PK_CHECK, .msr_index = PV_MSR_##msrname,	\
	  .check = -1, .value = PV_VALUE_##n_, .value_rec = PV_VALUE_WRITE,	\
	  .msr = MSR_KVM_##msrname, .data = v, .what = what_ },			\
	{ .name = "check." #n_ ".readback", .kind = PK_CHECK,			\
	  .msr_index = PV_MSR_##msrname, .check = -1, .value = PV_VALUE_##n_,	\
	  .value_rec = PV_VALUE_READBACK, .msr = MSR_KVM_##msrname, .data = v,	\
	  .what = "rdmsr after that write" },

#define CHECK_PROBE(n_, msrname, what_)					\
	{ .name = "check." #n_, .kind = PK_CHECK, .msr_index = PV_MSR_##msrname, \
	  .check = PV_CHECK_##n_, .value = -1, .msr = MSR_KVM_##msrname, .what = what_ },

#define HCALL_PROBE(n_, nr_, lane_, how_, what_)				\
	{ .name = "hypercall." #n_, .kind = PK_HCALL, .check = -1, .value = -1,	\
	  .hcall = PV_HC_##n_, .lane = PV_LANE_##lane_, .how = PV_HOW_##how_,	\
	  .what = what_ },

#define INIT_PROBE(n_, effect_)						\
	{ .name = "init." #n_, .kind = PK_INIT, .msr_index = PV_MSR_##n_,	\
	  .step = PV_INIT_##effect_, .check = -1, .value = -1, .msr = MSR_KVM_##n_,	\
	  .gpa = PV_INIT_GPA_##n_,						\
	  .what = "KVM_GET_MSRS after KVM_SET_MSRS and an INIT of the vCPU" },

#define HOST_PROBE(n_, what_)							\
	{ .name = "host." #n_, .kind = PK_HOST, .msr_index = -1, .step = PV_HOST_##n_, \
	  .check = -1, .value = -1, .what = what_ },

#define APF_PROBE(n_, what_)							\
	{ .name = "apf." #n_, .kind = PK_APF, .msr_index = PV_MSR_ASYNC_PF_EN,	\
	  .step = PV_APF_##n_, .check = -1, .value = -1, .msr = MSR_KVM_ASYNC_PF_EN, \
	  .what = what_ },

/* The page each INIT probe's value points at: PV_MSR_TABLE's. */
enum {
#define INIT_GPA(name, msr, gpa) PV_INIT_GPA_##name = (gpa),
	PV_MSR_TABLE(INIT_GPA)
};

static const uint32_t msr_numbers[PV_NR_MSRS] = {
#define MSR_NUMBER(name, msr, gpa) [PV_MSR_##name] = msr,
	PV_MSR_TABLE(MSR_NUMBER)
};

static const uint64_t hcall_numbers[PV_NR_HCALLS] = {
#define HCALL_NUMBER(name, nr, lane, how, what) [PV_HC_##name] = nr,
	PV_HCALL_TABLE(HCALL_NUMBER)
};

static const int lane_places[PV_NR_LANES] = {
#define LANE_PLACE(lane, place) [PV_LANE_##lane] = PV_PLACE_##place,
	PV_LANE_TABLE(LANE_PLACE)
};

uint64_t probe_hcall_nr(int hcall)
{
	return hcall >= 0 && hcall < PV_NR_HCALLS ? hcall_numbers[hcall] : 0;
}

int probe_lane_place(int lane)
{
	return lane >= 0 && lane < PV_NR_LANES ? lane_places[lane] : -1;
}

const char *probe_lane_name(int lane)
{
	static const char *const names[PV_NR_LANES] = {
#define LANE_NAME(lane, place) [PV_LANE_##lane] = #lane,
		PV_LANE_TABLE(LANE_NAME)
#undef LANE_NAME
	};

	return lane >= 0 && lane < PV_NR_LANES ? names[lane] : "?";
}

const struct probe_desc probe_list[] = {
	PV_MSR_TABLE(MSR_PROBES)
	PV_VALUE_TABLE(VALUE_PROBES)
	PV_CHECK_TABLE(CHECK_PROBE)
	PV_HCALL_TABLE(HCALL_PROBE)
	PV_INIT_TABLE(INIT_PROBE)
	PV_HOST_TABLE(HOST_PROBE)
	PV_APF_TABLE(APF_PROBE)
};

const int probe_count = sizeof(probe_list) / sizeof(probe_list[0]);
_Static_assert(sizeof(probe_list) / sizeof(probe_list[0]) == PV_NR_PROBES,
	       "PV_NR_PROBES counts every probe");

int probe_slot(const struct probe_desc *p)
{
	if (p->kind == PK_MSR)
		return PV_PROBE_MSR_SLOT(p->msr_index, p->step);
	if (p->kind == PK_CHECK && p->value >= 0)
		return PV_PROBE_VALUE_SLOT(p->value, p->value_rec);
	if (p->kind == PK_CHECK)
		return PV_PROBE_CHECK_SLOT(p->check);
	if (p->kind == PK_INIT || p->kind == PK_HOST)
		return -1;	/* the host's: no guest record */
	if (p->kind == PK_APF)
		return p->step;	/* its own run's page */
	return p->hcall;
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
