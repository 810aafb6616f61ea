// SPDX-License-Identifier: GPL-2.0-only
#include <stdio.h>
#include <string.h>
#include <linux/kvm.h>
#include <asm/kvm_para.h>

#include "cpuid_verify.h"
#include "deviations.h"
#include "kvm_sys.h"
#include "pvprobe_exit.h"

#define ALL	0xffffffffu
#define ANY_IDX	0xffffffffu

/* KVM's documented run-time edits (arch/x86/kvm/cpuid.c kvm_update_cpuid_runtime()). */
static const struct {
	uint32_t function, index;
	int reg;
	uint32_t mask;
	const char *why;
} kvm_edits[] = {
	{ 1, 0, 2, 1u << 27, "OSXSAVE follows the guest's CR4.OSXSAVE" },
	{ 1, 0, 3, 1u << 9, "APIC follows IA32_APIC_BASE's enable bit" },
	{ 1, 0, 2, 1u << 3, "MWAIT follows IA32_MISC_ENABLE (KVM_X86_QUIRK_MISC_ENABLE_NO_MWAIT)" },
	{ 7, 0, 2, 1u << 4, "OSPKE follows the guest's CR4.PKE" },
	{ 0xd, 0, 1, ALL, "XSAVE area size follows the guest's XCR0" },
	{ 0xd, 1, 1, ALL, "XSAVES area size follows the guest's XCR0 and IA32_XSS" },
	{ 0xb, ANY_IDX, 3, ALL, "x2APIC ID is the vCPU's" },
	{ 0x1f, ANY_IDX, 3, ALL, "x2APIC ID is the vCPU's" },
};

static void add(struct cpuid_verify_report *rep, const struct kvm_cpuid_entry2 *e, int reg,
		uint32_t kvm, uint32_t guest, uint32_t bits, enum cv_kind kind, const char *why)
{
	const uint32_t *pv = &e->eax;
	struct cv_diff *d;

	if (!bits)
		return;
	if (kind == CV_EDIT)
		rep->edits++;
	else if (kind == CV_DEVIATION)
		rep->deviations++;
	else
		rep->mismatches++;
	if (rep->nr_diffs >= CV_MAX_DIFFS)
		return;
	d = &rep->d[rep->nr_diffs++];
	d->function = e->function;
	d->index = e->index;
	d->reg = reg;
	d->programmed = pv[reg];
	d->kvm = kvm;
	d->guest = guest;
	d->bits = bits;
	d->kind = kind;
	d->why = why;
}

