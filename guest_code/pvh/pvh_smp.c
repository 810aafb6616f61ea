// SPDX-License-Identifier: GPL-2.0-only
/*
 * The second vCPU under QEMU.  QEMU holds every vCPU but the BSP in
 * wait-for-SIPI (after SeaBIOS counted them); the BSP starts one AP with
 * INIT, then two STARTUP IPIs (Intel SDM vol. 3, "MP Initialization":
 * INIT, 10 ms, SIPI, 200 us, SIPI, 200 us; Linux arch/x86/kernel/smpboot.c
 * wakeup_secondary_cpu_via_init() also de-asserts the INIT), its vector
 * the page of the real-mode trampoline (pvh_ap.S).  Each job of the AP
 * is a fresh start: INIT ends whatever it was doing (a HLT nothing woke
 * included: KVM resets the vCPU, arch/x86/kvm/lapic.c
 * kvm_apic_accept_events()), so a stuck waiter costs one bound, not the run.
 *
 * The AP's jobs: once at start-up (it reports its CPUID APIC ID), then the
 * waiter of the KICK lane (PV_ENTRY_HALT_WAIT) and of the IPI lane
 * (PV_ENTRY_IPI_WAIT), as vCPU caller + 1 is in pvprobe check
 * (vmm/probe/check_run.c pair_thread()).  The AP records in its own
 * results page (its index is its APIC ID: stack and page, and the page
 * KICK_CPU_WRONG_ID_NO_WAKE watches) and sets a flag in shared memory;
 * the BSP polls it with bounded loops and sends the page.
 *
 * Delays come from PIT channel 2 (ports 0x42/0x43, its gate and output in
 * port 0x61: arch/x86/kernel/tsc.c pit_calibrate_tsc() does the same),
 * which QEMU has under TCG and KVM's in-kernel PIT has
 * (arch/x86/kvm/i8254.c, the speaker port included).  The 10 ms INIT
 * delay also calibrates the TSC, which then bounds every wait.
 */
#include "apic.h"
#include "guest.h"
#include "msr.h"
#include "pv_probes.h"
#include "pvh.h"

/* xAPIC MMIO offsets and ICR fields (arch/x86/include/asm/apicdef.h). */
#define APIC_ICR		0x300
#define APIC_ICR2		0x310
#define MSR_X2APIC_ICR		0x830
#define APIC_DM_INIT		0x500
#define APIC_DM_STARTUP		0x600
#define APIC_ICR_BUSY		0x1000
#define APIC_INT_ASSERT		0x4000
#define APIC_INT_LEVELTRIG	0x8000
#define APICBASE_ADDR_MASK	0x000ffffffffff000ull

#define PTE_P			0x01
#define PTE_RW			0x02
#define PTE_US			0x04	/* as every page of pvh_entry.S's map */
#define PTE_PWT			0x08
#define PTE_PCD			0x10
#define PTE_PS			0x80

#define PIT_HZ			1193182u
#define PIT_MAX_POLLS		5000000u
#define INIT_DELAY_US		10000u
#define SIPI_DELAY_US		200u
#define ICR_POLLS		100000u
/* Spins per ms when the TSC could not be calibrated: a bound, not a time. */
#define SPINS_PER_MS		20000u
/* The waiter's bounds: getting ready, waking after a call that said it woke it, or not. */
#define READY_MS		2000u
#define WAKE_MS			1000u
#define NO_WAKE_MS		100u
#define DONE_MS			100u

static struct pvq_smp smp;

/* The BSP writes entry before the SIPI; the AP writes the rest. */
static struct {
	volatile uint32_t entry, go;
	volatile uint32_t started, done, event;
	volatile uint32_t cpuid_apic_id;
} mbox;

/* A page directory for the 1 GiB that holds the xAPIC page (uncached 2 MiB page). */
static uint64_t apic_pd[512] __attribute__((aligned(4096)));
static volatile uint32_t *xapic;

