// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest entry points (enum pv_entry).  Each one fills the vCPU's results
 * page and rings PV_EV_DONE once; the host stops the vCPU there.
 */
#include "guest.h"
#include "msr.h"

static const struct {
	char sig[12];
	uint32_t leaves;
} signatures[PV_NR_SIGS] = {
	/* The source document's three calls. */
	[PV_SIG_KVM] = { "KVMKVMKVM\0\0\0", 0 },
	[PV_SIG_XEN] = { { 'X', 'e', 'n', 'V', 'M', 'M', 'X', 'e', 'n', 'V', 'M', 'M' }, 2 },
	[PV_SIG_ACRN] = { { 'A', 'C', 'R', 'N', 'A', 'C', 'R', 'N', 'A', 'C', 'R', 'N' }, 0 },
};

static void report_cpuid_base(struct pv_results *r)
{
	struct pv_cpuid_regs *l0 = &r->kvm_leaf0, *l1 = &r->kvm_leaf1;
	uint32_t kvm;
	int i;

	for (i = 0; i < PV_NR_SIGS; i++)
		r->sig_base[i] = hypervisor_cpuid_base(signatures[i].sig,
						       signatures[i].leaves);
	kvm = r->sig_base[PV_SIG_KVM];
	if (kvm) {
		cpuid(kvm, &l0->eax, &l0->ebx, &l0->ecx, &l0->edx);
		/* KVM_CPUID_FEATURES is base + 1 (cpuid.rst). */
		cpuid(kvm + 1, &l1->eax, &l1->ebx, &l1->ecx, &l1->edx);
	}
}

static void __attribute__((noreturn)) spin_forever(void)
{
	asm volatile("cli");
	for (;;)
		asm volatile("" : : : "memory");
}

void guest_main(uint64_t vcpu, uint64_t entry, uint64_t arg)
{
	struct pv_results *r;

	idt_init();
	guest_results_init((uint32_t)vcpu, (uint32_t)entry);
	r = guest_results();

	switch (entry) {
	case PV_ENTRY_REPORT:
		report_cpuid_base(r);
		break;
	case PV_ENTRY_RDMSR:
		r->msr = (uint32_t)arg;
		r->msr_fault = rdmsr_safe(r->msr, &r->msr_value);
		break;
	case PV_ENTRY_WRMSR:
		r->msr = (uint32_t)arg;
		r->msr_fault = wrmsr_safe(r->msr, r->msr_value);
		break;
	case PV_ENTRY_TEST_UD:
		asm volatile("ud2");
		break;
	case PV_ENTRY_TEST_PF:
		(void)*(volatile uint64_t *)arg;
		break;
	case PV_ENTRY_TEST_SPIN:
		spin_forever();
	case PV_ENTRY_TEST_HLT:
		guest_halt_forever();
	case PV_ENTRY_MSR_PROBES:
		probe_msrs(r);
		break;
	case PV_ENTRY_HYPERCALL:
		probe_hypercall(r, arg);
		break;
	case PV_ENTRY_HYPERCALL_LANE:
		probe_hypercall_lane(r, arg);
		break;
	case PV_ENTRY_HALT_WAIT:
		wait_for_kick(r);
		break;
	case PV_ENTRY_IPI_WAIT:
		wait_for_ipi(r);
		break;
	case PV_ENTRY_CPUID_LIST: {
		const struct pv_cpuid_list *l = (const void *)PV_CPUID_LIST_ADDR;
		struct pv_cpuid_regs *out = (void *)PV_CPUID_OUT_ADDR;
		uint32_t i, n = l->count < PV_CPUID_LIST_MAX ? l->count : PV_CPUID_LIST_MAX;

		for (i = 0; i < n; i++)
			asm volatile("cpuid"
				     : "=a"(out[i].eax), "=b"(out[i].ebx), "=c"(out[i].ecx),
				       "=d"(out[i].edx)
				     : "a"(l->q[i].function), "c"(l->q[i].index));
		break;
	}
	case PV_ENTRY_ASYNC_PF:
		probe_async_pf(r);
		break;
	case PV_ENTRY_HOSTILE:
		guest_hostile(r, arg);
		break;
	default:
		guest_fail("unknown entry id");
	}
	guest_ring(PV_EV_DONE);
}
