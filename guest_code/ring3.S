/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ring3_hypercall(vmcall, call, ring1): drop to CPL 3 (CPL 1 when ring1
 * is non-zero: __kvm_emulate_hypercall() must refuse every CPL but 0,
 * not just 3), make the hypercall
 * call->nr with call->a[0..3] there (KVM must answer -KVM_EPERM:
 * __kvm_emulate_hypercall checks the CPL first), store RAX in call->ret,
 * then come back to CPL 0: the user stub's ud2 is listed in .pv_extable,
 * and the exception entry (the stubs' fast path, entry.S, with the hint
 * in R11; else guest_exception()) resumes a CPL 3 fault at its fixup in
 * kernel mode on the stack saved here.  @call must be user-accessible (every guest
 * page is).
 */
#include "pvprobe_abi.h"

/* struct ring3_call (guest.h) */
#define CALL_NR		0
#define CALL_A0		8
#define CALL_A1		16
#define CALL_A2		24
#define CALL_A3		32
#define CALL_RET	40

	.text
	.globl ring3_hypercall
/* %rdi: use VMCALL if non-zero, %rsi: struct ring3_call *, %rdx: CPL 1 if non-zero */
ring3_hypercall:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rdx, %r8		/* CPL 1?  %rdx is reused below */
	movq	%rsp, ring3_kernel_rsp(%rip)
	/* An exception at CPL 3 switches to TSS.RSP0: a stack of its own. */
	leaq	ring3_rsp0_top(%rip), %rax
	movq	%rax, PV_TSS_ADDR + PV_TSS_RSP0_OFFSET
	leaq	ring3_vmmcall(%rip), %rcx
	leaq	ring3_vmcall(%rip), %rdx
	testq	%rdi, %rdi
	cmovnzq	%rdx, %rcx
	movq	%rsi, %r12		/* the call: callee-saved, kept across CPL 3 */
	movq	$(PV_GDT_USER_DATA | 3), %rax
	movq	$(PV_GDT_RING1_DATA | 1), %rsi
	testq	%r8, %r8
	cmovnzq	%rsi, %rax
	movq	$(PV_GDT_USER_CODE64 | 3), %rsi
	movq	$(PV_GDT_RING1_CODE64 | 1), %rdi
	cmovnzq	%rdi, %rsi
	pushq	%rax			/* SS */
	leaq	ring3_user_stack_top(%rip), %rax
	pushq	%rax
	pushq	$0x2			/* RFLAGS: IF off */
	pushq	%rsi			/* CS */
	pushq	%rcx
	iretq

	.globl ring3_return
ring3_return:				/* CPL 0 again, on ring3_kernel_rsp */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret

.macro LOAD_CALL
	movq	CALL_NR(%r12), %rax
	movq	CALL_A0(%r12), %rbx
	movq	CALL_A1(%r12), %rcx
	movq	CALL_A2(%r12), %rdx
	movq	CALL_A3(%r12), %rsi
.endm

ring3_vmmcall:
	LOAD_CALL
	vmmcall
	jmp	ring3_store
ring3_vmcall:
	LOAD_CALL
	vmcall
ring3_store:
	movq	%rax, CALL_RET(%r12)
	movl	$2f, %r11d		/* the hint for the stubs' fast path (extable.h) */
1:	ud2
	.pushsection .pv_extable, "a"
	.balign 16			/* as GUEST_EXTABLE() (extable.h) */
2:	.quad 1b, ring3_return
	.popsection

	.bss
	.balign 16
	.globl ring3_kernel_rsp
ring3_kernel_rsp:
	.skip 8
	.balign 16
	.skip 2048
ring3_rsp0_top:
	.skip 2048
ring3_user_stack_top:
