// SPDX-License-Identifier: GPL-2.0-only
/*
 * PV_ENTRY_ASYNC_PF: two async page faults taken for real, and the
 * page-ready protocol after them (Documentation/virt/kvm/x86/msr.rst,
 * MSR_KVM_ASYNC_PF_EN, _INT and _ACK; include/pv_probes.h PV_APF_TABLE).
 *
 * The two pages at PV_APF_MEM_GPA are held back by the VMM (userfaultfd):
 * KVM's GUP of them cannot finish without waiting, so a touch with IF=1
 * queues the work (arch/x86/kvm/mmu/mmu.c __kvm_faultin_pfn() ->
 * kvm_arch_setup_async_pf(); virt/kvm/async_pf.c kvm_setup_async_pf())
 * and injects a #PF whose CR2 is the token, with flags =
 * KVM_PV_REASON_PAGE_NOT_PRESENT in the data area (arch/x86/kvm/x86.c
 * kvm_arch_async_page_not_present()).  The touch is a *_safe access: its
 * #PF resumes after it, where a kernel would schedule another task.
 *
 * Enabling it queues a broadcast page-ready first (x86.c
 * kvm_pv_enable_async_pf() -> virt/kvm/async_pf.c kvm_async_pf_wakeup_all(),
 * when the done list is empty): token 0xffffffff, delivered at the first
 * chance, which the guest takes and acknowledges before anything else.
 *
 * Page ready: kvm_check_async_pf_completion() hands out one completion
 * while the slot (the data area's token) is 0, writes the token there and
 * injects the vector (kvm_arch_async_page_present()).  The second waits in
 * vcpu->async_pf.done, which makes HLT return at once even with IF=0
 * (kvm_vcpu_has_events()), until the guest clears the slot and writes 1 to
 * MSR_KVM_ASYNC_PF_ACK: only that write (kvm_set_msr_common(),
 * MSR_KVM_ASYNC_PF_ACK: "if (data & 0x1)") looks at the done list again.
 */
#include "apic.h"
#include "guest.h"
#include "msr.h"
#include "pv_probes.h"

#define PF_VECTOR		14
#define BUSY_SPINS		1000
#define APF_WINDOW_SPINS	200

extern const char irq_stub_apf[];

static volatile uint32_t apf_irqs;
static volatile uint32_t ready_token[2];

/* Called from irq_stub_apf (entry.S): note the slot's token, leave it set. */
void guest_apf_irq(void)
{
	const volatile struct kvm_vcpu_pv_apf_data *d = (void *)PV_APF_GPA;
	uint32_t n = apf_irqs;

	if (n < 2)
		ready_token[n] = d->token;
	apf_irqs = n + 1;
	/* A fixed interrupt through the LAPIC: without the EOI the vector stays in service. */
	wrmsr_safe(MSR_X2APIC_EOI, 0);
}

/*
 * Read @p with interrupts on (kvm_can_do_async_pf() needs IF=1, and not in
 * the STI shadow: hence the NOP), then off again.  Returns 0 when the read
 * completed, or PV_FAULTED | vector.
 */
static uint32_t touch(const volatile uint64_t *p)
{
	register uint64_t fault asm("r11");
	uint64_t v = 0;

	asm volatile("sti\n\tnop\n\t"
		     GUEST_SAFE_INSN("movq (%2), %1")
		     "cli"
		     : "=&r"(fault), "+r"(v)
		     : "r"(p)
		     : "memory");
	return (uint32_t)fault;
}

/*
 * Until @n page-ready interrupts ran, bounded: each try first opens a
 * window with IF=1 and spins, so that an interrupt KVM already injected
 * (the broadcast after enabling, the second page-ready after the ACK) is
 * taken there and not in HLT -- under nested SVM in QEMU TCG a HLT with
 * the vector already pending blocked until the deadline, once in many runs
 * (as for PV EOI, pv_eoi.c take_one()); then HLT, for a page-ready that
 * comes later from KVM's worker (async_pf_execute() wakes the vCPU).
 */
