// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Linux guest model (vmm/linux/linux_model.c) on its own, no KVM: small
 * CPUID tables as KVM_GET_CPUID2 would return them, the number of CPUs
 * and a command line, against what Linux 6.12's arch/x86/kernel/kvm.c,
 * kvmclock.c, tsc.c, cpu/hypervisor.c and drivers/cpuidle/
 * cpuidle-haltpoll.c decide.  Expected values are written from the
 * kernel source, not from the model's code.
 */
#include "kselftest_harness.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <asm/kvm_para.h>

#include "linux_cmdline.h"
#include "linux_guest.h"
#include "linux_model.h"

#define MAX_ENT 32

struct table {
	union {
		struct kvm_cpuid2 c;
		char bytes[sizeof(struct kvm_cpuid2) + MAX_ENT * sizeof(struct kvm_cpuid_entry2)];
	};
};

#define F(x)	(1u << KVM_FEATURE_##x)

/* What KVM_GET_SUPPORTED_CPUID offers in 0x40000001 eax (6.12, sched_info on). */
#define HOST_MASK (F(CLOCKSOURCE) | F(NOP_IO_DELAY) | F(CLOCKSOURCE2) | F(ASYNC_PF) |	\
		   F(STEAL_TIME) | F(PV_EOI) | F(PV_UNHALT) | F(PV_TLB_FLUSH) |		\
		   F(ASYNC_PF_VMEXIT) | F(PV_SEND_IPI) | F(POLL_CONTROL) |		\
		   F(PV_SCHED_YIELD) | F(ASYNC_PF_INT) | F(CLOCKSOURCE_STABLE_BIT))
#define REALTIME	(1u << KVM_HINTS_REALTIME)

#define HYPERVISOR	(1u << 31)
#define MWAIT		(1u << 3)
#define TSC		(1u << 4)
#define APIC		(1u << 9)
#define INVARIANT_TSC	(1u << 8)

static void set(struct table *t, uint32_t fn, uint32_t eax, uint32_t ebx, uint32_t ecx,
		uint32_t edx)
{
	struct kvm_cpuid_entry2 *e = NULL;
	uint32_t i;

	for (i = 0; i < t->c.nent; i++)
		if (t->c.entries[i].function == fn)
			e = &t->c.entries[i];
	if (!e) {
		if (t->c.nent >= MAX_ENT)
			abort();
		e = &t->c.entries[t->c.nent++];
	}
	memset(e, 0, sizeof(*e));
	e->function = fn;
	e->eax = eax;
	e->ebx = ebx;
	e->ecx = ecx;
	e->edx = edx;
}

static void del(struct table *t, uint32_t fn)
{
	uint32_t i;

	for (i = 0; i < t->c.nent; i++) {
		if (t->c.entries[i].function == fn) {
			t->c.entries[i] = t->c.entries[--t->c.nent];
			return;
		}
	}
}

/* @s (12 bytes) into three registers, in the order given. */
static void spell(const char *s, uint32_t *a, uint32_t *b, uint32_t *c)
{
	memcpy(a, s, 4);
	memcpy(b, s + 4, 4);
	memcpy(c, s + 8, 4);
}

/* A CPU vendor: ebx, edx, ecx. */
static void vendor(struct table *t, uint32_t level, const char *v)
{
	uint32_t b, c, d;

	spell(v, &b, &d, &c);
	set(t, 0, level, b, c, d);
}

/* A hypervisor signature: ebx, ecx, edx. */
static void signature(struct table *t, uint32_t fn, uint32_t eax, const char *sig)
{
	uint32_t b, c, d;

	spell(sig, &b, &c, &d);
	set(t, fn, eax, b, c, d);
}

static void set_leaf1_ecx(struct table *t, uint32_t ecx)
{
	uint32_t i;

	for (i = 0; i < t->c.nent; i++)
		if (t->c.entries[i].function == 1)
			t->c.entries[i].ecx = ecx;
}

/*
 * A host-like guest: Intel Cascade Lake (family 6 model 0x55), HYPERVISOR,
 * TSC, APIC, invariant TSC, no MWAIT, KVM at 0x40000000.
 */
static void host_like(struct table *t, uint32_t eax, uint32_t edx)
{
	memset(t, 0, sizeof(*t));
	vendor(t, 0xd, "GenuineIntel");
	set(t, 1, 0x00050657, 0x00000800, HYPERVISOR | 0x7ffa3203, TSC | APIC | 0x0f8bf9ed);
	signature(t, 0x40000000, 0x40000001, "KVMKVMKVM\0\0\0");
	set(t, 0x40000001, eax, 0, 0, edx);
	set(t, 0x80000000, 0x80000008, 0, 0, 0);
	set(t, 0x80000007, 0, 0, 0, INVARIANT_TSC);
}

static struct linux_view predict(struct table *t, int cpus, const char *cmdline)
{
	struct linux_model_input in = { .cpuid = &t->c, .nr_cpus = cpus, .cmdline = cmdline };
	struct linux_view v;

	memset(&v, 0x5a, sizeof(v));
	linux_model_predict(&in, &v);
	return v;
}

/* The same, as Linux @version (major * 100 + minor, 0: unknown). */
static struct linux_view predict_as(struct table *t, int cpus, const char *cmdline, int version,
				    int *rules)
{
	struct linux_model_input in = { .cpuid = &t->c, .nr_cpus = cpus, .cmdline = cmdline,
					.version = version };
	struct linux_view v;

	memset(&v, 0x5a, sizeof(v));
	*rules = linux_model_predict(&in, &v)->version;
	return v;
}

#define V(d)	(v.value[LD_##d])
#define W(d)	(v.evidence[LD_##d])

