// SPDX-License-Identifier: GPL-2.0-only
/*
 * Every rule here is Linux 6.12's arch/x86/kvm/x86.c unless it says
 * otherwise; README.md's feature table summarises them.
 */
#include <errno.h>
#include <asm/kvm_para.h>
#include <linux/kvm_para.h>

#include "model.h"
#include "pv_feature.h"

#define VEC_UD	6
#define VEC_GP	13

int model_msr_gate(uint32_t msr)
{
	size_t i;
	int k;

	for (i = 0; i < PV_NR_ROWS; i++)
		for (k = 0; k < PV_MAX_MSRS && pv_features[i].msrs[k]; k++)
			if (pv_features[i].reg == PV_REG_EAX && pv_features[i].msrs[k] == msr)
				return pv_features[i].bit;
	return -1;
}

int model_hcall_gate(uint32_t nr)
{
	size_t i;
	int k;

	for (i = 0; i < PV_NR_ROWS; i++)
		for (k = 0; k < PV_MAX_HCALLS && pv_features[i].hcalls[k]; k++)
			if (pv_features[i].reg == PV_REG_EAX && pv_features[i].hcalls[k] == nr)
				return pv_features[i].bit;
	return -1;
}

const char *model_probe_gate(const struct probe_desc *p)
{
	const struct pv_feature *f;
	int bit;

	switch (p->kind) {
	case PK_HCALL:
		if (probe_hcall_nr(p->hcall) == KVM_HC_MAP_GPA_RANGE)
			return "KVM_CAP_EXIT_HYPERCALL (not the CPUID bit)";
		bit = model_hcall_gate(probe_hcall_nr(p->hcall));
		break;
	case PK_MSR:
		bit = model_msr_gate(p->msr);
		break;
	default:
		bit = model_msr_gate(probe_msr_number(p->msr_index));
	}
	f = bit >= 0 ? pv_feature_by_bit(PV_REG_EAX, bit) : NULL;
	return f ? f->canonical : "-";
}

/* guest_pv_has(): every feature, unless enforcement is on and the bit is clear. */
static int pv_has(const struct model_input *in, int bit)
{
	return !in->enforce || (bit >= 0 && (in->eax & (1u << bit)));
}

static void set(struct expectation *e, enum outcome_kind k, uint32_t vector,
		int has_value, uint64_t value, const char *reason)
{
	e->out.kind = k;
	e->out.vector = vector;
	e->out.has_value = has_value;
	e->out.value = value;
	e->reason = reason;
}

/* Is the MSR reachable at all, and if not, what happens instead? */
static int msr_blocked(const struct model_input *in, uint32_t msr, int step,
		       struct expectation *e)
{
	int is_read = step == PV_PROBE_MSR_STEP_read || step == PV_PROBE_MSR_STEP_readback;

	if (msr == MSR_KVM_MIGRATION_CONTROL) {
		if (!in->user_msr) {
			if (in->ignore_msrs) {
				set(e, OUT_ACCEPT, 0, is_read, 0,
				    "KVM does not implement it and kvm.ignore_msrs=Y: ignored");
				return 1;
			}
			set(e, OUT_FAULT, VEC_GP, 0, 0,
			    "KVM does not implement it (msr.rst: the VMM does) and the host lacks KVM_CAP_X86_MSR_FILTER: #GP");
			return 1;
		}
		if (!pv_has(in, KVM_FEATURE_MIGRATION_CONTROL)) {
			set(e, OUT_FAULT, VEC_GP, 0, 0,
			    "pvprobe's VMM gates it like guest_pv_has(): bit 17 clear with enforcement -> #GP");
			return 1;
		}
		return 0;
	}
	if (pv_has(in, model_msr_gate(msr)))
		return 0;
	if (in->ignore_msrs) {
		set(e, OUT_ACCEPT, 0, is_read, 0,
		    "bit clear with enforcement: KVM_MSR_RET_UNSUPPORTED, ignored by kvm.ignore_msrs=Y");
		return 1;
	}
	set(e, OUT_FAULT, VEC_GP, 0, 0,
	    "bit clear with enforcement: guest_pv_has() false -> KVM_MSR_RET_UNSUPPORTED -> #GP (kvm_{get,set}_msr_common)");
	return 1;
}

