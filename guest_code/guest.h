/* SPDX-License-Identifier: GPL-2.0-only */
/* Declarations shared by the guest image's files. */
#ifndef PVPROBE_GUEST_H
#define PVPROBE_GUEST_H

#include <stddef.h>
#include <stdint.h>
#include "pvprobe_abi.h"

/* Saved by exc_common in entry.S, lowest address first. */
struct guest_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

void idt_init(void);
void idt_set_irq(int vector);
void idt_set_handler(int vector, uint64_t stub);
void guest_ipi(void);
void guest_exception(struct guest_frame *f);
void guest_halt_forever(void) __attribute__((noreturn));

/* The calling vCPU's results page (doorbell.c). */
struct pv_results *guest_results(void);
void guest_results_init(uint32_t vcpu, uint32_t entry);
void guest_ring(enum pv_event ev);
void guest_fail(const char *msg) __attribute__((noreturn));

uint32_t hypervisor_cpuid_base(const char *sig, uint32_t leaves);
void probe_msrs(struct pv_results *r);
void probe_record(struct pv_results *r, int slot, uint32_t fault, uint64_t value);
void sync_with_host(struct pv_results *r);
void probe_pv_eoi(struct pv_results *r);
void probe_async_pf(struct pv_results *r);
void probe_hypercall(struct pv_results *r, uint64_t arg);
void probe_hypercall_lane(struct pv_results *r, uint64_t arg);
void wait_for_kick(struct pv_results *r);
void wait_for_ipi(struct pv_results *r);
/* A hypercall made at CPL 3 (ring3.S): nr and a0-a3 in, ret out. */
struct ring3_call {
	uint64_t nr, a[4], ret;
};
void ring3_hypercall(uint64_t vmcall, struct ring3_call *c, uint64_t ring1);
void guest_hostile(struct pv_results *r, uint64_t what);

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b,
			 uint32_t *c, uint32_t *d)
{
	asm volatile("cpuid"
		     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(leaf), "c"(0));
}

static inline uint64_t guest_rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

#endif /* PVPROBE_GUEST_H */
