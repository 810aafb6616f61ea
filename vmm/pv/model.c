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

int model_hcall_gate(uint64_t nr)
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
		if (p->lane == PV_LANE_RING3)
			return "- (CPL > 0: refused first)";
		if (probe_hcall_nr(p->hcall) == KVM_HC_MAP_GPA_RANGE)
			return "KVM_CAP_EXIT_HYPERCALL (not the CPUID bit)";
		bit = model_hcall_gate(probe_hcall_nr(p->hcall));
		break;
	case PK_MSR:
		bit = model_msr_gate(p->msr);
		break;
	case PK_HOST:
		return "- (the host's report)";
	case PK_APF:
		return "ASYNC_PF and ASYNC_PF_INT";
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
static int msr_blocked(const struct model_input *in, uint32_t msr, int is_read,
		       struct expectation *e)
{
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

/* [gpa, gpa + len) inside pvprobe's one memslot (kvm_gfn_to_hva_cache_init() succeeds). */
static int in_ram(uint64_t gpa, uint64_t len)
{
	return gpa < PV_RAM_SIZE && len <= PV_RAM_SIZE - gpa;
}

/*
 * What a write of @data to reachable PV MSR @msr does: NULL if it is
 * taken, else why it is refused with #GP.  *stored says whether the MSR
 * holds @data afterwards (a refused write normally leaves it alone).
 * kvm_set_msr_common() and the helpers it calls, case by case; for
 * MIGRATION_CONTROL pvprobe's VMM (vmm/kvm/vm_user_msr.c), as QEMU does.
 */
static const char *write_rule(const struct model_input *in, uint32_t msr, uint64_t data,
			      int *stored)
{
	const uint64_t apf_on = KVM_ASYNC_PF_ENABLED | KVM_ASYNC_PF_DELIVERY_AS_INT;

	*stored = 0;
	switch (msr) {
	case MSR_KVM_ASYNC_PF_EN:
		if (data & 0x30)
			return "kvm_pv_enable_async_pf(): bits 4-5 reserved -> #GP";
		if ((data & KVM_ASYNC_PF_DELIVERY_AS_PF_VMEXIT) &&
		    !pv_has(in, KVM_FEATURE_ASYNC_PF_VMEXIT))
			return "kvm_pv_enable_async_pf(): bit 2 needs ASYNC_PF_VMEXIT -> #GP";
		if ((data & KVM_ASYNC_PF_DELIVERY_AS_INT) && !pv_has(in, KVM_FEATURE_ASYNC_PF_INT))
			return "kvm_pv_enable_async_pf(): bit 3 needs ASYNC_PF_INT -> #GP";
		*stored = 1;	/* msr_en_val is set before the address is looked at */
		if ((data & apf_on) == apf_on && !in_ram(data & ~0x3full, sizeof(uint64_t)))
			return "kvm_pv_enable_async_pf(): enabled with interrupt delivery, "
			       "kvm_gfn_to_hva_cache_init() of an address outside RAM fails -> #GP "
			       "(msr_en_val already holds the value)";
		return NULL;
	case MSR_KVM_STEAL_TIME:
		if (!in->sched_info)
			return "host sched_info_on() false: every STEAL_TIME write fails -> #GP";
		if (data & KVM_STEAL_RESERVED_MASK)
			return "KVM_STEAL_RESERVED_MASK: bits 1-5 reserved (64-byte alignment) -> #GP";
		break;
	case MSR_KVM_PV_EOI_EN:
		if ((data & ~(uint64_t)KVM_MSR_ENABLED) & 3)
			return "kvm_lapic_set_pv_eoi(): address not 4-byte aligned (bit 1) -> #GP, "
			       "enabled or not";
		if ((data & KVM_MSR_ENABLED) && !in_ram(data & ~(uint64_t)KVM_MSR_ENABLED, 1))
			return "kvm_lapic_set_pv_eoi(): enabling at an address outside RAM, "
			       "kvm_gfn_to_hva_cache_init() fails -> #GP";
		break;
	case MSR_KVM_POLL_CONTROL:
		if (data & ~1ull)
			return "MSR_KVM_POLL_CONTROL: only bit 0 is supported -> #GP";
		break;
	case MSR_KVM_ASYNC_PF_INT:
		if (data >> 8)
			return "kvm_pv_enable_async_pf_int(): bits 8-63 reserved -> #GP";
		break;
	case MSR_KVM_MIGRATION_CONTROL:
		if (data & ~(uint64_t)KVM_MIGRATION_READY)
			return "pvprobe's VMM (vm_user_msr.c), like QEMU: only KVM_MIGRATION_READY -> #GP";
		break;
	default:	/* WALL_CLOCK*, SYSTEM_TIME*, ASYNC_PF_ACK take any value */
		break;
	}
	*stored = 1;
	return NULL;
}

/* A write's expectation, and the MSR's value after it (from @before). */
static void expect_write(const struct model_input *in, uint32_t msr, uint64_t data,
			 uint64_t *value, struct expectation *e, const char *why_taken)
{
	int stored;
	const char *refused = write_rule(in, msr, data, &stored);

	if (stored)
		*value = data;
	if (refused)
		set(e, OUT_FAULT, VEC_GP, 0, 0, refused);
	else
		set(e, OUT_ACCEPT, 0, 0, 0, why_taken);
}

/* What a read returns when the MSR holds @value. */
static void expect_read(uint32_t msr, uint64_t value, struct expectation *e, const char *why)
{
	if (msr == MSR_KVM_ASYNC_PF_ACK)
		set(e, OUT_ACCEPT, 0, 1, 0, "kvm_get_msr_common(): ASYNC_PF_ACK always reads 0");
	else
		set(e, OUT_ACCEPT, 0, 1, value, why);
}

/* The value an MSR holds when nobody wrote it yet. */
static uint64_t reset_value(uint32_t msr)
{
	return msr == MSR_KVM_POLL_CONTROL ? 1 : 0;	/* kvm_vcpu_reset() */
}

/*
 * Replays the guest's sequence on one MSR (probes_msr.c): enable, disable,
 * then each boundary write with a 0 after it, to the step @p asks about.
 */
static void expect_msr_sequence(const struct model_input *in, const struct probe_desc *p,
				struct expectation *e)
{
	uint32_t msr = p->msr;
	uint64_t value = reset_value(msr);
	struct expectation tmp;
	int step = p->kind == PK_MSR ? p->step : -1, stored;
	const char *refused;

