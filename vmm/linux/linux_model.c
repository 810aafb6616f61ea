// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a Linux x86-64 guest (Debian cloud config) decides about each PV
 * feature, from the CPUID KVM gives it, the number of possible CPUs and
 * its command line.  Every rule cites the 6.12 source it encodes (paths in
 * the linux-source-6.12 tree); where a modelled version differs
 * (linux_rules.h), the rule names that version and function.
 *
 * Assumptions about the VM (pvprobe's own VMM): no HPET, no ACPI PM timer,
 * an in-kernel PIT (KVM_CREATE_PIT2), an ACPI MADT listing @nr_cpus CPUs,
 * no DSDT processor objects (so no ACPI _CST and no acpi_idle), no DMI,
 * one CPU package, no initramfs (the boot ends in the root-mount panic).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <asm/kvm_para.h>

#include "linux_cmdline.h"
#include "linux_cpuid.h"
#include "linux_model.h"

/* ---- The decisions ---- */

/* Which platform detect_hypervisor_vendor() (cpu/hypervisor.c) picks. */
enum platform { P_NONE, P_XEN_HVM, P_VMWARE, P_HYPERV, P_KVM };

static const char *const platform_names[] = {
	[P_NONE] = "none", [P_XEN_HVM] = "Xen HVM", [P_VMWARE] = "VMware",
	[P_HYPERV] = "Microsoft Hyper-V", [P_KVM] = "KVM",
};

static enum platform detect_hypervisor(const struct linux_guest_cpu *g,
				       const struct linux_cmdline *cl, char *why, size_t len)
{
	/* The order of hypervisors[]; the highest detect() wins, the first on a tie. */
	uint32_t pri[5] = { 0 }, max = 0;
	enum platform p, best = P_NONE;

	/* xen_pv: only in a Xen PV domain.  xen_hvm has ignore_nopv. */
	if (g->hypervisor)
		pri[P_XEN_HVM] = linux_cpuid_hypervisor_base(g->cpuid, "XenVMMXenVMM", 2);
	if (!cl->nopv && g->hypervisor) {
		struct linux_cpuid_regs r = linux_cpuid_read(g->cpuid, 0x40000000, 0);

		/* vmware.c vmware_platform(): no DMI here, so only the CPUID way */
		if (linux_cpuid_signature_is(&r, "VMwareVMware"))
			pri[P_VMWARE] = 0x40000000;
		/* mshyperv.c ms_hyperv_platform(): HYPERCALL and VP_INDEX MSRs needed */
		if (r.eax >= 0x40000005 && r.eax <= 0x4000ffff &&
		    linux_cpuid_signature_is(&r, "Microsoft Hv") &&
		    (linux_cpuid_read(g->cpuid, 0x40000003, 0).eax & 0x60) == 0x60)
			pri[P_HYPERV] = 0x40000000;
		/* kvm.c kvm_detect(): kvm_cpuid_base() */
		pri[P_KVM] = g->kvm_base;
	}
	for (p = P_XEN_HVM; p <= P_KVM; p++) {
		if (pri[p] > max) {
			max = pri[p];
			best = p;
		}
	}
	if (!g->hypervisor)
		snprintf(why, len, "cpu/hypervisor.c: CPUID 1 ECX[31] HYPERVISOR clear%s",
			 g->level < 1 ? " (CPUID 0 eax < 1: leaf 1 unread)" : "");
	else if (best == P_NONE && cl->nopv)
		snprintf(why, len, "cpu/hypervisor.c detect_hypervisor_vendor(): \"nopv\" skips all but Xen");
	else if (best == P_NONE)
		snprintf(why, len, "cpu/hypervisor.c detect_hypervisor_vendor(): no signature in 0x40000000-0x4000ff00");
	else
		snprintf(why, len, "cpu/hypervisor.c detect_hypervisor_vendor(): %s signature at %#x wins",
			 platform_names[best], max);
	return best;
}

static bool has_feature(const struct linux_guest_cpu *g, int bit)
{
	return g->kvm_features & (1u << bit);
}

static bool has_hint(const struct linux_guest_cpu *g, int bit)
{
	return g->kvm_hints & (1u << bit);
}

/* intel_idle registers its cpuidle driver before cpuidle-haltpoll (drivers/Makefile order). */
static bool intel_idle_loads(const struct linux_guest_cpu *g, const struct linux_cmdline *cl)
{
	/* intel_idle_ids[] entries with a state table (tmt/TREMONT needs ACPI _CST). */
	static const unsigned char models[] = {
		0x1a, 0x1e, 0x1f, 0x25, 0x2c, 0x2e, 0x1c, 0x26, 0x2f, 0x2a, 0x2d, 0x36,
		0x37, 0x4a, 0x4c, 0x3a, 0x3e, 0x3c, 0x3f, 0x45, 0x46, 0x4d, 0x3d, 0x47,
		0x4f, 0x56, 0x4e, 0x5e, 0x8e, 0x9e, 0x55, 0x6a, 0x6c, 0x97, 0x9a, 0xaa,
		0xbe, 0x8f, 0xcf, 0xad, 0x57, 0x85, 0x5c, 0x7a, 0x5f, 0x86, 0xb6, 0xaf,
	};
	struct linux_cpuid_regs r5;
	size_t i;

	if (cl->idle != LINUX_IDLE_NO_OVERRIDE || cl->intel_idle_max_cstate == 0)
		return false;
	if (g->vendor != LINUX_VENDOR_INTEL || g->family != 6 || !g->mwait || g->level < 5)
		return false;
	r5 = linux_cpuid_read(g->cpuid, 5, 0);
	if ((r5.ecx & 3) != 3 || !r5.edx)
		return false;
	for (i = 0; i < sizeof(models); i++)
		if (models[i] == g->model)
			return true;
	return false;
}

/*
 * tsc.c native_calibrate_tsc(): TSC_KNOWN_FREQ on Intel from CPUID 0x15
 * (denominator, numerator, crystal Hz; Denverton's crystal is hardcoded).
 */
static bool cpuid15_known_freq(const struct linux_guest_cpu *g)
{
	struct linux_cpuid_regs r;

	if (g->vendor != LINUX_VENDOR_INTEL || g->level < 0x15)
		return false;
	r = linux_cpuid_read(g->cpuid, 0x15, 0);
	return r.eax && r.ebx && (r.ecx || (g->family == 6 && g->model == 0x5f));
}

#define SET(d, v, ...) do {						\
		snprintf(ev, sizeof(ev), __VA_ARGS__);			\
		linux_view_set(out, d, v, ev);				\
	} while (0)

