// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <string.h>

#include <asm/kvm_para.h>

#include "guest_view.h"
#include "json.h"
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

static const char *const sig_names[PV_NR_SIGS] = {
	[PV_SIG_KVM] = "KVMKVMKVM",
	[PV_SIG_XEN] = "XenVMMXenVMM",
	[PV_SIG_ACRN] = "ACRNACRNACRN",
};

/* How the source document calls hypervisor_cpuid_base() for each. */
static const char *const sig_calls[PV_NR_SIGS] = {
	[PV_SIG_KVM] = "hypervisor_cpuid_base(\"KVMKVMKVM\\0\\0\\0\", 0)",
	[PV_SIG_XEN] = "hypervisor_cpuid_base(\"XenVMMXenVMM\", 2)",
	[PV_SIG_ACRN] = "hypervisor_cpuid_base(\"ACRNACRNACRN\", 0)",
};

int guest_view_collect(const struct kvm_sys *kvm, const struct guest_config *cfg,
		       struct guest_view *gv, char *err, size_t errlen)
{
	struct session s;
	int rc, i;

	memset(gv, 0, sizeof(*gv));
	gv->cfg = *cfg;
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

static int popcount(uint32_t v)
{
	return __builtin_popcount(v);
}

/* The PV register a change is in (PV_REG_*), or -1 outside 0x40000001 eax/edx. */
static int change_pv_reg(const struct guest_view *gv, const struct cpuid_change *c)
{
	if (c->missing || !gv->kvm_base || c->function != gv->kvm_base + 1)
		return -1;
	return c->reg == 0 ? PV_REG_EAX : c->reg == 3 ? PV_REG_EDX : -1;
}

/*
 * Why KVM changed a bit, where the kernel documents it
 * (arch/x86/kvm/cpuid.c kvm_update_cpuid_runtime()), or NULL.
 */
static const char *change_reason(const struct guest_view *gv, const struct cpuid_change *c,
				 int bit)
{
	if (change_pv_reg(gv, c) == PV_REG_EAX && bit == KVM_FEATURE_PV_UNHALT &&
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

static void print_change(const struct guest_view *gv, const struct cpuid_change *c, FILE *f)
{
	int reg = change_pv_reg(gv, c), b;

	if (c->missing) {
		fprintf(f, "  leaf 0x%08x.%u: dropped\n", c->function, c->index);
		return;
	}
	fprintf(f, "  leaf 0x%08x.%u %s: set 0x%08x, KVM holds 0x%08x (%d bit%s)\n",
		c->function, c->index, cpuid_reg_name(c->reg), c->set, c->now,
		popcount(c->set ^ c->now), popcount(c->set ^ c->now) > 1 ? "s" : "");
	for (b = 0; reg >= 0 && b < 32; b++) {
		const struct pv_feature *p;

		if (!((c->set ^ c->now) & (1u << b)))
			continue;
		p = pv_feature_by_bit(reg, b);
		fprintf(f, "    bit %2d %-34s %s\n", b, p ? p->canonical : "(undefined)",
			c->now & (1u << b) ? "cleared -> set" : "set -> cleared");
	}
	/* Each documented reason once, with the bits it explains. */
	for (b = 0; b < 32; b++) {
		const char *why = (c->set ^ c->now) & (1u << b) ? change_reason(gv, c, b) : NULL;
		uint32_t bits = 0;
		int k;

		if (!why)
			continue;
		for (k = 0; k < b; k++)
			if (((c->set ^ c->now) & (1u << k)) && change_reason(gv, c, k) == why)
				break;
		if (k < b)
			continue;	/* said already */
		for (k = b; k < 32; k++)
			if (((c->set ^ c->now) & (1u << k)) && change_reason(gv, c, k) == why)
				bits |= 1u << k;
		fprintf(f, "    bits 0x%08x: %s\n", bits, why);
	}
}

void guest_view_print(const struct guest_view *gv, FILE *f)
{
	size_t i;
	int k;

	if (gv->cfg.table)
		fprintf(f, "Programmed: a replayed CPUID table of %d leaves; PV enforcement %s; %d vCPU%s\n",
			gv->nr_set, gv->cfg.enforce ? "on" : "off", gv->cfg.nr_vcpus,
			gv->cfg.nr_vcpus > 1 ? "s" : "");
	else
		fprintf(f, "Programmed KVM features: eax 0x%08x, edx 0x%08x; layout %s; PV enforcement %s; %d vCPU%s\n",
			gv->cfg.eax, gv->cfg.edx, gv->cfg.layout.spec, gv->cfg.enforce ? "on" : "off",
			gv->cfg.nr_vcpus, gv->cfg.nr_vcpus > 1 ? "s" : "");
	for (k = 0; k < gv->nr_refused; k++)
		fprintf(f, "KVM_SET_CPUID2 refused leaf 0x%08x.%u (eax 0x%08x ebx 0x%08x ecx 0x%08x edx 0x%08x): not programmed\n",
			gv->refused[k].function, gv->refused[k].index, gv->refused[k].eax,
			gv->refused[k].ebx, gv->refused[k].ecx, gv->refused[k].edx);
	if (gv->kvm_base)
		fprintf(f, "KVM finds its own leaves at 0x%08x (features 0x%08x: eax 0x%08x, edx 0x%08x)\n",
			gv->kvm_base, gv->kvm_base + 1, gv->kvm_eax, gv->kvm_edx);
	else
		fprintf(f, "KVM finds no KVM signature: every PV feature is off for KVM too\n");
	if (!gv->nr_changes) {
		fprintf(f, "KVM changed: nothing (KVM_GET_CPUID2 returned what was set)\n");
	} else {
		fprintf(f, "KVM changed %d register%s (KVM_GET_CPUID2 after KVM_SET_CPUID2):\n",
			gv->nr_changes, gv->nr_changes > 1 ? "s" : "");
		for (k = 0; k < gv->nr_changes && k < PV_MAX_CHANGES; k++)
			print_change(gv, &gv->changes[k], f);
	}
	fputc('\n', f);
	fprintf(f, "In the guest (vCPU 0):\n");
	for (k = 0; k < PV_NR_SIGS; k++) {
		if (gv->sig_base[k])
			fprintf(f, "  %-45s = 0x%08x\n", sig_calls[k], gv->sig_base[k]);
		else
			fprintf(f, "  %-45s = none\n", sig_calls[k]);
	}
	if (gv->sig_base[PV_SIG_KVM])
		fprintf(f, "  CPUID 0x%08x: eax 0x%08x (highest leaf)\n  CPUID 0x%08x: eax 0x%08x, edx 0x%08x\n\n",
			gv->sig_base[PV_SIG_KVM], gv->leaf0.eax,
			gv->sig_base[PV_SIG_KVM] + 1, gv->eax, gv->edx);
	else
		fprintf(f, "  no KVM signature: the guest sees no PV feature\n\n");

	for (k = 1; k >= 0; k--) {
		fprintf(f, "%s PV features:\n", k ? "Supported" : "Unsupported");
		for (i = 0; i < PV_NR_ROWS; i++) {
			const struct pv_feature *p = &pv_features[i];

			if (p->reg == PV_REG_EAX && !!(gv->eax & (1u << p->bit)) == k)
				fprintf(f, "  - %-36s bit %2d\n", p->canonical, p->bit);
		}
		fputc('\n', f);
	}
	fprintf(f, "Hints (edx):\n");
	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *p = &pv_features[i];

		if (p->reg == PV_REG_EDX)
			fprintf(f, "  - %-36s bit %2d  %s\n", p->canonical, p->bit,
				gv->edx & (1u << p->bit) ? "set" : "clear");
	}
}

void guest_view_json_obj(struct json *jp, const char *key, const struct guest_view *gv)
{
	size_t i;
	int k;

	json_obj_begin(jp, key);
	if (gv->sig_base[PV_SIG_KVM])
		json_hex32(jp, "cpuid_base", gv->sig_base[PV_SIG_KVM]);
	else
		json_str(jp, "cpuid_base", NULL);
	json_obj_begin(jp, "signatures");
	for (k = 0; k < PV_NR_SIGS; k++) {
		if (gv->sig_base[k])
			json_hex32(jp, sig_names[k], gv->sig_base[k]);
		else
			json_str(jp, sig_names[k], NULL);
	}
	json_obj_end(jp);
	json_hex32(jp, "eax", gv->eax);
	json_hex32(jp, "edx", gv->edx);
	json_arr_begin(jp, "features");
	for (i = 0; i < PV_NR_ROWS; i++) {
		if (pv_features[i].reg != PV_REG_EAX)
			continue;
		json_obj_begin(jp, NULL);
		json_str(jp, "name", pv_features[i].canonical);
		json_int(jp, "bit", pv_features[i].bit);
		json_bool(jp, "supported", !!(gv->eax & (1u << pv_features[i].bit)));
		json_obj_end(jp);
	}
	json_arr_end(jp);
	json_arr_begin(jp, "hints");
	for (i = 0; i < PV_NR_ROWS; i++) {
		if (pv_features[i].reg != PV_REG_EDX)
			continue;
		json_obj_begin(jp, NULL);
		json_str(jp, "name", pv_features[i].canonical);
		json_int(jp, "bit", pv_features[i].bit);
		json_bool(jp, "supported", !!(gv->edx & (1u << pv_features[i].bit)));
		json_obj_end(jp);
	}
	json_arr_end(jp);
	json_arr_begin(jp, "kvm_changed");
	for (k = 0; k < gv->nr_changes && k < PV_MAX_CHANGES; k++) {
		const struct cpuid_change *c = &gv->changes[k];
		int reg = change_pv_reg(gv, c), b;

		json_obj_begin(jp, NULL);
		json_hex32(jp, "leaf", c->function);
		json_int(jp, "index", c->index);
		if (c->missing) {
			json_bool(jp, "dropped", 1);
			json_obj_end(jp);
			continue;
		}
		json_str(jp, "reg", cpuid_reg_name(c->reg));
		json_hex32(jp, "programmed", c->set);
		json_hex32(jp, "kvm", c->now);
		json_arr_begin(jp, "bits");
		for (b = 0; b < 32; b++) {
			const struct pv_feature *p;

			if (!((c->set ^ c->now) & (1u << b)))
				continue;
			p = reg >= 0 ? pv_feature_by_bit(reg, b) : NULL;
			json_obj_begin(jp, NULL);
			json_int(jp, "bit", b);
			json_str(jp, "name", p ? p->canonical : NULL);
			json_int(jp, "kvm", !!(c->now & (1u << b)));
			json_str(jp, "why", change_reason(gv, c, b));
			json_obj_end(jp);
		}
		json_arr_end(jp);
		json_obj_end(jp);
	}
	json_arr_end(jp);
	json_obj_begin(jp, "config");
	json_hex32(jp, "eax", gv->cfg.eax);
	json_hex32(jp, "edx", gv->cfg.edx);
	json_bool(jp, "enforce", gv->cfg.enforce);
	json_int(jp, "vcpus", gv->cfg.nr_vcpus);
	json_str(jp, "layout", gv->cfg.table ? "replay" : gv->cfg.layout.spec);
	json_obj_end(jp);
	if (gv->kvm_base)
		json_hex32(jp, "kvm_base", gv->kvm_base);
	else
		json_str(jp, "kvm_base", NULL);
	json_cpuid_table(jp, "cpuid", gv->set, gv->nr_set);
	json_cpuid_table(jp, "refused", gv->refused, gv->nr_refused);
	json_hex32(jp, "kvm_eax", gv->kvm_eax);
	json_hex32(jp, "kvm_edx", gv->kvm_edx);
	json_arr_begin(jp, "vcpus");
	for (k = 0; k < gv->cfg.nr_vcpus; k++) {
		json_obj_begin(jp, NULL);
		json_int(jp, "vcpu", k);
		json_str(jp, "status", run_status_name(gv->run[k].status));
		json_str(jp, "detail", gv->run[k].detail);
		json_obj_end(jp);
	}
	json_arr_end(jp);
	json_obj_end(jp);
}

void guest_view_json(const struct guest_view *gv, FILE *f)
{
	struct json j;

	json_init(&j, f);
	guest_view_json_obj(&j, NULL, gv);
	json_end(&j);
}