	if (step == PV_PROBE_MSR_STEP_read) {
		expect_read(msr, value, e, msr == MSR_KVM_POLL_CONTROL ?
			    "kvm_vcpu_reset() sets msr_kvm_poll_control = 1" :
			    "nothing written yet: reads 0");
		return;
	}
	expect_write(in, msr, pv_msr_enable_value(msr, p->gpa), &value,
		     step == PV_PROBE_MSR_STEP_enable ? e : &tmp,
		     "gated feature available: the write is accepted");
	if (step == PV_PROBE_MSR_STEP_enable)
		return;
	if (step == PV_PROBE_MSR_STEP_readback) {
		expect_read(msr, value, e, value ? "reads back what was written" :
			    "the enable write failed: still 0");
		return;
	}
	expect_write(in, msr, 0, &value, step == PV_PROBE_MSR_STEP_disable ? e : &tmp,
		     "writing 0 disables: accepted");
	if (step == PV_PROBE_MSR_STEP_disable)
		return;
	if (step == PV_PROBE_MSR_STEP_cleared) {
		expect_read(msr, value, e, "reads 0 after the write of 0 (nothing stale)");
		return;
	}
	/* A boundary write: every one before it on this MSR was followed by 0. */
	if (p->value_rec == PV_VALUE_WRITE) {
		expect_write(in, msr, p->data, &value, e, "inside every check KVM makes: accepted");
		return;
	}
	refused = write_rule(in, msr, p->data, &stored);
	expect_read(msr, stored ? p->data : value, e,
		    !stored ? "the write was refused: the MSR keeps its 0" :
		    refused ? "refused, but kvm_pv_enable_async_pf() had set msr_en_val first: "
			      "the refused value reads back" :
		    "reads back what was written");
}

static void expect_msr(const struct model_input *in, const struct probe_desc *p,
		       struct expectation *e)
{
	int is_read = p->kind == PK_MSR ?
		      p->step == PV_PROBE_MSR_STEP_read || p->step == PV_PROBE_MSR_STEP_readback ||
		      p->step == PV_PROBE_MSR_STEP_cleared :
		      p->value_rec == PV_VALUE_READBACK;

