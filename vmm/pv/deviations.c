// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "deviations.h"
#include "pv_probes.h"

static const struct deviation deviations[] = {
	{
		.backend = "kvm_pvm",
		.probe_prefix = "hypercall.",
		.observed = OUT_TIMEOUT,
		.hangs = 1,
		.cpl0_only = 1,	/* at CPL 3 they complete: -KVM_EPERM */
		.reason = "kvm_pvm: VMCALL/VMMCALL made at CPL 0 never complete; KVM_RUN "
			  "re-enters at the instruction until the watchdog kicks it (measured "
			  "on this backend; the kernel's fix_hypercall_test and kvm_pv_test hang the "
			  "same way; pvprobe check shows the RIP of the instruction)",
	},
	{
		.backend = "kvm_pvm",
		.probe_prefix = "hypercall.KICK_CPU_WAKES",
		.observed = OUT_CHECK,
		.match_value = 1,
		.value = PV_CHECK_NOT_WOKEN,
		.reason = "kvm_pvm: the KICK_CPU hypercall never completes, so the halted vCPU "
			  "is never kicked (see hypercall.KICK_CPU)",
	},
	{
		.backend = "kvm_pvm",
		.probe_prefix = "hypercall.SEND_IPI_DELIVERED",
		.observed = OUT_CHECK,
		.match_value = 1,
		.value = PV_CHECK_NOT_WOKEN,
		.reason = "kvm_pvm: the SEND_IPI hypercall never completes, so no IPI is sent "
			  "(see hypercall.SEND_IPI)",
	},
	{
		.backend = "kvm_pvm",
		.probe_prefix = "check.PV_EOI_PENDING",
		.observed = OUT_CHECK,
		.match_value = 1,
		.value = PV_CHECK_NOT_SET,
		.reason = "kvm_pvm: the self-IPI is delivered (its handler runs, three tries) "
			  "but bit 0 of the PV EOI word is never set: the backend does not arm "
			  "PV EOI (measured, 16 of 16 runs; the guest's APIC EOI write still "
			  "works, which msr.rst says is always safe)",
	},
	{
		.backend = "kvm_pvm",
		.probe_prefix = "hypercall.RING1_VAPIC_POLL_IRQ",
		.observed = OUT_FAILED,
		.no_sweep = 1,	/* the vCPU's next runs fail too */
		.reason = "kvm_pvm: the guest cannot run at CPL 1: the iretq to a DPL-1 code "
			  "segment ends the run with a guest exception reported as vector 0 at "
			  "RIP 0 (measured, every run; the same guest code at CPL 3 gets "
			  "-KVM_EPERM, and on kvm-amd at CPL 1 too)",
	},
	{
		.backend = "kvm_pvm",
		.probe_prefix = "apf.NOT_PRESENT",
		.observed = OUT_CHECK,
		.match_value = 1,
		.value = PV_CHECK_NO_APF,
		.reason = "kvm_pvm: no async #PF: the guest's read of a page the VMM holds back "
			  "is done by KVM's instruction emulator in the vCPU's own thread "
			  "(kernel stack at the fault, measured: pvm_handle_exit -> "
			  "pvm_emulate_insn_scrubbed -> x86_emulate_instruction -> "
			  "kvm_vcpu_read_guest -> handle_userfault), which waits for the page "
			  "instead of queueing async work; the VMM fills it at once and the read "
			  "completes (every run, also 2000 loops after the last exit)",
	},
	{
		.backend = "kvm_pvm",
		.probe_prefix = "apf.",
		.observed = OUT_NOT_RUN,
		.reason = "kvm_pvm: no async #PF was taken (see apf.NOT_PRESENT): there is no "
			  "page-ready to wait for",
	},
	{
		.backend = "kvm_pvm",
		.probe_prefix = "check.PV_EOI_EOI",
		.observed = OUT_NOT_RUN,
		.reason = "kvm_pvm: PV EOI is never armed (see check.PV_EOI_PENDING): "
			  "there is no PV EOI to end",
	},
};

/*
 * Measured on kvm_pvm (ci/README.md "This machine's KVM"): a 64-bit guest's CPUID 1 and 7 return the
 * machine's own values whatever KVM_SET_CPUID2 said (the kernel's
 * cpuid_test fails on this); pvprobe cpuid-verify finds the same on leaf
 * 0xd, whose sizes follow the machine's XCR0.
 */
static const struct cpuid_deviation cpuid_deviations[] = {
	{ "kvm_pvm", 0x1, "kvm_pvm: leaf 1 returns this machine's own values, not the programmed ones (measured; the kernel's cpuid_test fails)" },
	{ "kvm_pvm", 0x7, "kvm_pvm: leaf 7 returns this machine's own values, not the programmed ones (measured; the kernel's cpuid_test fails)" },
	{ "kvm_pvm", 0xd, "kvm_pvm: leaf 0xd returns this machine's own XSAVE layout, not the programmed one" },
};

const struct cpuid_deviation *cpuid_deviation_find(const char *backend, uint32_t function)
{
	size_t i;

	for (i = 0; i < sizeof(cpuid_deviations) / sizeof(cpuid_deviations[0]); i++)
		if (strstr(backend, cpuid_deviations[i].backend) &&
		    cpuid_deviations[i].function == function)
			return &cpuid_deviations[i];
	return NULL;
}

static int applies(const struct deviation *d, const char *backend, const struct probe_desc *p)
{
	if (d->cpl0_only && p->kind == PK_HCALL && p->lane == PV_LANE_RING3)
		return 0;
	return strstr(backend, d->backend) &&
	       !strncmp(p->name, d->probe_prefix, strlen(d->probe_prefix));
}

const struct deviation *deviation_find(const char *backend, const struct probe_desc *p,
				       const struct outcome *observed)
{
	size_t i;

	for (i = 0; i < sizeof(deviations) / sizeof(deviations[0]); i++) {
		const struct deviation *d = &deviations[i];

		if (applies(d, backend, p) && d->observed == observed->kind &&
		    (!d->match_value || d->value == observed->value))
			return d;
	}
	return NULL;
}

int deviation_hangs(const char *backend, const struct probe_desc *p)
{
	size_t i;

	for (i = 0; i < sizeof(deviations) / sizeof(deviations[0]); i++)
		if (deviations[i].hangs && applies(&deviations[i], backend, p))
			return 1;
	return 0;
}

int deviation_no_sweep(const char *backend, const struct probe_desc *p)
{
	size_t i;

	for (i = 0; i < sizeof(deviations) / sizeof(deviations[0]); i++)
		if (deviations[i].no_sweep && applies(&deviations[i], backend, p))
			return 1;
	return 0;
}
