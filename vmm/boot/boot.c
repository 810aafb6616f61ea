// SPDX-License-Identifier: GPL-2.0-only
#include <cpuid.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "boot.h"
#include "boot_kernel.h"
#include "boot_setup.h"
#include "cpuid_table.h"
#include "deviations.h"
#include "linux_log.h"
#include "linux_log_text.h"
#include "linux_model.h"
#include "linux_rules.h"
#include "pvprobe_exit.h"
#include "vcpu.h"

/*
 * Arguments every boot gets: the console on the UART pvprobe models, and
 * a reboot (a triple fault, KVM_EXIT_SHUTDOWN) if the panic that ends the
 * boot is ever not seen.  None of them changes a PV decision.
 */
#define BOOT_BASE_ARGS	"earlyprintk=ttyS0 console=ttyS0 panic=-1 reboot=t"

/*
 * Where the boot ends: the root-mount panic, after every initcall and so
 * after every PV decision (the last, the final clocksource, is taken at
 * fs_initcall and device_initcall: kernel/time/clocksource.c
 * clocksource_done_booting(), arch/x86/kernel/tsc.c init_tsc_clocksource()).
 */
static const char *const full_boot_end[BOOT_MAX_END_MARKERS] = {
	"Kernel panic - not syncing", "reboot: Restarting system", "reboot: Power down",
	/*
	 * --self: /init powers off; without ACPI's power-off (pvprobe's tables
	 * have no FADT) the kernel halts instead (kernel/reboot.c: reboot()
	 * turns POWER_OFF into HALT when !kernel_can_power_off(), and
	 * kernel_halt() says "Power off not available: System halted instead").
	 */
	"System halted", NULL,
};

/*
 * What a backend cannot run (kept out of the guest by its command line)
 * and where its boot has to end.  None of the arguments changes a PV
 * decision.  kvm_pvm (ci/README.md, "This machine's KVM") runs up to
 * pvm_emul_batch (1024) instructions after every trap in its instruction emulator, which fails
 * on xrstor, lock cmpxchg16b, popcnt, clac/stac, fwait and ldmxcsr, and
 * makes a boot slow: measured 2026-11-25, 35 s to "smp: Brought up", the
 * final clocksource at 60-70 s guest time with an ftrace oops, more than
 * 3 minutes to the root-mount panic.  So there the boot ends when the
 * last CPU is up: every per-CPU PV decision is made, haltpoll and the
 * final clocksource are not (reported as not reached, with this reason).
 */
static const struct boot_host {
	const char *backend;
	const char *args;
	const char *const end[BOOT_MAX_END_MARKERS];
	unsigned int not_reached;	/* 1 << LD_*: decided after the end */
	const char *reason;
} boot_hosts[] = {
	{ "kvm_pvm", "noxsave clearcpuid=cx16,popcnt,smap",
	  { "smp: Brought up", "Kernel panic - not syncing", "System halted", NULL },
	  1u << LD_HALTPOLL | 1u << LD_CLOCKSOURCE,
	  "kvm_pvm: its batch instruction emulator fails on xrstor, cmpxchg16b, popcnt, clac "
	  "and SSE, and a full boot takes over 3 minutes there, so the boot ends when every "
	  "CPU is up (ci/README.md, \"This machine's KVM\")" },
};

static const struct boot_host *boot_host_find(const char *backend)
{
	size_t i;

	for (i = 0; i < sizeof(boot_hosts) / sizeof(boot_hosts[0]); i++)
		if (strstr(backend, boot_hosts[i].backend))
			return &boot_hosts[i];
	return NULL;
}

const char *boot_host_args(const char *backend, const char **reason)
{
	const struct boot_host *h = boot_host_find(backend);

	if (reason)
		*reason = h ? h->reason : NULL;
	return h ? h->args : NULL;
}

static double ms_between(uint64_t a, uint64_t b)
{
	return b > a ? (b - a) / 1e6 : 0;
}

