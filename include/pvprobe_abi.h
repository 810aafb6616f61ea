/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the host and the guest image agree on: the guest-physical memory
 * layout, the image header, the entry points, the doorbell and the layout
 * of the per-vCPU results page.
 *
 * The host treats everything the guest writes here as untrusted input: it
 * copies the page out of guest memory once and checks every field before
 * using it (vmm/kvm/guest_results.c).
 */
#ifndef PVPROBE_ABI_H
#define PVPROBE_ABI_H

/* Constants are shared with the guest's assembly files: no C suffixes there. */
#ifdef __ASSEMBLER__
#define PV_U(x)			x
#define PV_ULL(x)		x
#else
#include <stdint.h>
#define PV_U(x)			x##u
#define PV_ULL(x)		x##ull
#endif

#define PV_ABI_VERSION		2

/*
 * Guest-physical layout.  RAM starts at 0 and is identity-mapped with 4 KiB
 * pages, except page 0, which is left unmapped so that a NULL dereference in
 * guest code is a #PF with CR2 = 0 rather than a silent read.
 */
#define PV_PAGE_SIZE		PV_ULL(0x1000)
#define PV_GDT_ADDR		PV_ULL(0x1000)	/* GDT, then the TSS at +0x800 */
#define PV_TSS_ADDR		PV_ULL(0x1800)
#define PV_PML4_ADDR		PV_ULL(0x3000)
#define PV_PDPT_ADDR		PV_ULL(0x4000)
#define PV_PD_ADDR		PV_ULL(0x5000)
#define PV_PT_ADDR		PV_ULL(0x6000)	/* PV_RAM_SIZE / 2 MiB tables */
#define PV_RESULTS_ADDR		PV_ULL(0x10000)	/* one page per vCPU */
#define PV_STACKS_ADDR		PV_ULL(0x20000)	/* PV_STACK_SIZE per vCPU */
#define PV_STACK_SIZE		PV_ULL(0x2000)
#define PV_MAX_VCPUS		16
#define PV_SCRATCH_ADDR		PV_ULL(0x40000)	/* pages guest probes may use */
#define PV_CPUID_LIST_ADDR	PV_ULL(0x50000)	/* cpuid-verify: leaves to query */
#define PV_CPUID_OUT_ADDR	PV_ULL(0x52000)	/* ... and what the guest saw */
#define PV_CPUID_LIST_MAX	512
#define PV_IMAGE_ADDR		PV_ULL(0x100000)	/* link address of the image */
#define PV_IMAGE_MAX		PV_ULL(0x100000)
#define PV_RAM_SIZE		PV_ULL(0x400000)
/*
 * PV_ENTRY_ASYNC_PF's VM only: a second memslot of PV_APF_MEM_PAGES pages
 * at PV_APF_MEM_GPA, backed by userfaultfd (vmm/kvm/vm_uffd.c), mapped by
 * one more page table at PV_APF_PT_ADDR (the page after RAM's tables).
 */
#define PV_APF_MEM_GPA		PV_ULL(0x600000)
#define PV_APF_MEM_PAGES	2
#define PV_APF_PT_ADDR		(PV_PT_ADDR + PV_RAM_SIZE / PV_ULL(0x200000) * PV_PAGE_SIZE)

#define PV_GDT_CODE64		0x08
#define PV_GDT_DATA		0x10
#define PV_GDT_TSS		0x18	/* 16 bytes */
#define PV_GDT_USER_DATA	0x28	/* DPL 3, for the ring-3 hypercall probe */
#define PV_GDT_USER_CODE64	0x30	/* DPL 3 */
#define PV_GDT_RING1_DATA	0x38	/* DPL 1, for the ring-1 hypercall probe */
#define PV_GDT_RING1_CODE64	0x40	/* DPL 1 */
#define PV_GDT_ENTRIES		9
#define PV_TSS_RSP0_OFFSET	4	/* TSS.RSP0: the stack a CPL 3 -> 0 switch uses */

/*
 * A *_safe accessor returns 0 when the instruction completed, or
 * PV_FAULTED | vector when it raised an exception that the fixup caught
 * (also set by the exception entry's fast path, guest_code/entry.S).
 */
#define PV_FAULTED		PV_U(0x100)

#ifndef __ASSEMBLER__

#define PV_RESULTS_PAGE(vcpu)	(PV_RESULTS_ADDR + (uint64_t)(vcpu) * PV_PAGE_SIZE)
#define PV_STACK_TOP(vcpu)	(PV_STACKS_ADDR + ((uint64_t)(vcpu) + 1) * PV_STACK_SIZE)

/*
 * The image starts with this header (section .pv_header, placed first by
 * guest_code/guest.lds).  The host checks every field before it loads the
 * image.
 */
#define PV_IMAGE_MAGIC		PV_ULL(0x4d49565050)	/* "PPVIM" */

struct pv_image_header {
	uint64_t magic;
	uint32_t abi_version;
	uint32_t reserved;
	uint64_t load_addr;	/* must be PV_IMAGE_ADDR */
	uint64_t entry;		/* guest-physical entry point */
	uint64_t end;		/* end of .bss: the host zeroes up to here */
};