/* The vocabulary of linux_guest.h. */
static bool in_vocabulary(enum linux_decision d, const char *s)
{
	static const char *const onoff[] = { "on", "off", NULL };
	static const char *const sets[LD_NR][8] = {
		[LD_HYPERVISOR] = { "KVM", "none", "Xen HVM", "VMware", "Microsoft Hyper-V" },
		[LD_KVMCLOCK] = { "new-msrs", "old-msrs", "off" },
		[LD_PV_SPINLOCKS] = { "on", "off-realtime", "off-single-cpu", "off-nopvspin",
				      "off-no-host-support", "off" },
		[LD_HALTPOLL] = { "on", "on-no-poll-control", "off" },
		[LD_CLOCKSOURCE] = { "kvm-clock", "tsc", "tsc-early", "refined-jiffies", "jiffies" },
	};
	const char *const *set = sets[d][0] ? sets[d] : onoff;
	int i;

	for (i = 0; set[i]; i++)
		if (!strcmp(set[i], s))
			return true;
	return false;
}

/* Every decision set, in the vocabulary, with a source reference. */
static void check_view(struct __test_metadata *_metadata, const struct linux_view *v)
{
	int d;

	for (d = 0; d < LD_NR; d++) {
		ASSERT_NE(NULL, memchr(v->value[d], '\0', LD_VALUE_MAX));
		ASSERT_NE(NULL, memchr(v->evidence[d], '\0', LD_EVIDENCE_MAX));
		EXPECT_TRUE(in_vocabulary(d, v->value[d]))
			TH_LOG("%s = \"%s\"", linux_decision_name(d), v->value[d]);
		EXPECT_TRUE(strstr(v->evidence[d], ".c") != NULL)
			TH_LOG("%s evidence \"%s\"", linux_decision_name(d), v->evidence[d]);
	}
}

TEST(decision_names_are_stable)
{
	static const char *const names[LD_NR] = {
		"hypervisor", "kvm-clock", "steal-time", "pv-eoi", "async-pf", "pv-tlb-flush",
		"pv-sched-yield", "pv-ipi", "pv-spinlocks", "haltpoll", "clocksource",
	};
	int d;

	for (d = 0; d < LD_NR; d++)
		EXPECT_STREQ(names[d], linux_decision_name(d));
	EXPECT_STREQ("?", linux_decision_name(LD_NR));
}

TEST(view_set_truncates)
{
	struct linux_view v;
	char big[400];

	memset(&v, 0, sizeof(v));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	linux_view_set(&v, LD_CLOCKSOURCE, big, big);
	EXPECT_EQ(LD_VALUE_MAX - 1, strlen(v.value[LD_CLOCKSOURCE]));
	EXPECT_EQ(LD_EVIDENCE_MAX - 1, strlen(v.evidence[LD_CLOCKSOURCE]));
	linux_view_set(&v, LD_NR, "x", "y");	/* ignored */
	linux_view_set(&v, LD_PV_IPI, NULL, NULL);
	EXPECT_STREQ("", v.value[LD_PV_IPI]);
}

/* Host-like mask, 2 CPUs: everything on, invariant TSC -> tsc. */
TEST(host_like_two_cpus)
{
	struct table t;
	struct linux_view v;

	host_like(&t, HOST_MASK, 0);
	v = predict(&t, 2, "console=ttyS0 panic=-1");
	check_view(_metadata, &v);
	EXPECT_STREQ("KVM", V(HYPERVISOR));
	EXPECT_STREQ("new-msrs", V(KVMCLOCK));
	EXPECT_STREQ("on", V(STEAL_TIME));
	EXPECT_STREQ("on", V(PV_EOI));
	EXPECT_STREQ("on", V(ASYNC_PF));
	EXPECT_STREQ("on", V(PV_TLB_FLUSH));
	EXPECT_STREQ("on", V(PV_SCHED_YIELD));
	EXPECT_STREQ("on", V(PV_IPI));
	EXPECT_STREQ("on", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(HALTPOLL));
	EXPECT_STREQ("tsc", V(CLOCKSOURCE));
	EXPECT_TRUE(strstr(W(PV_SPINLOCKS), "kvm_spinlock_init") != NULL);
	EXPECT_TRUE(strstr(W(HALTPOLL), "HINTS_REALTIME clear") != NULL);
}

/* -STEAL_TIME: no PV TLB flush, no PV sched yield; PV IPIs and spinlocks stay. */
TEST(no_steal_time)
{
	struct table t;
	struct linux_view v;

	host_like(&t, HOST_MASK & ~F(STEAL_TIME), 0);
	v = predict(&t, 2, "");
	check_view(_metadata, &v);
	EXPECT_STREQ("off", V(STEAL_TIME));
	EXPECT_STREQ("off", V(PV_TLB_FLUSH));
	EXPECT_STREQ("off", V(PV_SCHED_YIELD));
	EXPECT_TRUE(strstr(W(PV_TLB_FLUSH), "pv_tlb_flush_supported(): STEAL_TIME clear") != NULL)
		TH_LOG("%s", W(PV_TLB_FLUSH));
	EXPECT_TRUE(strstr(W(PV_SCHED_YIELD), "pv_sched_yield_supported(): STEAL_TIME clear") != NULL);
	EXPECT_STREQ("on", V(PV_IPI));
	EXPECT_STREQ("on", V(PV_SPINLOCKS));
}

/* KVM_HINTS_REALTIME: spinlocks, TLB flush, sched yield off; haltpoll on. */
TEST(hints_realtime)
{
	struct table t;
	struct linux_view v;

	host_like(&t, HOST_MASK, REALTIME);
	v = predict(&t, 2, "");
	check_view(_metadata, &v);
	EXPECT_STREQ("off-realtime", V(PV_SPINLOCKS));
	EXPECT_STREQ("on", V(HALTPOLL));
	EXPECT_STREQ("off", V(PV_TLB_FLUSH));
	EXPECT_STREQ("off", V(PV_SCHED_YIELD));
	EXPECT_STREQ("on", V(PV_IPI));
	EXPECT_STREQ("on", V(STEAL_TIME));

	/* kvm.c arch_haltpoll_enable(): "host does not support poll control" */
	host_like(&t, HOST_MASK & ~F(POLL_CONTROL), REALTIME);
	v = predict(&t, 2, "");
	EXPECT_STREQ("on-no-poll-control", V(HALTPOLL));

	/* haltpoll_init(): an idle= override keeps it off */
	host_like(&t, HOST_MASK, REALTIME);
	v = predict(&t, 2, "idle=halt");
	EXPECT_STREQ("off", V(HALTPOLL));
	v = predict(&t, 2, "idle=bogus");	/* -EINVAL: no override */
	EXPECT_STREQ("on", V(HALTPOLL));
	v = predict(&t, 2, "cpuidle.off=1");
	EXPECT_STREQ("off", V(HALTPOLL));
}

