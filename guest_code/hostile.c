// SPDX-License-Identifier: GPL-2.0-only
/*
 * PV_ENTRY_HOSTILE: guests that break every rule of the protocol, so the
 * tests can prove the host reports each cleanly, within the deadline, and
 * never trusts what the guest wrote (tests/kvm_hostile.c).
 */
#include "guest.h"

#define PORT_NOT_OURS	0x80
#define NO_RAM_GPA	0x10000000ull	/* 256 MiB: beyond RAM, not mapped by a memslot */

/* The exception handler faults while handling (idt.c). */
int hostile_fault_in_handler;

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void scribble(struct pv_results *r)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull, *p = (uint64_t *)r;
	size_t i;

	for (i = 0; i < PV_PAGE_SIZE / sizeof(*p); i++)
		p[i] = xorshift(&seed);
}

static void ring_raw(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %w1" : : "a"(v), "Nd"(port) : "memory");
}

/* Map GPA @gpa at virtual @gpa: a 2 MiB page in a free PD slot would do, but
 * the identity map stops at RAM's end, so point PD entry 128 (256 MiB) at it. */
static void map_no_ram(void)
{
	uint64_t *pd = (uint64_t *)PV_PD_ADDR;

	pd[NO_RAM_GPA >> 21] = NO_RAM_GPA | 0x83;	/* present, writable, 2 MiB */
	asm volatile("mov %%cr3, %%rax; mov %%rax, %%cr3" : : : "rax", "memory");
}

void guest_hostile(struct pv_results *r, uint64_t what)
{
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) empty = { 0, 0 };

	switch (what) {
	case PV_HOSTILE_GARBAGE_PAGE:
		scribble(r);
		guest_ring(PV_EV_DONE);
		break;
	case PV_HOSTILE_BAD_MAGIC:
		r->magic = 0xdeadbeef;
		guest_ring(PV_EV_DONE);
		break;
	case PV_HOSTILE_HUGE_COUNT:
		r->nr_probes = 0xfffffff0u;
		guest_ring(PV_EV_DONE);
		break;
	case PV_HOSTILE_HUGE_MSG:
		memset(r->msg, 'A', PV_MSG_MAX);
		r->msg_len = 0x7fffffffu;
		guest_ring(PV_EV_FAIL);
		break;
	case PV_HOSTILE_BAD_BASE:
		r->sig_base[PV_SIG_KVM] = 0x12345678;
		guest_ring(PV_EV_DONE);
		break;
	case PV_HOSTILE_WRONG_VCPU:
		r->vcpu += 7;
		guest_ring(PV_EV_DONE);
		break;
	case PV_HOSTILE_BAD_FAULT:
		r->nr_probes = 1;
		r->probes[0].done = 1;
		r->probes[0].fault = 13;	/* a vector without PV_FAULTED */
		guest_ring(PV_EV_DONE);
		break;
	case PV_HOSTILE_UNKNOWN_EVENT:
		ring_raw(PV_DOORBELL_PORT, 0xabcdef);
		break;
	case PV_HOSTILE_WRONG_PORT:
		ring_raw(PORT_NOT_OURS, PV_EV_DONE);
		break;
	case PV_HOSTILE_IN_DOORBELL: {
		uint32_t v;

		asm volatile("inl %w1, %0" : "=a"(v) : "Nd"(PV_DOORBELL_PORT));
		break;
	}
	case PV_HOSTILE_DOORBELL_STORM:
		for (;;)
			guest_ring(PV_EV_SYNC);
	case PV_HOSTILE_TRIPLE_FAULT:
		asm volatile("lidt %0; ud2" : : "m"(empty));
		break;
	case PV_HOSTILE_NESTED_EXCEPTION:
		hostile_fault_in_handler = 1;
		asm volatile("ud2");
		break;
	case PV_HOSTILE_MMIO:
		map_no_ram();
		*(volatile uint32_t *)NO_RAM_GPA = 0x12345678;
		break;
	default:
		guest_fail("unknown hostile guest");
	}
	guest_fail("hostile guest kept running");
}
