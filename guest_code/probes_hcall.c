// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypercall probes (include/pv_probes.h).  PV_ENTRY_HYPERCALL_LANE runs
 * every probe of one lane, in table order, each into slot h of this
 * vCPU's page, so that a lane whose first call never completes -- as on
 * kvm_pvm -- costs one deadline and nothing else.  PV_ENTRY_HYPERCALL runs
 * one probe (a SEE probe: the call it looks at first).  The arguments are
 * announced in the results page before each call: the VMM checks a
 * KVM_EXIT_HYPERCALL against them.
 *
 * PV_ENTRY_HALT_WAIT and PV_ENTRY_IPI_WAIT are the waiting vCPU's side of
 * the KICK and IPI lanes.
 */
#include <linux/kvm_para.h>

#include "apic.h"
#include "guest.h"
#include "hypercall.h"
#include "msr.h"
#include "pv_probes.h"

/* arch/x86/include/asm/apicdef.h */
#define APIC_DEST_LOGICAL		(1ull << 11)
#define APIC_SHORT_SELF			(1ull << 18)
#define APIC_SHORT_ALL			(1ull << 19)
#define MAP_GPA_2M			1ull		/* KVM_MAP_GPA_RANGE_PAGE_SZ_2M */
#define HCALL_PAGE_GFN			(PV_HCALL_GPA >> 12)
/* How long the KICK caller watches for a wake that must not come: a bound, not a time. */
#define NO_WAKE_SPINS			200000

