// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpuid_table.h"
#include "layout.h"

static const char *const kind_names[] = {
	[LAYOUT_KVM] = "kvm",
	[LAYOUT_HYPERV] = "hyperv",
	[LAYOUT_XEN] = "xen",
	[LAYOUT_ACRN] = "acrn",
	[LAYOUT_NONE] = "none",
};

const char *layout_kind_name(enum layout_kind k)
{
	return (unsigned int)k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "?";
}

void layout_default(struct layout *l)
{
	memset(l, 0, sizeof(*l));
	l->kind = LAYOUT_KVM;
	l->base = HV_BASE_FIRST;
	snprintf(l->spec, sizeof(l->spec), "kvm");
}

static int fail(char *err, size_t len, const char *fmt, const char *a, const char *b)
{
	snprintf(err, len, fmt, a, b);
	return -1;
}

static int parse_hex32(const char *s, uint32_t *v)
{
	char *end;
	unsigned long long x;

	if (strncasecmp(s, "0x", 2) || !s[2])
		return -1;
	errno = 0;
	x = strtoull(s, &end, 16);
	if (errno || *end || x > 0xffffffffull)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

int layout_parse(const char *spec, struct layout *l, char *err, size_t errlen)
{
	char buf[64], *comma, *at;
	size_t k;

	layout_default(l);
	if (!spec || !*spec || strlen(spec) >= sizeof(buf))
		return fail(err, errlen, "bad --layout '%s'%s: give kvm, kvm@0x40000100, hyperv, xen, acrn, none or old-host",
			    spec ? spec : "", "");
	snprintf(l->spec, sizeof(l->spec), "%s", spec);
	snprintf(buf, sizeof(buf), "%s", spec);

	comma = strchr(buf, ',');
	if (comma) {
		*comma++ = '\0';
		if (strncasecmp(comma, "eax=", 4) || parse_hex32(comma + 4, &l->sig_eax))
			return fail(err, errlen, "bad --layout '%s': '%s' must be eax=0xHEX (32 bits)",
				    spec, comma);
		l->eax_set = 1;
	}
	at = strchr(buf, '@');
	if (at) {
		*at++ = '\0';
		if (parse_hex32(at, &l->base) || l->base < HV_BASE_FIRST ||
		    l->base > HV_BASE_LAST || l->base % HV_BASE_STEP)
			return fail(err, errlen, "bad --layout '%s': base '%s' must be 0x40000000-0x4000ff00 in steps of 0x100",
				    spec, at);
	}
	if (!strcasecmp(buf, "old-host")) {
		/* cpuid.rst: old hosts return eax = 0, to be read as 0x40000001 */
		l->kind = LAYOUT_KVM;
		if (!l->eax_set) {
			l->eax_set = 1;
			l->sig_eax = 0;
		}
		return 0;
	}
	for (k = 0; k < sizeof(kind_names) / sizeof(kind_names[0]); k++) {
		if (!strcasecmp(buf, kind_names[k])) {
			l->kind = (enum layout_kind)k;
			if ((l->kind == LAYOUT_HYPERV || l->kind == LAYOUT_NONE) && at)
				return fail(err, errlen, "bad --layout '%s': %s has no base to choose",
					    spec, kind_names[k]);
			if (l->kind == LAYOUT_NONE && l->eax_set)
				return fail(err, errlen, "bad --layout '%s': %s has no signature leaf",
					    spec, kind_names[k]);
			return 0;
		}
	}
	return fail(err, errlen, "bad --layout '%s': unknown kind '%s' (kvm, hyperv, xen, acrn, none, old-host)",
		    spec, buf);
}

static void put(struct kvm_cpuid2 *c, uint32_t fn, uint32_t eax, const char *sig12,
		uint32_t edx_plain)
{
	struct kvm_cpuid_entry2 *e = &c->entries[c->nent++];

	memset(e, 0, sizeof(*e));
	e->function = fn;
	e->eax = eax;
	if (sig12) {
		memcpy(&e->ebx, sig12, 4);
		memcpy(&e->ecx, sig12 + 4, 4);
		memcpy(&e->edx, sig12 + 8, 4);
	} else {
		e->edx = edx_plain;
	}
}

void layout_apply(struct kvm_cpuid2 *c, const struct layout *l, uint32_t eax, uint32_t edx)
{
	uint32_t i, n = 0, base = l->base;

	/* Drop every hypervisor leaf the table had. */
	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function < HV_BASE_FIRST || c->entries[i].function > 0x4000ffffu)
			c->entries[n++] = c->entries[i];
	c->nent = n;

	switch (l->kind) {
	case LAYOUT_NONE:
		return;
	case LAYOUT_HYPERV:
		/* TLFS: 0x40000000 max leaf + "Microsoft Hv", 0x40000001 "Hv#1". */
		put(c, HV_BASE_FIRST, l->eax_set ? l->sig_eax : 0x40000005u, "Microsoft Hv", 0);
		put(c, HV_BASE_FIRST + 1, 0x31237648u /* "Hv#1" */, NULL, 0);
		base = HV_BASE_FIRST + HV_BASE_STEP;
		put(c, base, base + 1, "KVMKVMKVM\0\0\0", 0);
		put(c, base + 1, eax, NULL, edx);
		return;
	case LAYOUT_XEN:
		put(c, base, l->eax_set ? l->sig_eax : base + 2, "XenVMMXenVMM", 0);
		put(c, base + 1, 0x0004000du /* version 4.13 */, NULL, 0);
		put(c, base + 2, 1, NULL, 0);
		return;
	case LAYOUT_ACRN:
		put(c, base, l->eax_set ? l->sig_eax : base + 1, "ACRNACRNACRN", 0);
		put(c, base + 1, 0, NULL, 0);
		return;
	default:
		put(c, base, l->eax_set ? l->sig_eax : base + 1, "KVMKVMKVM\0\0\0", 0);
		put(c, base + 1, eax, NULL, edx);
	}
}

uint32_t layout_kvm_base(struct kvm_cpuid2 *c)
{
	uint32_t base;

	for (base = HV_BASE_FIRST; base <= HV_BASE_LAST; base += HV_BASE_STEP) {
		struct kvm_cpuid_entry2 *e = cpuid_find(c, base, 0);

		if (e && !memcmp(&e->ebx, "KVMK", 4) && !memcmp(&e->ecx, "VMKV", 4) &&
		    !memcmp(&e->edx, "M\0\0\0", 4))
			return base;
	}
	return 0;
}

uint32_t layout_seed_base(struct kvm_cpuid2 *c, const char *sig, uint32_t leaves)
{
	uint32_t base;

	for (base = HV_BASE_FIRST; base < 0x40010000u; base += HV_BASE_STEP) {
		struct kvm_cpuid_entry2 *e = cpuid_find(c, base, 0);
		uint32_t signature[3] = { 0, 0, 0 }, eax = 0;

		if (e) {
			eax = e->eax;
			signature[0] = e->ebx;
			signature[1] = e->ecx;
			signature[2] = e->edx;
		}
		if (!memcmp(sig, signature, 12) && (leaves == 0 || (eax - base) >= leaves))
			return base;
	}
	return 0;
}
