// SPDX-License-Identifier: GPL-2.0-only
#include <stdint.h>
#include <string.h>

#include "pvprobe_abi.h"
#include "vm_layout.h"

#define PTE_P		(1ull << 0)
#define PTE_RW		(1ull << 1)
/* User-accessible everywhere: the ring-3 probe runs on the same map (no SMEP/SMAP). */
#define PTE_US		(1ull << 2)
#define PTE_FLAGS	(PTE_P | PTE_RW | PTE_US)

#define TSS_LIMIT	0x67

_Static_assert(PV_RAM_SIZE % (2ull << 20) == 0, "RAM must be whole page tables");
_Static_assert(PV_PT_ADDR + PV_RAM_SIZE / (2ull << 20) * PV_PAGE_SIZE <= PV_RESULTS_ADDR,
	       "page tables overlap the results pages");

static uint64_t gdt_entry(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	return (uint64_t)(limit & 0xffff) |
	       (uint64_t)(base & 0xffffff) << 16 |
	       (uint64_t)access << 40 |
	       (uint64_t)((limit >> 16) & 0xf) << 48 |
	       (uint64_t)(flags & 0xf) << 52 |
	       (uint64_t)(base >> 24) << 56;
}

void vm_layout_write(void *ram, size_t ram_size)
{
	uint8_t *m = ram;
	uint64_t *gdt = (uint64_t *)(m + PV_GDT_ADDR);
	uint64_t *pml4 = (uint64_t *)(m + PV_PML4_ADDR);
	uint64_t *pdpt = (uint64_t *)(m + PV_PDPT_ADDR);
	uint64_t *pd = (uint64_t *)(m + PV_PD_ADDR);
	uint64_t *pt = (uint64_t *)(m + PV_PT_ADDR);
	uint64_t page, nr_pages = ram_size / PV_PAGE_SIZE;

	/* Access 0x9b: present, DPL 0, code, readable; flags 0xa: G, L. */
	gdt[PV_GDT_CODE64 / 8] = gdt_entry(0, 0xfffff, 0x9b, 0xa);
	/* Access 0x93: present, DPL 0, data, writable; flags 0xc: G, D/B. */
	gdt[PV_GDT_DATA / 8] = gdt_entry(0, 0xfffff, 0x93, 0xc);
	/* A 16-byte 64-bit TSS descriptor, type 0xb (busy), as TR needs. */
	gdt[PV_GDT_TSS / 8] = gdt_entry((uint32_t)PV_TSS_ADDR, TSS_LIMIT, 0x8b, 0);
	gdt[PV_GDT_TSS / 8 + 1] = PV_TSS_ADDR >> 32;
	/* Access 0xf3/0xfb: as above with DPL 3. */
	gdt[PV_GDT_USER_DATA / 8] = gdt_entry(0, 0xfffff, 0xf3, 0xc);
	gdt[PV_GDT_USER_CODE64 / 8] = gdt_entry(0, 0xfffff, 0xfb, 0xa);
	/* Access 0xb3/0xbb: DPL 1, for a hypercall at CPL 1 (ring3.S). */
	gdt[PV_GDT_RING1_DATA / 8] = gdt_entry(0, 0xfffff, 0xb3, 0xc);
	gdt[PV_GDT_RING1_CODE64 / 8] = gdt_entry(0, 0xfffff, 0xbb, 0xa);
	memset(m + PV_TSS_ADDR, 0, TSS_LIMIT + 1);

	pml4[0] = PV_PDPT_ADDR | PTE_FLAGS;
	pdpt[0] = PV_PD_ADDR | PTE_FLAGS;
	for (page = 0; page < nr_pages / 512; page++)
		pd[page] = (PV_PT_ADDR + page * PV_PAGE_SIZE) | PTE_FLAGS;
	/* Page 0 stays unmapped: a NULL dereference must fault. */
	pt[0] = 0;
	for (page = 1; page < nr_pages; page++)
		pt[page] = page * PV_PAGE_SIZE | PTE_FLAGS;
}

void vm_layout_map_extra(void *ram, uint64_t gpa, int npages)
{
	uint8_t *m = ram;
	uint64_t *pd = (uint64_t *)(m + PV_PD_ADDR);
	uint64_t *pt = (uint64_t *)(m + PV_APF_PT_ADDR);
	int i;

	if (gpa % (2ull << 20) || gpa >= (1ull << 30) || npages > 512)
		return;
	memset(pt, 0, PV_PAGE_SIZE);
	pd[gpa >> 21] = PV_APF_PT_ADDR | PTE_FLAGS;
	for (i = 0; i < npages; i++)
		pt[i] = (gpa + (uint64_t)i * PV_PAGE_SIZE) | PTE_FLAGS;
}

void vm_layout_flat_segment(struct kvm_segment *s, uint16_t selector, uint8_t type, int code)
{
	memset(s, 0, sizeof(*s));
	s->base = 0;
	s->limit = 0xffffffff;
	s->selector = selector;
	s->type = type;
	s->present = 1;
	s->dpl = 0;
	s->s = 1;
	s->g = 1;
	s->l = code;
	s->db = !code;
}

void vm_layout_sregs(struct kvm_sregs *sregs)
{
	vm_layout_flat_segment(&sregs->cs, PV_GDT_CODE64, 0xb, 1);
	vm_layout_flat_segment(&sregs->ds, PV_GDT_DATA, 0x3, 0);
	sregs->es = sregs->fs = sregs->gs = sregs->ss = sregs->ds;

	memset(&sregs->tr, 0, sizeof(sregs->tr));
	sregs->tr.base = PV_TSS_ADDR;
	sregs->tr.limit = TSS_LIMIT;
	sregs->tr.selector = PV_GDT_TSS;
	sregs->tr.type = 0xb;
	sregs->tr.present = 1;

	memset(&sregs->ldt, 0, sizeof(sregs->ldt));
	sregs->ldt.type = 0x2;
	sregs->ldt.present = 1;
	sregs->ldt.unusable = 1;

	sregs->gdt.base = PV_GDT_ADDR;
	sregs->gdt.limit = PV_GDT_ENTRIES * 8 - 1;
	sregs->idt.base = 0;
	sregs->idt.limit = 0;	/* the guest loads its own IDT first thing */

	sregs->cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
	sregs->cr3 = PV_PML4_ADDR;
	sregs->cr4 = CR4_PAE;
	sregs->efer = EFER_LME | EFER_LMA;
}
