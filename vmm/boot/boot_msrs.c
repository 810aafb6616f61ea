// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>
#include <asm/kvm_para.h>
#include <linux/kvm.h>

#include "boot_msrs.h"
#include "vcpu_state.h"

static const struct {
	uint32_t index;
	const char *name;
} msrs[BM_NR] = {
	[BM_WALL_CLOCK] = { MSR_KVM_WALL_CLOCK, "MSR_KVM_WALL_CLOCK" },
	[BM_SYSTEM_TIME] = { MSR_KVM_SYSTEM_TIME, "MSR_KVM_SYSTEM_TIME" },
	[BM_WALL_CLOCK_NEW] = { MSR_KVM_WALL_CLOCK_NEW, "MSR_KVM_WALL_CLOCK_NEW" },
	[BM_SYSTEM_TIME_NEW] = { MSR_KVM_SYSTEM_TIME_NEW, "MSR_KVM_SYSTEM_TIME_NEW" },
	[BM_ASYNC_PF_EN] = { MSR_KVM_ASYNC_PF_EN, "MSR_KVM_ASYNC_PF_EN" },
	[BM_STEAL_TIME] = { MSR_KVM_STEAL_TIME, "MSR_KVM_STEAL_TIME" },
	[BM_PV_EOI_EN] = { MSR_KVM_PV_EOI_EN, "MSR_KVM_PV_EOI_EN" },
	[BM_POLL_CONTROL] = { MSR_KVM_POLL_CONTROL, "MSR_KVM_POLL_CONTROL" },
	[BM_ASYNC_PF_INT] = { MSR_KVM_ASYNC_PF_INT, "MSR_KVM_ASYNC_PF_INT" },
};

uint32_t boot_msr_index(enum boot_msr m)
{
	return msrs[m].index;
}

const char *boot_msr_name(enum boot_msr m)
{
	return msrs[m].name;
}

void boot_msrs_read(struct vcpu *vcpu, struct boot_msrs *out)
{
	int i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < BM_NR; i++)
		out->read[i] = vcpu_get_msr(vcpu, msrs[i].index, &out->value[i]) == 1;
}

/* Bit 0 of each of these MSRs is "enabled" (Documentation/virt/kvm/x86/msr.rst). */
static int enabled(const struct boot_msrs *m, enum boot_msr r)
{
	return m->read[r] && (m->value[r] & KVM_MSR_ENABLED);
}

/*
 * One decision over @n vCPUs: @test says whether vCPU i has it; @what
 * names the MSR (and bit) for the evidence.
 */
static void decide(struct linux_view *out, enum linux_decision d, const struct boot_msrs *m,
		   int n, int (*test)(const struct boot_msrs *), enum boot_msr r, const char *bit)
{
	char ev[LD_EVIDENCE_MAX];
	int i, on = 0, known = 0;

	for (i = 0; i < n; i++) {
		if (!m[i].read[r])
			continue;
		known++;
		on += test(&m[i]);
	}
	if (!known)
		return;
	if (m[0].read[r])
		snprintf(ev, sizeof(ev), "KVM_GET_MSRS: %s%s on %d of %d vCPUs (vCPU 0: 0x%llx)",
			 msrs[r].name, bit, on, known, (unsigned long long)m[0].value[r]);
	else
		snprintf(ev, sizeof(ev), "KVM_GET_MSRS: %s%s on %d of %d vCPUs (vCPU 0: not read)",
			 msrs[r].name, bit, on, known);
	linux_view_set(out, d, on == known ? "on" : on ? "mixed" : "off", ev);
}

static int t_steal(const struct boot_msrs *m) { return enabled(m, BM_STEAL_TIME); }
static int t_eoi(const struct boot_msrs *m) { return enabled(m, BM_PV_EOI_EN); }
static int t_apf(const struct boot_msrs *m) { return enabled(m, BM_ASYNC_PF_EN); }
/* arch_haltpoll_enable() writes 0: "the guest polls, the host must not". */
static int t_poll(const struct boot_msrs *m) { return m->read[BM_POLL_CONTROL] && !(m->value[BM_POLL_CONTROL] & 1); }

void boot_msrs_view(const struct boot_msrs *m, int n, uint32_t pv_eax, struct linux_view *out)
{
	char ev[LD_EVIDENCE_MAX];

	if (n < 1)
		return;
	decide(out, LD_STEAL_TIME, m, n, t_steal, BM_STEAL_TIME, " bit 0");
	decide(out, LD_PV_EOI, m, n, t_eoi, BM_PV_EOI_EN, " bit 0");
	decide(out, LD_ASYNC_PF, m, n, t_apf, BM_ASYNC_PF_EN, " bit 0");
	/*
	 * Only a guest that sees POLL_CONTROL writes the MSR (arch/x86/kernel/
	 * kvm.c arch_haltpoll_enable()); without it the value says nothing
	 * (kvm_pvm was seen to hold 0 there from the start).
	 */
	if ((pv_eax & (1u << KVM_FEATURE_POLL_CONTROL)) && m[0].read[BM_POLL_CONTROL] &&
	    !(m[0].value[BM_POLL_CONTROL] & 1))
		decide(out, LD_HALTPOLL, m, n, t_poll, BM_POLL_CONTROL, " = 0");

	/*
	 * kvm-clock: on or off only.  Both MSR pairs read back the same
	 * vcpu->arch.time (arch/x86/kvm/x86.c kvm_get_msr_common()), so KVM
	 * cannot tell which pair the guest wrote: the log does.
	 */
	if (enabled(&m[0], BM_SYSTEM_TIME_NEW) || enabled(&m[0], BM_SYSTEM_TIME)) {
		enum boot_msr st = enabled(&m[0], BM_SYSTEM_TIME_NEW) ? BM_SYSTEM_TIME_NEW : BM_SYSTEM_TIME;

		snprintf(ev, sizeof(ev), "KVM_GET_MSRS: vCPU 0 %s = 0x%llx (bit 0 set)",
			 msrs[st].name, (unsigned long long)m[0].value[st]);
		linux_view_set(out, LD_KVMCLOCK, "on", ev);
	} else if (m[0].read[BM_SYSTEM_TIME_NEW] || m[0].read[BM_SYSTEM_TIME]) {
		linux_view_set(out, LD_KVMCLOCK, "off",
			       "KVM_GET_MSRS: vCPU 0 system time MSR bit 0 clear");
	}
}
