// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cpuid_table.h"
#include "pv_feature.h"
#include "pv_qemu_abi.h"
#include "pvprobe_exit.h"
#include "qemu_layers.h"

#define KVM_SIG_BASE		0x40000000u
#define HYPERV_KVM_BASE		0x40000100u	/* target/i386/kvm/kvm.c: KVM leaves after Hyper-V's */

const char *qemu_layer_pair_name(enum qemu_layer_pair p)
{
	static const char *const n[] = { "host -> QEMU", "QEMU -> guest", "guest -> KVM" };

	return n[p];
}

static void __attribute__((format(printf, 4, 5)))
diff(struct qemu_report *rep, enum qemu_layer_pair pair, int explained, const char *fmt, ...)
{
	struct qemu_diff *d;
	va_list ap;

	if (!explained)
		rep->unexplained++;
	if (rep->nr_diffs == QEMU_MAX_DIFFS)
		return;
	d = &rep->diffs[rep->nr_diffs++];
	d->pair = pair;
	d->explained = explained;
	va_start(ap, fmt);
	vsnprintf(d->text, sizeof(d->text), fmt, ap);
	va_end(ap);
}

static const char *fname(int reg, int bit, char *buf, size_t len)
{
	const struct pv_feature *f = pv_feature_by_bit(reg, bit);

	if (!f)
		snprintf(buf, len, "%s bit %d", pv_reg_name(reg), bit);
	else if (f->qemu)
		snprintf(buf, len, "%s (bit %d, QEMU %s)", f->name, bit, f->qemu);
	else
		snprintf(buf, len, "%s (bit %d, no QEMU property)", f->name, bit);
	return buf;
}

static void host_vs_claim(struct qemu_report *rep)
{
	const struct qemu_claim *c = &rep->run.claim;
	int reg, bit;

	for (reg = PV_REG_EAX; reg <= PV_REG_EDX; reg++) {
		/* Hints (edx) are the VMM's to give: KVM_GET_SUPPORTED_CPUID offers none but REALTIME is legal. */
		uint32_t host = reg == PV_REG_EAX ? rep->host_eax : rep->host_edx;
		uint32_t claim = reg == PV_REG_EAX ? c->eax : c->edx;
		uint32_t filt = reg == PV_REG_EAX ? c->filtered_eax : c->filtered_edx;

		for (bit = 0; bit < 32; bit++) {
			uint32_t m = 1u << bit;
			char n[96];

			if (filt & m)
				diff(rep, QL_HOST_CLAIM, 1, "QEMU dropped %s: not supported by this host's KVM",
				     fname(reg, bit, n, sizeof(n)));
			else if ((claim & m) && !(host & m) && reg == PV_REG_EAX &&
				 bit == KVM_FEATURE_MSI_EXT_DEST_ID && c->split_irqchip)
				/*
				 * QEMU adds it itself with a split irqchip
				 * (target/i386/kvm/kvm.c kvm_arch_get_supported_cpuid():
				 * kvm_irqchip_is_split()): its own IOAPIC builds the MSI
				 * routes and takes the extended ID bits.  KVM never
				 * offers it (arch/x86/kvm/cpuid.c __do_cpuid_func()
				 * leaves it out: the in-kernel IOAPIC has no such bits).
				 */
				diff(rep, QL_HOST_CLAIM, 1, "QEMU claims %s, which this host's KVM does not offer: "
				     "with kernel-irqchip=split QEMU adds it itself (its userspace IOAPIC "
				     "takes the extended destination ID)", fname(reg, bit, n, sizeof(n)));
			else if ((claim & m) && !(host & m) && reg == PV_REG_EAX)
				diff(rep, QL_HOST_CLAIM, 0, "QEMU claims %s, which this host's KVM does not offer",
				     fname(reg, bit, n, sizeof(n)));
			else if ((claim & m) && reg == PV_REG_EDX)
				diff(rep, QL_HOST_CLAIM, 1, "QEMU sets hint %s (a VMM's promise, not a KVM feature)",
				     fname(reg, bit, n, sizeof(n)));
			else if (!(claim & m) && (host & m))
				diff(rep, QL_HOST_CLAIM, 1, "QEMU does not expose %s: property off, or not in the CPU model %s",
				     fname(reg, bit, n, sizeof(n)), c->model);
		}
	}
}