static void build_cmdline(struct boot_result *r, const struct boot_options *o,
			  const struct boot_host *h)
{
	snprintf(r->cmdline, sizeof(r->cmdline), "%s", BOOT_BASE_ARGS);
	if (h)
		snprintf(r->cmdline + strlen(r->cmdline), sizeof(r->cmdline) - strlen(r->cmdline),
			 " %s", h->args);
	if (o->append && *o->append)
		snprintf(r->cmdline + strlen(r->cmdline), sizeof(r->cmdline) - strlen(r->cmdline),
			 " %s", o->append);
}

/*
 * The CPUID the guest kernel will see: what KVM holds, except the leaves a
 * backend is known not to honour (deviations.c), which the guest reads
 * from the real CPU instead (On kvm_pvm (ci/README.md, "This machine's KVM"),, leaves 1 and 7).
 */
static void guest_visible_cpuid(struct kvm_cpuid2 *c, const char *backend)
{
	uint32_t i;

	for (i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (!cpuid_deviation_find(backend, e->function))
			continue;
		__cpuid_count(e->function, e->index, e->eax, e->ebx, e->ecx, e->edx);
	}
}

/*
 * Every vCPU's CPUID: the same table but for its own APIC ID (boot
 * policy, boot_setup_cpuid_apic_id()), programmed as every vCPU's is.
 */
static int set_vcpu_cpuid(struct boot_vm *vm, const struct kvm_cpuid2 *set, int enforce,
			  char *err, size_t errlen)
{
	size_t size = sizeof(*set) + set->nent * sizeof(set->entries[0]);
	struct kvm_cpuid2 *c = malloc(size);
	int i, rc = 0;

	if (!c) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < vm->core.nr_vcpus && !rc; i++) {
		memcpy(c, set, size);
		boot_setup_cpuid_apic_id(c, i);
		if (vcpu_program_cpuid(vm->vcpus[i].vcpu, c, enforce, err, errlen) != VCPU_CPUID_OK) {
			size_t used = strlen(err);

			snprintf(err + used, errlen - used, "%s", kvm_errno_hint(errno));
			rc = -1;
		}
	}
	free(c);
	return rc;
}

/*
 * Does an observation agree with the prediction?  KVM holds one value for
 * both kvm-clock MSR pairs (arch/x86/kvm/x86.c: MSR_KVM_SYSTEM_TIME and
 * _NEW both set vcpu->arch.time), so its "on" matches either pair.
 */
static int agrees(enum linux_decision d, const char *want, const char *seen)
{
	if (d == LD_KVMCLOCK && !strcmp(seen, "on"))
		return !strcmp(want, "new-msrs") || !strcmp(want, "old-msrs");
	return !strcmp(want, seen);
}

int boot_expect_parse(const char *arg, struct boot_expect *e, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	int d = eq ? linux_decision_find(arg, eq - arg) : -1;
	int i;

	if (!eq || !eq[1]) {
		snprintf(err, errlen, "--expect '%s': give DECISION=VALUE, e.g. pv-sched-yield=off", arg);
		return -1;
	}
	if (d < 0) {
		snprintf(err, errlen, "--expect '%s': no decision '%.*s' (one of:", arg, (int)(eq - arg), arg);
		for (i = 0; i < LD_NR; i++)
			snprintf(err + strlen(err), errlen - strlen(err), " %s", linux_decision_name(i));
		snprintf(err + strlen(err), errlen - strlen(err), ")");
		return -1;
	}
	if (strlen(eq + 1) >= LD_VALUE_MAX) {
		snprintf(err, errlen, "--expect '%s': the value is too long", arg);
		return -1;
	}
	e->d = d;
	snprintf(e->value, sizeof(e->value), "%s", eq + 1);
	return 0;
}

/*
 * The model, from the CPUID the guest saw, its CPUs and command line, and
 * the one thing a policy cannot predict: whether the guest managed to
 * calibrate its TSC, which its log says.
 */
