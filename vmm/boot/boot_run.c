// SPDX-License-Identifier: GPL-2.0-only
/*
 * One thread per vCPU, each KVM_RUN under the vCPU's watchdog; exits of a
 * Linux boot handled here: the console UART, the reset ports, everything
 * else a board without devices answers (reads of all-ones, writes
 * dropped).  The in-kernel irqchip handles HLT, the LAPIC, the IOAPIC, the
 * PIC and the PIT.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "boot_vm.h"
#include "stop.h"
#include "watchdog.h"

#define PORT_I8042_CMD	0x64
#define PORT_RESET_CF9	0xcf9

/* The bytes at guest-virtual @rip as hex ("" if unmapped): what ran there. */
static void insn_bytes(struct boot_vcpu *v, uint64_t rip, char *buf, size_t len)
{
	struct kvm_translation tr = { .linear_address = rip };
	const uint8_t *p;
	size_t i, n = 8;

	buf[0] = 0;
	if (ioctl(v->vcpu->fd, KVM_TRANSLATE, &tr) < 0 || !tr.valid)
		return;
	/* Stay within the page: the next one may map elsewhere. */
	if (n > 4096 - (tr.physical_address & 4095))
		n = 4096 - (tr.physical_address & 4095);
	p = vm_gpa(&v->vm->core, tr.physical_address, n);
	if (!p)
		return;
	snprintf(buf, len, ", bytes");
	for (i = 0; i < n && strlen(buf) + 4 < len; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), " %02x", p[i]);
}

static void end(struct boot_vcpu *v, enum boot_end how, const char *what)
{
	struct boot_vm *vm = v->vm;
	struct kvm_regs regs;
	uint64_t rip = 0;
	char bytes[48] = "";

	if (vcpu_get_regs(v->vcpu, &regs) == 0) {
		rip = regs.rip;
		if (how == BOOT_END_ERROR)
			insn_bytes(v, rip, bytes, sizeof(bytes));
	}
	pthread_mutex_lock(&vm->lock);
	if (vm->end == BOOT_END_NONE)
		vm->end_rip = rip;
	boot_vm_end_locked(vm, how, v->vcpu->id, "vCPU %d: %s (RIP 0x%llx%s)", v->vcpu->id,
			   what, (unsigned long long)rip, bytes);
	pthread_mutex_unlock(&vm->lock);
}

static void handle_io(struct boot_vcpu *v)
{
	struct kvm_run *run = v->vcpu->run;
	struct boot_vm *vm = v->vm;
	uint8_t *data;
	uint32_t i, j;
	size_t total = (size_t)run->io.size * run->io.count;
	size_t room = v->vcpu->run_size;

	/* The offset and sizes come from KVM, but check them against the page. */
	if (run->io.data_offset >= room || total > room - run->io.data_offset) {
		end(v, BOOT_END_ERROR, "KVM_EXIT_IO data outside kvm_run");
		return;
	}
	data = (uint8_t *)run + run->io.data_offset;
	for (i = 0; i < run->io.count; i++) {
		uint8_t *d = data + (size_t)i * run->io.size;
		uint16_t port = run->io.port;

		if (port >= UART_COM1 && port < UART_COM1 + UART_NR_PORTS && run->io.size == 1) {
			pthread_mutex_lock(&vm->lock);
			if (run->io.direction == KVM_EXIT_IO_OUT)
				boot_uart_write(&vm->uart, port - UART_COM1, d[0]);
			else
				d[0] = boot_uart_read(&vm->uart, port - UART_COM1);
			pthread_mutex_unlock(&vm->lock);
			continue;
		}
		/* The self-check /init's frames (vmm/self_init.c): kept, never read here. */
		if (port == PVQ_DEBUGCON_PORT && run->io.size == 1 &&
		    run->io.direction == KVM_EXIT_IO_OUT) {
			pthread_mutex_lock(&vm->lock);
			if (vm->selfcon_len < BOOT_SELFCON_MAX)
				vm->selfcon[vm->selfcon_len++] = d[0];
			else
				vm->selfcon_dropped++;
			pthread_mutex_unlock(&vm->lock);
			continue;
		}
		if (run->io.direction == KVM_EXIT_IO_IN) {
			for (j = 0; j < run->io.size; j++)
				d[j] = 0xff;		/* nothing there */
			continue;
		}
		/* reboot=k: the keyboard controller's pulse-reset command. */
		if (port == PORT_I8042_CMD && run->io.size == 1 && d[0] == 0xfe)
			end(v, BOOT_END_RESET, "reset through the keyboard controller (port 0x64)");
		/* reboot=pci: the reset control register's reset bit. */
		else if (port == PORT_RESET_CF9 && run->io.size == 1 && (d[0] & 0x4))
			end(v, BOOT_END_RESET, "reset through port 0xcf9");
	}
}