/* One CPU: spinlocks off-single-cpu; no TLB flush, sched yield, PV IPIs. */
TEST(one_cpu)
{
	struct table t;
	struct linux_view v;

	host_like(&t, HOST_MASK, 0);
	v = predict(&t, 1, "");
	check_view(_metadata, &v);
	EXPECT_STREQ("off-single-cpu", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(PV_TLB_FLUSH));
	EXPECT_STREQ("off", V(PV_SCHED_YIELD));
	EXPECT_STREQ("off", V(PV_IPI));
	EXPECT_STREQ("on", V(PV_EOI));
	EXPECT_STREQ("on", V(STEAL_TIME));

	/* The same from the command line: nr_cpus=1, maxcpus=0, nosmp, nolapic, possible_cpus=1 */
	v = predict(&t, 4, "nr_cpus=1");
	EXPECT_STREQ("off-single-cpu", V(PV_SPINLOCKS));
	v = predict(&t, 4, "maxcpus=0");
	EXPECT_STREQ("off-single-cpu", V(PV_SPINLOCKS));
	v = predict(&t, 4, "nosmp");
	EXPECT_STREQ("off-single-cpu", V(PV_SPINLOCKS));
	v = predict(&t, 4, "nolapic");
	EXPECT_STREQ("off-single-cpu", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(PV_IPI));
	v = predict(&t, 4, "possible_cpus=1");
	EXPECT_STREQ("off-single-cpu", V(PV_SPINLOCKS));
	/* maxcpus=1 limits the CPUs brought up, not the possible ones */
	v = predict(&t, 4, "maxcpus=1");
	EXPECT_STREQ("on", V(PV_SPINLOCKS));
	v = predict(&t, 4, "nr_cpus=0");	/* ignored: must be > 0 */
	EXPECT_STREQ("on", V(PV_SPINLOCKS));
	/* No MADT at all: restrict_to_up() */
	v = predict(&t, 0, "");
	EXPECT_STREQ("off-single-cpu", V(PV_SPINLOCKS));
}

/* -PV_UNHALT: "PV spinlocks disabled, no host support". */
TEST(no_pv_unhalt)
{
	struct table t;
	struct linux_view v;

	host_like(&t, HOST_MASK & ~F(PV_UNHALT), 0);
	v = predict(&t, 2, "");
	check_view(_metadata, &v);
	EXPECT_STREQ("off-no-host-support", V(PV_SPINLOCKS));
	/* kvm_spinlock_init() order: REALTIME first, then CPUs, then nopvspin */
	host_like(&t, HOST_MASK & ~F(PV_UNHALT), REALTIME);
	v = predict(&t, 1, "nopvspin");
	EXPECT_STREQ("off-realtime", V(PV_SPINLOCKS));
	host_like(&t, HOST_MASK & ~F(PV_UNHALT), 0);
	v = predict(&t, 1, "nopvspin");
	EXPECT_STREQ("off-single-cpu", V(PV_SPINLOCKS));
	v = predict(&t, 2, "nopvspin");
	EXPECT_STREQ("off-nopvspin", V(PV_SPINLOCKS));
}

/* -CLOCKSOURCE2: the old MSRs; neither: no kvm-clock. */
TEST(kvmclock_msrs)
{
	struct table t;
	struct linux_view v;

	host_like(&t, HOST_MASK & ~F(CLOCKSOURCE2), 0);
	v = predict(&t, 2, "");
	check_view(_metadata, &v);
	EXPECT_STREQ("old-msrs", V(KVMCLOCK));
	host_like(&t, HOST_MASK & ~F(CLOCKSOURCE2) & ~F(CLOCKSOURCE), 0);
	v = predict(&t, 2, "");
	EXPECT_STREQ("off", V(KVMCLOCK));
	host_like(&t, HOST_MASK, 0);
	v = predict(&t, 2, "no-kvmclock");
	EXPECT_STREQ("off", V(KVMCLOCK));
	v = predict(&t, 2, "no_kvmclock");	/* parameq(): '-' == '_' */
	EXPECT_STREQ("off", V(KVMCLOCK));
	v = predict(&t, 2, "no-kvmclock-vsyscall");
	EXPECT_STREQ("new-msrs", V(KVMCLOCK));
}

/* No PV features: KVM is still detected, every feature off. */
TEST(no_features)
{
	struct table t;
	struct linux_view v;

	host_like(&t, 0, 0);
	v = predict(&t, 2, "");
	check_view(_metadata, &v);
	EXPECT_STREQ("KVM", V(HYPERVISOR));
	EXPECT_STREQ("off", V(KVMCLOCK));
	EXPECT_STREQ("off", V(STEAL_TIME));
	EXPECT_STREQ("off", V(PV_EOI));
	EXPECT_STREQ("off", V(ASYNC_PF));
	EXPECT_STREQ("off", V(PV_TLB_FLUSH));
	EXPECT_STREQ("off", V(PV_SCHED_YIELD));
	EXPECT_STREQ("off", V(PV_IPI));
	/* kvm_spinlock_init() still runs and says why */
	EXPECT_STREQ("off-no-host-support", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(HALTPOLL));
	/* no kvm-clock, no CPUID 0x15: tsc waits for its refinement */
	EXPECT_STREQ("tsc-early", V(CLOCKSOURCE));
}

/*
 * The guest's TSC calibration against the PIT failed (measured on kvm-amd
 * nested in QEMU TCG: "Unable to calibrate against PIT"): without kvm-clock
 * the TSC is unusable and refined-jiffies is left; with kvm-clock the
 * frequency comes from kvmclock and nothing changes.
 */