static void expect_msr(const struct model_input *in, const struct probe_desc *p,
		       struct expectation *e)
{
	uint32_t msr = p->msr;
	uint64_t en = pv_msr_enable_value(msr, p->gpa);
	int steal_off = msr == MSR_KVM_STEAL_TIME && !in->sched_info;

	if (msr_blocked(in, msr, p->step, e))
		return;
	switch (p->step) {
	case PV_PROBE_MSR_STEP_read:
		if (msr == MSR_KVM_POLL_CONTROL)
			set(e, OUT_ACCEPT, 0, 1, 1, "kvm_vcpu_reset() sets msr_kvm_poll_control = 1");
		else
			set(e, OUT_ACCEPT, 0, 1, 0, "nothing written yet: reads 0");
		return;
	case PV_PROBE_MSR_STEP_enable:
		if (steal_off)
			set(e, OUT_FAULT, VEC_GP, 0, 0, "host sched_info_on() false: STEAL_TIME write fails");
		else
			set(e, OUT_ACCEPT, 0, 0, 0, "gated feature available: the write is accepted");
		return;
	case PV_PROBE_MSR_STEP_readback:
		if (msr == MSR_KVM_ASYNC_PF_ACK)
			set(e, OUT_ACCEPT, 0, 1, 0, "ASYNC_PF_ACK always reads 0");
		else if (steal_off)
			set(e, OUT_ACCEPT, 0, 1, 0, "the enable write failed: still 0");
		else
			set(e, OUT_ACCEPT, 0, 1, en, "reads back what was written");
		return;
	default:
		set(e, OUT_ACCEPT, 0, 0, 0, "writing 0 disables: accepted");
	}
}

static void expect_check(const struct model_input *in, const struct probe_desc *p,
			 struct expectation *e)
{
	uint32_t msr = probe_msr_number(p->msr_index);
	int reachable = pv_has(in, model_msr_gate(msr));
	int ignored = !reachable && in->ignore_msrs;

	switch (p->check) {
	case PV_CHECK_APF_VMEXIT_BIT:
	case PV_CHECK_APF_INT_BIT: {
		int bit = p->check == PV_CHECK_APF_VMEXIT_BIT ? KVM_FEATURE_ASYNC_PF_VMEXIT :
								 KVM_FEATURE_ASYNC_PF_INT;

		if (ignored)
			set(e, OUT_ACCEPT, 0, 0, 0, "ASYNC_PF gated, write ignored (kvm.ignore_msrs=Y)");
		else if (!reachable)
			set(e, OUT_FAULT, VEC_GP, 0, 0, "ASYNC_PF bit clear with enforcement: #GP");
		else if (!pv_has(in, bit))
			set(e, OUT_FAULT, VEC_GP, 0, 0,
			    p->check == PV_CHECK_APF_VMEXIT_BIT ?
			    "kvm_pv_enable_async_pf(): bit 2 needs ASYNC_PF_VMEXIT -> #GP" :
			    "kvm_pv_enable_async_pf(): bit 3 needs ASYNC_PF_INT -> #GP");
		else
			set(e, OUT_ACCEPT, 0, 0, 0, "delivery bit allowed by its feature: accepted");
		return;
	}
	case PV_CHECK_APF_RESERVED_BIT:
	case PV_CHECK_POLL_BIT1:
		if (ignored)
			set(e, OUT_ACCEPT, 0, 0, 0, "feature gated, write ignored (kvm.ignore_msrs=Y)");
		else
			set(e, OUT_FAULT, VEC_GP, 0, 0, !reachable ?
			    "feature bit clear with enforcement: #GP" :
			    p->check == PV_CHECK_POLL_BIT1 ?
			    "MSR_KVM_POLL_CONTROL: only bit 0 is supported -> #GP" :
			    "kvm_pv_enable_async_pf(): bits 4-5 reserved -> #GP");
		return;
	default:
		break;
	}

