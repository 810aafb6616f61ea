// SPDX-License-Identifier: GPL-2.0-only
/*
 * PV_ENTRY_MSR_PROBES: every PV MSR in include/pv_probes.h order -- read,
 * write the enable value, read back, check what KVM did with it, write 0,
 * read again -- then the boundary writes of PV_VALUE_TABLE, then PV EOI
 * taken for real (pv_eoi.c).  Each outcome goes to its slot in the results
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

static const struct {
	uint32_t msr;
	uint64_t value;
} values[PV_NR_VALUES] = {
#define VALUE_ROW(name, msr, value, what) [PV_VALUE_##name] = { MSR_KVM_##msr, value },
	PV_VALUE_TABLE(VALUE_ROW)
};

#define NSEC_PER_SEC		1000000000u
/* pvclock flags (msr.rst): bit 0 TSC stable, bit 1 guest stopped, no others. */
#define PVCLOCK_TSC_STABLE_BIT	(1u << 0)
/* A record read under the version protocol: a bound on retries, not on time. */
#define RECORD_TRIES		1000

/*
 * done last: a run stopped at its deadline is read as it stands (a lane's
 * page, vmm/probe/check_run.c), and a record must never be "done" with a
 * value still missing.  x86 keeps stores in order; the barrier keeps the
 * compiler from reordering them.
 */
void probe_record(struct pv_results *r, int slot, uint32_t fault, uint64_t value)
{
	r->probes[slot].fault = fault;
	r->probes[slot].value = value;
	asm volatile("" : : : "memory");
	r->probes[slot].done = 1;
}

/* Let the host deschedule this vCPU: KVM reloads it on the next KVM_RUN. */
void sync_with_host(struct pv_results *r)
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
	if (!w->sec)
		return PV_CHECK_EMPTY;
	/* kvm_write_wall_clock(): nsec is the remainder of a division by 10^9. */
	return w->nsec < NSEC_PER_SEC ? PV_CHECK_OK : PV_CHECK_BAD_FIELD;
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
 * The fields kvm_guest_time_update() fills: a multiplier (kvm_get_time_scale()
 * of a non-zero TSC rate), flags with only the defined bits and without
 * PVCLOCK_GUEST_STOPPED (nobody ran KVM_KVMCLOCK_CTRL), and a TSC stamp
 * taken before now.
 */