TEST(tsc_calibration_failed)
{
	struct linux_model_input in = { .nr_cpus = 1, .cmdline = "", .tsc_calibration_failed = 1 };
	struct table t;
	struct linux_view v;

	host_like(&t, 0, 0);
	in.cpuid = &t.c;
	linux_model_predict(&in, &v);
	EXPECT_STREQ("refined-jiffies", V(CLOCKSOURCE));
	EXPECT_NE(NULL, strstr(W(CLOCKSOURCE), "calibration"));
	in.tsc_calibration_failed = 0;
	linux_model_predict(&in, &v);
	EXPECT_STREQ("tsc-early", V(CLOCKSOURCE));
	host_like(&t, 1u << KVM_FEATURE_CLOCKSOURCE2, 0);
	in.tsc_calibration_failed = 1;
	linux_model_predict(&in, &v);
	EXPECT_STRNE("refined-jiffies", V(CLOCKSOURCE));
}

/* KVM's leaves at 0x40000100 behind a Hyper-V signature at 0x40000000. */
TEST(hyperv_layout)
{
	struct table t;
	struct linux_view v;

	host_like(&t, 0, 0);
	signature(&t, 0x40000000, 0x4000000a, "Microsoft Hv");
	set(&t, 0x40000001, 0x31237648, 0, 0, 0);	/* "Hv#1", not KVM features */
	set(&t, 0x40000003, 0x00003fff, 0, 0, 0);	/* HYPERCALL, VP_INDEX, ... */
	signature(&t, 0x40000100, 0x40000101, "KVMKVMKVM\0\0\0");
	set(&t, 0x40000101, HOST_MASK, 0, 0, 0);
	v = predict(&t, 2, "");
	check_view(_metadata, &v);
	EXPECT_STREQ("KVM", V(HYPERVISOR));
	EXPECT_TRUE(strstr(W(HYPERVISOR), "0x40000100") != NULL) TH_LOG("%s", W(HYPERVISOR));
	EXPECT_STREQ("new-msrs", V(KVMCLOCK));
	EXPECT_STREQ("on", V(PV_SPINLOCKS));
	EXPECT_STREQ("on", V(PV_TLB_FLUSH));
	EXPECT_STREQ("on", V(PV_IPI));

	/* Hyper-V alone (no KVM leaves): Hyper-V, nothing of KVM's */
	del(&t, 0x40000100);
	del(&t, 0x40000101);
	v = predict(&t, 2, "");
	check_view(_metadata, &v);
	EXPECT_STREQ("Microsoft Hyper-V", V(HYPERVISOR));
	EXPECT_STREQ("off", V(KVMCLOCK));
	EXPECT_STREQ("off", V(PV_SPINLOCKS));

	/* Hyper-V without VP_INDEX is refused: nothing detected */
	set(&t, 0x40000003, 0x0000001f, 0, 0, 0);
	v = predict(&t, 2, "");
	EXPECT_STREQ("none", V(HYPERVISOR));
}

/* Xen's signature at a higher base than KVM's wins; haltpoll still sees KVM. */
TEST(xen_above_kvm)
{
	struct table t;
	struct linux_view v;

	host_like(&t, HOST_MASK, REALTIME);
	signature(&t, 0x40000100, 0x40000104, "XenVMMXenVMM");
	v = predict(&t, 2, "");
	check_view(_metadata, &v);
	EXPECT_STREQ("Xen HVM", V(HYPERVISOR));
	EXPECT_STREQ("off", V(KVMCLOCK));
	EXPECT_STREQ("off", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(PV_IPI));
	EXPECT_STREQ("on", V(HALTPOLL));	/* kvm_para_available() only */
	/* Xen needs 2 leaves past its base */
	signature(&t, 0x40000100, 0x40000101, "XenVMMXenVMM");
	v = predict(&t, 2, "");
	EXPECT_STREQ("KVM", V(HYPERVISOR));
}

/* No HYPERVISOR bit: Linux never reads the KVM leaves. */
TEST(no_hypervisor_bit)
{
	struct table t;
	struct linux_view v;
	int d;

	host_like(&t, HOST_MASK, REALTIME);
	set_leaf1_ecx(&t, 0x7ffa3203);
	v = predict(&t, 2, "");
	check_view(_metadata, &v);
	EXPECT_STREQ("none", V(HYPERVISOR));
	for (d = LD_KVMCLOCK; d <= LD_HALTPOLL; d++)
		EXPECT_STREQ("off", v.value[d]) TH_LOG("%s", linux_decision_name(d));
	EXPECT_STREQ("tsc-early", V(CLOCKSOURCE));

	/* Leaf 1 is not read at all when CPUID 0 says the max leaf is 0 */
	host_like(&t, HOST_MASK, 0);
	vendor(&t, 0, "GenuineIntel");
	v = predict(&t, 2, "");
	EXPECT_STREQ("none", V(HYPERVISOR));
	EXPECT_STREQ("off", V(PV_SPINLOCKS));
	EXPECT_STREQ("refined-jiffies", V(CLOCKSOURCE));	/* no TSC bit seen either */
}

TEST(nopvspin_and_nopv)
{
	struct table t;
	struct linux_view v;

	host_like(&t, HOST_MASK, 0);
	v = predict(&t, 2, "console=ttyS0 nopvspin");
	check_view(_metadata, &v);
	EXPECT_STREQ("off-nopvspin", V(PV_SPINLOCKS));
	EXPECT_STREQ("on", V(PV_TLB_FLUSH));
	/* parse_args() stops at "--": the rest is init's */
	v = predict(&t, 2, "console=ttyS0 -- nopvspin");
	EXPECT_STREQ("on", V(PV_SPINLOCKS));
	/* a quoted value keeps its spaces: "nopvspin" is inside it */
	v = predict(&t, 2, "dyndbg=\"file kvm.c +p nopvspin\" panic=-1");
	EXPECT_STREQ("on", V(PV_SPINLOCKS));

	/* nopv: no platform at all, but haltpoll only asks kvm_para_available() */
	host_like(&t, HOST_MASK, REALTIME);
	v = predict(&t, 2, "nopv");
	check_view(_metadata, &v);
	EXPECT_STREQ("none", V(HYPERVISOR));
	EXPECT_STREQ("off", V(KVMCLOCK));
	EXPECT_STREQ("off", V(PV_SPINLOCKS));
	EXPECT_STREQ("off", V(STEAL_TIME));
	EXPECT_STREQ("on", V(HALTPOLL));
	EXPECT_STREQ("tsc-early", V(CLOCKSOURCE));
}

