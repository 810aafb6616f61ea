// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvprobe guest's result, rendered: what was programmed, what KVM changed
 * and why, and what the guest found -- as text or JSON.
 */
#include "guest_report.h"
#include "json.h"
#include "pv_feature.h"

/* The keys of --json's "signatures". */
static const char *const sig_names[PV_NR_SIGS] = {
	[PV_SIG_KVM] = "KVMKVMKVM",
	[PV_SIG_XEN] = "XenVMMXenVMM",
	[PV_SIG_ACRN] = "ACRNACRNACRN",
};

static int popcount(uint32_t v)
{
	return __builtin_popcount(v);
}

static void print_change(const struct guest_view *gv, const struct cpuid_change *c, FILE *f)
{
	int reg = guest_view_change_reg(gv, c), b;

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
		const char *why = (c->set ^ c->now) & (1u << b) ? guest_view_change_reason(gv, c, b) : NULL;
		uint32_t bits = 0;
		int k;

		if (!why)
			continue;
		for (k = 0; k < b; k++)
			if (((c->set ^ c->now) & (1u << k)) && guest_view_change_reason(gv, c, k) == why)
				break;
		if (k < b)
			continue;	/* said already */
		for (k = b; k < 32; k++)
			if (((c->set ^ c->now) & (1u << k)) && guest_view_change_reason(gv, c, k) == why)
				bits |= 1u << k;
		fprintf(f, "    bits 0x%08x: %s\n", bits, why);
	}
}

static void guest_print(const struct guest_view *gv, FILE *f)
{
	size_t i;
	int k;

	if (gv->replayed)
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
			fprintf(f, "  %-45s = 0x%08x\n", guest_view_sig_call(k), gv->sig_base[k]);
		else
			fprintf(f, "  %-45s = none\n", guest_view_sig_call(k));
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

void guest_json_obj(struct json *jp, const char *key, const struct guest_view *gv)
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
		int reg = guest_view_change_reg(gv, c), b;

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
			json_str(jp, "why", guest_view_change_reason(gv, c, b));
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
	json_str(jp, "layout", gv->replayed ? "replay" : gv->cfg.layout.spec);
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

static void guest_json(const struct guest_view *gv, FILE *f)
{
	struct json j;

	json_init(&j, f);
	guest_json_obj(&j, NULL, gv);
	json_end(&j);
}

int guest_render(const struct guest_view *gv, enum out_format fmt, FILE *f)
{
	switch (fmt) {
	case OUT_TEXT:
		guest_print(gv, f);
		return 0;
	case OUT_JSON:
		guest_json(gv, f);
		return 0;
	default:
		return -1;
	}
}