	if (msr_blocked(in, p->msr, is_read, e))
		return;
	expect_msr_sequence(in, p, e);
}

/*
 * An INIT probe (vmm/probe/check_init.c): the host writes the MSR, the
 * vCPU takes an INIT, the host reads it.  Host-initiated accesses pass the
 * same guest_pv_has() checks as the guest's (kvm_set_msr_common()); a
 * refused write is shown as #GP.  A read KVM refuses with
 * KVM_MSR_RET_UNSUPPORTED is 0 for the host (kvm_do_msr_access()), and so is
 * a host write of 0 (POLL_CONTROL's value here).
 */
static void expect_init(const struct model_input *in, const struct probe_desc *p,
			struct expectation *e)
{
	uint64_t v = pv_init_value(p->msr, p->gpa);
	int stored;
	const char *refused;

	if (!v && !pv_has(in, model_msr_gate(p->msr))) {
		set(e, OUT_ACCEPT, 0, 1, 0,
		    "bit clear with enforcement: a host write of 0 and host reads are "
		    "let through as 0 (kvm_do_msr_access())");
		return;
	}
	/* Refused as for the guest; the read after it is a host read: 0 (ignore_msrs). */
	if (msr_blocked(in, p->msr, 1, e))
		return;
	refused = write_rule(in, p->msr, v, &stored);
	if (refused) {
		set(e, OUT_FAULT, VEC_GP, 0, 0, refused);
		return;
	}
	if (p->step == PV_INIT_KEEP && p->msr == MSR_KVM_POLL_CONTROL) {
		set(e, OUT_ACCEPT, 0, 1, v,
		    "INIT keeps msr_kvm_poll_control: only kvm_arch_vcpu_postcreate() sets it");
	} else if (p->step == PV_INIT_KEEP) {
		/*
		 * Both wall clock MSRs store kvm->arch.wall_clock, one value for
		 * the VM: the host writes WALL_CLOCK, then WALL_CLOCK_NEW
		 * (PV_INIT_TABLE's order), and the last write taken is what both read.
		 */
		if (pv_has(in, KVM_FEATURE_CLOCKSOURCE2))
			set(e, OUT_ACCEPT, 0, 1, PV_WALL_CLOCK_NEW_GPA,
			    "one wall clock per VM (kvm->arch.wall_clock), INIT keeps it: "
			    "WALL_CLOCK_NEW's write, the last");
		else
			set(e, OUT_ACCEPT, 0, 1, v,
			    "one wall clock per VM (kvm->arch.wall_clock), INIT keeps it");
	} else
		set(e, OUT_ACCEPT, 0, 1, 0, p->msr == MSR_KVM_PV_EOI_EN ?
		    "kvm_lapic_reset() clears pv_eoi.msr_val on INIT" :
		    p->msr == MSR_KVM_SYSTEM_TIME || p->msr == MSR_KVM_SYSTEM_TIME_NEW ?
		    "kvm_vcpu_reset() -> kvmclock_reset(): arch.time = 0 on INIT" :
		    "kvm_vcpu_reset() clears it on INIT (apf.msr_en_val, apf.msr_int_val, st.msr_val)");
}

/*
 * What KVM_GET_SUPPORTED_CPUID must say of the KVM leaves: fixed values
 * from arch/x86/kvm/cpuid.c __do_cpuid_func(), the same since Linux 5.8
 * (ASYNC_PF_INT); not what the host says (a host under-reporting itself
 * would agree with itself).  Observed: the register's value, or "failed"
 * when the leaf or the signature is missing.
 */
static void expect_host(const struct model_input *in, const struct probe_desc *p,
			struct expectation *e)
{
	uint32_t eax = PV_KVM_SUPPORTED_EAX;