/* MWAIT in CPUID 1: no PV TLB flush, no PV sched yield (kvm.c). */
TEST(mwait)
{
	struct table t;
	struct linux_view v;

	host_like(&t, HOST_MASK, 0);
	set_leaf1_ecx(&t, HYPERVISOR | MWAIT | 0x7ffa3203);
	v = predict(&t, 2, "");
	check_view(_metadata, &v);
	EXPECT_STREQ("off", V(PV_TLB_FLUSH));
	EXPECT_STREQ("off", V(PV_SCHED_YIELD));
	EXPECT_TRUE(strstr(W(PV_TLB_FLUSH), "MWAIT") != NULL) TH_LOG("%s", W(PV_TLB_FLUSH));
	EXPECT_STREQ("on", V(PV_IPI));
	EXPECT_STREQ("on", V(PV_SPINLOCKS));

	/* filter_cpuid_features(): MWAIT dropped when the max leaf is below 5 */
	vendor(&t, 4, "GenuineIntel");
	v = predict(&t, 2, "");
	EXPECT_STREQ("on", V(PV_TLB_FLUSH));
	EXPECT_STREQ("on", V(PV_SCHED_YIELD));

	/* MWAIT with a usable CPUID 5 on a model intel_idle knows: it takes cpuidle */
	host_like(&t, HOST_MASK, REALTIME);
	set_leaf1_ecx(&t, HYPERVISOR | MWAIT | 0x7ffa3203);
	set(&t, 5, 0x40, 0x40, 3, 0x00002020);
	v = predict(&t, 2, "");
	EXPECT_STREQ("off", V(HALTPOLL));
	EXPECT_TRUE(strstr(W(HALTPOLL), "intel_idle") != NULL) TH_LOG("%s", W(HALTPOLL));
	v = predict(&t, 2, "intel_idle.max_cstate=0");
	EXPECT_STREQ("on", V(HALTPOLL));
	set(&t, 5, 0, 0, 0, 0);		/* what KVM_GET_SUPPORTED_CPUID gives */
	v = predict(&t, 2, "");
	EXPECT_STREQ("on", V(HALTPOLL));
}

/* 6.12: async PF needs ASYNC_PF_INT; ASYNC_PF itself is not looked at. */
TEST(async_pf)
{
	struct table t;
	struct linux_view v;

	host_like(&t, HOST_MASK & ~F(ASYNC_PF_INT), 0);
	v = predict(&t, 2, "");
	EXPECT_STREQ("off", V(ASYNC_PF));
	host_like(&t, HOST_MASK & ~F(ASYNC_PF), 0);
	v = predict(&t, 2, "");
	EXPECT_STREQ("on", V(ASYNC_PF));
	host_like(&t, HOST_MASK, 0);
	v = predict(&t, 2, "no-kvmapf");
	EXPECT_STREQ("off", V(ASYNC_PF));
	/* no-steal-acc stops the accounting, not the MSR */
	v = predict(&t, 2, "no-steal-acc");
	EXPECT_STREQ("on", V(STEAL_TIME));
}

TEST(haltpoll_force)
{
	struct table t;
	struct linux_view v;

	host_like(&t, HOST_MASK, 0);
	v = predict(&t, 2, "cpuidle_haltpoll.force=1");
	EXPECT_STREQ("on", V(HALTPOLL));
	v = predict(&t, 2, "cpuidle_haltpoll.force");	/* a bool with no value is true */
	EXPECT_STREQ("on", V(HALTPOLL));
	v = predict(&t, 2, "cpuidle_haltpoll.force=Y cpuidle_haltpoll.force=off");
	EXPECT_STREQ("off", V(HALTPOLL));
	v = predict(&t, 2, "cpuidle_haltpoll.force=maybe");	/* -EINVAL: unchanged */
	EXPECT_STREQ("off", V(HALTPOLL));
	host_like(&t, HOST_MASK & ~F(POLL_CONTROL), 0);
	v = predict(&t, 2, "cpuidle-haltpoll.force=on");
	EXPECT_STREQ("on-no-poll-control", V(HALTPOLL));
}

