// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <asm/kvm_para.h>

#include "guest_view.h"
#include "layout.h"
#include "pv_feature.h"
#include "pvprobe_exit.h"

static const struct {
	char sig[12];
	uint32_t leaves;
} sig_calls_args[PV_NR_SIGS] = {
	[PV_SIG_KVM] = { "KVMKVMKVM\0\0\0", 0 },
	[PV_SIG_XEN] = { "XenVMMXenVMM", 2 },
	[PV_SIG_ACRN] = { "ACRNACRNACRN", 0 },
};

/* How the source document calls hypervisor_cpuid_base() for each. */
static const char *const sig_calls[PV_NR_SIGS] = {
	[PV_SIG_KVM] = "hypervisor_cpuid_base(\"KVMKVMKVM\\0\\0\\0\", 0)",
	[PV_SIG_XEN] = "hypervisor_cpuid_base(\"XenVMMXenVMM\", 2)",
	[PV_SIG_ACRN] = "hypervisor_cpuid_base(\"ACRNACRNACRN\", 0)",
};

const char *guest_view_sig_call(int sig)
{
	return sig >= 0 && sig < PV_NR_SIGS ? sig_calls[sig] : "?";
}

int guest_view_collect(const struct kvm_sys *kvm, const struct guest_config *cfg,
		       struct guest_view *gv, char *err, size_t errlen)
{
	struct session s;
	int rc, i;

	memset(gv, 0, sizeof(*gv));
	gv->cfg = *cfg;
	gv->cfg.table = NULL;	/* the caller's, freed after this */
	gv->replayed = cfg->table != NULL;
	gv->failed_vcpu = -1;
	gv->disagree_vcpu = -1;
	rc = session_create(kvm, cfg, &s, err, errlen);
	if (rc != PV_EXIT_OK)
		return rc;
	gv->kvm_base = s.kvm_base;
	gv->kvm_eax = s.kvm_eax;
	gv->kvm_edx = s.kvm_edx;
	for (i = 0; i < PV_NR_SIGS; i++)
		gv->expect_base[i] = layout_seed_base(s.got, sig_calls_args[i].sig,
						      sig_calls_args[i].leaves);
	gv->nr_refused = s.nr_refused;
	memcpy(gv->refused, s.refused, sizeof(gv->refused));
	gv->nr_set = (int)s.set->nent < GV_MAX_ENTRIES ? (int)s.set->nent : GV_MAX_ENTRIES;
	memcpy(gv->set, s.set->entries, gv->nr_set * sizeof(gv->set[0]));
	gv->nr_changes = s.nr_changes;
	memcpy(gv->changes, s.changes, sizeof(gv->changes));

	for (i = 0; i < cfg->nr_vcpus; i++) {
		struct run_result *r = &gv->run[i];

		session_run(&s, i, PV_ENTRY_REPORT, 0, 0, r);
		if (r->status != RUN_DONE) {
			if (gv->failed_vcpu < 0)
				gv->failed_vcpu = i;
			continue;
		}
		if (i == 0) {
			memcpy(gv->sig_base, r->results.sig_base, sizeof(gv->sig_base));
			gv->leaf0 = r->results.kvm_leaf0;
			gv->leaf1 = r->results.kvm_leaf1;
		} else if (gv->disagree_vcpu < 0 &&
			   (memcmp(gv->sig_base, r->results.sig_base, sizeof(gv->sig_base)) ||
			    memcmp(&gv->leaf1, &r->results.kvm_leaf1, sizeof(gv->leaf1)))) {
			gv->disagree_vcpu = i;
		}
	}
	gv->eax = gv->leaf1.eax;
	gv->edx = gv->leaf1.edx;
	session_destroy(&s);
	return PV_EXIT_OK;
}

static void add(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

int guest_view_verdict(const struct guest_view *gv, char *why, size_t len)
{
	why[0] = '\0';
	if (gv->failed_vcpu >= 0)
		add(why, len, "vCPU %d: %s: %s\n", gv->failed_vcpu,
		    run_status_name(gv->run[gv->failed_vcpu].status),
		    gv->run[gv->failed_vcpu].detail);
	if (gv->disagree_vcpu >= 0)
		add(why, len, "vCPU %d saw different hypervisor leaves than vCPU 0\n",
		    gv->disagree_vcpu);
	if (gv->failed_vcpu < 0) {
		int k;

		for (k = 0; k < PV_NR_SIGS; k++)
			if (gv->sig_base[k] != gv->expect_base[k])
				add(why, len, "%s returned 0x%08x in the guest, 0x%08x over KVM's CPUID table\n",
				    sig_calls[k], gv->sig_base[k], gv->expect_base[k]);
		if (gv->sig_base[PV_SIG_KVM] != gv->kvm_base)
			add(why, len, "the guest found KVM at 0x%08x, KVM itself at 0x%08x\n",
			    gv->sig_base[PV_SIG_KVM], gv->kvm_base);
		if (gv->eax != gv->kvm_eax)
			add(why, len, "the guest saw 0x40000001 eax 0x%08x, KVM holds 0x%08x\n",
			    gv->eax, gv->kvm_eax);
		if (gv->edx != gv->kvm_edx)
			add(why, len, "the guest saw 0x40000001 edx 0x%08x, KVM holds 0x%08x\n",
			    gv->edx, gv->kvm_edx);
	}
	return why[0] ? PV_EXIT_MISMATCH : PV_EXIT_OK;
}

/* The PV register a change is in (PV_REG_*), or -1 outside 0x40000001 eax/edx. */
int guest_view_change_reg(const struct guest_view *gv, const struct cpuid_change *c)
{
	if (c->missing || !gv->kvm_base || c->function != gv->kvm_base + 1)
		return -1;
	return c->reg == 0 ? PV_REG_EAX : c->reg == 3 ? PV_REG_EDX : -1;
}

/*
 * Why KVM changed a bit, where the kernel documents it
 * (arch/x86/kvm/cpuid.c kvm_update_cpuid_runtime()), or NULL.
 */
const char *guest_view_change_reason(const struct guest_view *gv, const struct cpuid_change *c,
				     int bit)
{
	if (guest_view_change_reg(gv, c) == PV_REG_EAX && bit == KVM_FEATURE_PV_UNHALT &&
	    (gv->cfg.disable_exits & KVM_X86_DISABLE_EXITS_HLT))
		return "KVM_X86_DISABLE_EXITS_HLT: HLT stays in the guest, so KVM clears PV_UNHALT (kvm_update_cpuid_runtime)";
	if (c->function == 1 && c->reg == 2 && bit == 27)
		return "OSXSAVE follows the guest's CR4.OSXSAVE (kvm_update_cpuid_runtime)";
	if (c->function == 1 && c->reg == 3 && bit == 9)
		return "APIC follows the APIC base MSR's enable bit (kvm_update_cpuid_runtime)";
	if (c->function == 7 && c->index == 0 && c->reg == 2 && bit == 4)
		return "OSPKE follows the guest's CR4.PKE (kvm_update_cpuid_runtime)";
	if (c->function == 0xd && c->index <= 1 && c->reg == 1)
		return "XSAVE area size follows the guest's XCR0 (kvm_update_cpuid_runtime)";
	return NULL;
}
