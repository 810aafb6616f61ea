// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "boot_layout.h"
#include "boot_vm.h"
#include "vm.h"

/* Intel needs three pages for the real-mode TSS below 4 GiB, out of RAM. */
#define BOOT_TSS_ADDR	0xfffbd000ull

static void console_sink(void *opaque, uint8_t c);

static int fail(struct boot_vm *vm, char *err, size_t len, const char *what)
{
	int e = errno;

	snprintf(err, len, "%s: %s", what, strerror(e));
	boot_vm_destroy(vm);
	errno = e;
	return -1;
}

int boot_vm_create(const struct kvm_sys *kvm, struct boot_vm *vm, size_t ram_mib,
		   int nr_vcpus, char *err, size_t errlen)
{
	struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };
	struct kvm_userspace_memory_region region = { 0 };
	int size, i;

	memset(vm, 0, sizeof(*vm));
	vm->kvm = kvm;
	vm->fd = -1;
	vm->ram = MAP_FAILED;
	for (i = 0; i < BOOT_MAX_VCPUS; i++)
		vm->vcpus[i].fd = -1;
	pthread_mutex_init(&vm->lock, NULL);
	pthread_cond_init(&vm->ended, NULL);
	boot_uart_init(&vm->uart, console_sink, vm);
	vm->trace = getenv("PVPROBE_BOOT_TRACE") && *getenv("PVPROBE_BOOT_TRACE") == '1';

	vm->console = malloc(BOOT_CONSOLE_MAX + 1);
	if (!vm->console)
		return fail(vm, err, errlen, "console buffer");
	errno = kvm_fail_injected("KVM_CREATE_VM");
	vm->fd = errno ? -1 : ioctl(kvm->fd, KVM_CREATE_VM, 0);
	if (vm->fd < 0)
		return fail(vm, err, errlen, "KVM_CREATE_VM");
	if (kvm_check_cap(kvm, KVM_CAP_SET_TSS_ADDR) &&
	    ioctl(vm->fd, KVM_SET_TSS_ADDR, BOOT_TSS_ADDR) < 0)
		return fail(vm, err, errlen, "KVM_SET_TSS_ADDR");
	/* Before the vCPUs: each gets its LAPIC from the irqchip. */
	if (ioctl(vm->fd, KVM_CREATE_IRQCHIP, 0) < 0)
		return fail(vm, err, errlen, "KVM_CREATE_IRQCHIP");
	/* The PIT: Linux calibrates with it when nothing tells it the TSC rate. */
	if (ioctl(vm->fd, KVM_CREATE_PIT2, &pit) < 0)
		return fail(vm, err, errlen, "KVM_CREATE_PIT2");

	vm->ram_size = ram_mib << 20;
	vm->ram = mmap(NULL, vm->ram_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm->ram == MAP_FAILED)
		return fail(vm, err, errlen, "mmap guest RAM");
	region.memory_size = vm->ram_size;
	region.userspace_addr = (uint64_t)(uintptr_t)vm->ram;
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return fail(vm, err, errlen, "KVM_SET_USER_MEMORY_REGION");

	size = ioctl(kvm->fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < (int)sizeof(struct kvm_run))
		return fail(vm, err, errlen, "KVM_GET_VCPU_MMAP_SIZE");
	for (i = 0; i < nr_vcpus; i++) {
		struct boot_vcpu *v = &vm->vcpus[i];
		char what[64];

		v->vm = vm;
		v->id = i;
		v->fd = ioctl(vm->fd, KVM_CREATE_VCPU, i);
		snprintf(what, sizeof(what), "KVM_CREATE_VCPU %d", i);
		if (v->fd < 0)
			return fail(vm, err, errlen, what);
		vm->nr_vcpus = i + 1;
		v->run_size = size;
		v->run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
		if (v->run == MAP_FAILED) {
			v->run = NULL;
			return fail(vm, err, errlen, "mmap kvm_run");
		}
	}
	return 0;
}

void boot_vm_destroy(struct boot_vm *vm)
{
	int i;

	for (i = 0; i < vm->nr_vcpus; i++) {
		struct boot_vcpu *v = &vm->vcpus[i];

		if (v->run)
			munmap(v->run, v->run_size);
		if (v->fd >= 0)
			close(v->fd);
		v->run = NULL;
		v->fd = -1;
	}
	vm->nr_vcpus = 0;
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
	if (vm->ram && vm->ram != MAP_FAILED)
		munmap(vm->ram, vm->ram_size);
	vm->ram = MAP_FAILED;
	free(vm->console);
	vm->console = NULL;
}

void *boot_vm_gpa(const struct boot_vm *vm, uint64_t gpa, size_t len)
{
	return ram_gpa(vm->ram, vm->ram_size, gpa, len);
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