static int wait_ready(uint32_t n)
{
	int i, j;

	for (i = 0; i < PV_APF_HLT_TRIES && apf_irqs < n; i++) {
		asm volatile("sti" : : : "memory");
		for (j = 0; j < APF_WINDOW_SPINS && apf_irqs < n; j++)
			asm volatile("pause" : : : "memory");
		asm volatile("cli" : : : "memory");
		if (apf_irqs >= n)
			break;
		asm volatile("sti; hlt; cli" : : : "memory");
	}
	return apf_irqs >= n;
}

static int pages_filled(void)
{
	uint64_t gpa;

	for (gpa = PV_APF_MEM_GPA; gpa < PV_APF_MEM_GPA + PV_APF_MEM_PAGES * PV_PAGE_SIZE;
	     gpa += PV_PAGE_SIZE) {
		const volatile uint64_t *w = (void *)gpa;

		if (w[0] != PV_APF_PATTERN(gpa) ||
		    w[PV_PAGE_SIZE / 8 - 1] != PV_APF_PATTERN(gpa + PV_PAGE_SIZE - 8))
			return 0;
	}
	return 1;
}

/* Each record, with the tokens seen so far beside it (for the host's detail). */
static void rec(struct pv_results *r, int probe, uint32_t fault, uint64_t value)
{
	r->apf_token[2] = ready_token[0];
	r->apf_token[3] = ready_token[1];
	r->apf_irqs = apf_irqs;
	probe_record(r, probe, fault, value);
}

/* Take one async #PF on @page: PV_CHECK_OK with its token, or why not. */
static uint64_t not_present(uint64_t page, uint32_t *token, uint32_t *fault)
{
	volatile struct kvm_vcpu_pv_apf_data *d = (void *)PV_APF_GPA;
	uint32_t f = touch((const volatile uint64_t *)page), flags;

	*fault = 0;
	if (!f)
		return PV_CHECK_NO_APF;		/* faulted in synchronously */
	if (f != (PV_FAULTED | PF_VECTOR)) {
		*fault = f;
		return PV_CHECK_NOT_RUN;
	}
	*token = (uint32_t)read_cr2();
	flags = d->flags;
	d->flags = 0;	/* the guest's to clear (msr.rst) */
	return flags == KVM_PV_REASON_PAGE_NOT_PRESENT && *token ? PV_CHECK_OK :
	       PV_CHECK_BAD_FIELD;
}