TEST(clocksource)
{
	struct table t;
	struct linux_view v;

	/* No invariant TSC: kvm-clock keeps 400 */
	host_like(&t, HOST_MASK, 0);
	set(&t, 0x80000007, 0, 0, 0, 0);
	v = predict(&t, 2, "");
	EXPECT_STREQ("kvm-clock", V(CLOCKSOURCE));
	/* An unknown vendor never sets CONSTANT_TSC/NONSTOP_TSC */
	host_like(&t, HOST_MASK, 0);
	vendor(&t, 0xd, "FakeVendor!!");
	v = predict(&t, 2, "");
	EXPECT_STREQ("kvm-clock", V(CLOCKSOURCE));
	/* Invariant TSC but marked unstable: tsc never registers */
	host_like(&t, HOST_MASK, 0);
	v = predict(&t, 2, "tsc=unstable");
	EXPECT_STREQ("kvm-clock", V(CLOCKSOURCE));
	v = predict(&t, 2, "notsc");
	EXPECT_STREQ("kvm-clock", V(CLOCKSOURCE));
	/* An override wins when it names a registered clocksource */
	v = predict(&t, 2, "clocksource=kvm-clock");
	EXPECT_STREQ("kvm-clock", V(CLOCKSOURCE));
	EXPECT_TRUE(strstr(W(CLOCKSOURCE), "override") != NULL);
	v = predict(&t, 2, "clocksource=hpet");
	EXPECT_STREQ("tsc", V(CLOCKSOURCE));
	/* No kvm-clock: CPUID 0x15 with a crystal frequency means TSC_KNOWN_FREQ */
	host_like(&t, HOST_MASK, 0);
	vendor(&t, 0x16, "GenuineIntel");
	set(&t, 0x15, 2, 250, 24000000, 0);
	v = predict(&t, 2, "no-kvmclock");
	EXPECT_STREQ("tsc", V(CLOCKSOURCE));
	set(&t, 0x15, 2, 250, 0, 0);		/* no crystal Hz: refinement needed */
	v = predict(&t, 2, "no-kvmclock");
	EXPECT_STREQ("tsc-early", V(CLOCKSOURCE));
	/* AMD never reads 0x15 */
	vendor(&t, 0x16, "AuthenticAMD");
	set(&t, 0x15, 2, 250, 24000000, 0);
	v = predict(&t, 2, "no-kvmclock");
	EXPECT_STREQ("tsc-early", V(CLOCKSOURCE));
	/* No kvm-clock and no usable TSC: refined-jiffies */
	v = predict(&t, 2, "no-kvmclock tsc=unstable");
	EXPECT_STREQ("refined-jiffies", V(CLOCKSOURCE));
}

/* A missing leaf reads as KVM's kvm_cpuid() makes it read. */
TEST(missing_leaves)
{
	struct table t;
	struct linux_view v;

	/* 0x40000001 missing, 0x40000000 eax = 0: on AMD it reads as zeros */
	host_like(&t, HOST_MASK, 0);
	vendor(&t, 0xd, "AuthenticAMD");
	signature(&t, 0x40000000, 0, "KVMKVMKVM\0\0\0");
	del(&t, 0x40000001);
	v = predict(&t, 2, "");
	EXPECT_STREQ("KVM", V(HYPERVISOR));
	EXPECT_STREQ("off", V(KVMCLOCK));
	EXPECT_STREQ("off-no-host-support", V(PV_SPINLOCKS));
	/* on Intel the out-of-range leaf is the highest basic leaf (0xd here) */
	vendor(&t, 0xd, "GenuineIntel");
	set(&t, 0xd, F(CLOCKSOURCE2) | F(PV_UNHALT), 0, 0, 0);
	v = predict(&t, 2, "");
	EXPECT_STREQ("new-msrs", V(KVMCLOCK));
	EXPECT_STREQ("on", V(PV_SPINLOCKS));
	/* ... unless 0x40000000 says 0x40000001 is in range: zeros */
	signature(&t, 0x40000000, 0x40000001, "KVMKVMKVM\0\0\0");
	v = predict(&t, 2, "");
	EXPECT_STREQ("off", V(KVMCLOCK));
	/* An empty table: nothing */
	memset(&t, 0, sizeof(t));
	v = predict(&t, 2, NULL);
	check_view(_metadata, &v);
	EXPECT_STREQ("none", V(HYPERVISOR));
}

