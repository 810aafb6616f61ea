// SPDX-License-Identifier: GPL-2.0-only
/* The per-vCPU results page and the PIO doorbell (include/pvprobe_abi.h). */
#include "guest.h"

/*
 * Which vCPU am I?  Each vCPU runs on its own stack, PV_STACK_SIZE bytes at
 * a fixed address, so the stack pointer says.  This needs no segment base
 * and no per-CPU MSR, which keeps the guest independent of how a backend
 * virtualises GS (kvm_pvm runs the guest at hardware CPL 3).
 */
struct pv_results *guest_results(void)
{
	uint64_t rsp = (uint64_t)__builtin_frame_address(0);
	uint64_t vcpu = (rsp - PV_STACKS_ADDR) / PV_STACK_SIZE;

	if (rsp < PV_STACKS_ADDR || vcpu >= PV_MAX_VCPUS)
		vcpu = 0;	/* stack corrupted: the host checks r->vcpu */
	return (struct pv_results *)PV_RESULTS_PAGE(vcpu);
}

/* The host zeroed the page and may have put inputs in it: keep them. */
void guest_results_init(uint32_t vcpu, uint32_t entry)
{
	struct pv_results *r = guest_results();

	r->magic = PV_RESULTS_MAGIC;
	r->abi_version = PV_ABI_VERSION;
	r->vcpu = vcpu;
	r->entry = entry;
}

/* Weak: the PVH image (guest_code/pvh/pvh_channel.c) sends frames instead. */
__attribute__((weak)) void guest_ring(enum pv_event ev)
{
	uint32_t v = ev;

	asm volatile("outl %0, %w1" : : "a"(v), "Nd"(PV_DOORBELL_PORT) : "memory");
}

void guest_fail(const char *msg)
{
	struct pv_results *r = guest_results();
	size_t n = strlen(msg);

	if (n >= PV_MSG_MAX)
		n = PV_MSG_MAX - 1;
	memcpy(r->msg, msg, n);
	r->msg[n] = '\0';
	r->msg_len = (uint32_t)n;
	guest_ring(PV_EV_FAIL);
	guest_halt_forever();
}