void probe_async_pf(struct pv_results *r)
{
	volatile struct kvm_vcpu_pv_apf_data *d = (void *)PV_APF_GPA;
	uint32_t tok[2] = { 0, 0 }, f = 0;
	uint64_t v = PV_CHECK_OK;
	int i;

	r->nr_probes = PV_NR_APF_PROBES;
	apf_irqs = 0;
	ready_token[0] = ready_token[1] = 0;
	/* kvm_arch_can_dequeue_async_page_present(): page ready needs an enabled LAPIC. */
	f = x2apic_enable();
	if (f) {
		rec(r, PV_APF_WAKEUP_ALL, f, 0);
		return;
	}
	idt_set_handler(PV_APF_INT_VECTOR, (uint64_t)irq_stub_apf);
	memset((void *)d, 0, sizeof(*d));
	f = wrmsr_safe(MSR_KVM_ASYNC_PF_INT, PV_APF_INT_VECTOR);
	/*
	 * SEND_ALWAYS: this code runs at CPL 0, where KVM otherwise sends no
	 * async #PF (x86.c kvm_can_deliver_async_pf()); DELIVERY_AS_INT: page
	 * ready as an interrupt (kvm_pv_async_pf_enabled()).
	 */
	if (!f)
		f = wrmsr_safe(MSR_KVM_ASYNC_PF_EN, PV_APF_GPA | PV_MSR_ENABLED |
			       PV_APF_SEND_ALWAYS_BIT | PV_APF_INT_BIT);
	if (f) {
		rec(r, PV_APF_WAKEUP_ALL, f, 0);
		return;
	}
	v = !wait_ready(1) ? PV_CHECK_NO_IRQ :
	    ready_token[0] == PV_APF_WAKE_ALL_TOKEN ? PV_CHECK_OK : PV_CHECK_BAD_FIELD;
	rec(r, PV_APF_WAKEUP_ALL, 0, v);
	if (v != PV_CHECK_OK)
		goto out;
	d->token = 0;
	f = wrmsr_safe(MSR_KVM_ASYNC_PF_ACK, 1);
	apf_irqs = 0;
	ready_token[0] = 0;
	if (f) {
		rec(r, PV_APF_NOT_PRESENT, f, 0);
		goto out;
	}

	for (i = 0; i < 2 && v == PV_CHECK_OK; i++)
		v = not_present(PV_APF_MEM_GPA + i * PV_PAGE_SIZE, &tok[i], &f);
	if (v == PV_CHECK_OK && tok[0] == tok[1])
		v = PV_CHECK_BAD_FIELD;
	r->apf_token[0] = tok[0];
	r->apf_token[1] = tok[1];
	rec(r, PV_APF_NOT_PRESENT, f, v);
	if (v != PV_CHECK_OK)
		goto out;

	guest_ring(PV_EV_APF_RESOLVE);

	/* The first completion: the slot is free, KVM delivers it. */
	v = !wait_ready(1) ? PV_CHECK_NO_IRQ :
	    ready_token[0] == tok[0] || ready_token[0] == tok[1] ? PV_CHECK_OK : PV_CHECK_BAD_FIELD;
	rec(r, PV_APF_PAGE_READY, 0, v);
	if (v != PV_CHECK_OK)
		goto out;

	/*
	 * The slot stays busy.  HLT with IF=0 ends once the second work is in
	 * the done list (kvm_vcpu_has_events()), or never: the host's deadline.
	 * Then a window with IF=1: nothing may come while the slot is busy.
	 */
	asm volatile("cli; hlt" : : : "memory");
	asm volatile("sti" : : : "memory");
	for (i = 0; i < BUSY_SPINS && apf_irqs == 1; i++)
		asm volatile("pause" : : : "memory");
	asm volatile("cli" : : : "memory");
	rec(r, PV_APF_HELD_WHILE_BUSY, 0, apf_irqs == 1 ? PV_CHECK_OK : PV_CHECK_BUSY_DELIVERED);
	if (apf_irqs != 1)
		goto out;

	/* Free the slot and acknowledge: KVM must hand out the queued one now. */
	d->token = 0;
	f = wrmsr_safe(MSR_KVM_ASYNC_PF_ACK, 1);
	v = f ? 0 : wait_ready(2) ? PV_CHECK_OK : PV_CHECK_NO_IRQ;
	rec(r, PV_APF_ACK_DELIVERS, f, v);
	if (f || v != PV_CHECK_OK)
		goto out;
	d->token = 0;
	wrmsr_safe(MSR_KVM_ASYNC_PF_ACK, 1);
	v = ((ready_token[0] == tok[0] && ready_token[1] == tok[1]) ||
	     (ready_token[0] == tok[1] && ready_token[1] == tok[0])) && pages_filled() ?
	    PV_CHECK_OK : PV_CHECK_BAD_FIELD;
	rec(r, PV_APF_TOKENS_AND_DATA, 0, v);
out:
	/* Disabling drops whatever is still queued (kvm_clear_async_pf_completion_queue()). */
	wrmsr_safe(MSR_KVM_ASYNC_PF_EN, 0);
	wrmsr_safe(MSR_KVM_ASYNC_PF_INT, 0);
}