static uint32_t rnd(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

/* Any table and command line: a full view in the vocabulary. */
TEST(random_inputs_stay_in_vocabulary)
{
	static const char *const words[] = {
		"nopv", "nopvspin", "no-kvmclock", "no-kvmapf", "idle=poll", "nr_cpus=1",
		"clocksource=tsc", "clocksource=jiffies", "tsc=unstable", "\"quoted", "--",
		"cpuidle_haltpoll.force=1", "=", "\"", "maxcpus=0", "possible_cpus=3",
	};
	uint32_t seed = 12345;
	int round, i;

	for (round = 0; round < 3000; round++) {
		struct table t;
		struct linux_view v;
		char cmd[256] = "";

		memset(&t, 0, sizeof(t));
		for (i = rnd(&seed) % 12; i > 0; i--) {
			static const uint32_t fns[] = { 0, 1, 5, 0xd, 0x15, 0x40000000, 0x40000001,
				0x40000003, 0x40000100, 0x40000101, 0x80000000, 0x80000007 };
			uint32_t fn = fns[rnd(&seed) % 12];
			uint32_t eax = rnd(&seed) % 4 ? rnd(&seed) : fn + rnd(&seed) % 3;
			uint32_t ebx = rnd(&seed), ecx = rnd(&seed), edx = rnd(&seed);

			set(&t, fn, eax, ebx, ecx, edx);
			if (fn == 0x40000000 || fn == 0x40000100)
				signature(&t, fn, fn + rnd(&seed) % 4, rnd(&seed) % 2 ? "KVMKVMKVM\0\0\0" : "Microsoft Hv");
		}
		for (i = rnd(&seed) % 4; i > 0; i--) {
			strcat(cmd, words[rnd(&seed) % (sizeof(words) / sizeof(words[0]))]);
			strcat(cmd, " ");
		}
		v = predict(&t, rnd(&seed) % 4, cmd);
		check_view(_metadata, &v);
	}
}

/*
 * The command line parser (vmm/linux/linux_cmdline.c) on its own: what
 * lib/cmdline.c next_arg() and kernel/params.c parse_args() make of it.
 */
static struct linux_cmdline parse(const char *s)
{
	struct linux_cmdline cl;

	linux_cmdline_parse(s, &cl);
	return cl;
}

TEST(cmdline_quotes)
{
	struct linux_cmdline cl;

	/* next_arg(): a quoted value keeps its spaces and loses its quotes */
	cl = parse("clocksource=\"kvm clock\" nopvspin");
	EXPECT_STREQ("kvm clock", cl.clocksource);
	EXPECT_TRUE(cl.nopvspin);
	/* a quote opening the parameter: "idle=poll" is idle=poll */
	cl = parse("\"idle=poll\"");
	EXPECT_EQ(LINUX_IDLE_POLL, cl.idle);
	/* one quoted parameter named "nopv nopvspin": neither is set */
	cl = parse("\"nopv nopvspin\"");
	EXPECT_FALSE(cl.nopv);
	EXPECT_FALSE(cl.nopvspin);
	/* an unterminated quote swallows the rest of the line */
	cl = parse("clocksource=\"tsc nopv");
	EXPECT_STREQ("tsc nopv", cl.clocksource);
	EXPECT_FALSE(cl.nopv);
}

TEST(cmdline_double_dash)
{
	struct linux_cmdline cl;

	/* parse_args() stops at a bare "--": what follows is init's */
	cl = parse("nopv -- nopvspin no-kvmclock");
	EXPECT_TRUE(cl.nopv);
	EXPECT_FALSE(cl.nopvspin);
	EXPECT_FALSE(cl.no_kvmclock);
	/* it compares the unquoted name: "--" in quotes stops too */
	cl = parse("nopv \"--\" nopvspin");
	EXPECT_FALSE(cl.nopvspin);
	/* "--" with a value is just an unknown parameter */
	cl = parse("--=1 nopvspin");
	EXPECT_TRUE(cl.nopvspin);
	cl = parse("nopvspin --");
	EXPECT_TRUE(cl.nopvspin);
}

TEST(cmdline_dash_underscore)
{
	struct linux_cmdline cl;

	/* parameq(): '-' and '_' are the same, in module parameters too */
	cl = parse("no_kvmclock no-kvmapf nr-cpus=3 possible-cpus=2 tsc-early-khz=1000 "
		   "cpuidle-haltpoll.force intel-idle.max-cstate=0 cpuidle-off=1");
	EXPECT_TRUE(cl.no_kvmclock);
	EXPECT_TRUE(cl.no_kvmapf);
	EXPECT_EQ(3, cl.nr_cpus);
	EXPECT_EQ(2, cl.possible_cpus);
	EXPECT_TRUE(cl.tsc_early_khz);
	EXPECT_TRUE(cl.haltpoll_force);
	EXPECT_EQ(0, cl.intel_idle_max_cstate);
	/* the '.' is not a '-': cpuidle-off is not cpuidle.off */
	EXPECT_EQ(0, cl.cpuidle_off);
	/* only the two swap: "nopv_spin" is not "nopvspin" */
	cl = parse("nopv_spin no_pv");
	EXPECT_FALSE(cl.nopvspin);
	EXPECT_FALSE(cl.nopv);
}

TEST(cmdline_value_with_equals)
{
	struct linux_cmdline cl;

	/* next_arg(): the first '=' ends the name, the rest is the value */
	cl = parse("clocksource=a=b");
	EXPECT_STREQ("a=b", cl.clocksource);
	cl = parse("clocksource=\"a=b c\"");
	EXPECT_STREQ("a=b c", cl.clocksource);
	/* idle_setup() compares the whole value */
	cl = parse("idle=poll=1");
	EXPECT_EQ(LINUX_IDLE_NO_OVERRIDE, cl.idle);
	/* kernel/smp.c nrcpus(): get_option() finds no number in "=2" */
	cl = parse("nr_cpus==2");
	EXPECT_EQ(0, cl.nr_cpus);
	/* a leading '=' is no separator (next_arg(): equals 0 means none): "=nopv" is a name */
	cl = parse("=nopv nopvspin");
	EXPECT_FALSE(cl.nopv);
	EXPECT_TRUE(cl.nopvspin);
}

/*
 * COMMAND_LINE_SIZE is 2048 on x86, and setup_arch() (arch/x86/kernel/
 * setup.c) and parse_early_param() (init/main.c) strscpy() the line into
 * buffers of that size: 2047 bytes are left.
 */
TEST(cmdline_too_long)
{
	static char line[3 * 2048];
	const char *tail = " nopv";
	size_t fill = 2047 - strlen("nopvspin") - strlen(tail);
	struct linux_cmdline cl;

	/* 2047 bytes: "nopv" is its last parameter, whole */
	memset(line, 0, sizeof(line));
	memcpy(line, "nopvspin", strlen("nopvspin"));
	memset(line + strlen("nopvspin"), ' ', fill);
	strcat(line, tail);
	ASSERT_EQ(2047, strlen(line));
	cl = parse(line);
	EXPECT_TRUE(cl.nopvspin);
	EXPECT_TRUE(cl.nopv);
	/* one byte more: the cut leaves "nop" */
	memmove(line + fill, line + fill - 1, strlen(line + fill - 1) + 1);
	ASSERT_EQ(2048, strlen(line));
	cl = parse(line);
	EXPECT_TRUE(cl.nopvspin);
	EXPECT_FALSE(cl.nopv);
	/* far beyond: nothing past the cut is read */
	memset(line + 2048, 'x', sizeof(line) - 2048 - sizeof(" no-kvmclock"));
	strcat(line, " no-kvmclock");
	cl = parse(line);
	EXPECT_TRUE(cl.nopvspin);
	EXPECT_FALSE(cl.no_kvmclock);
	/* no line at all: the defaults */
	cl = parse(NULL);
	EXPECT_FALSE(cl.nopvspin);
	EXPECT_EQ(LINUX_IDLE_NO_OVERRIDE, cl.idle);
	EXPECT_EQ(-1, cl.intel_idle_max_cstate);
	EXPECT_EQ(0, cl.clocksource[0]);
}

/*
 * Which modelled rules a version gets (linux_rules.c): its own, the
 * nearest lower, the oldest below all, 6.12 when unknown; and the note.
 */
TEST(rules_for_versions)
{
	static const struct { int asked, used; const char *note; } c[] = {
		{ 510, 510, "model 5.10 (Linux 5.10)" },
		{ 515, 510, "model 5.10 (nearest to 5.15)" },
		{ 419, 510, "model 5.10 (nearest to 4.19, older than any modelled)" },
		{ 601, 601, "model 6.1 (Linux 6.1)" },
		{ 606, 601, "model 6.1 (nearest to 6.6)" },
		{ 612, 612, "model 6.12 (Linux 6.12)" },
		{ 615, 612, "model 6.12 (nearest to 6.15)" },
		{ 618, 618, "model 6.18 (Linux 6.18)" },
		{ 719, 618, "model 6.18 (nearest to 7.19)" },
		{ 0, 612, "model 6.12 (kernel version unknown)" },
	};
	char note[LINUX_RULES_NOTE_MAX];
	size_t i, n;
	const struct linux_rules *t = linux_rules_table(&n);

	ASSERT_EQ(4, n);
	for (i = 1; i < n; i++)
		EXPECT_LT(t[i - 1].version, t[i].version);
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		EXPECT_EQ(c[i].used, linux_rules_for(c[i].asked, note, sizeof(note))->version);
		EXPECT_STREQ(c[i].note, note);
	}
}