	if (in->host_kernel && in->host_kernel < 508) {
		set(e, OUT_NOT_RUN, 0, 0, 0,
		    "host kernel before 5.8: the model knows KVM's report from 5.8 on");
		return;
	}
	switch (p->step) {
	case PV_HOST_SIGNATURE:
		set(e, OUT_ACCEPT, 0, 1, KVM_CPUID_FEATURES,
		    "__do_cpuid_func(): KVM_CPUID_SIGNATURE eax = KVM_CPUID_FEATURES, the signature KVMKVMKVM");
		break;
	case PV_HOST_FEATURES:
		if (in->sched_info)
			eax |= 1u << KVM_FEATURE_STEAL_TIME;
		set(e, OUT_ACCEPT, 0, 1, eax, in->sched_info ?
		    "__do_cpuid_func(): KVM_CPUID_FEATURES eax, STEAL_TIME with sched_info_on()" :
		    "__do_cpuid_func(): KVM_CPUID_FEATURES eax; no STEAL_TIME: sched_info_on() false");
		break;
	default:
		set(e, OUT_ACCEPT, 0, 1, 0, "__do_cpuid_func(): KVM_CPUID_FEATURES edx = 0");
	}
}

/* PV EOI taken for real (guest_code/pv_eoi.c, arch/x86/kvm/lapic.c). */
static void expect_pv_eoi(const struct model_input *in, const struct probe_desc *p,
			  int reachable, struct expectation *e)
{
	if (!reachable && !in->ignore_msrs) {
		set(e, OUT_NOT_RUN, 0, 0, 0, "the PV_EOI_EN enable write faults: the guest skips it");
		return;
	}
	if (!reachable || in->apicv) {
		if (p->check == PV_CHECK_PV_EOI_PENDING)
			set(e, OUT_CHECK, 0, 1, PV_CHECK_NOT_SET, !reachable ?
			    "write ignored by kvm.ignore_msrs=Y: KVM never sets the bit" :
			    "APICv/AVIC on: highest_isr_cache stays -1, so apic_sync_pv_eoi_to_guest() "
			    "never arms PV EOI (lapic.c)");
		else
			set(e, OUT_NOT_RUN, 0, 0, 0,
			    "the bit was never set: the handler wrote the APIC EOI itself");
		return;
	}
	if (p->check == PV_CHECK_PV_EOI_PENDING)
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "apic_sync_pv_eoi_to_guest(): one vector in service, none pending -> "
		    "pv_eoi_set_pending() writes KVM_PV_EOI_ENABLED before entry");
	else
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "apic_sync_pv_eoi_from_guest() on the next exit finds the bit clear -> "
		    "apic_set_eoi(): not in service any more");
}

static void expect_check(const struct model_input *in, const struct probe_desc *p,
			 struct expectation *e)
{
	uint32_t msr = probe_msr_number(p->msr_index);
	int reachable = pv_has(in, model_msr_gate(msr));
	int ignored = !reachable && in->ignore_msrs;

