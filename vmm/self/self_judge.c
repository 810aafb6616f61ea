// SPDX-License-Identifier: GPL-2.0-only
/*
 * The explanation of pvprobe self and pvprobe explain (self.h): layer 2
 * from the guest's CPUID, then every decision pvprobe boot knows, as the
 * Linux guest policy model predicts it (linux_model.c) and as the kernel
 * log (linux_log.c), sysfs and the PV MSRs (boot_msrs.c) show it.  Pure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <asm/kvm_para.h>

#include "layout.h"
#include "linux_cpuid.h"
#include "linux_model.h"
#include "linux_log.h"
#include "linux_rules.h"
#include "pvprobe_abi.h"
#include "pvprobe_exit.h"
#include "self.h"

static const char *const inputs[LD_NR] = {
	[LD_HYPERVISOR] = "CPUID 1 ECX[31] HYPERVISOR, the signatures at 0x40000000-0x4000ff00, nopv",
	[LD_KVMCLOCK] = "CLOCKSOURCE2 / CLOCKSOURCE (0x40000001 eax), no-kvmclock",
	[LD_STEAL_TIME] = "STEAL_TIME (0x40000001 eax)",
	[LD_PV_EOI] = "PV_EOI (0x40000001 eax)",
	[LD_ASYNC_PF] = "ASYNC_PF_INT (0x40000001 eax), no-kvmapf",
	[LD_PV_TLB_FLUSH] = "STEAL_TIME / PV_TLB_FLUSH (0x40000001 eax), HINTS_REALTIME (edx), MWAIT (CPUID 1 ECX[3]), the possible CPUs",
	[LD_PV_SCHED_YIELD] = "STEAL_TIME / PV_SCHED_YIELD (0x40000001 eax), HINTS_REALTIME (edx), MWAIT (CPUID 1 ECX[3]), the possible CPUs",
	[LD_PV_IPI] = "PV_SEND_IPI (0x40000001 eax), the possible CPUs, CPUID 1 EDX[9] APIC",
	[LD_PV_SPINLOCKS] = "PV_UNHALT (0x40000001 eax), HINTS_REALTIME (edx), the possible CPUs, nopvspin",
	[LD_HALTPOLL] = "HINTS_REALTIME (edx), POLL_CONTROL (0x40000001 eax), cpuidle_haltpoll.force, idle=, cpuidle.off",
	[LD_CLOCKSOURCE] = "kvm-clock, invariant TSC (CPUID 0x80000007 EDX[8]), notsc, tsc=unstable, clocksource= (the model assumes no HPET and no ACPI PM timer)",
};

const char *self_deciding_inputs(enum linux_decision d)
{
	return (unsigned int)d < LD_NR ? inputs[d] : "?";
}

/*
 * @seen agrees with the model's @want.  The MSRs and sysfs tell kvm-clock
 * only "on" (either MSR pair) and haltpoll only "on" (the driver, with or
 * without poll control), as in pvprobe boot.
 */
static bool agrees(enum linux_decision d, const char *want, const char *seen)
{
	if (d == LD_KVMCLOCK && !strcmp(seen, "on"))
		return !strcmp(want, "new-msrs") || !strcmp(want, "old-msrs");
	if (d == LD_HALTPOLL && !strcmp(seen, "on"))
		return !strncmp(want, "on", 2);
	return !strcmp(want, seen);
}

