// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "boot_layout.h"
#include "boot_vm.h"
#include "vm.h"

static void console_sink(void *opaque, uint8_t c);

static int fail(struct boot_vm *vm, char *err, size_t len)
{
	int e = errno;
	size_t used = strlen(err);

	snprintf(err + used, len - used, "%s", kvm_errno_hint(e));
	boot_vm_destroy(vm);
	errno = e;
	return -1;
}

int boot_vm_create(const struct kvm_sys *kvm, struct boot_vm *vm, size_t ram_mib,
		   int nr_vcpus, char *err, size_t errlen)
{
	/* The PIT: Linux calibrates with it when nothing tells it the TSC rate. */
	const struct vm_spec spec = { .ram_size = ram_mib << 20, .pit = 1 };
	int i;

	memset(vm, 0, sizeof(*vm));
	/* What boot_vm_destroy() leaves alone until vm_open() has run. */
	vm->core.fd = -1;
	vm->core.ram = MAP_FAILED;
	pthread_mutex_init(&vm->lock, NULL);
	pthread_cond_init(&vm->ended, NULL);
	boot_uart_init(&vm->uart, console_sink, vm);
	vm->trace = getenv("PVPROBE_BOOT_TRACE") && *getenv("PVPROBE_BOOT_TRACE") == '1';

	vm->console = malloc(BOOT_CONSOLE_MAX + 1);
	if (!vm->console) {
		snprintf(err, errlen, "console buffer: %s", strerror(errno));
		return fail(vm, err, errlen);
	}
	vm->selfcon = malloc(BOOT_SELFCON_MAX);
	if (!vm->selfcon) {
		snprintf(err, errlen, "self-report buffer: %s", strerror(errno));
		return fail(vm, err, errlen);
	}
	if (vm_open(kvm, &vm->core, &spec, err, errlen))
		return fail(vm, err, errlen);
	/* Every vCPU after the irqchip: each gets its LAPIC from it. */
	for (i = 0; i < nr_vcpus; i++) {
		struct boot_vcpu *v = &vm->vcpus[i];

		v->vm = vm;
		v->vcpu = vcpu_create(&vm->core, err, errlen);
		if (!v->vcpu)
			return fail(vm, err, errlen);
	}
	return 0;
}

void boot_vm_destroy(struct boot_vm *vm)
{
	int i;

	for (i = 0; i < vm->core.nr_vcpus; i++)
		vm->vcpus[i].vcpu = NULL;
	vm_destroy(&vm->core);
	free(vm->console);
	vm->console = NULL;
	free(vm->selfcon);
	vm->selfcon = NULL;
}

const char *boot_end_name(enum boot_end e)
{
	static const char *const names[] = {
		[BOOT_END_NONE] = "running",
		[BOOT_END_DONE] = "done",
		[BOOT_END_SHUTDOWN] = "shutdown",
		[BOOT_END_RESET] = "reset",
		[BOOT_END_SYSTEM_EVENT] = "system-event",
		[BOOT_END_TIMEOUT] = "timeout",
		[BOOT_END_ERROR] = "error",
		[BOOT_END_STALL] = "stall",
		[BOOT_END_INTERRUPTED] = "interrupted",
	};

	return (unsigned int)e < sizeof(names) / sizeof(names[0]) ? names[e] : "?";
}

uint64_t boot_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void boot_vm_end_locked(struct boot_vm *vm, enum boot_end how, int vcpu, const char *fmt, ...)
{
	va_list ap;

	if (vm->end != BOOT_END_NONE)
		return;
	vm->end = how;
	vm->end_vcpu = vcpu;
	vm->t_end_ns = boot_now_ns();
	va_start(ap, fmt);
	vsnprintf(vm->end_detail, sizeof(vm->end_detail), fmt, ap);
	va_end(ap);
	vm->stopping = 1;
	pthread_cond_broadcast(&vm->ended);
}


/* Lines that carry a PV decision (their time is the boot's "PV time"). */
static const char *const pv_markers[] = {
	"kvm-guest: ", "kvm-clock: ", "clocksource: Switched to clocksource",
	"APIC: eoi() replaced", "cpuidle: using governor", "Hypervisor detected",
};

static int line_has(const char *line, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (!memcmp(line + i, s, n))
			return 1;
	return 0;
}

static void console_line(struct boot_vm *vm, const char *line, size_t len)
{
	size_t i;

	/* PVPROBE_BOOT_TRACE=1: each line on stderr with the host's time. */
	if (vm->trace)
		fprintf(stderr, "[host %8.3f] %.*s", (boot_now_ns() - vm->t0_ns) / 1e9, (int)len, line);

	for (i = 0; i < sizeof(pv_markers) / sizeof(pv_markers[0]); i++)
		if (line_has(line, len, pv_markers[i]))
			vm->t_last_pv_ns = boot_now_ns();
	for (i = 0; i < BOOT_MAX_END_MARKERS && vm->end_markers[i]; i++)
		if (line_has(line, len, vm->end_markers[i]))
			boot_vm_end_locked(vm, BOOT_END_DONE, -1, "console: %.*s",
					   (int)(len > 120 ? 120 : len), line);
}

/* The UART's sink; vm->lock is held. */
static void console_sink(void *opaque, uint8_t c)
{
	struct boot_vm *vm = opaque;

	if (vm->console_len >= BOOT_CONSOLE_MAX) {
		vm->console_dropped++;
		return;
	}
	if (!vm->console_len)
		vm->t_first_byte_ns = boot_now_ns();
	vm->console[vm->console_len++] = c;
	if (c == '\n') {
		console_line(vm, vm->console + vm->line_start, vm->console_len - vm->line_start);
		vm->line_start = vm->console_len;
	}
}
