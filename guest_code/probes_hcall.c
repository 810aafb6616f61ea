// SPDX-License-Identifier: GPL-2.0-only
/*
 * PV_ENTRY_HYPERCALL: one hypercall probe per run (include/pv_probes.h),
 * so that one that never completes -- as on kvm_pvm -- costs one deadline
 * and nothing else.  The arguments are announced in the results page first:
 * the VMM checks a KVM_EXIT_HYPERCALL against them.
 *
 * PV_ENTRY_HALT_WAIT and PV_ENTRY_IPI_WAIT are the waiting vCPU's side of KICK_CPU
 * and SEND_IPI.
 */
#include <linux/kvm_para.h>

#include "guest.h"
#include "hypercall.h"
#include "msr.h"
#include "pv_probes.h"

#define HC_UNKNOWN_NR			0x7fff
#define MSR_IA32_APICBASE		0x1b
#define APICBASE_EXTD			(1ull << 10)	/* x2APIC mode */
#define APICBASE_EN			(1ull << 11)
#define MSR_X2APIC_EOI			0x80b
#define MSR_X2APIC_SVR			0x80f
#define APIC_SVR_ENABLE			0x100
#define APIC_SPURIOUS_VECTOR		0xff

static void args_for(int probe, uint64_t target, uint64_t *nr, uint64_t a[4])
{
	a[0] = a[1] = a[2] = a[3] = 0;
	switch (probe) {
	case PV_HC_KICK_CPU:
		*nr = KVM_HC_KICK_CPU;
		a[1] = target;			/* flags 0, the halted vCPU's APIC ID */
		break;
	case PV_HC_CLOCK_PAIRING:
		*nr = KVM_HC_CLOCK_PAIRING;
		a[0] = PV_HCALL_GPA;
		a[1] = KVM_CLOCK_PAIRING_WALLCLOCK;
		break;
	case PV_HC_SEND_IPI:
		*nr = KVM_HC_SEND_IPI;
		a[0] = 1;			/* bitmap: APIC ID min + 0 */
		a[2] = target;			/* min = the waiting vCPU's APIC ID */
		a[3] = PV_IPI_VECTOR;		/* ICR: fixed delivery, vector */
		break;
	case PV_HC_SCHED_YIELD:
		*nr = KVM_HC_SCHED_YIELD;
		a[0] = target;			/* yield to this APIC ID */
		break;
	case PV_HC_MAP_GPA_RANGE:
	case PV_HC_MAP_GPA_NO_EXIT_CAP:
		*nr = KVM_HC_MAP_GPA_RANGE;
		a[0] = PV_HCALL_GPA;
		a[1] = 1;
		a[2] = PV_MAP_GPA_ATTRS;
		break;
	case PV_HC_MAP_GPA_UNALIGNED:
		*nr = KVM_HC_MAP_GPA_RANGE;
		a[0] = PV_HCALL_GPA + 8;
		a[1] = 1;
		a[2] = PV_MAP_GPA_ATTRS;
		break;
	case PV_HC_MAP_GPA_ZERO_PAGES:
		*nr = KVM_HC_MAP_GPA_RANGE;
		a[0] = PV_HCALL_GPA;
		a[1] = 0;
		a[2] = PV_MAP_GPA_ATTRS;
		break;
	case PV_HC_UNKNOWN_NR:
		*nr = HC_UNKNOWN_NR;
		break;
	default:			/* VAPIC_POLL_IRQ, OTHER_INSN* */
		*nr = KVM_HC_VAPIC_POLL_IRQ;
	}
}

void probe_hypercall(struct pv_results *r, uint64_t arg)
{
	int probe = (int)(arg & PV_HC_ARG_INDEX_MASK);
	int vmcall = !!(arg & PV_HC_ARG_VMCALL) ^ !!(arg & PV_HC_ARG_OTHER);
	uint64_t nr, a[4];
	uint32_t fault;

	if (probe >= PV_NR_HCALLS)
		guest_fail("hypercall probe index out of range");
	args_for(probe, PV_HC_ARG_TARGET(arg), &nr, a);
	r->hc_nr = nr;
	memcpy(r->hc_args, a, sizeof(a));
	if (probe == PV_HC_FROM_RING3) {
		ring3_hypercall(vmcall, &r->hc_ret);
		r->hc_fault = 0;
		r->hc_done = 1;
		return;
	}
	if (vmcall)
		r->hc_ret = hypercall_vmcall(nr, a[0], a[1], a[2], a[3], &fault);
	else
		r->hc_ret = hypercall_vmmcall(nr, a[0], a[1], a[2], a[3], &fault);
	r->hc_fault = fault;
	r->hc_done = 1;
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
	uint64_t base = 0;

	if (rdmsr_safe(MSR_IA32_APICBASE, &base) ||
	    wrmsr_safe(MSR_IA32_APICBASE, base | APICBASE_EN | APICBASE_EXTD) ||
	    wrmsr_safe(MSR_X2APIC_SVR, APIC_SVR_ENABLE | APIC_SPURIOUS_VECTOR))
		guest_fail("cannot enable the x2APIC");
	idt_set_irq(PV_IPI_VECTOR);
	r->ready = 1;
	/* sti; hlt is atomic: an IPI cannot slip in between. */
	while (!r->ipi_count)
		asm volatile("sti; hlt; cli" : : : "memory");
	r->woken = 1;
}