static void judge(struct cpuid_verify_report *rep, const struct kvm_cpuid_entry2 *e,
		  const struct kvm_cpuid_entry2 *held, const struct pv_cpuid_regs *seen,
		  const struct guest_config *cfg, uint32_t kvm_base)
{
	const uint32_t *prog = &e->eax;
	const uint32_t got[4] = { seen->eax, seen->ebx, seen->ecx, seen->edx };
	const uint32_t kvm[4] = { held ? held->eax : 0, held ? held->ebx : 0,
				  held ? held->ecx : 0, held ? held->edx : 0 };
	int hv = e->function >= 0x40000000u && e->function <= 0x4000ffffu;
	const struct cpuid_deviation *dev;
	int r;
	size_t k;

	for (r = 0; r < 4; r++) {
		uint32_t diff = prog[r] ^ got[r], edit = 0;
		const char *why = NULL;

		/*
		 * The edit's absence is a fault too: with HLT exits disabled
		 * KVM must clear PV_UNHALT (arch/x86/kvm/cpuid.c
		 * __kvm_update_cpuid_runtime()), or a guest would wait in HLT
		 * for a kick that cannot come.  Judged on what KVM holds.
		 */
		if (hv && kvm_base && e->function == kvm_base + 1 && r == 0 &&
		    (cfg->disable_exits & KVM_X86_DISABLE_EXITS_HLT) &&
		    (prog[r] & got[r] & (1u << KVM_FEATURE_PV_UNHALT)))
			add(rep, e, r, kvm[r], got[r], 1u << KVM_FEATURE_PV_UNHALT, CV_MISMATCH,
			    "KVM_X86_DISABLE_EXITS_HLT: KVM must clear PV_UNHALT; it kept it");
		if (!diff)
			continue;
		if (hv && kvm_base && e->function == kvm_base + 1 && r == 0 &&
		    (cfg->disable_exits & KVM_X86_DISABLE_EXITS_HLT) &&
		    (diff & (1u << KVM_FEATURE_PV_UNHALT))) {
			edit = 1u << KVM_FEATURE_PV_UNHALT;
			why = "KVM_X86_DISABLE_EXITS_HLT: KVM clears PV_UNHALT";
		}
		for (k = 0; !hv && k < sizeof(kvm_edits) / sizeof(kvm_edits[0]); k++) {
			if (kvm_edits[k].function == e->function && kvm_edits[k].reg == r &&
			    (kvm_edits[k].index == ANY_IDX || kvm_edits[k].index == e->index) &&
			    (diff & kvm_edits[k].mask)) {
				add(rep, e, r, kvm[r], got[r], diff & kvm_edits[k].mask, CV_EDIT,
				    kvm_edits[k].why);
				diff &= ~kvm_edits[k].mask;
			}
		}
		add(rep, e, r, kvm[r], got[r], edit, CV_EDIT, why);
		diff &= ~edit;
		if (!diff)
			continue;
		dev = hv ? NULL : cpuid_deviation_find(rep->backend, e->function);
		add(rep, e, r, kvm[r], got[r], diff, dev ? CV_DEVIATION : CV_MISMATCH,
		    dev ? dev->reason : hv ? "the hypervisor leaves must reach the guest exactly as programmed" :
		    "not a documented KVM edit");
	}
}

int cpuid_verify_run(const struct kvm_sys *kvm, const struct guest_config *cfg,
		     struct cpuid_verify_report *rep, char *err, size_t errlen)
{
	struct pv_cpuid_list *list;
	struct pv_cpuid_regs out[PV_CPUID_LIST_MAX];
	struct run_result res;
	struct session s;
	uint32_t i, n;
	int rc;

	memset(rep, 0, sizeof(*rep));
	rep->cfg = *cfg;
	kvm_backend(rep->backend, sizeof(rep->backend));
	rc = session_create(kvm, cfg, &s, err, errlen);
	if (rc != PV_EXIT_OK)
		return rc;
	n = s.set->nent < PV_CPUID_LIST_MAX ? s.set->nent : PV_CPUID_LIST_MAX;
	list = vm_gpa(&s.vm, PV_CPUID_LIST_ADDR, sizeof(*list));
	list->count = n;
	for (i = 0; i < n; i++) {
		list->q[i].function = s.set->entries[i].function;
		list->q[i].index = s.set->entries[i].index;
	}
	session_run(&s, 0, PV_ENTRY_CPUID_LIST, 0, 0, &res);
	if (res.status != RUN_DONE) {
		snprintf(err, errlen, "the guest did not finish: %s", res.detail);
		session_destroy(&s);
		return PV_EXIT_FAIL;
	}
	/* Our own count, never the guest's: the output is n entries, copied once. */
	memcpy(out, vm_gpa(&s.vm, PV_CPUID_OUT_ADDR, n * sizeof(out[0])), n * sizeof(out[0]));
	rep->nr_leaves = (int)n;
	for (i = 0; i < n; i++) {
		const struct kvm_cpuid_entry2 *e = &s.set->entries[i];

		if (e->function >= 0x40000000u && e->function <= 0x4000ffffu)
			rep->nr_hv_leaves++;
		judge(rep, e, cpuid_find(s.got, e->function, e->index), &out[i], cfg, s.kvm_base);
	}
	session_destroy(&s);
	return PV_EXIT_OK;
}

const char *cv_kind_name(enum cv_kind k)
{
	return k == CV_EDIT ? "KVM edit" : k == CV_DEVIATION ? "known deviation" : "MISMATCH";
}
