/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VM pvprobe boots a Linux kernel in: RAM from GPA 0, the in-kernel
 * irqchip and PIT, a 16550A console, one thread per vCPU.  The boot CPU
 * starts at the kernel's 64-bit entry; the others wait for INIT/SIPI from
 * the kernel, as on real hardware (KVM_MP_STATE_UNINITIALIZED).
 *
 * The run ends at the first of: a console line that says the kernel is past
 * its PV decisions (the root-mount panic), a reset or shutdown, an error
 * exit, a stall (no console byte, no exit and no vCPU's RIP moved for the
 * stall limit: a hung guest), or the deadline of the whole boot, a
 * safety net far above any boot's time.  A boot that is slow but moving,
 * on a loaded host, is never cut short by the stall check.  Every vCPU is then kicked out of KVM_RUN (signal
 * + immediate_exit) and its PV MSRs can be read.
 */
#ifndef PVPROBE_BOOT_VM_H
#define PVPROBE_BOOT_VM_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>

#include "boot_uart.h"
#include "kvm_sys.h"
#include "pv_qemu_abi.h"
#include "vcpu.h"
#include "vm.h"

#define BOOT_MAX_VCPUS		PV_MAX_VCPUS	/* the VM core's (vm->vcpus) */
#define BOOT_CONSOLE_MAX	(4u << 20)
#define BOOT_MAX_END_MARKERS	6
/*
 * The self-check initramfs's frames on port 0xe9 (include/pv_qemu_abi.h):
 * room for the largest valid stream and one byte more, so that a longer
 * one is seen as too long rather than cut to a valid-looking prefix.
 */
#define BOOT_SELFCON_MAX	(PVQ_SELF_MAX + 2 * sizeof(struct pvq_frame) + 1)

enum boot_end {
	BOOT_END_NONE,
	BOOT_END_DONE,		/* the console says the PV decisions are over */
	BOOT_END_SHUTDOWN,	/* KVM_EXIT_SHUTDOWN: triple fault or reboot=t */
	BOOT_END_RESET,		/* a reset through port 0x64 or 0xcf9 */
	BOOT_END_SYSTEM_EVENT,	/* KVM_EXIT_SYSTEM_EVENT */
	BOOT_END_TIMEOUT,	/* the deadline */
	BOOT_END_ERROR,		/* internal error, failed entry, unknown exit */
	BOOT_END_STALL,		/* no progress (console, exits, RIP) for the stall limit */
	BOOT_END_INTERRUPTED,	/* SIGINT/SIGTERM: the command is stopping (util/stop.h) */
};

struct boot_vm;

struct boot_vcpu {
	struct boot_vm *vm;
	struct vcpu *vcpu;	/* KVM's vCPU: id, fd, kvm_run (vmm/kvm/vcpu.h) */
	pthread_t thread;
	int thread_started;
	uint64_t nr_exits;
	uint64_t nr_emul_retries;	/* emulation failures re-entered (boot_run.c) */
	uint64_t last_emul_rip;
	uint64_t nr_int3;
	uint64_t nr_fwait;	/* #BP delivered for the backend (boot_run.c) */
	int ran;		/* left the wait-for-SIPI state (or is the BSP) */
	uint64_t sampled_rip;	/* RIP at the last kick (boot_run.c, stall check) */
	uint64_t nr_samples;
};

struct boot_vm {
	/* The VM: fd, RAM at GPA 0, irqchip and PIT, vCPUs (vmm/kvm/vm.h). */
	struct vm core;
	struct boot_vcpu vcpus[BOOT_MAX_VCPUS];	/* core.nr_vcpus of them */

	pthread_mutex_t lock;		/* the UART, the console and the end */
	pthread_cond_t ended;
	struct boot_uart uart;
	char *console;
	size_t console_len;
	size_t line_start;
	uint64_t console_dropped;	/* bytes past BOOT_CONSOLE_MAX */
	uint8_t *selfcon;		/* what the guest wrote to port 0xe9 */
	size_t selfcon_len;
	uint64_t selfcon_dropped;	/* bytes past BOOT_SELFCON_MAX */
	uint64_t t0_ns;			/* KVM_RUN started */
	uint64_t t_first_byte_ns;	/* the console's first byte */
	uint64_t t_last_pv_ns;		/* the last PV decision line */
	uint64_t t_end_ns;
	unsigned int timeout_ms;
	int trace;			/* PVPROBE_BOOT_TRACE=1 */

	/* Console lines that end the run (set before boot_vm_run()). */
	const char *end_markers[BOOT_MAX_END_MARKERS];

	volatile int stopping;
	enum boot_end end;
	int end_vcpu;
	uint64_t end_rip;
	char end_detail[256];
};

/*
 * Create the VM with @ram_mib of RAM, the in-kernel irqchip and PIT, and
 * @nr_vcpus vCPUs (not yet configured), through vmm/kvm/ like every VM
 * pvprobe makes: the same fault injection, the same messages.  0, or -1
 * with @err naming the step (and what to do about its errno).
 */
int boot_vm_create(const struct kvm_sys *kvm, struct boot_vm *vm, size_t ram_mib,
		   int nr_vcpus, char *err, size_t errlen);
void boot_vm_destroy(struct boot_vm *vm);

/*
 * Run every vCPU until the end, @timeout_ms, or @stall_ms without progress
 * (0: no stall check); fills vm->end*.
 */
void boot_vm_run(struct boot_vm *vm, unsigned int timeout_ms, unsigned int stall_ms);

const char *boot_end_name(enum boot_end e);

/* CLOCK_MONOTONIC in ns. */
uint64_t boot_now_ns(void);

/*
 * End the run (the first end wins); called with vm->lock held.  Wakes
 * boot_vm_run(), which kicks every vCPU.
 */
void boot_vm_end_locked(struct boot_vm *vm, enum boot_end how, int vcpu, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* PVPROBE_BOOT_VM_H */