	/* Functional checks run only when the enable write was accepted. */
	if (ignored) {
		set(e, OUT_CHECK, 0, 1, PV_CHECK_VERSION_ZERO,
		    "write ignored by kvm.ignore_msrs=Y: KVM never writes the record");
		return;
	}
	if (!reachable || (p->check == PV_CHECK_STEAL_TIME_UPDATES && !in->sched_info)) {
		set(e, OUT_NOT_RUN, 0, 0, 0, "the enable write faults: the guest skips the check");
		return;
	}
	switch (p->check) {
	case PV_CHECK_WALL_CLOCK_FILLED:
	case PV_CHECK_WALL_CLOCK_NEW_FILLED:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "kvm_write_wall_clock() fills the record, version even");
		return;
	case PV_CHECK_KVMCLOCK_TICKS:
	case PV_CHECK_KVMCLOCK_NEW_TICKS:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "kvm_guest_time_update() on KVM_REQ_CLOCK_UPDATE: pvclock time advances");
		return;
	default:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "record_steal_time() on KVM_REQ_STEAL_UPDATE, requested on every vCPU load");
	}
}

static void expect_hcall(const struct model_input *in, const struct probe_desc *p,
			 struct expectation *e)
{
	uint32_t nr = probe_hcall_nr(p->hcall);
	int gate = model_hcall_gate(nr);
	const uint64_t enosys = (uint64_t)-KVM_ENOSYS;