	if (p->value >= 0) {
		expect_msr(in, p, e);
		return;
	}
	if (p->check == PV_CHECK_PV_EOI_PENDING || p->check == PV_CHECK_PV_EOI_EOI) {
		expect_pv_eoi(in, p, reachable, e);
		return;
	}
	/* Functional checks run only when the enable write was accepted. */
	if (ignored) {
		if (p->check == PV_CHECK_KVMCLOCK_OFF_UNTOUCHED)
			set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
			    "write ignored by kvm.ignore_msrs=Y: nothing is written");
		else
			set(e, OUT_CHECK, 0, 1, PV_CHECK_VERSION_ZERO,
			    "write ignored by kvm.ignore_msrs=Y: KVM never writes the record");
		return;
	}
	if (!reachable || ((p->check == PV_CHECK_STEAL_TIME_UPDATES ||
			    p->check == PV_CHECK_STEAL_TIME_RECORD) && !in->sched_info)) {
		set(e, OUT_NOT_RUN, 0, 0, 0, "the enable write faults: the guest skips the check");
		return;
	}
	switch (p->check) {
	case PV_CHECK_WALL_CLOCK_FILLED:
	case PV_CHECK_WALL_CLOCK_NEW_FILLED:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "kvm_write_wall_clock() fills the record, version even, nsec a remainder of 10^9");
		return;
	case PV_CHECK_KVMCLOCK_TICKS:
	case PV_CHECK_KVMCLOCK_NEW_TICKS:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "kvm_guest_time_update() on KVM_REQ_CLOCK_UPDATE: pvclock time advances");
		return;
	case PV_CHECK_KVMCLOCK_RECORD:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "kvm_guest_time_update(): kvm_get_time_scale() multiplier, flags only "
		    "PVCLOCK_TSC_STABLE_BIT, tsc_timestamp = kvm_read_l1_tsc() at the update");
		return;
	case PV_CHECK_KVMCLOCK_OFF_UNTOUCHED:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "kvm_write_system_time(): bit 0 clear -> kvm_gpc_deactivate(), no record is written");
		return;
	case PV_CHECK_STEAL_TIME_RECORD:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "record_steal_time(): flags untouched (0), preempted cleared on entry, "
		    "steal += run_delay delta");
		return;
	default:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "record_steal_time() on KVM_REQ_STEAL_UPDATE, requested on every vCPU load");
	}
}

const char *model_apf_not_run(const struct model_input *in)
{
	if (!pv_has(in, KVM_FEATURE_ASYNC_PF_INT))
		return "ASYNC_PF_INT clear with enforcement: MSR_KVM_ASYNC_PF_INT and interrupt "
		       "delivery (kvm_pv_enable_async_pf(), bit 3) are refused -> not run";
	if (!pv_has(in, KVM_FEATURE_ASYNC_PF))
		return "ASYNC_PF clear with enforcement: MSR_KVM_ASYNC_PF_EN is refused "
		       "(kvm_set_msr_common()) -> not run";
	if (in->hlt_in_guest)
		return "HLT exits disabled: the probe waits in KVM's HLT (kvm_vcpu_has_events() "
		       "sees the done list), which a HLT in the guest bypasses -> not run";
	if (in->no_userfaultfd)
		return "no userfaultfd for kernel faults here (CAP_SYS_PTRACE, "
		       "vm.unprivileged_userfaultfd or /dev/userfaultfd): the VMM cannot hold a page "
		       "back -> not run";
	return NULL;
}

/*
 * The async page fault probe (guest_code/async_pf.c): interrupt-delivered
 * async PF, two pages the VMM holds back, then the page-ready protocol.
 */
static void expect_apf(const struct model_input *in, const struct probe_desc *p,
		       struct expectation *e)
{
	const char *why = model_apf_not_run(in);