/* The byte at guest-virtual @rip, or -1 if it is not mapped in RAM. */
static int byte_at(struct boot_vcpu *v, uint64_t rip)
{
	struct kvm_translation tr = { .linear_address = rip };
	const uint8_t *p;

	if (ioctl(v->vcpu->fd, KVM_TRANSLATE, &tr) < 0 || !tr.valid)
		return -1;
	p = vm_gpa(&v->vm->core, tr.physical_address, 1);
	return p ? *p : -1;
}

/*
 * INT3: Linux executes it on purpose while booting (arch/x86/kernel/
 * alternative.c int3_selftest()).  What the CPU would do is deliver #BP
 * with RIP after the instruction, so the VMM does that.
 */
static int deliver_int3(struct boot_vcpu *v, struct kvm_regs *regs)
{
	struct kvm_vcpu_events ev;

	if (ioctl(v->vcpu->fd, KVM_GET_VCPU_EVENTS, &ev) < 0 || ev.exception.injected ||
	    ev.exception.pending)
		return 0;
	regs->rip++;
	if (vcpu_set_regs(v->vcpu, regs) < 0)
		return 0;
	ev.exception.injected = 1;
	ev.exception.nr = 3;
	ev.exception.has_error_code = 0;
	ev.flags = 0;
	if (ioctl(v->vcpu->fd, KVM_SET_VCPU_EVENTS, &ev) < 0)
		return 0;
	v->nr_int3++;
	return 1;
}

/*
 * kvm_pvm runs the instructions after a trap in its emulator (pvm_emul_batch,
 * ci/README.md "This machine's KVM"), which gives up with KVM_EXIT_INTERNAL_ERROR
 * on some the kernel runs.  For these the VMM does what the CPU would:
 *
 * - INT3 (0xcc): deliver #BP, deliver_int3(); if it cannot, as below.
 * - FWAIT (0x9b): it waits for pending unmasked x87 exceptions; a kernel
 *   that never touched the x87 has none, so it is a no-op.  Linux runs it
 *   on every task exit (arch/x86/kernel/fpu/core.c fpu__drop()): step
 *   over it.
 * - anything else may have changed under the emulator (Linux patches live
 *   code with INT3 first, text_poke_bp_batch(), and another vCPU may
 *   finish before the VMM looks): enter again, once per RIP; a second
 *   failure at the same RIP is real.
 *
 * Returns 1 if the vCPU can go on.
 */
static int emulation_failure(struct boot_vcpu *v)
{
	struct kvm_regs regs;

	if (v->vcpu->run->internal.suberror != KVM_INTERNAL_ERROR_EMULATION)
		return 0;
	if (vcpu_get_regs(v->vcpu, &regs) < 0)
		return 0;
	switch (byte_at(v, regs.rip)) {
	case 0xcc:
		if (deliver_int3(v, &regs))
			return 1;
		break;
	case 0x9b:
		regs.rip++;
		if (vcpu_set_regs(v->vcpu, &regs) < 0)
			return 0;
		v->nr_fwait++;
		return 1;
	}
	if (v->nr_emul_retries && regs.rip == v->last_emul_rip)
		return 0;
	v->last_emul_rip = regs.rip;
	v->nr_emul_retries++;
	return 1;
}