const struct linux_rules *linux_model_predict(const struct linux_model_input *in,
					      struct linux_view *out)
{
	const struct linux_rules *rules = linux_rules_for(in ? in->version : 0, NULL, 0);
	struct linux_guest_cpu g;
	struct linux_cmdline cl;
	enum platform hv;
	char ev[LD_EVIDENCE_MAX], why[LD_EVIDENCE_MAX];
	const char *kvmclock = "off", *cs;
	long possible;
	bool kvm, kvmclock_on, tsc_usable, known_freq;

	memset(out, 0, sizeof(*out));
	if (!in)
		return rules;
	linux_guest_cpu_identify(in->cpuid, &g);
	linux_cmdline_parse(in->cmdline, &cl);

	/* kvm.c __kvm_cpuid_base(): needs HYPERVISOR, then scans for "KVMKVMKVM". */
	if (g.hypervisor)
		g.kvm_base = linux_cpuid_hypervisor_base(in->cpuid, "KVMKVMKVM\0\0\0", 0);
	if (g.kvm_base) {
		/* kvm.c kvm_arch_para_features()/_hints(): base | 1, eax and edx */
		struct linux_cpuid_regs r = linux_cpuid_read(in->cpuid,
							     g.kvm_base | KVM_CPUID_FEATURES, 0);

		g.kvm_features = r.eax;
		g.kvm_hints = r.edx;
	}

