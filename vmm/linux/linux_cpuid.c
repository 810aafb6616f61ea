// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest-visible CPUID and the boot CPU Linux 6.12 identifies from it,
 * for the guest model (linux_model.c).  Every rule cites the 6.12 source it
 * encodes (paths in the linux-source-6.12 tree).
 */
#include <stdbool.h>
#include <string.h>

#include "linux_cpuid.h"

/*
 * CPUID as the guest sees it: KVM's kvm_cpuid() (arch/x86/kvm/cpuid.c).
 * A missing leaf reads as zeros, except on a non-AMD guest vendor where a
 * leaf beyond its class's range reads as the highest basic leaf
 * (get_out_of_range_cpuid_entry()).
 */
static const struct kvm_cpuid_entry2 *find_entry(const struct kvm_cpuid2 *c, uint32_t fn,
						  uint32_t idx, bool any_index)
{
	uint32_t i;

	if (!c)
		return NULL;
	for (i = 0; i < c->nent; i++) {
		const struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function != fn)
			continue;
		if (any_index || !(e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || e->index == idx)
			return e;
	}
	return NULL;
}

/* Three registers spell @s (12 bytes) in the order given. */
static bool spells(uint32_t a, uint32_t b, uint32_t c, const char *s)
{
	char buf[12];

	memcpy(buf, &a, 4);
	memcpy(buf + 4, &b, 4);
	memcpy(buf + 8, &c, 4);
	return !memcmp(buf, s, 12);
}

/* A CPU vendor string is ebx, edx, ecx. */
static bool vendor_is(uint32_t ebx, uint32_t ecx, uint32_t edx, const char *v)
{
	return spells(ebx, edx, ecx, v);
}

/* A hypervisor signature is ebx, ecx, edx. */
bool linux_cpuid_signature_is(const struct linux_cpuid_regs *r, const char *sig)
{
	return spells(r->ebx, r->ecx, r->edx, sig);
}

static const struct kvm_cpuid_entry2 *out_of_range(const struct kvm_cpuid2 *c, uint32_t fn,
						    uint32_t idx)
{
	const struct kvm_cpuid_entry2 *basic = find_entry(c, 0, 0, true), *class;

	if (!basic)
		return NULL;
	if (vendor_is(basic->ebx, basic->ecx, basic->edx, "AuthenticAMD") ||
	    vendor_is(basic->ebx, basic->ecx, basic->edx, "AMDisbetter!") ||
	    vendor_is(basic->ebx, basic->ecx, basic->edx, "HygonGenuine"))
		return NULL;
	if (fn >= 0x40000000 && fn <= 0x4fffffff)
		class = find_entry(c, fn & 0xffffff00, 0, true);
	else if (fn >= 0xc0000000)
		class = find_entry(c, 0xc0000000, 0, true);
	else
		class = find_entry(c, fn & 0x80000000, 0, true);
	if (class && fn <= class->eax)
		return NULL;
	return find_entry(c, basic->eax, idx, false);
}

struct linux_cpuid_regs linux_cpuid_read(const struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx)
{
	const struct kvm_cpuid_entry2 *e = find_entry(c, fn, idx, false);
	struct linux_cpuid_regs r = { 0, 0, 0, 0 };

	if (!e)
		e = out_of_range(c, fn, idx);
	if (e) {
		r.eax = e->eax;
		r.ebx = e->ebx;
		r.ecx = e->ecx;
		r.edx = e->edx;
	}
	return r;
}

/* arch/x86/include/asm/cpuid.h hypervisor_cpuid_base() */
uint32_t linux_cpuid_hypervisor_base(const struct kvm_cpuid2 *c, const char *sig,
				     uint32_t leaves)
{
	uint32_t base;

	for (base = 0x40000000; base < 0x40010000; base += 0x100) {
		struct linux_cpuid_regs r = linux_cpuid_read(c, base, 0);

		if (linux_cpuid_signature_is(&r, sig) && (leaves == 0 || r.eax - base >= leaves))
			return base;
	}
	return 0;
}