extern const char pvh_ap_tramp[], pvh_ap_tramp_end[], pvh_ap_tramp_stack[], pvh_ap_tramp_entry[];

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %w1" : : "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %w1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

/* Wait @us (at most 54 ms) by PIT channel 2, mode 0.  0, or -1: the PIT never counted down. */
static int pit_wait_us(uint32_t us)
{
	uint32_t count = (uint32_t)((uint64_t)us * PIT_HZ / 1000000u), i;

	if (count > 0xffff)
		count = 0xffff;
	outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01));	/* gate on, speaker off */
	outb(0x43, 0xb0);		/* channel 2, lobyte/hibyte, mode 0: OUT low until 0 */
	outb(0x42, (uint8_t)count);
	outb(0x42, (uint8_t)(count >> 8));
	for (i = 0; i < PIT_MAX_POLLS; i++)
		if (inb(0x61) & 0x20)
			return 0;
	return -1;
}

/* Bounded wait until *@a or *@b (may be NULL) is set; 1 if it was. */
static int wait_flag(const volatile uint32_t *a, const volatile uint32_t *b, uint32_t ms)
{
	uint64_t t0 = guest_rdtsc(), lim = smp.tsc_per_ms * ms, spins = 0;

	while (!*a && !(b && *b)) {
		if (lim ? guest_rdtsc() - t0 > lim : ++spins > (uint64_t)ms * SPINS_PER_MS)
			return 0;
		asm volatile("pause" : : : "memory");
	}
	return 1;
}

static void flush_tlb(void)
{
	uint64_t cr3;

	asm volatile("mov %%cr3, %0; mov %0, %%cr3" : "=r"(cr3) : : "memory");
}

/* How the BSP reaches its ICR: x2APIC MSRs if it is in x2APIC mode, else the xAPIC page, mapped here. */
static int lapic_setup(void)
{
	volatile uint64_t *pdpt = (void *)PV_PDPT_ADDR;
	uint64_t base;

	if (rdmsr_safe(MSR_IA32_APICBASE, &base) || !(base & APICBASE_EN))
		return -1;
	if (base & APICBASE_EXTD) {
		smp.lapic = PVQ_LAPIC_X2APIC;
		return 0;
	}
	base &= APICBASE_ADDR_MASK;
	/* Its own 1 GiB, not the first (RAM's PD), inside PML4 entry 0. */
	if (base < (1ull << 30) || base >= (512ull << 30))
		return -1;
	if (!pdpt[base >> 30])
		pdpt[base >> 30] = (uint64_t)apic_pd | PTE_P | PTE_RW | PTE_US;
	apic_pd[(base >> 21) & 511] = (base & ~0x1fffffull) | PTE_P | PTE_RW | PTE_US | PTE_PWT |
				      PTE_PCD | PTE_PS;
	flush_tlb();
	xapic = (volatile uint32_t *)base;
	smp.lapic = PVQ_LAPIC_XAPIC;
	return 0;
}

static int icr_send(uint32_t dest, uint32_t low)
{
	uint32_t i;

	if (smp.lapic == PVQ_LAPIC_X2APIC)
		return wrmsr_safe(MSR_X2APIC_ICR, (uint64_t)dest << 32 | low) ? -1 : 0;
	xapic[APIC_ICR2 / 4] = dest << 24;
	xapic[APIC_ICR / 4] = low;
	for (i = 0; i < ICR_POLLS && (xapic[APIC_ICR / 4] & APIC_ICR_BUSY); i++)
		asm volatile("pause");
	return xapic[APIC_ICR / 4] & APIC_ICR_BUSY ? -1 : 0;
}

int pvh_on_ap(void)
{
	return guest_results() != (struct pv_results *)PV_RESULTS_PAGE(0);
}

void pvh_ap_ring(uint32_t ev)
{
	mbox.event = ev;
	asm volatile("" : : : "memory");
	mbox.done = 1;
	guest_halt_forever();
}

