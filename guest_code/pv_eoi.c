// SPDX-License-Identifier: GPL-2.0-only
/*
 * PV EOI taken for real (Documentation/virt/kvm/x86/msr.rst, MSR_KVM_EOI_EN;
 * arch/x86/kvm/lapic.c): with PV EOI enabled, KVM sets bit 0 of the guest's
 * word before it enters the guest with an interrupt in service and nothing
 * else pending (apic_sync_pv_eoi_to_guest() -> pv_eoi_set_pending()); the
 * handler clears it with one instruction instead of writing the APIC EOI,
 * and on the next exit KVM sees it clear and ends the interrupt itself
 * (apic_sync_pv_eoi_from_guest() -> apic_set_eoi()).
 *
 * The interrupt is a self-IPI through the x2APIC.  An exit between the injection and the handler's test
 * (a host interrupt) makes KVM take the bit back (pv_eoi_test_and_clr_pending())
 * without setting it again; so a handler that finds it clear tries again,
 * a bounded number of times, before the probe says "not set".
 */
#include "apic.h"
#include "guest.h"
#include "msr.h"
#include "pv_probes.h"

#define PV_EOI_ATTEMPTS		3
#define IRQ_WINDOW_SPINS	1000000

extern const char irq_stub_pv_eoi[];

static volatile uint32_t irqs, bit_was_set;

/* Called from irq_stub_pv_eoi (entry.S). */
void guest_pv_eoi_irq(void)
{
	volatile uint32_t *word = (void *)PV_EOI_GPA;
	uint8_t was;

	/* msr.rst: test and clear in one instruction. */
	asm volatile("btrl $0, %0; setc %1" : "+m"(*word), "=r"(was) : : "memory", "cc");
	bit_was_set = was;
	if (!was)
		wrmsr_safe(MSR_X2APIC_EOI, 0);
	irqs++;
}

uint32_t x2apic_enable(void)
{
	uint64_t base = 0;
	uint32_t f;

	f = rdmsr_safe(MSR_IA32_APICBASE, &base);
	if (!f)
		f = wrmsr_safe(MSR_IA32_APICBASE, base | APICBASE_EN | APICBASE_EXTD);
	if (!f)
		f = wrmsr_safe(MSR_X2APIC_SVR, APIC_SVR_ENABLE | APIC_SPURIOUS_VECTOR);
	return f;
}

/*
 * One self-IPI, 1 if its handler ran.  Written with interrupts off, it
 * waits in IRR until the guest sets IF: then KVM (at the interrupt-window
 * exit, or at its next entry) injects it.  The window stays open for a
 * bounded spin, never in HLT: with the vector already pending HLT must not
 * block, yet under nested SVM in QEMU TCG it did, once in 50 runs, until
 * the deadline.  A sti/cli pair alone is not enough on every backend
 * (kvm_pvm emulates the instructions after an exit, and an interrupt is
 * taken only after the emulated batch).
 */
static int take_one(void)
{
	uint32_t before = irqs;
	uint64_t irr = 0;
	int i;

	if (wrmsr_safe(MSR_X2APIC_SELF_IPI, PV_EOI_VECTOR) ||
	    rdmsr_safe(MSR_X2APIC_IRR0 + PV_EOI_VECTOR / 32, &irr) ||
	    !(irr & (1ull << (PV_EOI_VECTOR % 32))))
		return 0;
	asm volatile("sti" : : : "memory");
	for (i = 0; i < IRQ_WINDOW_SPINS && irqs == before; i++)
		asm volatile("pause" : : : "memory");
	asm volatile("cli" : : : "memory");
	return irqs != before;
}

void probe_pv_eoi(struct pv_results *r)
{
	int pending = PV_PROBE_CHECK_SLOT(PV_CHECK_PV_EOI_PENDING);
	int eoi = PV_PROBE_CHECK_SLOT(PV_CHECK_PV_EOI_EOI);
	uint64_t isr = 0;
	int n;

	if (x2apic_enable()) {
		probe_record(r, pending, 0, PV_CHECK_NO_IRQ);
		return;
	}
	idt_set_handler(PV_EOI_VECTOR, (uint64_t)irq_stub_pv_eoi);
	*(volatile uint32_t *)PV_EOI_GPA = 0;	/* msr.rst: "must be zeroed" */
	if (wrmsr_safe(MSR_KVM_PV_EOI_EN, PV_EOI_GPA | PV_MSR_ENABLED)) {
		probe_record(r, pending, 0, PV_CHECK_NO_IRQ);
		return;
	}
	bit_was_set = 0;
	for (n = 0; n < PV_EOI_ATTEMPTS && !bit_was_set; n++) {
		if (!take_one()) {
			probe_record(r, pending, 0, PV_CHECK_NO_IRQ);
			wrmsr_safe(MSR_KVM_PV_EOI_EN, 0);
			return;
		}
	}
	probe_record(r, pending, 0, bit_was_set ? PV_CHECK_OK : PV_CHECK_NOT_SET);
	if (bit_was_set) {
		/* This RDMSR is an exit: KVM syncs the cleared bit before it answers. */
		uint32_t f = rdmsr_safe(MSR_X2APIC_ISR0 + PV_EOI_VECTOR / 32, &isr);

		probe_record(r, eoi, f, isr & (1ull << (PV_EOI_VECTOR % 32)) ?
			     PV_CHECK_IN_SERVICE : PV_CHECK_OK);
	}
	wrmsr_safe(MSR_KVM_PV_EOI_EN, 0);
}