	switch (p->hcall) {
	case PV_HC_VAPIC_POLL_IRQ:
		set(e, OUT_RETURN, 0, 1, 0, "KVM_HC_VAPIC_POLL_IRQ always returns 0");
		return;
	case PV_HC_FROM_RING3:
		set(e, OUT_RETURN, 0, 1, (uint64_t)-KVM_EPERM,
		    "__kvm_emulate_hypercall(): CPL > 0 -> -KVM_EPERM before anything else");
		return;
	case PV_HC_OTHER_INSN:
		set(e, OUT_RETURN, 0, 1, 0,
		    "KVM_X86_QUIRK_FIX_HYPERCALL_INSN (default on) rewrites it to the native instruction");
		return;
	case PV_HC_OTHER_INSN_NO_QUIRK:
		if (!in->quirk_off)
			set(e, OUT_NOT_RUN, 0, 0, 0, "host lacks KVM_CAP_DISABLE_QUIRKS2 for FIX_HYPERCALL_INSN");
		else
			set(e, OUT_FAULT, VEC_UD, 0, 0,
			    "quirk disabled: the other vendor's instruction is #UD (emulator_fix_hypercall)");
		return;
	case PV_HC_KICK_CPU:
	case PV_HC_SEND_IPI:
	case PV_HC_KICK_CPU_WAKES:
	case PV_HC_SEND_IPI_DELIVERED:
		if (in->nr_vcpus < 2) {
			set(e, OUT_NOT_RUN, 0, 0, 0, "needs 2 vCPUs");
			return;
		}
		if (p->hcall == PV_HC_KICK_CPU_WAKES && in->hlt_in_guest) {
			/*
			 * With KVM_X86_DISABLE_EXITS_HLT the waiting vCPU halts
			 * in the guest, and any VM exit (a host interrupt)
			 * resumes it after its HLT: waking proves nothing.  KVM
			 * also clears PV_UNHALT then (arch/x86/kvm/cpuid.c
			 * __kvm_update_cpuid_runtime()), which KICK_CPU's return
			 * value shows.
			 */
			set(e, OUT_NOT_RUN, 0, 0, 0,
			    "HLT exits disabled: HLT ends at any VM exit, so a wake-up proves nothing (KICK_CPU's return is judged)");
			return;
		}
		if (p->hcall == PV_HC_KICK_CPU_WAKES || p->hcall == PV_HC_SEND_IPI_DELIVERED) {
			if (pv_has(in, gate))
				set(e, OUT_CHECK, 0, 1, PV_CHECK_OK, p->hcall == PV_HC_KICK_CPU_WAKES ?
				    "kvm_pv_kick_cpu_op() sets pv_unhalted: the halted vCPU runs again" :
				    "kvm_pv_send_ipi() delivers a fixed IPI to each APIC ID in the bitmap");
			else
				set(e, OUT_CHECK, 0, 1, PV_CHECK_NOT_WOKEN,
				    "the hypercall is refused: nothing reaches the waiting vCPU");
			return;
		}
		if (!pv_has(in, gate))
			set(e, OUT_RETURN, 0, 1, enosys,
			    "bit clear with enforcement: guest_pv_has() false -> -KVM_ENOSYS");
		else if (p->hcall == PV_HC_KICK_CPU)
			set(e, OUT_RETURN, 0, 1, 0, "KVM_HC_KICK_CPU: 0 after kvm_pv_kick_cpu_op()");
		else
			set(e, OUT_RETURN, 0, 1, 1, "kvm_pv_send_ipi() returns the number of IPIs sent");
		return;
	case PV_HC_CLOCK_PAIRING:
		if (in->tsc_clocksource)
			set(e, OUT_RETURN, 0, 1, 0,
			    "kvm_pv_clock_pairing(): TSC-based host clocksource -> 0, record written");
		else
			set(e, OUT_RETURN, 0, 1, (uint64_t)-KVM_EOPNOTSUPP,
			    "kvm_pv_clock_pairing(): host clocksource not TSC-based -> -KVM_EOPNOTSUPP");
		return;
	case PV_HC_SCHED_YIELD:
		if (pv_has(in, gate))
			set(e, OUT_RETURN, 0, 1, 0, "KVM_HC_SCHED_YIELD: 0 after kvm_sched_yield()");
		else
			set(e, OUT_RETURN, 0, 1, enosys,
			    "bit clear with enforcement: guest_pv_has() false -> -KVM_ENOSYS");
		return;
	case PV_HC_MAP_GPA_RANGE:
		if (in->exit_hypercall)
			set(e, OUT_RETURN, 0, 1, PV_HC_EXIT_RET,
			    "KVM_EXIT_HYPERCALL to the VMM with nr, gpa, npages, attrs and LONG_MODE; the VMM's value returns");
		else
			set(e, OUT_RETURN, 0, 1, enosys,
			    "KVM_CAP_EXIT_HYPERCALL bit 12 off -> -KVM_ENOSYS (the CPUID bit is not checked)");
		return;
	case PV_HC_MAP_GPA_UNALIGNED:
	case PV_HC_MAP_GPA_ZERO_PAGES:
		if (in->exit_hypercall)
			set(e, OUT_RETURN, 0, 1, (uint64_t)-KVM_EINVAL,
			    "!PAGE_ALIGNED(gpa) || !npages -> -KVM_EINVAL, no exit");
		else
			set(e, OUT_RETURN, 0, 1, enosys, "KVM_CAP_EXIT_HYPERCALL bit 12 off -> -KVM_ENOSYS");
		return;
	case PV_HC_MAP_GPA_NO_EXIT_CAP:
		set(e, OUT_RETURN, 0, 1, enosys,
		    "KVM_CAP_EXIT_HYPERCALL not enabled -> -KVM_ENOSYS, whatever the CPUID bit");
		return;
	default:
		set(e, OUT_RETURN, 0, 1, enosys, "unknown hypercall number -> -KVM_ENOSYS");
	}
}

void model_expect(const struct model_input *in, const struct probe_desc *p,
		  struct expectation *e)
{
	switch (p->kind) {
	case PK_MSR:
		expect_msr(in, p, e);
		break;
	case PK_CHECK:
		expect_check(in, p, e);
		break;
	default:
		expect_hcall(in, p, e);
	}
}