/*
 * kvm.c of 5.10: pv_tlb_flush_supported() and pv_sched_yield_supported()
 * are PV bit && !HINTS_REALTIME && STEAL_TIME, pv_ipi_supported() the PV
 * bit alone; 6.1, 6.12 and 6.18 add !MWAIT and num_possible_cpus() != 1.
 */
TEST(v510_pv_checks_no_mwait_no_cpus)
{
	static const int versions[] = { 510, 601, 612, 618 };
	struct table t;
	struct linux_view v;
	int i, rules;

	for (i = 0; i < 4; i++) {
		bool old = versions[i] == 510;
		const char *want = old ? "on" : "off";

		host_like(&t, HOST_MASK, 0);
		v = predict_as(&t, 1, "", versions[i], &rules);
		EXPECT_EQ(versions[i], rules);
		EXPECT_STREQ(want, V(PV_TLB_FLUSH)) TH_LOG("%d one CPU", versions[i]);
		EXPECT_STREQ(want, V(PV_SCHED_YIELD)) TH_LOG("%d one CPU", versions[i]);
		EXPECT_STREQ(want, V(PV_IPI)) TH_LOG("%d one CPU", versions[i]);
		EXPECT_STREQ("off-single-cpu", V(PV_SPINLOCKS));
		if (old)
			EXPECT_NE(NULL, strstr(W(PV_IPI), "(5.10)"));

		set_leaf1_ecx(&t, HYPERVISOR | MWAIT | 0x7ffa3203);
		v = predict_as(&t, 4, "", versions[i], &rules);
		EXPECT_STREQ(want, V(PV_TLB_FLUSH)) TH_LOG("%d MWAIT", versions[i]);
		EXPECT_STREQ(want, V(PV_SCHED_YIELD)) TH_LOG("%d MWAIT", versions[i]);
		EXPECT_STREQ("on", V(PV_IPI));
		/* the checks all versions share */
		host_like(&t, HOST_MASK & ~F(STEAL_TIME), 0);
		v = predict_as(&t, 4, "", versions[i], &rules);
		EXPECT_STREQ("off", V(PV_TLB_FLUSH));
		EXPECT_STREQ("off", V(PV_SCHED_YIELD));
		host_like(&t, HOST_MASK, REALTIME);
		v = predict_as(&t, 4, "", versions[i], &rules);
		EXPECT_STREQ("off", V(PV_TLB_FLUSH));
		EXPECT_STREQ("off", V(PV_SCHED_YIELD));
		host_like(&t, HOST_MASK & ~F(PV_SEND_IPI), 0);
		v = predict_as(&t, 4, "", versions[i], &rules);
		EXPECT_STREQ("off", V(PV_IPI));
	}
}

/*
 * kvm_spinlock_init(): 5.10 tests PV_UNHALT first, 6.1 on last (after
 * HINTS_REALTIME, one CPU, nopvspin).
 */
TEST(v510_spinlock_unhalt_first)
{
	static const struct { int version; int cpus; uint32_t edx; const char *cmdline, *want; } c[] = {
		{ 510, 4, REALTIME, "", "off-no-host-support" },
		{ 510, 1, 0, "", "off-no-host-support" },
		{ 510, 4, 0, "nopvspin", "off-no-host-support" },
		{ 601, 4, REALTIME, "", "off-realtime" },
		{ 612, 1, 0, "", "off-single-cpu" },
		{ 618, 4, 0, "nopvspin", "off-nopvspin" },
		{ 612, 4, 0, "", "off-no-host-support" },
	};
	struct table t;
	struct linux_view v;
	size_t i;
	int rules;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		host_like(&t, HOST_MASK & ~F(PV_UNHALT), c[i].edx);
		v = predict_as(&t, c[i].cpus, c[i].cmdline, c[i].version, &rules);
		EXPECT_STREQ(c[i].want, V(PV_SPINLOCKS)) TH_LOG("case %zu", i);
	}
	/* with PV_UNHALT, 5.10 and 6.12 agree */
	host_like(&t, HOST_MASK, REALTIME);
	v = predict_as(&t, 4, "", 510, &rules);
	EXPECT_STREQ("off-realtime", V(PV_SPINLOCKS));
	host_like(&t, HOST_MASK, 0);
	v = predict_as(&t, 4, "nopvspin", 510, &rules);
	EXPECT_STREQ("off-nopvspin", V(PV_SPINLOCKS));
}

/* Where no rule differs, every version predicts what the default (6.12) does. */
TEST(versions_agree_elsewhere)
{
	static const int versions[] = { 510, 601, 612, 618 };
	struct table t;
	struct linux_view v, ref;
	int i, d, rules;

	host_like(&t, HOST_MASK, 0);
	ref = predict_as(&t, 2, "", 0, &rules);
	EXPECT_EQ(612, rules);
	for (i = 0; i < 4; i++) {
		v = predict_as(&t, 2, "", versions[i], &rules);
		for (d = 0; d < LD_NR; d++)
			if (d != LD_PV_IPI && d != LD_PV_TLB_FLUSH && d != LD_PV_SCHED_YIELD)
				EXPECT_STREQ(ref.evidence[d], v.evidence[d]) TH_LOG("%d %s", versions[i],
					linux_decision_name(d));
		for (d = 0; d < LD_NR; d++)
			EXPECT_STREQ(ref.value[d], v.value[d]);
	}
}

TEST_HARNESS_MAIN
