// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PVH image's doorbell: instead of one OUT to PV_DOORBELL_PORT (which
 * is QEMU's fw_cfg selector), guest_ring() sends the results page as a
 * frame on isa-debugcon (include/pv_qemu_abi.h).  It overrides the weak
 * guest_ring() of guest_code/doorbell.c.  After an exception or a failure
 * the image stops there, so it ends the stream too.  On the AP it ends
 * the AP's job instead: only the BSP writes to the port.
 */
#include "guest.h"
#include "pv_qemu_abi.h"
#include "pvh.h"

static void out8(uint8_t v)
{
	asm volatile("outb %0, %w1" : : "a"(v), "Nd"(PVQ_DEBUGCON_PORT) : "memory");
}

static void send(const volatile void *p, uint32_t n)
{
	const volatile uint8_t *b = p;
	uint32_t i;

	for (i = 0; i < n; i++)
		out8(b[i]);
}

void pvh_send_frame(uint32_t kind, uint32_t event, uint32_t vcpu, uint32_t entry,
		    const volatile void *payload, uint32_t len)
{
	struct pvq_frame f = {
		.magic = PVQ_MAGIC, .version = PVQ_VERSION, .kind = kind, .event = event,
		.vcpu = vcpu, .entry = entry, .len = len,
		.sum = pvq_sum(payload, len),
	};

	send(&f, sizeof(f));
	send(payload, len);
}

void pvh_finish(void)
{
	pvh_send_frame(PVQ_KIND_END, 0, 0, 0, NULL, 0);
	asm volatile("outl %0, %w1" : : "a"(PVQ_EXIT_DONE), "Nd"(PVQ_EXIT_PORT) : "memory");
	/* No isa-debug-exit: -no-reboot turns the triple fault into an exit. */
	asm volatile("lidt %0; int3" : : "m"((struct { uint16_t l; uint64_t b; } __attribute__((packed))){ 0, 0 }));
	guest_halt_forever();
}

void guest_ring(enum pv_event ev)
{
	const struct pv_results *r = (const void *)PV_RESULTS_PAGE(0);

	/*
	 * SYNC asks pvprobe's VMM to leave KVM_RUN and enter it again (the
	 * steal-time checks need the vcpu_load() that requests
	 * KVM_REQ_STEAL_UPDATE, arch/x86/kvm/x86.c kvm_arch_vcpu_load()).
	 * Any exit to QEMU does that: a write to port 0x80, QEMU's ioport80
	 * that ignores it (hw/i386/pc.c).
	 */
	if (ev == PV_EV_SYNC) {
		asm volatile("outb %%al, $0x80" : : "a"(0) : "memory");
		return;
	}
	/* The AP never writes the port: it tells the BSP (pvh_smp.c), which sends its page. */
	if (pvh_on_ap())
		pvh_ap_ring(ev);
	pvh_send_frame(PVQ_KIND_PAGE, ev, 0, r->entry, r, PV_PAGE_SIZE);
	if (ev != PV_EV_DONE)
		pvh_finish();
}