	hv = detect_hypervisor(&g, &cl, why, sizeof(why));
	kvm = hv == P_KVM;
	linux_view_set(out, LD_HYPERVISOR, platform_names[hv], why);

	/*
	 * num_possible_cpus(): cpu/topology.c topology_apply_cmdline_limits_early()
	 * and topology_init_possible_cpus(); kernel/smp.c nrcpus().
	 */
	possible = in->nr_cpus > 0 ? in->nr_cpus : 1;	/* no MADT: restrict_to_up() */
	if (cl.no_smp || cl.apic_disabled)
		possible = 1;
	if (cl.nr_cpus && cl.nr_cpus < possible)
		possible = cl.nr_cpus;
	if (cl.possible_cpus && cl.possible_cpus < possible)
		possible = cl.possible_cpus;

	/* kvmclock.c kvmclock_init(), called from kvm_init_platform() */
	if (!kvm)
		SET(LD_KVMCLOCK, "off", "kvmclock.c kvmclock_init(): runs from kvm_init_platform(), KVM not the platform");
	else if (cl.no_kvmclock)
		SET(LD_KVMCLOCK, "off", "kvmclock.c kvmclock_init(): \"no-kvmclock\" on the command line");
	else if (has_feature(&g, KVM_FEATURE_CLOCKSOURCE2))
		SET(LD_KVMCLOCK, kvmclock = "new-msrs", "kvmclock.c kvmclock_init(): CLOCKSOURCE2 set, MSRs 4b564d01/4b564d00");
	else if (has_feature(&g, KVM_FEATURE_CLOCKSOURCE))
		SET(LD_KVMCLOCK, kvmclock = "old-msrs", "kvmclock.c kvmclock_init(): CLOCKSOURCE2 clear, CLOCKSOURCE set, MSRs 12/11");
	else
		SET(LD_KVMCLOCK, "off", "kvmclock.c kvmclock_init(): CLOCKSOURCE2 and CLOCKSOURCE clear");

	/* kvm.c kvm_guest_init() -> kvm_guest_cpu_init() -> kvm_register_steal_time() */
	if (!kvm)
		SET(LD_STEAL_TIME, "off", "kvm.c kvm_guest_init(): KVM not the platform");
	else if (has_feature(&g, KVM_FEATURE_STEAL_TIME))
		SET(LD_STEAL_TIME, "on", "kvm.c kvm_guest_init(): STEAL_TIME set (no-steal-acc only stops accounting)");
	else
		SET(LD_STEAL_TIME, "off", "kvm.c kvm_guest_init(): STEAL_TIME clear");

	/* kvm.c kvm_guest_cpu_init(): MSR_KVM_PV_EOI_EN */
	if (!kvm)
		SET(LD_PV_EOI, "off", "kvm.c kvm_guest_init(): KVM not the platform");
	else if (has_feature(&g, KVM_FEATURE_PV_EOI))
		SET(LD_PV_EOI, "on", "kvm.c kvm_guest_init(): PV_EOI set, eoi() -> kvm_guest_apic_eoi_write()");
	else
		SET(LD_PV_EOI, "off", "kvm.c kvm_guest_init(): PV_EOI clear");

	/* kvm.c kvm_guest_cpu_init(): ASYNC_PF_INT && kvmapf; ASYNC_PF itself unchecked */
	if (!kvm)
		SET(LD_ASYNC_PF, "off", "kvm.c kvm_guest_cpu_init(): KVM not the platform");
	else if (!has_feature(&g, KVM_FEATURE_ASYNC_PF_INT))
		SET(LD_ASYNC_PF, "off", "kvm.c kvm_guest_cpu_init(): ASYNC_PF_INT clear");
	else if (cl.no_kvmapf)
		SET(LD_ASYNC_PF, "off", "kvm.c kvm_guest_cpu_init(): \"no-kvmapf\" on the command line");
	else
		SET(LD_ASYNC_PF, "on", "kvm.c kvm_guest_cpu_init(): ASYNC_PF_INT set (ASYNC_PF bit not checked)");