/*
 * Entry points.  The host starts every vCPU at header.entry with
 * RDI = vCPU index, RSI = entry id, RDX = argument.
 */
enum pv_entry {
	PV_ENTRY_REPORT = 0,	/* hypervisor_cpuid_base report */
	PV_ENTRY_RDMSR,		/* rdmsr_safe(arg) */
	PV_ENTRY_WRMSR,		/* wrmsr_safe(arg, results.msr_value) */
	PV_ENTRY_TEST_UD,	/* tests: an unexpected #UD */
	PV_ENTRY_TEST_PF,	/* tests: an unexpected #PF at address arg */
	PV_ENTRY_TEST_SPIN,	/* tests: never exits (cli; jmp .) */
	PV_ENTRY_TEST_HLT,	/* tests: halts with interrupts off */
	PV_ENTRY_MSR_PROBES,	/* every PV MSR and its checks (pv_probes.h) */
	PV_ENTRY_HYPERCALL,	/* one hypercall probe: arg = index | PV_HC_ARG_* */
	PV_ENTRY_HALT_WAIT,	/* vCPU 1: halt with interrupts off until kicked */
	PV_ENTRY_IPI_WAIT,	/* vCPU 1: wait with interrupts on for one IPI */
	PV_ENTRY_HOSTILE,	/* tests: a misbehaving guest, arg = enum pv_hostile */
	PV_ENTRY_CPUID_LIST,	/* CPUID of every leaf in the list page (cpuid-verify) */
	PV_ENTRY_HYPERCALL_LANE,	/* every hypercall probe of lane arg = enum pv_lane | PV_HC_ARG_* */
	PV_ENTRY_ASYNC_PF,	/* two async page faults and their page-ready protocol (pv_probes.h) */
	PV_NR_ENTRIES
};

/* Deliberately misbehaving guests (guest_code/hostile.c), used only by tests. */
enum pv_hostile {
	PV_HOSTILE_GARBAGE_PAGE,	/* random bytes over the results page, then DONE */
	PV_HOSTILE_BAD_MAGIC,		/* a plausible page with the wrong magic */
	PV_HOSTILE_HUGE_COUNT,		/* nr_probes far beyond the page */
	PV_HOSTILE_HUGE_MSG,		/* msg_len huge, message unterminated, then FAIL */
	PV_HOSTILE_BAD_BASE,		/* a signature "found" at an impossible leaf */
	PV_HOSTILE_WRONG_VCPU,		/* the page claims another vCPU */
	PV_HOSTILE_BAD_FAULT,		/* a probe fault code without PV_FAULTED */
	PV_HOSTILE_UNKNOWN_EVENT,	/* doorbell with an event that does not exist */
	PV_HOSTILE_WRONG_PORT,		/* OUT to a port that is not the doorbell */
	PV_HOSTILE_IN_DOORBELL,		/* IN from the doorbell */
	PV_HOSTILE_DOORBELL_STORM,	/* SYNC forever */
	PV_HOSTILE_TRIPLE_FAULT,	/* empty IDT, then an exception */
	PV_HOSTILE_NESTED_EXCEPTION,	/* the exception handler itself faults */
	PV_HOSTILE_MMIO,		/* write to guest-physical memory with no RAM */
	PV_NR_HOSTILE
};

/* PV_ENTRY_HYPERCALL(_LANE) argument flags, above the probe or lane index. */
#define PV_HC_ARG_INDEX_MASK	PV_ULL(0xffff)
#define PV_HC_ARG_VMCALL	(1ull << 16)	/* native is VMCALL (Intel), else VMMCALL */
#define PV_HC_ARG_TARGET_SHIFT	24		/* APIC ID a KICK/IPI/yield aims at */
#define PV_HC_ARG_TARGET(arg)	(((arg) >> PV_HC_ARG_TARGET_SHIFT) & 0xff)
/*
 * PV_ENTRY_HYPERCALL_LANE only: the lane's probes to leave out, bit k for
 * its k-th probe in table order (a sweep keeps out those known to hang or
 * to break the vCPU on this backend, and still runs the rest in one entry).
 */
#define PV_HC_ARG_SKIP_SHIFT	32
#define PV_HC_ARG_SKIP(arg)	((uint32_t)((arg) >> PV_HC_ARG_SKIP_SHIFT))

/*
 * Doorbell: the guest writes one 32-bit event with OUT to PV_DOORBELL_PORT.
 * Any other port, size, direction or count is a protocol error.
 */
#define PV_DOORBELL_PORT	0x0510

enum pv_event {
	PV_EV_DONE = 1,		/* results page complete */
	PV_EV_EXCEPTION,	/* unexpected exception, see results.exc */
	PV_EV_FAIL,		/* guest-side failure, see results.msg */
	PV_EV_SYNC,		/* pause: the host deschedules the vCPU, then resumes it */
	PV_EV_NESTED,		/* an exception inside the exception handler: exc.vector and
				 * exc.rip are the first, exc.error_code the nested vector,
				 * exc.cr2 the nested RIP */
	PV_EV_APF_RESOLVE,	/* PV_ENTRY_ASYNC_PF: the VMM resolves the pages it holds back */
};

