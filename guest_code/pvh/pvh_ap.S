/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The AP's real-mode trampoline: a template the BSP copies to
 * PVH_AP_TRAMPOLINE (below 1 MiB, 4 KiB aligned: a SIPI's vector is the
 * page number, Intel SDM vol. 3 "MP Initialization", the STARTUP IPI
 * starts the AP at vector:0000 in real mode) and patches with the AP's
 * stack and C entry.  Real mode -> protected mode (its own GDT: it needs
 * a 32-bit code segment the BSP's lacks) -> long mode with the BSP's page
 * tables (PV_PML4_ADDR) and the same CR0/CR4/EFER as pvh_entry.S -> the
 * BSP's GDT -> pvh_ap_main().  Everything here is position-independent
 * once copied: addresses are PVH_AP_TRAMPOLINE plus an offset, or
 * RIP-relative.  Linux's arch/x86/realmode/rm/trampoline_64.S takes the
 * same steps.
 */
#include "pvprobe_abi.h"
#include "pvh.h"

#define MSR_EFER		0xc0000080
#define EFER_LME		(1 << 8)
#define CR0_PE			(1 << 0)
#define CR0_MP			(1 << 1)
#define CR0_ET			(1 << 4)
#define CR0_NE			(1 << 5)
#define CR0_WP			(1 << 16)
#define CR0_PG			(1 << 31)
#define CR4_PAE			(1 << 5)
#define TR_CODE32		0x18	/* the trampoline GDT's 32-bit code segment */
#define TR(sym)			(PVH_AP_TRAMPOLINE + (sym) - pvh_ap_tramp)

	/* Copied, never run in place: data as far as the image is concerned. */
	.section .rodata.pvh_ap, "a"
	.balign 16
	.globl pvh_ap_tramp, pvh_ap_tramp_end, pvh_ap_tramp_stack, pvh_ap_tramp_entry
	.code16
pvh_ap_tramp:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	tr_gdtr - pvh_ap_tramp
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$TR_CODE32, $TR(tr_pm32)

	.code32
tr_pm32:
	movl	$PV_GDT_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
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
	ljmp	$PV_GDT_CODE64, $TR(tr_lm64)

	.code64
tr_lm64:
	/* The BSP's GDT from here on; CS reloaded from it too. */
	lgdt	tr_bsp_gdtr(%rip)
	movl	$PV_GDT_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movq	pvh_ap_tramp_stack(%rip), %rsp
	pushq	$PV_GDT_CODE64
	leaq	1f(%rip), %rax
	pushq	%rax
	lretq
	/*
	 * No LTR: the BSP's TSS is busy (LTR of a busy TSS is #GP), and the
	 * AP never leaves CPL 0 nor uses an IST stack.
	 */
1:	xorl	%ebp, %ebp
	movq	pvh_ap_tramp_entry(%rip), %rax
	call	*%rax
2:	cli
	hlt
	jmp	2b

	.balign 8
tr_gdt:
	.quad	0
	.quad	0x00af9b000000ffff	/* 0x08 code64, as the BSP's */
	.quad	0x00cf93000000ffff	/* 0x10 data, as the BSP's */
	.quad	0x00cf9b000000ffff	/* 0x18 code32 */
tr_gdtr:
	.word	4 * 8 - 1
	.long	TR(tr_gdt)
	.balign 8
tr_bsp_gdtr:
	.word	PV_GDT_ENTRIES * 8 - 1
	.quad	PV_GDT_ADDR
	.balign 8
pvh_ap_tramp_stack:
	.quad	0			/* patched: the AP's stack top */
pvh_ap_tramp_entry:
	.quad	0			/* patched: pvh_ap_main */
pvh_ap_tramp_end:		/* pvh.lds checks that it fits its page */