/* The AP's C entry (the trampoline's call): its page, its IDTR, its job. */
static void __attribute__((noreturn, used)) pvh_ap_main(void)
{
	struct pv_results *r = guest_results();
	uint32_t a, b, c, d;

	idt_init();
	guest_results_init(smp.ap_apic_id, mbox.entry);
	cpuid(1, &a, &b, &c, &d);
	mbox.cpuid_apic_id = b >> 24;
	asm volatile("" : : : "memory");
	mbox.started = 1;
	/*
	 * Not before the BSP is done with its SIPIs: a SIPI that finds the
	 * AP halted ends the HLT (arch/x86/kvm/x86.c kvm_vcpu_has_events():
	 * a pending INIT or SIPI makes it runnable; vcpu_block() then moves
	 * HALTED to RUNNABLE and kvm_apic_accept_events() drops the SIPI),
	 * which would look like a kick.  Seen on kvm-amd with one host CPU:
	 * the AP reached HLT between the BSP's two SIPIs.
	 */
	while (!mbox.go)
		asm volatile("pause" : : : "memory");
	if (mbox.entry == PV_ENTRY_HALT_WAIT)
		wait_for_kick(r);
	else if (mbox.entry == PV_ENTRY_IPI_WAIT)
		wait_for_ipi(r);
	pvh_ap_ring(PV_EV_DONE);
}

/* Start the AP afresh on job @entry; 1 once its C code runs. */
static int ap_start(uint32_t entry)
{
	uint32_t id = smp.ap_apic_id, k;
	uint64_t t0, t1;
	uint8_t *tr = (uint8_t *)PVH_AP_TRAMPOLINE;

	memset((void *)PV_RESULTS_PAGE(id), 0, PV_PAGE_SIZE);
	mbox.started = mbox.done = mbox.event = mbox.go = 0;
	mbox.entry = entry;
	memcpy(tr, pvh_ap_tramp, (size_t)(pvh_ap_tramp_end - pvh_ap_tramp));
	*(volatile uint64_t *)(tr + (pvh_ap_tramp_stack - pvh_ap_tramp)) = PV_STACK_TOP(id);
	*(volatile uint64_t *)(tr + (pvh_ap_tramp_entry - pvh_ap_tramp)) = (uint64_t)pvh_ap_main;
	asm volatile("" : : : "memory");

	t0 = guest_rdtsc();
	if (icr_send(id, APIC_DM_INIT | APIC_INT_LEVELTRIG | APIC_INT_ASSERT) ||
	    icr_send(id, APIC_DM_INIT | APIC_INT_LEVELTRIG))
		return 0;
	t1 = guest_rdtsc();
	if (!pit_wait_us(INIT_DELAY_US) && !smp.tsc_per_ms)
		smp.tsc_per_ms = (guest_rdtsc() - t1) / (INIT_DELAY_US / 1000);
	for (k = 0; k < 2; k++) {
		if (icr_send(id, APIC_DM_STARTUP | (PVH_AP_TRAMPOLINE >> 12)))
			return 0;
		pit_wait_us(SIPI_DELAY_US);
	}
	if (!wait_flag(&mbox.started, NULL, PVQ_AP_START_MS))
		return 0;
	if (entry == PV_ENTRY_REPORT)
		smp.start_tsc = guest_rdtsc() - t0;
	mbox.go = 1;
	return 1;
}

void pvh_smp_find(void)
{
	pvh_find_cpus(&smp);
}