	if (why) {
		set(e, OUT_NOT_RUN, 0, 0, 0, why);
		return;
	}
	switch (p->step) {
	case PV_APF_WAKEUP_ALL:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "kvm_pv_enable_async_pf() -> async_pf.c kvm_async_pf_wakeup_all() (done list empty) "
		    "queues a broadcast: kvm_arch_async_page_present() writes token ~0, injects the vector");
		return;
	case PV_APF_NOT_PRESENT:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "mmu/mmu.c __kvm_faultin_pfn(): FOLL_NOWAIT GUP of a held-back page fails -> "
		    "kvm_arch_setup_async_pf(); x86.c kvm_arch_async_page_not_present() (SEND_ALWAYS: "
		    "CPL 0 is fine) writes flags = 1 and injects #PF, CR2 = token (vcpu_id | id << 12)");
		return;
	case PV_APF_PAGE_READY:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "async_pf.c async_pf_execute() -> KVM_REQ_APF_READY; kvm_check_async_pf_completion() "
		    "with the slot free: kvm_arch_async_page_present() writes the token, injects the vector");
		return;
	case PV_APF_HELD_WHILE_BUSY:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "kvm_arch_can_dequeue_async_page_present(): slot busy (token != 0) -> the second stays "
		    "in async_pf.done, which ends HLT (kvm_vcpu_has_events()); nothing is injected");
		return;
	case PV_APF_ACK_DELIVERS:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "kvm_set_msr_common() MSR_KVM_ASYNC_PF_ACK, data & 0x1: pageready_pending = false, "
		    "kvm_check_async_pf_completion() -> the queued page-ready is injected at once");
		return;
	default:
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "each work's token goes out once, in kvm_arch_async_page_present(); async_pf_execute()'s "
		    "GUP waited for the VMM's UFFDIO_COPY, so the pages hold what it wrote");
	}
}

static void ret(struct expectation *e, int64_t v, const char *reason)
{
	set(e, OUT_RETURN, 0, 1, (uint64_t)v, reason);
}

/* kvm_pv_clock_pairing(): clock type first, then the host clock, then the write. */
static void expect_clock_pairing(const struct model_input *in, const struct probe_desc *p,
				 struct expectation *e)
{
	switch (p->hcall) {
	case PV_HC_CLOCK_PAIRING_TYPE_1:
	case PV_HC_CLOCK_PAIRING_TYPE_MAX:
		ret(e, -KVM_EOPNOTSUPP,
		    "kvm_pv_clock_pairing(): clock_type != KVM_CLOCK_PAIRING_WALLCLOCK -> -KVM_EOPNOTSUPP");
		return;
	case PV_HC_CLOCK_PAIRING_RECORD:
		if (in->tsc_clocksource)
			set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
			    "kvm_pv_clock_pairing(): sec/nsec of CLOCK_REALTIME, tsc = kvm_read_l1_tsc() "
			    "of the same read, flags and pad 0");
		else
			set(e, OUT_NOT_RUN, 0, 0, 0, "CLOCK_PAIRING fails on this host: no record");
		return;
	default:
		break;
	}
	if (!in->tsc_clocksource)
		ret(e, -KVM_EOPNOTSUPP,
		    "kvm_pv_clock_pairing(): host clocksource not TSC-based -> -KVM_EOPNOTSUPP");
	else if (p->hcall == PV_HC_CLOCK_PAIRING_PAST_RAM)
		ret(e, -KVM_EFAULT,
		    "kvm_pv_clock_pairing(): kvm_write_guest() of the record past RAM fails -> -KVM_EFAULT");
	else
		ret(e, 0, "kvm_pv_clock_pairing(): TSC-based host clocksource -> 0, record written");
}