static void layer2(const struct self_facts *f, struct self_result *r)
{
	static const char *const sigs[3] = { "KVMKVMKVM\0\0\0", "XenVMMXenVMM", "ACRNACRNACRN" };
	static const uint32_t leaves[3] = { 0, 2, 0 };	/* the seed's three calls */
	struct linux_cpuid_regs l0 = linux_cpuid_read(f->cpuid, 0x40000000, 0), l1, x;
	uint32_t max_ext = linux_cpuid_read(f->cpuid, 0x80000000, 0).eax;
	char s[12];
	int i;

	for (i = 0; i < 3; i++)
		r->sig_base[i] = f->cpuid ? layout_seed_base(f->cpuid, sigs[i], leaves[i]) : 0;
	l1 = linux_cpuid_read(f->cpuid, 1, 0);
	r->hypervisor_bit = l1.ecx & (1u << 31);
	r->mwait = l1.ecx & (1u << 3);
	r->x2apic = l1.ecx & (1u << 21);
	if (max_ext >= 0x80000007 && max_ext < 0x8000ffff) {
		x = linux_cpuid_read(f->cpuid, 0x80000007, 0);
		r->invariant_tsc = x.edx & (1u << 8);
	}
	memcpy(s, &l0.ebx, 4);
	memcpy(s + 4, &l0.ecx, 4);
	memcpy(s + 8, &l0.edx, 4);
	for (i = 0; i < 12; i++)
		r->leaf0_sig[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : (s[i] ? '?' : '.');
	r->leaf0_sig[12] = '\0';
	r->hyperv_in_front = linux_cpuid_signature_is(&l0, "Microsoft Hv") &&
			     r->sig_base[PV_SIG_KVM] > 0x40000000;
	if (r->sig_base[PV_SIG_KVM]) {
		struct linux_cpuid_regs k = linux_cpuid_read(f->cpuid, r->sig_base[PV_SIG_KVM], 0);
		struct linux_cpuid_regs ft = linux_cpuid_read(f->cpuid,
							      r->sig_base[PV_SIG_KVM] + 1, 0);

		r->kvm_max_leaf = k.eax;
		r->kvm_eax = ft.eax;
		r->kvm_edx = ft.edx;
	}
}

/*
 * The kernel's version picks the model's rules (linux_rules.c): the
 * modelled one, else the nearest lower, and the note says which.
 */
static int version(const struct self_facts *f, struct self_result *r)
{
	int v = linux_log_text_version(f->release);
	const struct linux_rules *rules = linux_rules_for(v, r->version_note,
							  sizeof(r->version_note));

	r->kernel_version = v;
	r->model_version = rules->version;
	return v;
}

/* What sysfs tells: the clocksource in use, kvm-clock registered, the cpuidle driver. */
static void sysfs_view(const struct self_facts *f, struct linux_view *v)
{
	char ev[LD_EVIDENCE_MAX];
	const char *p;

	memset(v, 0, sizeof(*v));
	if (f->clocksource[0]) {
		snprintf(ev, sizeof(ev), "current_clocksource: %.60s", f->clocksource);
		linux_view_set(v, LD_CLOCKSOURCE, f->clocksource, ev);
	}
	if (f->clocksources[0]) {
		/* kvmclock.c kvmclock_init() registers "kvm-clock" when it runs */
		bool on = false;

		for (p = f->clocksources; (p = strstr(p, "kvm-clock")); p += 9)
			if ((p == f->clocksources || p[-1] == ' ') && (!p[9] || p[9] == ' ' || p[9] == '\n'))
				on = true;
		snprintf(ev, sizeof(ev), "available_clocksource: %.120s", f->clocksources);
		linux_view_set(v, LD_KVMCLOCK, on ? "on" : "off", ev);
	}
	if (f->cpuidle_driver[0]) {
		snprintf(ev, sizeof(ev), "cpuidle/current_driver: %.60s", f->cpuidle_driver);
		linux_view_set(v, LD_HALTPOLL, !strcmp(f->cpuidle_driver, "haltpoll") ? "on" : "off", ev);
	}
}

static void missing(const struct self_facts *f, struct self_result *r, enum linux_decision d)
{
	char *w = r->why[d];
	size_t n = sizeof(r->why[d]);

	if (!f->log_len)
		snprintf(w, n, "no kernel log (%s)", f->log_note);
	else if (f->log_truncated)
		snprintf(w, n, "the log wrapped before the kvm-guest lines (%s)", f->log_note);
	else if (d == LD_STEAL_TIME || d == LD_ASYNC_PF)
		snprintf(w, n, "Linux 5.17 on logs it only with pr_debug() (kvm.c %s); the PV MSRs: %s",
			 d == LD_STEAL_TIME ? "kvm_register_steal_time()" : "kvm_guest_cpu_init()",
			 f->msr_note[0] ? f->msr_note : "not read");
	else if (d == LD_PV_EOI && r->kernel_version && r->kernel_version < 606)
		snprintf(w, n, "Linux %d.%d prints no \"APIC: eoi() replaced\" line (since 6.6); the PV MSRs: %s",
			 r->kernel_version / 100, r->kernel_version % 100,
			 f->msr_note[0] ? f->msr_note : "not read");
	else
		snprintf(w, n, "no line for it in the log (%s): quiet or a low loglevel= on a console log hides the pr_info() lines",
			 f->log_source);
}

void self_judge(const struct self_facts *f, struct self_result *r)
{
	static const char *const calibration_failed[] = {
		"Unable to calibrate against PIT", "could not calculate TSC khz",
	};
	struct linux_model_input in = {
		.cpuid = f->cpuid, .nr_cpus = f->nr_cpus, .cmdline = f->cmdline,
	};
	static const char refined[] = "Refined TSC clocksource calibration";
	static const char ref_calibration[] = "reference calibration";
	int d;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->facts = f;
	layer2(f, r);
	in.version = version(f, r);
	for (i = 0; f->log && i < sizeof(calibration_failed) / sizeof(calibration_failed[0]); i++)
		if (memmem(f->log, f->log_len, calibration_failed[i], strlen(calibration_failed[i])))
			in.tsc_calibration_failed = 1;
	/*
	 * tsc.c pit_hpet_ptimer_calibrate_cpu(): after "Unable to calibrate
	 * against PIT" a kernel with an HPET or PM timer goes on with "using
	 * HPET (PMTIMER) reference calibration": the TSC stays usable.  (A
	 * real guest may have them; pvprobe boot's VM has neither.)
	 */
	if (f->log && memmem(f->log, f->log_len, ref_calibration, strlen(ref_calibration)))
		in.tsc_calibration_failed = 0;
	/*
	 * A running system is past tsc_refine_calibration_work(); a log shows
	 * it with that function's line (a pvprobe boot log, which stops at
	 * the root-mount panic, does not).
	 */
	in.settled = !strcmp(f->command, "self") ||
		     (f->log && memmem(f->log, f->log_len, refined, strlen(refined)));
	linux_model_predict(&in, &r->model);
	linux_log_parse_version(f->log, f->log_len, in.version, &r->log);
	sysfs_view(f, &r->sysfs);
	if (f->msr_state == SELF_MSR_READ) {
		boot_msrs_view(f->msrs, f->msr_cpus, r->kvm_eax, &r->msr);
		/* the same MSRs, read from inside: say so in place of KVM_GET_MSRS */
		for (d = 0; d < LD_NR; d++) {
			char *ev = r->msr.evidence[d];

			if (!strncmp(ev, "KVM_GET_MSRS: ", 14)) {
				char tmp[LD_EVIDENCE_MAX];

				snprintf(tmp, sizeof(tmp), "/dev/cpu/N/msr: %s", ev + 14);
				memcpy(ev, tmp, sizeof(tmp));
			}
		}
	}

	for (d = 0; d < LD_NR; d++) {
		const struct linux_view *seen[3] = { &r->log, &r->sysfs, &r->msr };
		static const char *const src[3] = { "log", "sysfs", "MSR" };
		const char *want = r->model.value[d];
		int k, known = 0, bad = -1;

		for (k = 0; k < 3; k++) {
			if (!seen[k]->value[d][0])
				continue;
			known++;
			if (bad < 0 && !agrees(d, want, seen[k]->value[d]))
				bad = k;
		}
		if (bad >= 0) {
			r->verdict[d] = SELF_DIFFERS;
			r->nr_differ++;
			snprintf(r->why[d], sizeof(r->why[d]),
				 "the kernel did %s (%s) where the model says %s; decided by %s",
				 seen[bad]->value[d], src[bad], want, inputs[d]);
		} else if (known) {
			r->verdict[d] = SELF_AGREES;
			r->nr_agree++;
		} else {
			r->verdict[d] = SELF_UNKNOWN;
			r->nr_unknown++;
			missing(f, r, (enum linux_decision)d);
		}
	}
}

int self_exit_code(const struct self_result *r)
{
	return r->nr_differ ? PV_EXIT_MISMATCH : PV_EXIT_OK;
}

void self_facts_free(struct self_facts *f)
{
	free(f->cpuid);
	free(f->log);
	f->cpuid = NULL;
	f->log = NULL;
}