static uint64_t check_kvmclock_record(uint64_t gpa)
{
	const volatile struct pvclock_vcpu_time_info *t = (void *)gpa;
	int tries;

	for (tries = 0; tries < RECORD_TRIES; tries++) {
		uint32_t v = t->version, mul;
		uint64_t stamp, now;
		uint8_t flags;

		asm volatile("" : : : "memory");
		if (v & 1)
			continue;
		mul = t->tsc_to_system_mul;
		flags = t->flags;
		stamp = t->tsc_timestamp;
		now = guest_rdtsc();
		asm volatile("" : : : "memory");
		if (t->version != v)
			continue;
		if (!v)
			return PV_CHECK_VERSION_ZERO;
		/* Any flag but TSC_STABLE: undefined, or GUEST_STOPPED. */
		if (!mul || (flags & ~PVCLOCK_TSC_STABLE_BIT))
			return PV_CHECK_BAD_FIELD;
		return stamp <= now ? PV_CHECK_OK : PV_CHECK_TSC_OUTSIDE;
	}
	return PV_CHECK_VERSION_ODD;
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

/* One consistent read of the steal time record: PV_CHECK_OK, or why not. */
static uint64_t read_steal(const volatile struct kvm_steal_time *st, uint64_t *steal,
			   uint32_t *flags, uint8_t *preempted)
{
	int tries;

	for (tries = 0; tries < RECORD_TRIES; tries++) {
		uint32_t v = st->version;

		asm volatile("" : : : "memory");
		if (!v)
			return PV_CHECK_VERSION_ZERO;
		if (v & 1)
			continue;
		*steal = st->steal;
		*flags = st->flags;
		*preempted = st->preempted;
		asm volatile("" : : : "memory");
		if (st->version == v)
			return PV_CHECK_OK;
	}
	return PV_CHECK_VERSION_ODD;
}

/*
 * msr.rst: flags "always zero"; record_steal_time() clears preempted before
 * every entry (KVM_REQ_STEAL_UPDATE follows every vCPU load, which is when
 * kvm_steal_time_set_preempted() could have set it), so running code
 * always reads 0; steal only ever has run_delay deltas added.
 */
static uint64_t check_steal_record(struct pv_results *r, uint64_t gpa)
{
	const volatile struct kvm_steal_time *st = (void *)gpa;
	uint64_t s1 = 0, s2 = 0, v;
	uint32_t flags = 0;
	uint8_t preempted = 0;

	v = read_steal(st, &s1, &flags, &preempted);
	if (v != PV_CHECK_OK)
		return v;
	if (flags || preempted)
		return PV_CHECK_BAD_FIELD;
	sync_with_host(r);
	v = read_steal(st, &s2, &flags, &preempted);
	if (v != PV_CHECK_OK)
		return v;
	if (flags || preempted || s2 < s1)
		return PV_CHECK_BAD_FIELD;
	return PV_CHECK_OK;
}

/* Written without its enable bit, the record at @gpa must stay as the host left it: zero. */
static uint64_t check_kvmclock_off(struct pv_results *r, uint64_t gpa)
{
	const volatile uint64_t *p = (void *)gpa;
	int i;

	sync_with_host(r);
	for (i = 0; i < (int)(sizeof(struct pvclock_vcpu_time_info) / 8); i++)
		if (p[i])
			return PV_CHECK_WRITTEN;
	return PV_CHECK_OK;
}

static void run_checks(struct pv_results *r, int i, uint64_t gpa)
{
	switch (i) {
	case PV_MSR_WALL_CLOCK:
		probe_record(r, PV_PROBE_CHECK_SLOT(PV_CHECK_WALL_CLOCK_FILLED), 0,
			     check_wall_clock(gpa));
		break;
	case PV_MSR_WALL_CLOCK_NEW:
		probe_record(r, PV_PROBE_CHECK_SLOT(PV_CHECK_WALL_CLOCK_NEW_FILLED), 0,
			     check_wall_clock(gpa));
		break;
	case PV_MSR_SYSTEM_TIME:
		probe_record(r, PV_PROBE_CHECK_SLOT(PV_CHECK_KVMCLOCK_TICKS), 0,
			     check_kvmclock(r, gpa));
		break;
	case PV_MSR_SYSTEM_TIME_NEW:
		probe_record(r, PV_PROBE_CHECK_SLOT(PV_CHECK_KVMCLOCK_NEW_TICKS), 0,
			     check_kvmclock(r, gpa));
		probe_record(r, PV_PROBE_CHECK_SLOT(PV_CHECK_KVMCLOCK_RECORD), 0,
			     check_kvmclock_record(gpa));
		break;
	case PV_MSR_STEAL_TIME:
		probe_record(r, PV_PROBE_CHECK_SLOT(PV_CHECK_STEAL_TIME_UPDATES), 0,
			     check_steal_time(r, gpa));
		probe_record(r, PV_PROBE_CHECK_SLOT(PV_CHECK_STEAL_TIME_RECORD), 0,
			     check_steal_record(r, gpa));
		break;
	default:
		break;
	}
}

/* Write the value, read the MSR back, then 0 again (also after a refused write). */
static void value_probe(struct pv_results *r, int i)
{
	uint32_t msr = values[i].msr, f, f2;
	uint64_t v = 0;

	f = wrmsr_safe(msr, values[i].value);
	probe_record(r, PV_PROBE_VALUE_SLOT(i, PV_VALUE_WRITE), f, values[i].value);
	f2 = rdmsr_safe(msr, &v);
	probe_record(r, PV_PROBE_VALUE_SLOT(i, PV_VALUE_READBACK), f2, v);
	if (i == PV_VALUE_KVMCLOCK_NO_ENABLE && !f)
		probe_record(r, PV_PROBE_CHECK_SLOT(PV_CHECK_KVMCLOCK_OFF_UNTOUCHED), 0,
			     check_kvmclock_off(r, PV_PVCLOCK_OFF_GPA));
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
	int pv_eoi_on = 0, i;

	r->nr_probes = PV_NR_MSR_PROBES;
	for (i = 0; i < PV_NR_MSRS; i++) {
		uint32_t msr = msrs[i].msr, f, f2;
		uint64_t v = 0, en = pv_msr_enable_value(msr, msrs[i].gpa);

		f = rdmsr_safe(msr, &v);
		probe_record(r, PV_PROBE_MSR_SLOT(i, PV_PROBE_MSR_STEP_read), f, v);
		f = wrmsr_safe(msr, en);
		probe_record(r, PV_PROBE_MSR_SLOT(i, PV_PROBE_MSR_STEP_enable), f, en);
		v = 0;
		f2 = rdmsr_safe(msr, &v);	/* before probe_record(): argument order */
		probe_record(r, PV_PROBE_MSR_SLOT(i, PV_PROBE_MSR_STEP_readback), f2, v);
		if (!f)
			run_checks(r, i, msrs[i].gpa);
		if (!f && i == PV_MSR_PV_EOI_EN)
			pv_eoi_on = 1;
		probe_record(r, PV_PROBE_MSR_SLOT(i, PV_PROBE_MSR_STEP_disable),
			     wrmsr_safe(msr, 0), 0);
		v = 0;
		f = rdmsr_safe(msr, &v);
		probe_record(r, PV_PROBE_MSR_SLOT(i, PV_PROBE_MSR_STEP_cleared), f, v);
	}
	for (i = 0; i < PV_NR_VALUES; i++)
		value_probe(r, i);
	if (pv_eoi_on)
		probe_pv_eoi(r);
}