	/* kvm.c pv_tlb_flush_supported() and pv_sched_yield_supported() */
	{
		static const struct {
			enum linux_decision d;
			int bit;
			const char *name, *fn;
		} pv[] = {
			{ LD_PV_TLB_FLUSH, KVM_FEATURE_PV_TLB_FLUSH, "PV_TLB_FLUSH", "pv_tlb_flush_supported()" },
			{ LD_PV_SCHED_YIELD, KVM_FEATURE_PV_SCHED_YIELD, "PV_SCHED_YIELD", "pv_sched_yield_supported()" },
		};
		size_t i;

		for (i = 0; i < sizeof(pv) / sizeof(pv[0]); i++) {
			if (!kvm)
				SET(pv[i].d, "off", "kvm.c kvm_guest_init(): KVM not the platform");
			else if (!has_feature(&g, pv[i].bit))
				SET(pv[i].d, "off", "kvm.c %s: %s clear", pv[i].fn, pv[i].name);
			else if (has_hint(&g, KVM_HINTS_REALTIME))
				SET(pv[i].d, "off", "kvm.c %s: HINTS_REALTIME set", pv[i].fn);
			else if (!has_feature(&g, KVM_FEATURE_STEAL_TIME))
				SET(pv[i].d, "off", "kvm.c %s: STEAL_TIME clear", pv[i].fn);
			/* 5.10's checks end here: no MWAIT or CPU count test */
			else if (!rules->pv_needs_smp_no_mwait)
				SET(pv[i].d, "on", "kvm.c %s (%s): %s and STEAL_TIME set (MWAIT and the CPUs not checked)",
				    pv[i].fn, rules->name, pv[i].name);
			else if (g.mwait)
				SET(pv[i].d, "off", "kvm.c %s: MWAIT set (CPUID 1 ECX[3])", pv[i].fn);
			else if (possible == 1)
				SET(pv[i].d, "off", "kvm.c %s: one possible CPU", pv[i].fn);
			else
				SET(pv[i].d, "on", "kvm.c %s: %s and STEAL_TIME set, %ld CPUs", pv[i].fn,
				    pv[i].name, possible);
		}
	}

	/* kvm.c kvm_apic_init() (apic_post_init, from apic_intr_mode_init()) */
	if (!kvm)
		SET(LD_PV_IPI, "off", "kvm.c kvm_apic_init(): set by kvm_init_platform(), KVM not the platform");
	else if (!has_feature(&g, KVM_FEATURE_PV_SEND_IPI))
		SET(LD_PV_IPI, "off", "kvm.c pv_ipi_supported(): PV_SEND_IPI clear");
	else if (possible == 1 && rules->pv_needs_smp_no_mwait)
		SET(LD_PV_IPI, "off", "kvm.c pv_ipi_supported(): one possible CPU");
	else if (!g.apic)
		SET(LD_PV_IPI, "off", "apic.c apic_intr_mode_init(): CPUID 1 EDX[9] APIC clear, PIC mode, no apic_post_init");
	else if (!rules->pv_needs_smp_no_mwait)
		SET(LD_PV_IPI, "on", "kvm.c pv_ipi_supported() (%s): PV_SEND_IPI set (the CPUs not checked)",
		    rules->name);
	else
		SET(LD_PV_IPI, "on", "kvm.c pv_ipi_supported(): PV_SEND_IPI set, %ld CPUs", possible);