static void claim_vs_guest(struct qemu_report *rep)
{
	const struct qemu_claim *c = &rep->run.claim;
	/*
	 * QEMU adds Hyper-V's leaves, and moves KVM's, only when the host has
	 * KVM_CAP_HYPERV (target/i386/kvm/kvm.c hyperv_enabled()).
	 */
	int hv = c->hyperv && rep->host_hyperv;
	uint32_t want = hv ? HYPERV_KVM_BASE : KVM_SIG_BASE;
	int reg, bit;

	if (c->hyperv && !rep->host_hyperv)
		diff(rep, QL_CLAIM_GUEST, 1, "hv-* set, but this host's KVM lacks KVM_CAP_HYPERV: QEMU adds no "
		     "Hyper-V leaves and KVM's stay at 0x40000000");

	if (!rep->guest_base) {
		if (!c->kvm)
			diff(rep, QL_CLAIM_GUEST, 1, "kvm=off: QEMU hides the KVM signature, the guest finds no KVM leaves");
		else
			diff(rep, QL_CLAIM_GUEST, 0, "the guest finds no KVM signature although QEMU has kvm=on");
		return;
	}
	if (!c->kvm)
		diff(rep, QL_CLAIM_GUEST, 0, "kvm=off, yet the guest finds the KVM signature at 0x%08x", rep->guest_base);
	if (rep->guest_base != want)
		diff(rep, QL_CLAIM_GUEST, 0, "the guest finds the KVM leaves at 0x%08x, QEMU's configuration puts them at 0x%08x",
		     rep->guest_base, want);
	else if (hv)
		diff(rep, QL_CLAIM_GUEST, 1, "hv-*: Hyper-V's leaves at 0x40000000, KVM's moved to 0x%08x", want);
	for (reg = PV_REG_EAX; reg <= PV_REG_EDX; reg++) {
		uint32_t claim = reg == PV_REG_EAX ? c->eax : c->edx;
		uint32_t guest = reg == PV_REG_EAX ? rep->guest_eax : rep->guest_edx;

		for (bit = 0; bit < 32; bit++) {
			uint32_t m = 1u << bit;
			char n[96];

			if ((claim ^ guest) & m)
				diff(rep, QL_CLAIM_GUEST, 0, "%s: QEMU claims %s, the guest sees %s",
				     fname(reg, bit, n, sizeof(n)), claim & m ? "on" : "off", guest & m ? "on" : "off");
		}
	}
}

/*
 * A first read that finds a clock MSR enabled at a page in 0xc0000-0xfffff:
 * QEMU runs SeaBIOS before the PVH entry, and SeaBIOS uses kvmclock
 * (measured with QEMU 7.2's bios-256k.bin: MSR_KVM_SYSTEM_TIME reads
 * 0xe8c21 at the entry).  pvprobe's own VM starts from reset instead.
 */
static int firmware_left(const struct check_row *row)
{
	uint64_t v = row->obs.value;

	return row->p->kind == PK_MSR && row->p->step == PV_PROBE_MSR_STEP_read &&
	       row->obs.kind == OUT_ACCEPT && (v & 1) && v >= 0xc0000 && v < 0x100000;
}

static void guest_vs_kvm(struct qemu_report *rep)
{
	struct check_report *ck = &rep->check;
	int i;

	for (i = 0; i < ck->nr_rows; i++) {
		const struct check_row *row = &ck->rows[i];
		int gate = row->p->kind == PK_HCALL ? -1 : model_msr_gate(row->p->msr);
		char e[OUTCOME_STR_MAX], o[OUTCOME_STR_MAX];

		if (row->v == V_MISMATCH && firmware_left(row))
			diff(rep, QL_GUEST_KVM, 1, "%s: %s, not 0: the firmware enabled it before the PVH entry "
			     "(the page is in the BIOS area; a QEMU guest starts after SeaBIOS, not from reset)",
			     row->p->name, outcome_str(&row->obs, o, sizeof(o)));
		else if (row->v == V_MISMATCH)
			diff(rep, QL_GUEST_KVM, 0, "%s: expected %s (%s), KVM gave %s%s%s", row->p->name,
			     outcome_str(&row->exp.out, e, sizeof(e)), row->exp.reason,
			     outcome_str(&row->obs, o, sizeof(o)), row->detail[0] ? ": " : "", row->detail);
		else if (row->v == V_DEVIATION)
			diff(rep, QL_GUEST_KVM, 1, "%s: %s, a known deviation of this backend (%s)", row->p->name,
			     outcome_str(&row->obs, o, sizeof(o)), row->dev ? row->dev->reason : "");
		else if (gate >= 0 && !(rep->guest_eax & (1u << gate)) && !ck->in.enforce &&
			 row->obs.kind == OUT_ACCEPT && row->p->kind == PK_MSR &&
			 row->p->step == PV_PROBE_MSR_STEP_enable) {
			const struct pv_feature *f = pv_feature_by_bit(PV_REG_EAX, gate);

			diff(rep, QL_GUEST_KVM, 1, "kvm-pv-enforce-cpuid=off: %s hidden in CPUID but %s accepted",
			     f ? f->name : "?", row->p->name);
		}
	}
}

/*
 * The WAITER rows from the AP's pages, judged as pvprobe check judges its
 * waiting vCPU (check_waiter_row()); a lane that ran with the AP up but
 * without the AP's page is a failure, said so.
 */
static void waiter_rows(struct qemu_report *rep)
{
	const struct qemu_stream *st = &rep->run.st;
	static const int lanes[] = { PV_LANE_KICK, PV_LANE_IPI };
	unsigned int k;

	for (k = 0; k < sizeof(lanes) / sizeof(lanes[0]); k++) {
		int l = lanes[k], h = l == PV_LANE_KICK ? PV_HC_KICK_CPU_WAKES : PV_HC_SEND_IPI_DELIVERED;
		struct run_result none = { .status = RUN_PROTOCOL };
		char who[48];

		if (!rep->hc.lane_ran[l] || rep->hc.not_run[h])
			continue;
		snprintf(who, sizeof(who), "the AP (APIC ID %u)", st->smp.ap_apic_id);
		if (!st->have_waiter[l])
			snprintf(none.detail, sizeof(none.detail), "no page of the AP after lane %s",
				 probe_lane_name(l));
		check_waiter_row(&rep->check, l, st->have_waiter[l] ? &st->waiters[l] : &none, who);
	}
	check_judge(&rep->check);
}

static void apply_expect(struct qemu_report *rep)
{
	int i, k;

	for (k = 0; k < rep->nr_expect; k++)
		for (i = 0; i < rep->check.nr_rows; i++)
			if (rep->check.rows[i].p == rep->expect[k].p) {
				rep->check.rows[i].exp.out = rep->expect[k].out;
				rep->check.rows[i].exp.reason = "--expect";
			}
	if (rep->nr_expect)
		check_judge(&rep->check);
}

static void verdict(struct qemu_report *rep, int rc, const char *fmt, ...)
{
	va_list ap;

	rep->rc = rc;
	va_start(ap, fmt);
	vsnprintf(rep->why, sizeof(rep->why), fmt, ap);
	va_end(ap);
}

