/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PVH entry: what pvprobe's own VMM does through KVM_SET_SREGS
 * (vmm/kvm/vm_layout.c vm_layout_write() and vm_layout_sregs()), done here
 * by the guest itself, because QEMU starts a PVH kernel in 32-bit protected
 * mode with paging off, flat CS/DS, and GDTR/IDTR undefined
 * (xen/include/public/arch-x86/hvm/start_info.h, the PVH boot ABI that
 * Linux's arch/x86/platform/pvh/head.S follows).  Same GDT selectors, TSS,
 * page tables and control registers as vm_layout.c, then the 64-bit stack
 * of vCPU 0 and pvh_main().
 */
#include "pvprobe_abi.h"

#define XEN_ELFNOTE_PHYS32_ENTRY	18
#define MSR_IA32_APICBASE	0x1b
#define APICBASE_EXTD		(1 << 10)
#define APICBASE_EN		(1 << 11)
#define APIC_SVR_OFFSET		0xf0	/* xAPIC MMIO; MSR 0x80f in x2APIC mode */
#define MSR_X2APIC_SVR		0x80f
#define APIC_SVR_RESET		0xff	/* software-disabled, spurious vector 0xff */
#define MSR_EFER		0xc0000080
#define EFER_LME		(1 << 8)
#define CR0_PE			(1 << 0)
#define CR0_MP			(1 << 1)
#define CR0_ET			(1 << 4)
#define CR0_NE			(1 << 5)
#define CR0_WP			(1 << 16)
#define CR0_PG			(1 << 31)
#define CR4_PAE			(1 << 5)
#define PTE_FLAGS		7	/* present, writable, user (as vm_layout.c) */
#define LOW_ZERO_END		0x60000	/* tables, results, stacks, scratch, CPUID pages */

	.section .note.pvh, "a"
	.align 4
	.long	4f - 3f		/* namesz */
	.long	6f - 5f		/* descsz */
	.long	XEN_ELFNOTE_PHYS32_ENTRY
3:	.asciz	"Xen"
4:	.align 4
5:	.long	pvh_start32
6:	.align 4

	.section .text.pvh32, "ax"
	.code32
	.globl pvh_start32
pvh_start32:
	cli
	cld
	/*
	 * Mask both 8259s: SeaBIOS leaves IRQ 0 (the PIT) at vector 8, which
	 * would look like a #DF the moment a probe enables interrupts; pvprobe's
	 * own VM has no PIC at all.  Linux does the same before it uses the
	 * APIC (arch/x86/kernel/i8259.c mask_8259A()).
	 */
	movb	$0xff, %al
	outb	%al, $0xa1
	outb	%al, $0x21
	/*
	 * Software-disable the LAPIC, as KVM's reset leaves it and as pvprobe's
	 * own VM starts (arch/x86/kvm/lapic.c kvm_lapic_reset():
	 * apic_set_spiv(apic, 0xff)); SeaBIOS leaves SVR at 0x1ff.  With the
	 * APIC enabled, KVM takes interrupts the probes never meant to get:
	 * each ASYNC_PF_EN value probe with interrupt delivery queues a
	 * "wakeup all" (x86.c kvm_pv_enable_async_pf() ->
	 * kvm_async_pf_wakeup_all()), and kvm_arch_async_page_present() sends
	 * it as fixed vector apf.vec, which the MSR probes left at 0
	 * (kvm_arch_can_dequeue_async_page_present() holds it back only while
	 * the LAPIC is disabled).  Vector 0 then sits in IRR for good (class 0
	 * never beats PPR, lapic.c apic_has_interrupt_for_ppr()), irr_pending
	 * stays set, and apic_sync_pv_eoi_to_guest() never arms PV EOI:
	 * check.PV_EOI_PENDING "bit not set" on kvm-amd (ci/README.md).
	 * Clearing the enable bit also masks every LVT (kvm_lapic_reg_write()
	 * APIC_SPIV), LINT0's ExtINT included.  Still 32-bit, paging off: the
	 * xAPIC page is reachable as it is.
	 */
	movl	$MSR_IA32_APICBASE, %ecx
	rdmsr
	testl	$APICBASE_EN, %eax
	jz	8f
	testl	$APICBASE_EXTD, %eax
	jnz	7f
	andl	$0xfffff000, %eax
	movl	$APIC_SVR_RESET, APIC_SVR_OFFSET(%eax)
	jmp	8f
7:	movl	$MSR_X2APIC_SVR, %ecx
	movl	$APIC_SVR_RESET, %eax
	xorl	%edx, %edx
	wrmsr
8:
	/* Zero what the host zeroes before a run: low pages and .bss. */
	xorl	%eax, %eax
	movl	$PV_GDT_ADDR, %edi
	movl	$(LOW_ZERO_END - PV_GDT_ADDR) / 4, %ecx
	rep stosl
	movl	$__bss_start, %edi
	movl	$__image_end, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	rep stosl

	/* GDT and TSS descriptor at PV_GDT_ADDR (the TSS itself is zeroed). */
	movl	$pvh_gdt_template, %esi
	movl	$PV_GDT_ADDR, %edi
	movl	$PV_GDT_ENTRIES * 2, %ecx
	rep movsl
	lgdt	pvh_gdtr

	/* PML4 -> PDPT -> PD -> page tables: 4 KiB pages over PV_RAM_SIZE, page 0 absent. */
	movl	$PV_PDPT_ADDR | PTE_FLAGS, PV_PML4_ADDR
	movl	$PV_PD_ADDR | PTE_FLAGS, PV_PDPT_ADDR
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$12, %eax
	addl	$PV_PT_ADDR | PTE_FLAGS, %eax
	movl	%eax, PV_PD_ADDR(, %ecx, 8)
	incl	%ecx
	cmpl	$PV_RAM_SIZE >> 21, %ecx
	jb	1b
	movl	$1, %ecx
2:	movl	%ecx, %eax
	shll	$12, %eax
	orl	$PTE_FLAGS, %eax
	movl	%eax, PV_PT_ADDR(, %ecx, 8)
	incl	%ecx
	cmpl	$PV_RAM_SIZE >> 12, %ecx
	jb	2b

	/* Long mode: PAE, CR3, EFER.LME, then paging (SDM vol. 3 9.8.5). */
	movl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$PV_PML4_ADDR, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	$CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG, %eax
	movl	%eax, %cr0
	ljmp	$PV_GDT_CODE64, $pvh_start64

	.code64
pvh_start64:
	movl	$PV_GDT_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movl	$PV_GDT_TSS, %eax
	ltr	%ax
	movq	$PV_STACKS_ADDR + PV_STACK_SIZE, %rsp
	xorl	%ebp, %ebp
	call	pvh_main
	jmp	guest_halt_forever

	.section .rodata
	.align 8
pvh_gdtr:
	.word	PV_GDT_ENTRIES * 8 - 1
	.long	PV_GDT_ADDR
	.align 8
/* vm_layout.c's descriptors; the TSS is type 9 (available): LTR marks it busy. */
pvh_gdt_template:
	.quad	0
	.quad	0x00af9b000000ffff	/* 0x08 code64 */
	.quad	0x00cf93000000ffff	/* 0x10 data */
	.quad	0x0000890018000067	/* 0x18 TSS at PV_TSS_ADDR, limit 0x67 */
	.quad	0
	.quad	0x00cff3000000ffff	/* 0x28 user data */
	.quad	0x00affb000000ffff	/* 0x30 user code64 */
	.quad	0x00cfb3000000ffff	/* 0x38 ring-1 data */
	.quad	0x00afbb000000ffff	/* 0x40 ring-1 code64 */
pvh_gdt_template_end:
/* The build fails when pvprobe_abi.h gains a descriptor this table lacks. */
	.if (pvh_gdt_template_end - pvh_gdt_template) != PV_GDT_ENTRIES * 8
	.error "pvh_gdt_template: not PV_GDT_ENTRIES descriptors (include/pvprobe_abi.h, vm_layout.c)"
	.endif