/* ---- The boot CPU as Linux identifies it (arch/x86/kernel/cpu/) ---- */

void linux_guest_cpu_identify(const struct kvm_cpuid2 *c, struct linux_guest_cpu *g)
{
	struct linux_cpuid_regs r0 = linux_cpuid_read(c, 0, 0), r;
	uint32_t power = 0;

	memset(g, 0, sizeof(*g));
	g->cpuid = c;
	/* common.c cpu_detect(): the vendor string is ebx, edx, ecx. */
	g->level = (int32_t)r0.eax;
	if (vendor_is(r0.ebx, r0.ecx, r0.edx, "GenuineIntel"))
		g->vendor = LINUX_VENDOR_INTEL;
	else if (vendor_is(r0.ebx, r0.ecx, r0.edx, "AuthenticAMD"))
		g->vendor = LINUX_VENDOR_AMD;
	else if (vendor_is(r0.ebx, r0.ecx, r0.edx, "HygonGenuine"))
		g->vendor = LINUX_VENDOR_HYGON;
	else if (vendor_is(r0.ebx, r0.ecx, r0.edx, "CentaurHauls"))
		g->vendor = LINUX_VENDOR_CENTAUR;
	else if (vendor_is(r0.ebx, r0.ecx, r0.edx, "  Shanghai  "))
		g->vendor = LINUX_VENDOR_ZHAOXIN;

	/* common.c cpu_detect()/get_cpu_cap(): leaf 1 only if cpuid_level >= 1. */
	if (g->level >= 1) {
		r = linux_cpuid_read(c, 1, 0);
		g->family = (r.eax >> 8) & 0xf;
		if (g->family == 0xf)
			g->family += (r.eax >> 20) & 0xff;
		g->model = (r.eax >> 4) & 0xf;
		if (g->family >= 6)
			g->model += ((r.eax >> 16) & 0xf) << 4;
		g->hypervisor = r.ecx & (1u << 31);
		g->mwait = r.ecx & (1u << 3);
		g->tsc = r.edx & (1u << 4);
		g->apic = r.edx & (1u << 9);
	}
	/* common.c filter_cpuid_features(): MWAIT needs cpuid_level >= 5. */
	if (g->level < 5)
		g->mwait = false;

	/* common.c get_cpu_cap(): x86_power = 0x80000007 edx. */
	r = linux_cpuid_read(c, 0x80000000, 0);
	g->xlevel = (r.eax & 0xffff0000) == 0x80000000 ? r.eax : 0;
	if (g->xlevel >= 0x80000007)
		power = linux_cpuid_read(c, 0x80000007, 0).edx;

	/*
	 * CONSTANT_TSC/NONSTOP_TSC: early_init_intel(), early_init_amd(),
	 * early_init_hygon(), early_init_centaur(), early_init_zhaoxin() set
	 * both from x86_power bit 8 (invariant TSC); Intel, Centaur and
	 * Zhaoxin also set CONSTANT_TSC alone for some families.
	 */
	switch (g->vendor) {
	case LINUX_VENDOR_INTEL:
		if ((g->family == 0xf && g->model >= 3) || (g->family == 6 && g->model >= 0xe))
			g->constant_tsc = true;
		break;
	case LINUX_VENDOR_CENTAUR:
		if ((g->family == 6 && g->model >= 0xf) || g->family >= 7)
			g->constant_tsc = true;
		break;
	case LINUX_VENDOR_ZHAOXIN:
		if (g->family >= 6)
			g->constant_tsc = true;
		break;
	default:
		break;
	}
	if (g->vendor != LINUX_VENDOR_OTHER && (power & (1u << 8))) {
		g->constant_tsc = true;
		g->nonstop_tsc = true;
	}
}