static void expect_send_ipi(const struct model_input *in, const struct probe_desc *p,
			    struct expectation *e)
{
	if (!pv_has(in, KVM_FEATURE_PV_SEND_IPI)) {
		ret(e, -KVM_ENOSYS, "bit clear with enforcement: guest_pv_has() false -> -KVM_ENOSYS");
		return;
	}
	switch (p->hcall) {
	case PV_HC_SEND_IPI_ICR_LOGICAL:
	case PV_HC_SEND_IPI_ICR_SELF:
	case PV_HC_SEND_IPI_ICR_ALL:
		ret(e, -KVM_EINVAL,
		    "kvm_pv_send_ipi(): icr & (APIC_DEST_MASK | APIC_SHORT_MASK) -> -KVM_EINVAL");
		return;
	case PV_HC_SEND_IPI_MIN_PAST_MAX:
		ret(e, 0, "__pv_send_ipi(): min > max_apic_id -> nothing sent, count 0");
		return;
	case PV_HC_SEND_IPI_EMPTY:
		ret(e, 0, "__pv_send_ipi(): no bit set -> count 0");
		return;
	case PV_HC_SEND_IPI_APIC_OFF:
		ret(e, 0, "__apic_accept_irq(): a software-disabled LAPIC takes no fixed IPI -> count 0");
		return;
	default:
		ret(e, 1, "kvm_pv_send_ipi() returns the IPIs delivered: the bit past "
		    "max_apic_id is outside the loop's bound -> 1");
	}
}

static void expect_map_gpa(const struct model_input *in, const struct probe_desc *p,
			   struct expectation *e)
{
	if (p->hcall == PV_HC_MAP_GPA_NO_EXIT_CAP) {
		ret(e, -KVM_ENOSYS,
		    "KVM_CAP_EXIT_HYPERCALL not enabled -> -KVM_ENOSYS, whatever the CPUID bit");
		return;
	}
	if (!in->exit_hypercall) {
		ret(e, -KVM_ENOSYS,
		    "KVM_CAP_EXIT_HYPERCALL bit 12 off -> -KVM_ENOSYS (the CPUID bit is not checked)");
		return;
	}
	switch (p->hcall) {
	case PV_HC_MAP_GPA_UNALIGNED:
	case PV_HC_MAP_GPA_UNALIGNED_BIT0:
	case PV_HC_MAP_GPA_UNALIGNED_BIT11:
	case PV_HC_MAP_GPA_ZERO_PAGES:
	case PV_HC_MAP_GPA_NPAGES_WRAP:
		ret(e, -KVM_EINVAL,
		    "!PAGE_ALIGNED(gpa) || !npages || gfn + npages <= gfn -> -KVM_EINVAL, no exit");
		return;
	case PV_HC_MAP_GPA_NPAGES_LAST:
		ret(e, PV_HC_EXIT_RET,
		    "gfn + npages = 2^64 - 1 does not wrap: KVM_EXIT_HYPERCALL with the arguments; "
		    "the VMM's value returns");
		return;
	case PV_HC_MAP_GPA_ATTRS_RESERVED:
		ret(e, PV_HC_EXIT_RET,
		    "KVM does not look at attrs: KVM_EXIT_HYPERCALL with them as given (reserved "
		    "bits are the VMM's to refuse); the VMM's value returns");
		return;
	default:
		ret(e, PV_HC_EXIT_RET,
		    "KVM_EXIT_HYPERCALL to the VMM with nr, gpa, npages, attrs and LONG_MODE; "
		    "the VMM's value returns");
	}
}

static void expect_hcall(const struct model_input *in, const struct probe_desc *p,
			 struct expectation *e)
{
	int gate = model_hcall_gate(probe_hcall_nr(p->hcall));
	int place = probe_lane_place(p->lane);