static void handle_exit(struct boot_vcpu *v)
{
	struct kvm_run *run = v->vcpu->run;
	char what[160];

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		handle_io(v);
		break;
	case KVM_EXIT_MMIO:
		/* No device models: reads see all-ones, as an empty bus. */
		if (!run->mmio.is_write)
			memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
		break;
	case KVM_EXIT_INTR:
		break;
	case KVM_EXIT_SHUTDOWN:
		end(v, BOOT_END_SHUTDOWN, "KVM_EXIT_SHUTDOWN (triple fault, or reboot=t)");
		break;
	case KVM_EXIT_SYSTEM_EVENT:
		snprintf(what, sizeof(what), "KVM_EXIT_SYSTEM_EVENT type %u", run->system_event.type);
		end(v, BOOT_END_SYSTEM_EVENT, what);
		break;
	case KVM_EXIT_HLT:
		end(v, BOOT_END_ERROR, "KVM_EXIT_HLT, which the in-kernel LAPIC should have handled");
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		if (emulation_failure(v))
			break;
		snprintf(what, sizeof(what), "KVM_EXIT_INTERNAL_ERROR suberror %u (ndata %u, data[0] 0x%llx)",
			 run->internal.suberror, run->internal.ndata,
			 run->internal.ndata ? (unsigned long long)run->internal.data[0] : 0ull);
		end(v, BOOT_END_ERROR, what);
		break;
	case KVM_EXIT_FAIL_ENTRY:
		snprintf(what, sizeof(what), "KVM_EXIT_FAIL_ENTRY reason 0x%llx",
			 (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		end(v, BOOT_END_ERROR, what);
		break;
	default:
		snprintf(what, sizeof(what), "unexpected exit %u", run->exit_reason);
		end(v, BOOT_END_ERROR, what);
		break;
	}
}

/*
 * Kicked out of KVM_RUN (boot_vm_run() does it every stall tick): note
 * where the vCPU is, for the stall check.
 */
static void sample_rip(struct boot_vcpu *v)
{
	struct kvm_regs regs;

	if (vcpu_get_regs(v->vcpu, &regs) < 0)
		return;
	__atomic_store_n(&v->sampled_rip, regs.rip, __ATOMIC_RELAXED);
	__atomic_add_fetch(&v->nr_samples, 1, __ATOMIC_RELEASE);
}

static void *vcpu_thread(void *arg)
{
	struct boot_vcpu *v = arg;
	struct boot_vm *vm = v->vm;
	struct watchdog wd;
	unsigned int timeout_ms = vm->timeout_ms;

	if (watchdog_arm(&wd, v->vcpu->run, timeout_ms) < 0) {
		end(v, BOOT_END_ERROR, "cannot arm the watchdog");
		return NULL;
	}
	while (!vm->stopping) {
		int r;

		/* After the watchdog is armed: a stop from then on kicks this thread. */
		if (stop_run_ended()) {
			pthread_mutex_lock(&vm->lock);
			boot_vm_end_locked(vm, BOOT_END_INTERRUPTED, v->vcpu->id, "interrupted by %s",
					   stop_signal_name());
			pthread_mutex_unlock(&vm->lock);
			break;
		}
		r = ioctl(v->vcpu->fd, KVM_RUN, 0);

		if (r < 0) {
			if (errno != EINTR && errno != EAGAIN) {
				char what[96];

				snprintf(what, sizeof(what), "KVM_RUN: %s", strerror(errno));
				end(v, BOOT_END_ERROR, what);
				break;
			}
			v->vcpu->run->immediate_exit = 0;
			sample_rip(v);
			if (watchdog_expired(&wd)) {
				pthread_mutex_lock(&vm->lock);
				boot_vm_end_locked(vm, BOOT_END_TIMEOUT, v->vcpu->id,
						   "no end within %u ms", timeout_ms);
				pthread_mutex_unlock(&vm->lock);
				break;
			}
			continue;
		}
		__atomic_add_fetch(&v->nr_exits, 1, __ATOMIC_RELAXED);
		handle_exit(v);
	}
	watchdog_disarm(&wd, v->vcpu->run);
	return NULL;
}

/* The progress of the run so far, as one number per kind of progress. */
struct progress {
	size_t console_len;
	uint64_t exits;
	uint64_t rip[BOOT_MAX_VCPUS];
	uint64_t samples[BOOT_MAX_VCPUS];
};

/*
 * Did the guest move since @p?  Any console byte, any exit, or a vCPU
 * whose RIP changed between two kicks is progress; a vCPU spinning in
 * place (cli; jmp .) or halted with nothing to wake it is not.  Called with
 * vm->lock held; updates @p.
 */
static int progressed(struct boot_vm *vm, struct progress *p)
{
	uint64_t exits = 0;
	int i, moved = 0;

	if (vm->console_len != p->console_len)
		moved = 1;
	p->console_len = vm->console_len;
	for (i = 0; i < vm->core.nr_vcpus; i++) {
		struct boot_vcpu *v = &vm->vcpus[i];
		uint64_t n = __atomic_load_n(&v->nr_samples, __ATOMIC_ACQUIRE);
		uint64_t rip = __atomic_load_n(&v->sampled_rip, __ATOMIC_RELAXED);

		exits += __atomic_load_n(&v->nr_exits, __ATOMIC_RELAXED);
		/* A vCPU's first sample is progress too: it is running. */
		if (n != p->samples[i] && (!p->samples[i] || rip != p->rip[i]))
			moved = 1;
		if (n != p->samples[i]) {
			p->samples[i] = n;
			p->rip[i] = rip;
		}
	}
	if (exits != p->exits)
		moved = 1;
	p->exits = exits;
	return moved;
}

/* CLOCK_REALTIME @ms from now, for pthread_cond_timedwait(). */
static void realtime_in(struct timespec *ts, unsigned int ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/*
 * How often the stall check looks, and kicks each vCPU to see its RIP: at
 * most every 500 ms, and at least 8 times per stall limit.  An emulator
 * stops a vCPU only between its translated blocks (QEMU TCG: at most 512
 * instructions each), so a loop's sampled RIP takes only a few values; with
 * 2 samples per limit a moving loop looked stuck in about 1 of 8 tries on
 * kvm-amd in QEMU, with 8 it must be the same 8 times in a row.
 */
#define STALL_TICK_MS		500u
#define STALL_TICKS_PER_LIMIT	8u
#define STALL_TICK_MIN_MS	20u

static unsigned int stall_tick_ms(unsigned int stall_ms)
{
	unsigned int t = stall_ms / STALL_TICKS_PER_LIMIT;

	if (!stall_ms || t > STALL_TICK_MS)
		return STALL_TICK_MS;
	return t < STALL_TICK_MIN_MS ? STALL_TICK_MIN_MS : t;
}

static void kick_all(struct boot_vm *vm, int sig, int stop)
{
	int i;

	for (i = 0; i < vm->core.nr_vcpus; i++) {
		struct boot_vcpu *v = &vm->vcpus[i];

		if (!v->thread_started)
			continue;
		if (stop)
			v->vcpu->run->immediate_exit = 1;
		pthread_kill(v->thread, sig);
	}
}

void boot_vm_run(struct boot_vm *vm, unsigned int timeout_ms, unsigned int stall_ms)
{
	struct progress p;
	uint64_t deadline_ns, t_progress;
	unsigned int tick_ms = stall_tick_ms(stall_ms);
	int i, sig = watchdog_signal();

	memset(&p, 0, sizeof(p));
	vm->timeout_ms = timeout_ms;
	vm->t0_ns = boot_now_ns();
	t_progress = vm->t0_ns;	/* the last sign of progress */
	for (i = 0; i < vm->core.nr_vcpus; i++) {
		struct boot_vcpu *v = &vm->vcpus[i];

		if (pthread_create(&v->thread, NULL, vcpu_thread, v) == 0) {
			v->thread_started = 1;
			continue;
		}
		pthread_mutex_lock(&vm->lock);
		boot_vm_end_locked(vm, BOOT_END_ERROR, i, "cannot start the thread of vCPU %d", i);
		pthread_mutex_unlock(&vm->lock);
		break;
	}

	/*
	 * The watchdogs end the run at the deadline; one more second of grace.
	 * Meanwhile, every tick: kick each vCPU (it notes its RIP and enters
	 * again) and end the run when nothing moved for the stall limit.
	 */
	deadline_ns = vm->t0_ns + ((uint64_t)timeout_ms + 1000) * 1000000ull;
	pthread_mutex_lock(&vm->lock);
	while (vm->end == BOOT_END_NONE) {
		struct timespec ts;
		uint64_t now;

		realtime_in(&ts, tick_ms);
		if (pthread_cond_timedwait(&vm->ended, &vm->lock, &ts) != ETIMEDOUT)
			continue;
		/* The vCPU threads see a stop first; this is for a vCPU not running. */
		if (stop_run_ended()) {
			boot_vm_end_locked(vm, BOOT_END_INTERRUPTED, -1, "interrupted by %s",
					   stop_signal_name());
			break;
		}
		now = boot_now_ns();
		if (now >= deadline_ns) {
			boot_vm_end_locked(vm, BOOT_END_TIMEOUT, -1, "no end within %u ms", timeout_ms);
			break;
		}
		if (!stall_ms)
			continue;
		if (progressed(vm, &p))
			t_progress = now;
		else if (now - t_progress >= (uint64_t)stall_ms * 1000000ull) {
			boot_vm_end_locked(vm, BOOT_END_STALL, -1,
					   "no progress for %u ms: no console output, no exit, and no vCPU's RIP moved (vCPU 0 at 0x%llx)",
					   stall_ms, (unsigned long long)p.rip[0]);
			break;
		}
		kick_all(vm, sig, 0);
	}
	pthread_mutex_unlock(&vm->lock);

	/* Kick: immediate_exit first, so a KVM_RUN entered after the signal returns too. */
	kick_all(vm, sig, 1);
	for (i = 0; i < vm->core.nr_vcpus; i++)
		if (vm->vcpus[i].thread_started)
			pthread_join(vm->vcpus[i].thread, NULL);
}