void qemu_layers_compare(struct qemu_report *rep, struct kvm_cpuid2 *supported,
			 const struct host_facts *facts)
{
	struct qemu_run *r = &rep->run;
	struct kvm_cpuid_entry2 *e = supported ? cpuid_find(supported, 0x40000001, 0) : NULL;
	struct model_input in = { 0 };

	rep->host_ok = e != NULL;
	if (e) {
		rep->host_eax = e->eax;
		rep->host_edx = e->edx;
	}
	rep->guest_ok = r->st.have_report && r->st.report.status == RUN_DONE;
	if (rep->guest_ok) {
		const struct pv_results *g = &r->st.report.results;

		rep->guest_base = g->sig_base[PV_SIG_KVM];
		rep->guest_eax = rep->guest_base ? g->kvm_leaf1.eax : 0;
		rep->guest_edx = rep->guest_base ? g->kvm_leaf1.edx : 0;
	}
	if (r->claim.ok && rep->host_ok)
		host_vs_claim(rep);
	if (r->claim.ok && rep->guest_ok && !rep->tcg)
		claim_vs_guest(rep);
	if (rep->tcg && rep->guest_ok)
		diff(rep, QL_CLAIM_GUEST, 1, "-accel tcg: no KVM, so no KVM leaves for the guest (base 0x%08x) and "
		     "nothing of KVM to judge", rep->guest_base);
	if (rep->guest_ok && r->st.have_msrs && !rep->tcg) {
		/*
		 * QEMU enables KVM_CAP_ENFORCE_PV_FEATURE_CPUID exactly when
		 * kvm-pv-enforce-cpuid=on (target/i386/kvm/kvm.c
		 * kvm_arch_init_vcpu()); no user-space MSRs, no hypercall
		 * exit, the fix-hypercall quirk on (QEMU 7.2 changes none of
		 * them for a plain guest).  Two vCPUs for the model's KICK
		 * rows: with -smp 1 the KICK lane's calls are judged on their
		 * return, which does not depend on a vCPU having the APIC ID
		 * (x86.c kvm_pv_kick_cpu_op()), and the wake is not run; with
		 * -smp 2 and more the guest's AP waits (waiter_rows()).
		 */
		in.eax = rep->guest_eax;
		in.edx = rep->guest_edx;
		in.enforce = r->claim.enforce;
		in.nr_vcpus = 2;
		in.sched_info = facts->sched_info;
		in.tsc_clocksource = facts->tsc_clocksource;
		in.ignore_msrs = facts->ignore_msrs;
		in.apicv = facts->apicv;
		in.host_kernel = facts->host_kernel;
		rep->check.facts = *facts;
		qemu_hc_smp(&rep->hc, &r->st);
		rep->hc_pages = qemu_hc_lanes(&rep->hc, &r->st, rep->hc_lanes);
		check_judge_lanes(&rep->check, &in, &r->st.msrs, rep->hc_lanes, rep->hc.lane_ran,
				  rep->hc.not_run);
		waiter_rows(rep);
		apply_expect(rep);
		rep->kvm_judged = 1;
		guest_vs_kvm(rep);
	}

	if (r->end == QEMU_END_TIMEOUT)
		verdict(rep, PV_EXIT_FAIL, "the guest never finished: QEMU killed at the %.0f ms deadline%s%s",
			r->elapsed_ms, r->stream_ok ? "" : "; stream: ", r->stream_ok ? "" : r->stream_err);
	else if (!r->stream_ok)
		verdict(rep, PV_EXIT_FAIL, "bad result stream (%zu bytes): %s", r->stream_len, r->stream_err);
	else if (r->end != QEMU_END_DONE)
		verdict(rep, PV_EXIT_FAIL, "QEMU ended with %s %d instead of isa-debug-exit's %d",
			r->end == QEMU_END_SIGNAL ? "signal" : "status", r->exit_status, PVQ_EXIT_STATUS);
	else if (!rep->guest_ok || !r->st.have_msrs)
		verdict(rep, PV_EXIT_FAIL, "the guest stopped early: %s",
			r->st.have_report && r->st.report.status != RUN_DONE ? r->st.report.detail :
			r->st.have_msrs ? r->st.msrs.detail : "no MSR page");
	else if (!r->claim.ok)
		verdict(rep, PV_EXIT_FAIL, "QEMU's claim could not be read: %s", r->claim_err);
	else if (rep->tcg)
		verdict(rep, PV_EXIT_OK, "-accel tcg: the guest ran and reported (no KVM layers to compare)");
	else if (rep->unexplained)
		verdict(rep, PV_EXIT_MISMATCH, "%d difference%s no recorded rule explains", rep->unexplained,
			rep->unexplained == 1 ? "" : "s");
	else
		verdict(rep, PV_EXIT_OK, "consistent: every difference has a known cause");
}
