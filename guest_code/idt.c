// SPDX-License-Identifier: GPL-2.0-only
/*
 * IDT for vectors 0-31 and the exception dispatcher: a fault at an
 * instruction listed in .pv_extable resumes at its fixup (extable.h);
 * anything else is reported to the host with vector, error code, RIP and
 * CR2, and the vCPU stops.
 */
#include "guest.h"
#include "extable.h"

struct idt_gate {
	uint16_t offset0;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset1;
	uint32_t offset2;
	uint32_t reserved;
} __attribute__((packed));

struct idt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define NR_EXC_VECTORS		32
#define NR_VECTORS		256
#define GATE_INTERRUPT_P	0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define SPURIOUS_VECTOR		0xff

extern const uint64_t exc_stubs[NR_EXC_VECTORS];
extern const char irq_stub_ipi[], irq_stub_spurious[];
extern uint64_t ring3_kernel_rsp;
extern const struct guest_extable_entry __extable_start[], __extable_end[];

/* Vectors 32-255 stay not-present unless a probe installs a handler. */
static struct idt_gate idt[NR_VECTORS] __attribute__((aligned(16)));

static void set_gate(int v, uint64_t a)
{
	idt[v].offset0 = (uint16_t)a;
	idt[v].selector = PV_GDT_CODE64;
	idt[v].ist = 0;
	idt[v].type_attr = GATE_INTERRUPT_P;
	idt[v].offset1 = (uint16_t)(a >> 16);
	idt[v].offset2 = (uint32_t)(a >> 32);
	idt[v].reserved = 0;
}

/*
 * Set once the gates below are written.  It lives in .bss with the IDT, so
 * it lasts as long as the VM's memory: the host zeroes .bss when it loads
 * the image into a new VM (vmm/kvm/guest_image.c), the PVH entry zeroes it
 * itself, and each later entry in that VM -- a sweep runs hundreds of
 * vCPUs one after another in one VM -- finds the gates in place.  Nothing
 * writes vectors 0-31 or the spurious vector after this.  On a backend that
 * emulates the guest's instructions, writing the 33 gates again at every
 * entry was a fifth of a sweep's time.
 */
static volatile int idt_written;

void idt_init(void)
{
	struct idt_ptr ptr = {
		.limit = sizeof(idt) - 1,
		.base = (uint64_t)idt,
	};
	int v;

	/*
	 * vCPUs that start together may all write: they write the same gates,
	 * so concurrent writers agree; x86 keeps stores in order, so a vCPU
	 * that sees the flag also sees the gates (the barrier keeps the
	 * compiler from moving the flag's store up).
	 */
	if (!idt_written) {
		for (v = 0; v < NR_EXC_VECTORS; v++)
			set_gate(v, exc_stubs[v]);
		set_gate(SPURIOUS_VECTOR, (uint64_t)irq_stub_spurious);
		asm volatile("" : : : "memory");
		idt_written = 1;
	}
	/* IDTR is per vCPU: every entry loads it. */
	asm volatile("lidt %0" : : "m"(ptr));
}

void idt_set_handler(int vector, uint64_t stub)
{
	if (vector >= NR_EXC_VECTORS && vector < NR_VECTORS)
		set_gate(vector, stub);
}

void idt_set_irq(int vector)
{
	idt_set_handler(vector, (uint64_t)irq_stub_ipi);
}

const struct guest_extable_entry *guest_extable_find(uint64_t rip)
{
	const struct guest_extable_entry *e;

	for (e = __extable_start; e < __extable_end; e++)
		if (e->insn == rip)
			return e;
	return NULL;
}

extern int hostile_fault_in_handler;

/* Exceptions being handled, per vCPU: a fault inside the handler is reported, not recursed. */
static int depth[PV_MAX_VCPUS];
static uint64_t first_vector[PV_MAX_VCPUS], first_rip[PV_MAX_VCPUS];

void guest_exception(struct guest_frame *f)
{
	const struct guest_extable_entry *fix = guest_extable_find(f->rip);
	struct pv_results *r;
	uint32_t v;

	if (fix) {
		f->rip = fix->fixup;
		f->r11 = PV_FAULTED | (f->vector & 0xff);
		if (f->cs & 3) {
			/* A fixup for CPL 3 code resumes in the kernel (ring3.S). */
			f->cs = PV_GDT_CODE64;
			f->ss = PV_GDT_DATA;
			f->rsp = ring3_kernel_rsp;
			f->rflags = 0x2;
		}
		return;
	}

	r = guest_results();
	v = r->vcpu < PV_MAX_VCPUS ? r->vcpu : 0;
	if (depth[v]++) {
		/* Only say what happened: anything more could fault again. */
		r->exc.vector = first_vector[v];
		r->exc.rip = first_rip[v];
		r->exc.error_code = f->vector;	/* the nested one */
		r->exc.cr2 = f->rip;
		r->msg_len = 0;
		guest_ring(PV_EV_NESTED);
		guest_halt_forever();
	}
	first_vector[v] = f->vector;
	first_rip[v] = f->rip;
	if (hostile_fault_in_handler)
		(void)*(volatile uint64_t *)0;	/* tests: fault while handling */
	r->exc.vector = f->vector;
	r->exc.error_code = f->error_code;
	r->exc.rip = f->rip;
	r->exc.cr2 = read_cr2();
	r->exc.rsp = f->rsp;
	guest_ring(PV_EV_EXCEPTION);
	guest_halt_forever();
}