static void predict(const struct boot_options *o, struct boot_result *r)
{
	static const char *const calibration_failed[] = {
		"Unable to calibrate against PIT", "could not calculate TSC khz",
	};
	struct linux_model_input in = {
		.cpuid = r->guest_cpuid, .nr_cpus = o->nr_vcpus, .cmdline = r->cmdline,
		/* /init waits for the refined TSC before it reports (vmm/self_init.c). */
		.settled = r->self_state == BOOT_SELF_OK,
		.version = r->kernel_version,
	};
	size_t i;

	for (i = 0; r->console && i < sizeof(calibration_failed) / sizeof(calibration_failed[0]); i++)
		if (memmem(r->console, r->console_len, calibration_failed[i],
			   strlen(calibration_failed[i])))
			in.tsc_calibration_failed = 1;
	if (r->guest_cpuid)
		linux_model_predict(&in, &r->model);
}

/*
 * The fourth view: what the self-check /init sent on port 0xe9, decoded
 * and validated (linux_selfreport.c: the guest is untrusted).  Without a
 * report, why: the backend's boot ends before /init (not reached), the
 * kernel never ran /init (init/main.c run_init_process() logs "Run /init
 * as init process" first), /init sent nothing, or what it sent is bad.
 */
static void self_view(const struct boot_vm *vm, const struct boot_host *host,
		      struct boot_result *r)
{
	char why[256];

	r->self_bytes = vm->selfcon_len + vm->selfcon_dropped;
	if (vm->selfcon_dropped) {
		snprintf(r->self_note, sizeof(r->self_note),
			 "the guest sent over %zu bytes on port 0xe9: more than a self-report can be",
			 (size_t)BOOT_SELFCON_MAX - 1);
		r->self_state = BOOT_SELF_MISSING;
		return;
	}
	if (!linux_selfreport_decode(vm->selfcon, vm->selfcon_len, &r->self, why, sizeof(why))) {
		r->self_state = BOOT_SELF_OK;
		return;
	}
	r->self_state = BOOT_SELF_MISSING;
	if (vm->selfcon_len) {
		snprintf(r->self_note, sizeof(r->self_note), "%s", why);
	} else if (r->console && memmem(r->console, r->console_len, "Run /init as init process",
					strlen("Run /init as init process"))) {
		snprintf(r->self_note, sizeof(r->self_note),
			 "no self-report frame: /init ran but sent nothing on port 0xe9 (its lines are in the console log)");
	} else if (host && r->end == BOOT_END_DONE) {
		r->self_state = BOOT_SELF_NOT_REACHED;
		snprintf(r->self_note, sizeof(r->self_note),
			 "no self-report frame: the boot ends before /init on this backend: %s",
			 host->reason);
	} else {
		snprintf(r->self_note, sizeof(r->self_note),
			 "no self-report frame: the kernel did not reach /init (%s: %s)",
			 boot_end_name(r->end), r->end_detail);
	}
}

/* Model vs log vs KVM (vs the self-report), decision by decision; then the --expect items. */
static void judge(const struct boot_options *o, struct boot_result *r)
{
	int d, i;

	r->nr_mismatches = r->self_state == BOOT_SELF_MISSING;
	for (i = 0; i < r->nr_msr_cmp; i++)
		r->nr_mismatches += r->msr_cmp[i].state == BMC_DIFFER;
	for (d = 0; d < LD_NR; d++) {
		const char *want = r->model.value[d];
		const char *seen[3] = { r->log.value[d], r->kvm.value[d], r->self.seen.value[d] };
		int i, known = 0, ok = 1;

		for (i = 0; i < 3; i++) {
			if (!seen[i][0])
				continue;
			known++;
			if (!agrees(d, want, seen[i]))
				ok = 0;
		}
		if (!known && (r->not_reached & (1u << d)))
			r->verdict[d] = BOOT_NOT_REACHED;
		else
			r->verdict[d] = !known ? BOOT_UNSEEN : ok ? BOOT_AGREES : BOOT_DIFFERS;
		if (r->verdict[d] == BOOT_UNSEEN || r->verdict[d] == BOOT_DIFFERS)
			r->nr_mismatches++;
	}
	/* An expectation holds when the model says so and nothing seen says otherwise. */
	for (i = 0; i < o->nr_expect; i++) {
		const struct boot_expect *e = &o->expect[i];
		const char *seen[3] = { r->log.value[e->d], r->kvm.value[e->d],
					r->self.seen.value[e->d] };
		int k;

		r->expect_ok[i] = !strcmp(r->model.value[e->d], e->value);
		for (k = 0; k < 3; k++)
			if (seen[k][0] && !agrees(e->d, e->value, seen[k]))
				r->expect_ok[i] = 0;
		if (!r->expect_ok[i])
			r->nr_mismatches++;
	}
}

