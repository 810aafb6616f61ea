/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest entry and exception stubs.  The host starts each vCPU in 64-bit
 * mode at _start with RSP at the vCPU's stack top, RDI = vCPU index,
 * RSI = entry id, RDX = argument (include/pvprobe_abi.h).
 */
#include "pvprobe_abi.h"

	.section .text.entry, "ax"
	.code64
	.globl _start
_start:
	cli
	xor	%ebp, %ebp
	call	guest_main
	jmp	guest_halt_forever

	.text
	.globl guest_halt_forever
guest_halt_forever:
	cli
1:	hlt
	jmp	1b

/*
 * The fast path, in every stub: a fault at an instruction that loaded its
 * own entry's address into R11 first (GUEST_SAFE_INSN(), extable.h;
 * ring3.S).  R11 must be an entry of .pv_extable (in range, 16-byte
 * aligned) that lists the faulting RIP.  Then it does what
 * guest_exception() does with a listed fault: resume at the fixup with
 * PV_FAULTED | vector in R11, and a fault at CPL 3 resumes in the kernel
 * on ring3_kernel_rsp.  It touches only RAX (saved) and the flags (IRETQ
 * restores them).  18 instructions for a #GP instead of about 90 (up to
 * 170 for the last entry of the table), which is what a fault costs where
 * every guest instruction is emulated.  Anything else goes on to
 * exc_common, the slow path, with every register as it was.
 *
 * @err: 8 if the CPU pushed an error code (the frame's RIP is above it).
 */
.macro FIXUP_FAST vec, err
	cmpq	$__extable_start, %r11
	jb	9f
	cmpq	$__extable_end, %r11
	jae	9f
	testq	$15, %r11
	jnz	9f
	pushq	%rax
	movq	(%r11), %rax
	cmpq	%rax, 8+\err(%rsp)		/* RIP */
	jne	8f
	movq	8(%r11), %rax
	movq	%rax, 8+\err(%rsp)
	movl	$(PV_FAULTED | \vec), %r11d
	testb	$3, 16+\err(%rsp)		/* CS */
	jnz	7f
	popq	%rax
	.if \err
	addq	$8, %rsp
	.endif
	iretq
7:	movq	$PV_GDT_CODE64, 16+\err(%rsp)
	movq	$0x2, 24+\err(%rsp)		/* RFLAGS */
	movq	ring3_kernel_rsp(%rip), %rax
	movq	%rax, 32+\err(%rsp)		/* RSP */
	movq	$PV_GDT_DATA, 40+\err(%rsp)	/* SS */
	popq	%rax
	.if \err
	addq	$8, %rsp
	.endif
	iretq
8:	popq	%rax
9:
.endm

/*
 * One stub per vector 0-31: the fast path, then the slow one.  Vectors
 * that push no error code push a zero, so that every frame has the layout
 * of struct guest_frame (guest.h).
 */
.macro EXC_STUB vec, has_err
	.align 16
exc_stub_\vec:
	.if \has_err == 0
	FIXUP_FAST \vec, 0
	pushq	$0
	.else
	FIXUP_FAST \vec, 8
	.endif
	pushq	$\vec
	jmp	exc_common
.endm

.irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,31
	EXC_STUB \v, 0
.endr
.irp v, 8,10,11,12,13,14,17,21,29,30
	EXC_STUB \v, 1
.endr

exc_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	/* The CPU aligned RSP to 16 before its frame: 7 + 15 pushes keep it so. */
	movq	%rsp, %rdi
	call	guest_exception
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp	/* vector and error code */
	iretq

/*
 * External interrupts: the IPI vector counts in guest_ipi(), which also
 * writes the EOI; the PV EOI probe's vector goes to guest_pv_eoi_irq(),
 * the async PF page-ready vector to guest_apf_irq();
 * the spurious vector needs no EOI.  Only caller-saved registers need
 * saving around a C call; the CPU aligned RSP to 16 and pushed 5 words, so
 * 9 pushes keep the call aligned.
 */
.macro IRQ_STUB name, handler
	.globl \name
\name:
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	call	\handler
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rax
	iretq
.endm

	IRQ_STUB irq_stub_ipi, guest_ipi
	IRQ_STUB irq_stub_pv_eoi, guest_pv_eoi_irq
	IRQ_STUB irq_stub_apf, guest_apf_irq

	.globl irq_stub_spurious
irq_stub_spurious:
	iretq

/* Stub addresses by vector, for idt_init(). */
	.section .rodata
	.align 8
	.globl exc_stubs
exc_stubs:
.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad exc_stub_\v
.endr