	/*
	 * kvm.c kvm_spinlock_init() (from kvm_smp_prepare_boot_cpu()), in its
	 * order; 5.10 tests PV_UNHALT first.
	 */
	if (!kvm)
		SET(LD_PV_SPINLOCKS, "off", "kvm.c kvm_spinlock_init(): smp_prepare_boot_cpu hook not set, KVM not the platform");
	else if (!rules->spinlock_unhalt_last && !has_feature(&g, KVM_FEATURE_PV_UNHALT))
		SET(LD_PV_SPINLOCKS, "off-no-host-support", "kvm.c kvm_spinlock_init() (%s): PV_UNHALT clear, tested first",
		    rules->name);
	else if (has_hint(&g, KVM_HINTS_REALTIME))
		SET(LD_PV_SPINLOCKS, "off-realtime", "kvm.c kvm_spinlock_init(): HINTS_REALTIME set");
	else if (possible == 1)
		SET(LD_PV_SPINLOCKS, "off-single-cpu", "kvm.c kvm_spinlock_init(): one possible CPU");
	else if (cl.nopvspin)
		SET(LD_PV_SPINLOCKS, "off-nopvspin", "kvm.c kvm_spinlock_init(): \"nopvspin\" on the command line");
	else if (!has_feature(&g, KVM_FEATURE_PV_UNHALT))
		SET(LD_PV_SPINLOCKS, "off-no-host-support", "kvm.c kvm_spinlock_init(): PV_UNHALT clear");
	else
		SET(LD_PV_SPINLOCKS, "on", "kvm.c kvm_spinlock_init(): PV_UNHALT set, %ld CPUs", possible);

	/*
	 * cpuidle-haltpoll.c haltpoll_init() (device_initcall): only
	 * kvm_para_available(), not which platform won, so nopv does not
	 * stop it.  Then kvm.c arch_haltpoll_enable() for each CPU.
	 */
	if (!g.kvm_base)
		SET(LD_HALTPOLL, "off", "cpuidle-haltpoll.c haltpoll_init(): !kvm_para_available()");
	else if (cl.idle != LINUX_IDLE_NO_OVERRIDE)
		SET(LD_HALTPOLL, "off", "cpuidle-haltpoll.c haltpoll_init(): \"idle=\" override");
	else if (!has_hint(&g, KVM_HINTS_REALTIME) && !cl.haltpoll_force)
		SET(LD_HALTPOLL, "off", "cpuidle-haltpoll.c haltpoll_want(): HINTS_REALTIME clear, no cpuidle_haltpoll.force");
	else if (cl.cpuidle_off)
		SET(LD_HALTPOLL, "off", "cpuidle/driver.c cpuidle_register_driver(): \"cpuidle.off\"");
	else if (intel_idle_loads(&g, &cl))
		SET(LD_HALTPOLL, "off", "intel_idle.c intel_idle_init(): MWAIT + CPUID 5 + known model, registers first");
	else if (!has_feature(&g, KVM_FEATURE_POLL_CONTROL))
		SET(LD_HALTPOLL, "on-no-poll-control", "kvm.c arch_haltpoll_enable(): POLL_CONTROL clear (%s)",
		    has_hint(&g, KVM_HINTS_REALTIME) ? "HINTS_REALTIME" : "forced");
	else
		SET(LD_HALTPOLL, "on", "cpuidle-haltpoll.c haltpoll_init(): %s, POLL_CONTROL set",
		    has_hint(&g, KVM_HINTS_REALTIME) ? "HINTS_REALTIME" : "forced");

