// SPDX-License-Identifier: GPL-2.0-only
#include <ctype.h>
#include <string.h>
#include <asm/kvm_para.h>

#include "pv_feature.h"

#define MSRS(...)	{ __VA_ARGS__ }
#define HCALLS(...)	{ __VA_ARGS__ }

#define __PV_PREFIX_EAX	"KVM_FEATURE_"
#define __PV_PREFIX_EDX	"KVM_HINTS_"

#define PV_ROW(reg, bit, name, qemu, msrs, hcalls, use)			\
	{ PV_REG_##reg, bit, #name, __PV_PREFIX_##reg #name, qemu,	\
	  msrs, hcalls, use },

const struct pv_feature pv_features[PV_NR_ROWS] = {
	PV_FEATURE_TABLE(PV_ROW)
};

/* The table's bits must be the uapi's (arch/x86/include/uapi/asm/kvm_para.h). */
#define __PV_UAPI_EAX(name)	KVM_FEATURE_##name
#define __PV_UAPI_EDX(name)	KVM_HINTS_##name
#define PV_CHECK_UAPI(reg, bit, name, qemu, msrs, hcalls, use)		\
	_Static_assert(__PV_UAPI_##reg(name) == (bit),			\
		       #name " differs from <asm/kvm_para.h>");
PV_FEATURE_TABLE(PV_CHECK_UAPI)

const char *pv_reg_name(int reg)
{
	return reg == PV_REG_EDX ? "edx" : "eax";
}

const struct pv_feature *pv_feature_by_bit(int reg, int bit)
{
	size_t i;

	for (i = 0; i < PV_NR_ROWS; i++)
		if (pv_features[i].reg == reg && pv_features[i].bit == bit)
			return &pv_features[i];
	return NULL;
}

const char *pv_feature_dashed(const struct pv_feature *f, char *buf, size_t len)
{
	size_t i;

	for (i = 0; f->name[i] && i + 1 < len; i++)
		buf[i] = f->name[i] == '_' ? '-' : (char)tolower((unsigned char)f->name[i]);
	buf[i] = '\0';
	return buf;
}

/* Compare ignoring case, with '-' and '_' equal. */
static int name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int ca = *a == '-' ? '_' : toupper((unsigned char)*a);
		int cb = *b == '-' ? '_' : toupper((unsigned char)*b);

		if (ca != cb)
			return 0;
	}
	return *a == *b;
}

uint32_t pv_feature_lookup(int reg, const char *name, int *other_reg)
{
	uint32_t bits = 0;
	size_t i;

	if (other_reg)
		*other_reg = 0;
	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];
		int hit = name_eq(name, f->name) || name_eq(name, f->canonical) ||
			  (f->qemu && name_eq(name, f->qemu));

		if (!hit)
			continue;
		if (f->reg == reg)
			bits |= 1u << f->bit;
		else if (other_reg)
			*other_reg = 1;
	}
	return bits;
}

/* Levenshtein distance on normalised names, capped at 32 characters. */
static int distance(const char *a, const char *b)
{
	int d[33][33], i, j;
	int la = (int)strlen(a), lb = (int)strlen(b);

	if (la > 32 || lb > 32)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			int ca = a[i - 1] == '-' ? '_' : toupper((unsigned char)a[i - 1]);
			int cb = b[j - 1] == '-' ? '_' : toupper((unsigned char)b[j - 1]);
			int best = d[i - 1][j - 1] + (ca != cb);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

const char *pv_feature_suggest(int reg, const char *name)
{
	const char *best = NULL;
	int best_d = 99;
	size_t i;

	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];
		const char *cands[3] = { f->name, f->canonical, f->qemu };
		int k;

		if (f->reg != reg)
			continue;
		for (k = 0; k < 3; k++) {
			int dd;

			if (!cands[k])
				continue;
			dd = distance(name, cands[k]);
			if (dd < best_d) {
				best_d = dd;
				best = f->name;
			}
		}
	}
	/* Only suggest what is plausibly a typo: at most a third wrong. */
	if (best && best_d <= 1 + (int)strlen(name) / 3)
		return best;
	return NULL;
}
