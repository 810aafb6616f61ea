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

const enum boot_msr boot_msr_cmp_order[BOOT_MSR_CMP_NR] = {
	BM_SYSTEM_TIME_NEW, BM_SYSTEM_TIME, BM_STEAL_TIME, BM_ASYNC_PF_EN, BM_PV_EOI_EN,
};

const char *boot_msr_cmp_name(enum boot_msr_cmp_state s)
{
	return s == BMC_AGREE ? "ok" : s == BMC_DIFFER ? "MISMATCH" : "unknown";
}

/* Why the guest has no MSRs at all: its note, and a module that did not load. */
static void no_guest_msrs(const struct linux_selfreport *self, char *why, size_t size)
{
	int i;

	snprintf(why, size, "the guest read no MSRs: %s", self->msr_note[0] ? self->msr_note :
		 self->msr_state[0] ? self->msr_state : "its report has none");
	for (i = 0; i < self->nr_modules; i++)
		if (!self->modules[i].loaded) {
			snprintf(why + strlen(why), size - strlen(why), "; %s: %s",
				 self->modules[i].file, self->modules[i].why);
			break;
		}
}

/*
 * Both sides read the same vcpu->arch fields: the guest's RDMSR and the
 * VMM's KVM_GET_MSRS both end in kvm_get_msr_common() (arch/x86/kvm/
 * x86.c: vcpu->arch.time for either system time MSR, st.msr_val,
 * apf.msr_en_val, pv_eoi.msr_val), and nothing between /init's read and
 * the power-off writes them (kvm_guest_cpu_offline() runs at CPU
 * hot-unplug, at SYS_RESTART and at a crash, arch/x86/kernel/kvm.c
 * kvm_pv_reboot_notify(), not at power-off).  So they must be equal; the
 * guest's read fails where KVM refuses the MSR to it (a #GP, EIO: a
 * feature it was not given, with enforcement), which KVM_GET_MSRS, host
 * initiated, is not refused.
 */
void boot_msrs_compare(const struct boot_msrs *kvm, int n, const struct linux_selfreport *self,
		       struct boot_msr_cmp out[BOOT_MSR_CMP_NR])
{
	int k, i;

	for (k = 0; k < BOOT_MSR_CMP_NR; k++) {
		struct boot_msr_cmp *c = &out[k];
		enum boot_msr m = boot_msr_cmp_order[k];
		char unknown[192] = "", differ[160] = "";
		int nr_differ = 0;

		memset(c, 0, sizeof(*c));
		c->msr = m;
		c->nr_cpus = n;
		if (!self->nr_msr_cpus) {
			c->state = BMC_UNKNOWN;
			no_guest_msrs(self, c->why, sizeof(c->why));
			continue;
		}
		for (i = 0; i < n; i++) {
			const struct selfrep_msr *g = linux_selfreport_msr(self, i, msrs[m].name);

			if (!kvm[i].read[m]) {
				if (!unknown[0])
					snprintf(unknown, sizeof(unknown), "vCPU %d: KVM_GET_MSRS did not return it", i);
			} else if (!g) {
				if (!unknown[0])
					snprintf(unknown, sizeof(unknown), "CPU %d: not in the guest's report", i);
			} else if (!g->read) {
				if (!unknown[0])
					snprintf(unknown, sizeof(unknown), "CPU %d: the guest could not read it: %s%s",
						 i, g->why, strstr(g->why, "Input/output") ?
						 " (a #GP: KVM refuses it to this guest)" : "");
			} else if (g->value != kvm[i].value[m]) {
				if (!nr_differ++)
					snprintf(differ, sizeof(differ), "CPU %d: the guest read 0x%llx, KVM holds 0x%llx",
						 i, (unsigned long long)g->value,
						 (unsigned long long)kvm[i].value[m]);
			} else {
				c->nr_agree++;
			}
		}
		if (nr_differ) {
			c->state = BMC_DIFFER;
			snprintf(c->why, sizeof(c->why), "%s differs on %d of %d CPUs: %s", msrs[m].name,
				 nr_differ, n, differ);
		} else if (n && c->nr_agree == n) {
			c->state = BMC_AGREE;
			snprintf(c->why, sizeof(c->why), "equal on %d of %d CPUs (CPU 0: 0x%llx)", n, n,
				 (unsigned long long)kvm[0].value[m]);
		} else {
			c->state = BMC_UNKNOWN;
			snprintf(c->why, sizeof(c->why), "equal on %d of %d CPUs; %s", c->nr_agree, n,
				 unknown[0] ? unknown : "no vCPU ran");
		}
	}
}