static int boot_vm_setup(struct boot_vm *vm, const struct boot_options *o,
			 const struct kvm_sys *kvm, const struct boot_kernel *k, struct boot_result *r,
			 char *err, size_t errlen)
{
	struct kvm_cpuid2 *supported, *set, *got;
	uint64_t end;
	int rc;

	/* Below 1 MiB is the VMM's: zero page, page tables, ACPI (boot_layout.h). */
	if (k->load_start < BOOT_HIGH_RAM) {
		snprintf(err, errlen, "the kernel loads at 0x%llx, below 1 MiB where pvprobe puts its boot data: not a normal x86-64 vmlinux",
			 (unsigned long long)k->load_start);
		return PV_EXIT_USAGE;
	}
	if (boot_kernel_load(k, vm->core.ram, vm->core.ram_size, &r->entry, &end, err, errlen))
		return PV_EXIT_USAGE;
	if (boot_setup_memory(vm->core.ram, vm->core.ram_size, k, r->cmdline, o->nr_vcpus,
			      err, errlen))
		return PV_EXIT_USAGE;
	if (end >= vm->core.ram_size - (16u << 20)) {
		snprintf(err, errlen, "the kernel ends at 0x%llx: give it more RAM (--memory)",
			 (unsigned long long)end);
		return PV_EXIT_USAGE;
	}
	/* Above the kernel with the 16 MiB it needs beyond its image (above). */
	if (o->initrd && boot_setup_initrd(vm->core.ram, vm->core.ram_size, k, end + (16u << 20),
					   o->initrd, o->initrd_len, &r->initrd_addr, err, errlen))
		return PV_EXIT_USAGE;

	supported = kvm_get_supported_cpuid(kvm);
	if (!supported) {
		snprintf(err, errlen, "KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
		return PV_EXIT_FAIL;
	}
	set = cpuid_build(supported, o->eax, o->edx, &o->layout);
	free(supported);
	if (!set) {
		snprintf(err, errlen, "out of memory");
		return PV_EXIT_FAIL;
	}
	rc = set_vcpu_cpuid(vm, set, o->enforce, err, errlen);
	if (!rc) {
		got = vcpu_get_cpuid(vm->vcpus[0].vcpu, set->nent + 8);
		if (got) {
			struct kvm_cpuid_entry2 *f;

			r->kvm_base = layout_kvm_base(got);
			f = r->kvm_base ? cpuid_find(got, r->kvm_base + 1, 0) : NULL;
			r->kvm_eax = f ? f->eax : 0;
			r->kvm_edx = f ? f->edx : 0;
			guest_visible_cpuid(got, r->backend);
			r->guest_cpuid = got;	/* the model runs after the boot */
		} else {
			snprintf(err, errlen, "KVM_GET_CPUID2: %s", strerror(errno));
			rc = -1;
		}
	}
	free(set);
	if (rc)
		return PV_EXIT_FAIL;
	if (boot_setup_bsp(vm->vcpus[0].vcpu, r->entry) < 0) {
		snprintf(err, errlen, "setting the boot CPU's registers: %s", strerror(errno));
		return PV_EXIT_FAIL;
	}
	return PV_EXIT_OK;
}

int boot_linux(const struct kvm_sys *kvm, const struct boot_options *o,
	       const struct boot_kernel *k, struct boot_result *r, char *err, size_t errlen)
{
	const struct boot_host *host;
	struct boot_vm vm;
	uint64_t t0 = boot_now_ns();
	int rc, i;

	memset(r, 0, sizeof(*r));
	r->opts = o;
	r->nr_vcpus = o->nr_vcpus;
	kvm_backend(r->backend, sizeof(r->backend));
	snprintf(r->format, sizeof(r->format), "%s", k->format);
	snprintf(r->release, sizeof(r->release), "%s", k->release);
	host = boot_host_find(r->backend);
	if (host) {
		r->host_reason = host->reason;
		r->not_reached = host->not_reached;
	}
	build_cmdline(r, o, host);

	if (boot_vm_create(kvm, &vm, o->ram_mib, o->nr_vcpus, err, errlen))
		return PV_EXIT_FAIL;
	rc = boot_vm_setup(&vm, o, kvm, k, r, err, errlen);
	r->load_ms = o->kernel_ms + ms_between(t0, boot_now_ns());
	if (rc) {
		boot_vm_destroy(&vm);
		return rc;
	}

	for (i = 0; i < BOOT_MAX_END_MARKERS; i++)
		vm.end_markers[i] = host ? host->end[i] : full_boot_end[i];
	boot_vm_run(&vm, o->timeout_ms, o->stall_ms);

	r->end = vm.end;
	snprintf(r->end_detail, sizeof(r->end_detail), "%s", vm.end_detail);
	r->boot_ms = ms_between(vm.t0_ns, vm.t_end_ns);
	r->first_ms = ms_between(vm.t0_ns, vm.t_first_byte_ns);
	r->pv_ms = ms_between(vm.t0_ns, vm.t_last_pv_ns);
	for (i = 0; i < vm.core.nr_vcpus; i++) {
		struct kvm_mp_state mp;

		boot_msrs_read(vm.vcpus[i].vcpu, &r->msrs[i]);
		r->nr_int3 += vm.vcpus[i].nr_int3;
		r->nr_fwait += vm.vcpus[i].nr_fwait;
		r->nr_emul_retries += vm.vcpus[i].nr_emul_retries;
		if (i == 0 || (ioctl(vm.vcpus[i].vcpu->fd, KVM_GET_MP_STATE, &mp) == 0 &&
			       mp.mp_state != KVM_MP_STATE_UNINITIALIZED &&
			       mp.mp_state != KVM_MP_STATE_INIT_RECEIVED))
			r->nr_ran++;
	}
	r->console = malloc(vm.console_len + 1);
	if (r->console) {
		memcpy(r->console, vm.console, vm.console_len);
		r->console[vm.console_len] = 0;
		r->console_len = vm.console_len;
	}
	if (o->initrd)
		self_view(&vm, host, r);
	boot_vm_destroy(&vm);

	/* The bzImage's release picks the model's rules and the lines expected. */
	r->kernel_version = linux_log_text_version(r->release);
	r->model_version = linux_rules_for(r->kernel_version, r->model_note,
					   sizeof(r->model_note))->version;
	linux_log_parse_version(r->console ? r->console : "", r->console_len, r->kernel_version,
				&r->log);
	predict(o, r);
	/* Only the vCPUs that ran hold the guest's choices. */
	boot_msrs_view(r->msrs, r->nr_ran, r->kvm_base ? r->kvm_eax : 0, &r->kvm);
	if (r->self_state == BOOT_SELF_OK) {
		boot_msrs_compare(r->msrs, r->nr_ran, &r->self, r->msr_cmp);
		r->nr_msr_cmp = BOOT_MSR_CMP_NR;
	}
	judge(o, r);

	if (r->end != BOOT_END_DONE) {
		snprintf(err, errlen, "the boot did not reach the end of its PV decisions: %s: %s",
			 boot_end_name(r->end), r->end_detail);
		return PV_EXIT_FAIL;
	}
	return r->nr_mismatches ? PV_EXIT_MISMATCH : PV_EXIT_OK;
}

void boot_result_free(struct boot_result *r)
{
	free(r->console);
	r->console = NULL;
	free(r->guest_cpuid);
	r->guest_cpuid = NULL;
}