	/*
	 * The clocksource at the root-mount panic (kernel/time/clocksource.c:
	 * the highest rating registered wins, the first registered on a tie;
	 * the first selection is at fs_initcall).
	 *
	 * - kvm-clock registers in setup_arch() with rating 400, or 299 when
	 *   CONSTANT_TSC && NONSTOP_TSC (kvmclock_init(); tsc=unstable and
	 *   notsc are __setup()s, parsed after setup_arch(), so they do not
	 *   change the rating).  Its calibrate hooks (kvm_get_tsc_khz()) set
	 *   TSC_KNOWN_FREQ.
	 * - Without kvm-clock, tsc.c native_calibrate_tsc() sets
	 *   TSC_KNOWN_FREQ only on Intel with CPUID 0x15 eax, ebx and ecx
	 *   (crystal Hz) non-zero (Denverton: crystal hardcoded); the early
	 *   TSC frequency otherwise comes from CPUID 0x16 or the PIT, which
	 *   we assume works (in-kernel PIT).
	 * - tsc_init() registers tsc-early (299) unless the TSC is unusable
	 *   (no TSC, notsc, tsc=unstable; unsynchronized_tsc() on a
	 *   non-Intel CPU without CONSTANT_TSC needs >1 package: assumed not).
	 * - init_tsc_clocksource() (device_initcall) registers tsc (300) at
	 *   once with TSC_KNOWN_FREQ; otherwise only after
	 *   tsc_refine_calibration_work() has waited a second (HZ), which we
	 *   assume is after the root-mount panic: tsc-early is still in use.
	 * - No HPET, no ACPI PM timer; the PIT clocksource is 32-bit only.
	 *   Left: refined-jiffies (2), jiffies (1).
	 * - clocksource= names one of those still registered: it wins.
	 */
	kvmclock_on = strcmp(kvmclock, "off") != 0;
	known_freq = kvmclock_on || (!cl.tsc_early_khz && cpuid15_known_freq(&g));
	/* A failed calibration only matters where the PIT was the way to a frequency. */
	tsc_usable = g.tsc && !cl.notsc && !cl.tsc_unstable &&
		     (known_freq || !in->tsc_calibration_failed);
	if (kvmclock_on && g.constant_tsc && g.nonstop_tsc && tsc_usable && known_freq) {
		cs = "tsc";
		snprintf(why, sizeof(why), "kvmclock.c: invariant TSC, kvm-clock rating 299; tsc.c: TSC_KNOWN_FREQ (kvm_get_tsc_khz()), tsc 300 at device_initcall");
	} else if (kvmclock_on) {
		cs = "kvm-clock";
		if (g.constant_tsc && g.nonstop_tsc)
			snprintf(why, sizeof(why), "kvmclock.c kvmclock_init(): rating 299 (invariant TSC); tsc.c: TSC unusable (%s)",
				 !g.tsc ? "no TSC" : cl.notsc ? "notsc" : "tsc=unstable");
		else
			snprintf(why, sizeof(why), "kvmclock.c kvmclock_init(): rating 400, no CONSTANT_TSC+NONSTOP_TSC (CPUID 0x80000007 EDX[8])");
	} else if (tsc_usable && known_freq) {
		cs = "tsc";
		snprintf(why, sizeof(why), "tsc.c native_calibrate_tsc(): CPUID 0x15 crystal, TSC_KNOWN_FREQ: tsc 300 at device_initcall");
	} else if (tsc_usable && in->settled) {
		cs = "tsc";
		snprintf(why, sizeof(why), "tsc.c tsc_refine_calibration_work(): no kvm-clock, no TSC_KNOWN_FREQ: tsc-early, then tsc (300) once refined, a second after boot");
	} else if (tsc_usable) {
		cs = "tsc-early";
		snprintf(why, sizeof(why), "tsc.c init_tsc_clocksource(): no kvm-clock, no TSC_KNOWN_FREQ: tsc after 1 s refinement, tsc-early at the panic");
	} else {
		cs = "refined-jiffies";
		snprintf(why, sizeof(why), "clocksource.c: no kvm-clock, TSC unusable (%s), no HPET/PM timer: refined-jiffies",
			 !g.tsc ? "no TSC" : cl.notsc ? "notsc" : cl.tsc_unstable ? "tsc=unstable" :
			 "tsc.c: calibration against the PIT failed, as the log says");
	}
	if (cl.clocksource[0]) {
		const char *o = cl.clocksource;
		bool registered = !strcmp(o, "refined-jiffies") || !strcmp(o, "jiffies") ||
			(!strcmp(o, "kvm-clock") && kvmclock_on) ||
			(!strcmp(o, "tsc") && tsc_usable && (known_freq || in->settled)) ||
			(!strcmp(o, "tsc-early") && tsc_usable && !known_freq && !in->settled);

		if (registered && strcmp(o, cs)) {
			snprintf(why, sizeof(why), "clocksource.c __clocksource_select(): \"clocksource=%s\" override", o);
			cs = o;
		}
	}
	linux_view_set(out, LD_CLOCKSOURCE, cs, why);
	return rules;
}
