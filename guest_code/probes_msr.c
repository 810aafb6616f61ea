// SPDX-License-Identifier: GPL-2.0-only
/*
 * PV_ENTRY_MSR_PROBES: every PV MSR in include/pv_probes.h order -- read,
 * write the enable value, read back, check what KVM did with it, write 0 --
 * then the value-bit probes.  Each outcome goes to its slot in the results
 * page; nothing here decides what is right (that is the host's model).
 */
#include "guest.h"
#include "msr.h"
#include "pv_probes.h"
#include "pvclock.h"

static const struct {
	uint32_t msr;
	uint64_t gpa;
} msrs[PV_NR_MSRS] = {
#define MSR_ROW(name, msr, gpa) [PV_MSR_##name] = { msr, gpa },
	PV_MSR_TABLE(MSR_ROW)
};

static void record(struct pv_results *r, int slot, uint32_t fault, uint64_t value)
{
	r->probes[slot].done = 1;
	r->probes[slot].fault = fault;
	r->probes[slot].value = value;
}

/* Let the host deschedule this vCPU: KVM reloads it on the next KVM_RUN. */
static void sync_with_host(struct pv_results *r)
{
	r->nr_syncs++;
	guest_ring(PV_EV_SYNC);
}

static uint64_t check_wall_clock(uint64_t gpa)
{
	const volatile struct pvclock_wall_clock *w = (void *)gpa;

	if (!w->version)
		return PV_CHECK_VERSION_ZERO;
	if (w->version & 1)
		return PV_CHECK_VERSION_ODD;
	return w->sec ? PV_CHECK_OK : PV_CHECK_EMPTY;
}

static uint64_t check_kvmclock(struct pv_results *r, uint64_t gpa)
{
	const volatile struct pvclock_vcpu_time_info *t = (void *)gpa;
	uint64_t t1, t2;

	if (!t->version)
		return PV_CHECK_VERSION_ZERO;
	t1 = pvclock_read_ns(t);
	if (!t1)
		return PV_CHECK_VERSION_ODD;
	sync_with_host(r);
	t2 = pvclock_read_ns(t);
	return t2 > t1 ? PV_CHECK_OK : PV_CHECK_NOT_ADVANCING;
}

/*
 * KVM writes the record when it processes KVM_REQ_STEAL_UPDATE
 * (record_steal_time()), requested by the MSR write and again whenever the
 * vCPU is loaded, which every KVM_RUN does: after one sync the record must
 * be written (even, non-zero version), and it must change across another.
 */
static uint64_t check_steal_time(struct pv_results *r, uint64_t gpa)
{
	const volatile struct kvm_steal_time *st = (void *)gpa;
	uint32_t v1;

	sync_with_host(r);
	v1 = st->version;
	if (!v1)
		return PV_CHECK_VERSION_ZERO;
	if (v1 & 1)
		return PV_CHECK_VERSION_ODD;
	sync_with_host(r);
	return st->version != v1 ? PV_CHECK_OK : PV_CHECK_NOT_UPDATED;
}

static void run_checks(struct pv_results *r, int i, uint64_t gpa)
{
	int slot;
	uint64_t v;

	switch (i) {
	case PV_MSR_WALL_CLOCK:
		slot = PV_PROBE_CHECK_SLOT(PV_CHECK_WALL_CLOCK_FILLED);
		v = check_wall_clock(gpa);
		break;
	case PV_MSR_WALL_CLOCK_NEW:
		slot = PV_PROBE_CHECK_SLOT(PV_CHECK_WALL_CLOCK_NEW_FILLED);
		v = check_wall_clock(gpa);
		break;
	case PV_MSR_SYSTEM_TIME:
		slot = PV_PROBE_CHECK_SLOT(PV_CHECK_KVMCLOCK_TICKS);
		v = check_kvmclock(r, gpa);
		break;
	case PV_MSR_SYSTEM_TIME_NEW:
		slot = PV_PROBE_CHECK_SLOT(PV_CHECK_KVMCLOCK_NEW_TICKS);
		v = check_kvmclock(r, gpa);
		break;
	case PV_MSR_STEAL_TIME:
		slot = PV_PROBE_CHECK_SLOT(PV_CHECK_STEAL_TIME_UPDATES);
		v = check_steal_time(r, gpa);
		break;
	default:
		return;
	}
	record(r, slot, 0, v);
}

/* A write whose outcome is the probe; then back to 0 if it was accepted. */
static void value_probe(struct pv_results *r, int check, uint32_t msr, uint64_t val)
{
	uint32_t f = wrmsr_safe(msr, val);

	record(r, PV_PROBE_CHECK_SLOT(check), f, val);
	if (!f)
		wrmsr_safe(msr, 0);
}

/*
 * The record pages start zeroed: the host clears them before this entry
 * (vcpu_setup_entry()).  Not here: on kvm_pvm the instructions after an
 * MSR access are emulated one by one (its pvm_emul_batch), and clearing
 * seven pages byte by byte took 40 ms of the run.
 */
void probe_msrs(struct pv_results *r)
{
	int i;

	r->nr_probes = PV_NR_MSR_PROBES;
	for (i = 0; i < PV_NR_MSRS; i++) {
		uint32_t msr = msrs[i].msr, f, f2;
		uint64_t v = 0, en = pv_msr_enable_value(msr, msrs[i].gpa);

		f = rdmsr_safe(msr, &v);
		record(r, PV_PROBE_MSR_SLOT(i, PV_PROBE_MSR_STEP_read), f, v);
		f = wrmsr_safe(msr, en);
		record(r, PV_PROBE_MSR_SLOT(i, PV_PROBE_MSR_STEP_enable), f, en);
		v = 0;
		f2 = rdmsr_safe(msr, &v);	/* before record(): argument order */
		record(r, PV_PROBE_MSR_SLOT(i, PV_PROBE_MSR_STEP_readback), f2, v);
		if (!f)
			run_checks(r, i, msrs[i].gpa);
		record(r, PV_PROBE_MSR_SLOT(i, PV_PROBE_MSR_STEP_disable), wrmsr_safe(msr, 0), 0);
	}

	value_probe(r, PV_CHECK_APF_VMEXIT_BIT, msrs[PV_MSR_ASYNC_PF_EN].msr,
		    PV_APF_GPA | PV_MSR_ENABLED | PV_APF_VMEXIT_BIT);
	value_probe(r, PV_CHECK_APF_INT_BIT, msrs[PV_MSR_ASYNC_PF_EN].msr,
		    PV_APF_GPA | PV_MSR_ENABLED | PV_APF_INT_BIT);
	value_probe(r, PV_CHECK_APF_RESERVED_BIT, msrs[PV_MSR_ASYNC_PF_EN].msr,
		    PV_APF_GPA | PV_MSR_ENABLED | PV_APF_RESERVED_BIT);
	value_probe(r, PV_CHECK_POLL_BIT1, msrs[PV_MSR_POLL_CONTROL].msr, 2);
}