static const struct {
	uint64_t nr;
	uint8_t lane, how;
} hcalls[PV_NR_HCALLS] = {
#define HCALL_ROW(name, nr, lane, how, what) \
	[PV_HC_##name] = { nr, PV_LANE_##lane, PV_HOW_##how },
	PV_HCALL_TABLE(HCALL_ROW)
};

/* What the last CALL of a lane did, for the SEE probe after it. */
struct last_call {
	uint64_t ret, tsc_before, tsc_after;
	uint32_t fault;
};

/* The arguments of CALL probe @probe; @target is the APIC ID it aims at. */
static void args_for(int probe, uint64_t target, uint64_t a[4])
{
	a[0] = a[1] = a[2] = a[3] = 0;
	switch (probe) {
	case PV_HC_KICK_CPU:
		a[1] = target;			/* flags 0, the halted vCPU's APIC ID */
		break;
	case PV_HC_KICK_CPU_WRONG_ID:
		a[0] = target;			/* "for future use": must not be the ID */
		a[1] = target + PV_KICK_WRONG_OFFSET;
		break;
	case PV_HC_CLOCK_PAIRING:
		a[0] = PV_CLOCK_PAIRING_GPA;
		a[1] = KVM_CLOCK_PAIRING_WALLCLOCK;
		break;
	case PV_HC_CLOCK_PAIRING_TYPE_1:
		a[0] = PV_CLOCK_PAIRING_GPA;
		a[1] = KVM_CLOCK_PAIRING_WALLCLOCK + 1;
		break;
	case PV_HC_CLOCK_PAIRING_TYPE_MAX:
		a[0] = PV_CLOCK_PAIRING_GPA;
		a[1] = ~0ull;
		break;
	case PV_HC_CLOCK_PAIRING_LAST_RAM:
		a[0] = PV_LAST_64;	/* sizeof(struct kvm_clock_pairing) */
		break;
	case PV_HC_CLOCK_PAIRING_PAST_RAM:
		a[0] = PV_RAM_SIZE - 32;
		break;
	case PV_HC_RING3_CLOCK_PAIRING:
		a[0] = PV_RING3_PAIRING_GPA;
		break;
	case PV_HC_SEND_IPI:
		/* bitmap: the target, the last vCPU, and the APIC ID after it (none) */
		a[0] = 3;
		a[2] = target;
		a[3] = PV_IPI_VECTOR;		/* ICR: fixed delivery, vector */
		break;
	case PV_HC_SEND_IPI_ICR_LOGICAL:
	case PV_HC_SEND_IPI_ICR_SELF:
	case PV_HC_SEND_IPI_ICR_ALL:
	case PV_HC_RING3_SEND_IPI:
		a[0] = 1;
		a[2] = target;
		a[3] = PV_IPI_VECTOR | (probe == PV_HC_SEND_IPI_ICR_LOGICAL ? APIC_DEST_LOGICAL :
					probe == PV_HC_SEND_IPI_ICR_SELF ? APIC_SHORT_SELF :
					probe == PV_HC_SEND_IPI_ICR_ALL ? APIC_SHORT_ALL : 0);
		break;
	case PV_HC_SEND_IPI_MIN_PAST_MAX:
		a[0] = 1;
		a[2] = 0xffffffffull;
		a[3] = PV_IPI_VECTOR;
		break;
	case PV_HC_SEND_IPI_EMPTY:
		a[2] = target;
		a[3] = PV_IPI_VECTOR;
		break;
	case PV_HC_SEND_IPI_APIC_OFF:
		a[0] = 1;			/* the target never enabled its LAPIC */
		a[2] = target;
		a[3] = PV_IPI_VECTOR;
		break;
	case PV_HC_SCHED_YIELD:
		a[0] = target;			/* yield to this APIC ID */
		break;
	case PV_HC_MAP_GPA_RANGE:
	case PV_HC_MAP_GPA_NO_EXIT_CAP:
	case PV_HC_RING3_MAP_GPA:
		a[0] = PV_HCALL_GPA;
		a[1] = 1;
		a[2] = PV_MAP_GPA_ATTRS;
		break;
	case PV_HC_MAP_GPA_UNALIGNED:
	case PV_HC_MAP_GPA_UNALIGNED_BIT0:
	case PV_HC_MAP_GPA_UNALIGNED_BIT11:
		a[0] = PV_HCALL_GPA + (probe == PV_HC_MAP_GPA_UNALIGNED ? 8 :
				       probe == PV_HC_MAP_GPA_UNALIGNED_BIT0 ? 1 : 0x800);
		a[1] = 1;
		a[2] = PV_MAP_GPA_ATTRS;
		break;
	case PV_HC_MAP_GPA_ZERO_PAGES:
		a[0] = PV_HCALL_GPA;
		a[2] = PV_MAP_GPA_ATTRS;
		break;
	case PV_HC_MAP_GPA_NPAGES_WRAP:		/* gfn + npages == 2^64 */
	case PV_HC_MAP_GPA_NPAGES_LAST:		/* gfn + npages == 2^64 - 1 */
		a[0] = PV_HCALL_GPA;
		a[1] = -HCALL_PAGE_GFN - (probe == PV_HC_MAP_GPA_NPAGES_LAST);
		a[2] = PV_MAP_GPA_ATTRS;
		break;
	case PV_HC_MAP_GPA_ATTRS_RESERVED:
		a[0] = PV_HCALL_GPA;
		a[1] = 1;
		a[2] = PV_MAP_GPA_ATTRS | MAP_GPA_2M | (1ull << 5) | (1ull << 63);
		break;
	default:			/* numbers only */
		break;
	}
}

static void fill64(uint64_t gpa, uint64_t v)
{
	volatile uint64_t *p = (void *)gpa;
	int i;

	for (i = 0; i < 8; i++)
		p[i] = v;
}

static void do_call(struct pv_results *r, int probe, uint64_t target, int vmcall,
		    struct last_call *lc)
{
	uint64_t nr = hcalls[probe].nr, a[4];
	uint32_t fault = 0;
	uint64_t ret;

	args_for(probe, target, a);
	/* Every byte of the record must be KVM's: flags and pad included. */
	if (probe == PV_HC_CLOCK_PAIRING)
		fill64(PV_CLOCK_PAIRING_GPA, ~0ull);
	r->hc_nr = nr;
	/* Not memcpy(): a byte loop, 160 instructions where each is emulated. */
	r->hc_args[0] = a[0];
	r->hc_args[1] = a[1];
	r->hc_args[2] = a[2];
	r->hc_args[3] = a[3];
	lc->tsc_before = guest_rdtsc();
	if (hcalls[probe].lane == PV_LANE_RING3) {
		struct ring3_call c = { .nr = nr, .a = { a[0], a[1], a[2], a[3] } };

		ring3_hypercall(vmcall, &c, probe == PV_HC_RING1_VAPIC_POLL_IRQ);
		ret = c.ret;
	} else if (vmcall) {
		ret = hypercall_vmcall(nr, a[0], a[1], a[2], a[3], &fault);
	} else {
		ret = hypercall_vmmcall(nr, a[0], a[1], a[2], a[3], &fault);
	}
	lc->tsc_after = guest_rdtsc();
	lc->ret = ret;
	lc->fault = fault;
	r->hc_ret = ret;
	r->hc_fault = fault;
	r->hc_done = 1;
}

/* hypercalls.rst, KVM_HC_CLOCK_PAIRING; kvm_pv_clock_pairing() fills every field. */
static uint64_t see_clock_pairing(const struct last_call *lc)
{
	const volatile struct kvm_clock_pairing *c = (void *)PV_CLOCK_PAIRING_GPA;
	int i;

	if (c->flags || c->sec <= 0 || c->nsec < 0 || c->nsec >= 1000000000)
		return PV_CHECK_BAD_FIELD;
	for (i = 0; i < 9; i++)
		if (c->pad[i])
			return PV_CHECK_BAD_FIELD;
	/* The guest TSC at the host's clock read: after the call began, before it ended. */
	return c->tsc >= lc->tsc_before && c->tsc <= lc->tsc_after ? PV_CHECK_OK :
								      PV_CHECK_TSC_OUTSIDE;
}

/* The waiter must not wake: watch its page for a bounded while. */
static uint64_t see_no_wake(uint64_t target)
{
	const volatile struct pv_results *w = (void *)PV_RESULTS_PAGE(target);
	int i;

	for (i = 0; i < NO_WAKE_SPINS; i++) {
		if (w->woken)
			return PV_CHECK_WOKEN_EARLY;
		asm volatile("pause" : : : "memory");
	}
	return PV_CHECK_OK;
}

/* A SEE probe's result, or -1: nothing to look at (the call it follows failed). */
static int64_t see(int probe, uint64_t target, const struct last_call *lc)
{
	switch (probe) {
	case PV_HC_CLOCK_PAIRING_RECORD:
		if (lc->fault || lc->ret)
			return -1;
		return (int64_t)see_clock_pairing(lc);
	case PV_HC_KICK_CPU_WRONG_ID_NO_WAKE:
		return (int64_t)see_no_wake(target);
	default:
		guest_fail("no such SEE probe");
	}
}

/* The instruction lane @lane uses: the native one, or the other vendor's. */
static int lane_vmcall(int lane, uint64_t arg)
{
	int other = lane == PV_LANE_OTHER || lane == PV_LANE_NOQUIRK;

	return !!(arg & PV_HC_ARG_VMCALL) ^ other;
}

void probe_hypercall_lane(struct pv_results *r, uint64_t arg)
{
	int lane = (int)(arg & PV_HC_ARG_INDEX_MASK), vmcall, i, k = 0, called = 0;
	uint64_t target = PV_HC_ARG_TARGET(arg);
	uint32_t skip = PV_HC_ARG_SKIP(arg);
	struct last_call lc = { 0 };

	if (lane >= PV_NR_LANES)
		guest_fail("hypercall lane out of range");
	vmcall = lane_vmcall(lane, arg);
	r->nr_probes = PV_NR_HCALLS;
	for (i = 0; i < PV_NR_HCALLS; i++) {
		int64_t v;

		if (hcalls[i].lane != lane)
			continue;
		if (k < 32 && ((skip >> k) & 1)) {
			k++;
			called = 0;
			continue;
		}
		k++;
		switch (hcalls[i].how) {
		case PV_HOW_CALL:
			do_call(r, i, target, vmcall, &lc);
			probe_record(r, i, lc.fault, lc.ret);
			called = 1;
			break;
		case PV_HOW_SEE:
			/* Its call left out: made here, as probe_hypercall() does. */
			if (!called)
				do_call(r, i - 1, target, vmcall, &lc);
			v = see(i, target, &lc);
			if (v >= 0)
				probe_record(r, i, 0, (uint64_t)v);
			break;
		default:		/* WAITER: the host reads the waiting vCPU */
			break;
		}
	}
}

void probe_hypercall(struct pv_results *r, uint64_t arg)
{
	int probe = (int)(arg & PV_HC_ARG_INDEX_MASK), vmcall;
	uint64_t target = PV_HC_ARG_TARGET(arg);
	struct last_call lc = { 0 };
	int64_t v;

	if (probe >= PV_NR_HCALLS)
		guest_fail("hypercall probe index out of range");
	vmcall = lane_vmcall(hcalls[probe].lane, arg);
	switch (hcalls[probe].how) {
	case PV_HOW_CALL:
		do_call(r, probe, target, vmcall, &lc);
		return;
	case PV_HOW_SEE:
		/* The call it looks at is the one before it (tests/unit_model.c checks). */
		do_call(r, probe - 1, target, vmcall, &lc);
		r->hc_done = 0;
		v = see(probe, target, &lc);
		if (v >= 0) {
			r->hc_ret = (uint64_t)v;
			r->hc_fault = 0;
			r->hc_done = 1;
		}
		return;
	default:
		guest_fail("a WAITER probe has no run of its own");
	}
}

void wait_for_kick(struct pv_results *r)
{
	r->ready = 1;
	/* Interrupts off: only KVM_HC_KICK_CPU's pv_unhalted can end this HLT. */
	asm volatile("cli; hlt" : : : "memory");
	r->woken = 1;
}

void guest_ipi(void)
{
	struct pv_results *r = guest_results();

	r->ipi_count++;
	wrmsr_safe(MSR_X2APIC_EOI, 0);
}

void wait_for_ipi(struct pv_results *r)
{
	if (x2apic_enable())
		guest_fail("cannot enable the x2APIC");
	idt_set_irq(PV_IPI_VECTOR);
	r->ready = 1;
	/* sti; hlt is atomic: an IPI cannot slip in between. */
	while (!r->ipi_count)
		asm volatile("sti; hlt; cli" : : : "memory");
	r->woken = 1;
}