	if (p->lane == PV_LANE_RING3) {
		ret(e, -KVM_EPERM, "__kvm_emulate_hypercall(): CPL > 0 -> -KVM_EPERM before "
		    "the number, its gate or its arguments");
		return;
	}
	if ((place == PV_PLACE_KICK || place == PV_PLACE_IPI) && in->nr_vcpus < 2) {
		set(e, OUT_NOT_RUN, 0, 0, 0, "needs 2 vCPUs");
		return;
	}
	switch (p->hcall) {
	case PV_HC_VAPIC_POLL_IRQ:
		ret(e, 0, "KVM_HC_VAPIC_POLL_IRQ always returns 0");
		return;
	case PV_HC_OTHER_INSN:
		ret(e, 0, "KVM_X86_QUIRK_FIX_HYPERCALL_INSN (default on) rewrites it to the native instruction");
		return;
	case PV_HC_OTHER_INSN_NO_QUIRK:
		if (!in->quirk_off)
			set(e, OUT_NOT_RUN, 0, 0, 0, "host lacks KVM_CAP_DISABLE_QUIRKS2 for FIX_HYPERCALL_INSN");
		else
			set(e, OUT_FAULT, VEC_UD, 0, 0,
			    "quirk disabled: the other vendor's instruction is #UD (emulator_fix_hypercall)");
		return;
	case PV_HC_NR_HIGH_BITS:
		ret(e, -KVM_ENOSYS, "op_64_bit: nr is not truncated, 0x100000001 is no hypercall "
		    "-> -KVM_ENOSYS");
		return;
	case PV_HC_KICK_CPU_WRONG_ID_NO_WAKE:
		if (in->hlt_in_guest) {
			set(e, OUT_NOT_RUN, 0, 0, 0,
			    "HLT exits disabled: HLT ends at any VM exit, so an early wake-up proves nothing");
			return;
		}
		set(e, OUT_CHECK, 0, 1, PV_CHECK_OK,
		    "kvm_pv_kick_cpu_op() kicks the APIC ID in a1 only (APIC_DM_REMRD to a "
		    "physical ID no vCPU has: nobody); a0 is unused");
		return;
	case PV_HC_KICK_CPU_WAKES:
	case PV_HC_SEND_IPI_DELIVERED:
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
		if (pv_has(in, gate))
			set(e, OUT_CHECK, 0, 1, PV_CHECK_OK, p->hcall == PV_HC_KICK_CPU_WAKES ?
			    "kvm_pv_kick_cpu_op() sets pv_unhalted: the halted vCPU runs again" :
			    "kvm_pv_send_ipi() delivers a fixed IPI to each APIC ID in the bitmap");
		else
			set(e, OUT_CHECK, 0, 1, PV_CHECK_NOT_WOKEN,
			    "the hypercall is refused: nothing reaches the waiting vCPU");
		return;
	case PV_HC_KICK_CPU:
	case PV_HC_KICK_CPU_WRONG_ID:
		if (!pv_has(in, gate))
			ret(e, -KVM_ENOSYS, "bit clear with enforcement: guest_pv_has() false -> -KVM_ENOSYS");
		else
			ret(e, 0, p->hcall == PV_HC_KICK_CPU ?
			    "KVM_HC_KICK_CPU: 0 after kvm_pv_kick_cpu_op()" :
			    "KVM_HC_KICK_CPU returns 0 whether or not a vCPU has the APIC ID");
		return;
	case PV_HC_SCHED_YIELD:
		if (pv_has(in, gate))
			ret(e, 0, "KVM_HC_SCHED_YIELD: 0 after kvm_sched_yield()");
		else
			ret(e, -KVM_ENOSYS, "bit clear with enforcement: guest_pv_has() false -> -KVM_ENOSYS");
		return;
	default:
		break;
	}
	switch (probe_hcall_nr(p->hcall)) {
	case KVM_HC_CLOCK_PAIRING:
		expect_clock_pairing(in, p, e);
		return;
	case KVM_HC_SEND_IPI:
		expect_send_ipi(in, p, e);
		return;
	case KVM_HC_MAP_GPA_RANGE:
		expect_map_gpa(in, p, e);
		return;
	default:
		ret(e, -KVM_ENOSYS, "no such hypercall on x86 -> -KVM_ENOSYS (the switch's default)");
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
	case PK_INIT:
		expect_init(in, p, e);
		break;
	case PK_HOST:
		expect_host(in, p, e);
		break;
	case PK_APF:
		expect_apf(in, p, e);
		break;
	default:
		expect_hcall(in, p, e);
	}
}