/* The three hypervisor_cpuid_base() calls of the source document. */
enum pv_signature {
	PV_SIG_KVM = 0,		/* "KVMKVMKVM\0\0\0", leaves 0 */
	PV_SIG_XEN,		/* "XenVMMXenVMM", leaves 2 */
	PV_SIG_ACRN,		/* "ACRNACRNACRN", leaves 0 */
	PV_NR_SIGS
};

struct pv_cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

struct pv_exception {
	uint64_t vector;
	uint64_t error_code;
	uint64_t rip;
	uint64_t cr2;
	uint64_t rsp;
};

#define PV_FAULT_VECTOR(f)	((f) & 0xffu)

#define PV_RESULTS_MAGIC	0x53455250u	/* "PRES" */
#define PV_MSG_MAX		200
#define PV_MAX_PROBES		192

/* One probe's outcome (include/pv_probes.h says which slot is which). */
struct pv_probe_rec {
	uint32_t done;		/* 1 once the guest ran it */
	uint32_t fault;		/* 0 or PV_FAULTED | vector */
	uint64_t value;		/* value read, or a check's result */
};

struct pv_results {
	uint32_t magic;
	uint32_t abi_version;
	uint32_t vcpu;
	uint32_t entry;

	/* PV_ENTRY_REPORT */
	uint32_t sig_base[PV_NR_SIGS];	/* 0 = not found */
	uint32_t reserved0;
	struct pv_cpuid_regs kvm_leaf0;	/* CPUID(KVM base) */
	struct pv_cpuid_regs kvm_leaf1;	/* CPUID(KVM base + 1) */

	/* PV_ENTRY_RDMSR / PV_ENTRY_WRMSR */
	uint32_t msr;
	uint32_t msr_fault;		/* 0 or PV_FAULTED | vector */
	uint64_t msr_value;		/* value read, or value to write */

	/* PV_EV_EXCEPTION */
	struct pv_exception exc;

	/* PV_EV_FAIL */
	uint32_t msg_len;
	char msg[PV_MSG_MAX];

	/* PV_ENTRY_HYPERCALL(_LANE): announced before each call, result after */
	uint64_t hc_nr;
	uint64_t hc_args[4];
	uint64_t hc_ret;
	uint32_t hc_fault;		/* 0 or PV_FAULTED | vector */
	uint32_t hc_done;		/* 1 once the instruction completed or faulted */

	/* PV_ENTRY_HALT_WAIT / PV_ENTRY_IPI_WAIT (vCPU 1) */
	uint32_t ready;			/* about to halt / accepting IPIs */
	uint32_t woken;			/* came back from HLT */
	uint32_t ipi_count;

	/* PV_ENTRY_ASYNC_PF: the not-present tokens (CR2) of pages 0 and 1, the page-ready ones in order */
	uint32_t apf_token[4];
	uint32_t apf_irqs;		/* page-ready interrupts taken */

	/* PV_ENTRY_MSR_PROBES */
	uint32_t nr_probes;
	uint32_t nr_syncs;		/* PV_EV_SYNC rung so far */
	struct pv_probe_rec probes[PV_MAX_PROBES];
};

/* cpuid-verify's input (host-written) and output (guest-written) pages. */
struct pv_cpuid_query {
	uint32_t function, index;
};

struct pv_cpuid_list {
	uint32_t count;
	uint32_t reserved;
	struct pv_cpuid_query q[PV_CPUID_LIST_MAX];
};

_Static_assert(PV_CPUID_LIST_ADDR + sizeof(struct pv_cpuid_list) <= PV_CPUID_OUT_ADDR,
	       "cpuid list overlaps its output");
_Static_assert(PV_CPUID_OUT_ADDR + PV_CPUID_LIST_MAX * 16 <= PV_IMAGE_ADDR,
	       "cpuid output overlaps the image");
_Static_assert(sizeof(struct pv_results) <= PV_PAGE_SIZE,
	       "results page overflows its page");
_Static_assert(PV_RESULTS_PAGE(PV_MAX_VCPUS) <= PV_STACKS_ADDR,
	       "results pages overlap the stacks");
_Static_assert(PV_APF_PT_ADDR + PV_PAGE_SIZE <= PV_RESULTS_ADDR,
	       "the async PF page table overlaps the results pages");
_Static_assert(PV_APF_MEM_GPA >= PV_RAM_SIZE && PV_APF_MEM_GPA % 0x200000 == 0,
	       "the async PF memslot must start a 2 MiB region of its own, past RAM");
_Static_assert(PV_STACK_TOP(PV_MAX_VCPUS - 1) <= PV_SCRATCH_ADDR,
	       "stacks overlap the scratch pages");

#endif /* !__ASSEMBLER__ */

#endif /* PVPROBE_ABI_H */