void pvh_smp_start(void)
{
	uint32_t a, b, c, d, i, n;
	int ap = -1;

	cpuid(1, &a, &b, &c, &d);
	smp.bsp_apic_id = b >> 24;
	/* The highest APIC ID: SEND_IPI's bit past its target must be no vCPU's. */
	n = smp.nr_cpus < PVQ_SMP_MAX_CPUS ? smp.nr_cpus : PVQ_SMP_MAX_CPUS;
	for (i = 0; i < n; i++)
		if (smp.apic_ids[i] != smp.bsp_apic_id && (ap < 0 || smp.apic_ids[i] > (uint32_t)ap))
			ap = (int)smp.apic_ids[i];
	if (ap < 0) {
		smp.status = PVQ_AP_NONE;
	} else if (ap == 0 || ap >= PVQ_SMP_MAX_CPUS || ap >= PV_MAX_VCPUS) {
		smp.ap_apic_id = (uint32_t)ap;
		smp.status = PVQ_AP_BAD_ID;
	} else {
		smp.ap_apic_id = (uint32_t)ap;
		if (lapic_setup())
			smp.status = PVQ_AP_NO_LAPIC;
		else if (!ap_start(PV_ENTRY_REPORT))
			smp.status = PVQ_AP_NOT_STARTED;
		else
			smp.status = PVQ_AP_STARTED;
		smp.ap_cpuid_apic_id = mbox.cpuid_apic_id;
		wait_flag(&mbox.done, NULL, DONE_MS);
	}
	pvh_send_frame(PVQ_KIND_SMP, PV_EV_DONE, 0, 0, &smp, sizeof(smp));
}

/* Did the lane's waking call say it reached the AP (KICK_CPU 0, SEND_IPI a count)? */
static int call_woke(int lane)
{
	const struct pv_results *r = (const void *)PV_RESULTS_PAGE(0);
	const struct pv_probe_rec *p = &r->probes[lane == PV_LANE_KICK ? PV_HC_KICK_CPU : PV_HC_SEND_IPI];

	if (!p->done || p->fault)
		return 0;
	return lane == PV_LANE_KICK ? p->value == 0 : (int64_t)p->value > 0;
}

void pvh_smp_lane(int lane, uint64_t arg)
{
	uint32_t wait = lane == PV_LANE_KICK ? PV_ENTRY_HALT_WAIT : PV_ENTRY_IPI_WAIT;
	struct pv_results *w = (void *)PV_RESULTS_PAGE(smp.ap_apic_id);
	struct pv_results *r = (void *)PV_RESULTS_PAGE(0);
	int up = smp.status == PVQ_AP_STARTED, ready = 0;

	if (up) {
		arg = (arg & ~(0xffull << PV_HC_ARG_TARGET_SHIFT)) |
		      (uint64_t)smp.ap_apic_id << PV_HC_ARG_TARGET_SHIFT;
		/* Ready, or already ended (its job failed: the page says why). */
		ready = ap_start(wait) && wait_flag(&w->ready, &mbox.done, READY_MS) && !mbox.done;
	}
	if (!ready && lane == PV_LANE_IPI) {
		/* Nobody takes the IPI: SEND_IPI would count 0.  The host says why (the SMP frame). */
		memset(r, 0, PV_PAGE_SIZE);
		guest_results_init(0, PV_ENTRY_HYPERCALL_LANE);
		memcpy(r->msg, "no AP waiting for the IPI", 26);
		r->msg_len = 25;
		pvh_send_frame(PVQ_KIND_PAGE, PV_EV_FAIL, 0, PV_ENTRY_HYPERCALL_LANE, r, PV_PAGE_SIZE);
	} else {
		/* Let it reach HLT; a kick before it is kept anyway (pv_unhalted). */
		if (ready)
			pit_wait_us(1000);
		pvh_run_entry(PV_ENTRY_HYPERCALL_LANE, arg);
	}
	if (!up)
		return;
	if (ready)
		wait_flag(&mbox.done, NULL, call_woke(lane) ? WAKE_MS : NO_WAKE_MS);
	pvh_send_frame(PVQ_KIND_WAITER, mbox.done ? mbox.event : PVQ_WAITER_STILL, smp.ap_apic_id, wait,
		       w, PV_PAGE_SIZE);
}
