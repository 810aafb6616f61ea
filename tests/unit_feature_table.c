// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PV feature table (include/pv_features.h, vmm/pv/pv_feature.c) against
 * the kernel's uapi headers and Documentation/virt/kvm/x86/cpuid.rst: every bit, canonical
 * name, gated MSR and hypercall, and every name form the lookup accepts.
 * The table drives the parser, the model and the CLI, so a wrong row here
 * is a wrong answer everywhere.  Expectations come from <asm/kvm_para.h>
 * and <linux/kvm_para.h>, never from the table itself.
 */
#include "kselftest_harness.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <asm/kvm_para.h>
#include <linux/kvm_para.h>

#include "pv_feature.h"
#include "pv_features.h"

/* A uapi macro as { "its name", its value }: names and values from one source. */
#define UAPI(macro)	{ #macro, macro }

struct uapi_const {
	const char *name;
	uint32_t value;
};

/* Every KVM_FEATURE_* bit of CPUID 0x40000001 eax in <asm/kvm_para.h>. */
static const struct uapi_const uapi_features[] = {
	UAPI(KVM_FEATURE_CLOCKSOURCE),
	UAPI(KVM_FEATURE_NOP_IO_DELAY),
	UAPI(KVM_FEATURE_MMU_OP),
	UAPI(KVM_FEATURE_CLOCKSOURCE2),
	UAPI(KVM_FEATURE_ASYNC_PF),
	UAPI(KVM_FEATURE_STEAL_TIME),
	UAPI(KVM_FEATURE_PV_EOI),
	UAPI(KVM_FEATURE_PV_UNHALT),
	UAPI(KVM_FEATURE_PV_TLB_FLUSH),
	UAPI(KVM_FEATURE_ASYNC_PF_VMEXIT),
	UAPI(KVM_FEATURE_PV_SEND_IPI),
	UAPI(KVM_FEATURE_POLL_CONTROL),
	UAPI(KVM_FEATURE_PV_SCHED_YIELD),
	UAPI(KVM_FEATURE_ASYNC_PF_INT),
	UAPI(KVM_FEATURE_MSI_EXT_DEST_ID),
	UAPI(KVM_FEATURE_HC_MAP_GPA_RANGE),
	UAPI(KVM_FEATURE_MIGRATION_CONTROL),
	UAPI(KVM_FEATURE_CLOCKSOURCE_STABLE_BIT),
};

/* Every KVM_HINTS_* bit of CPUID 0x40000001 edx. */
static const struct uapi_const uapi_hints[] = {
	UAPI(KVM_HINTS_REALTIME),
};

/* Every PV MSR of <asm/kvm_para.h>. */
static const struct uapi_const uapi_msrs[] = {
	UAPI(MSR_KVM_WALL_CLOCK),
	UAPI(MSR_KVM_SYSTEM_TIME),
	UAPI(MSR_KVM_WALL_CLOCK_NEW),
	UAPI(MSR_KVM_SYSTEM_TIME_NEW),
	UAPI(MSR_KVM_ASYNC_PF_EN),
	UAPI(MSR_KVM_STEAL_TIME),
	UAPI(MSR_KVM_PV_EOI_EN),
	UAPI(MSR_KVM_POLL_CONTROL),
	UAPI(MSR_KVM_ASYNC_PF_INT),
	UAPI(MSR_KVM_ASYNC_PF_ACK),
	UAPI(MSR_KVM_MIGRATION_CONTROL),
};

struct gate {
	uint32_t what;		/* MSR index or hypercall number */
	const char *feature;	/* the canonical name that gates it */
};

/* arch/x86/kvm/x86.c kvm_set_msr_common(): which feature gates each PV MSR. */
static const struct gate msr_gates[] = {
	{ MSR_KVM_WALL_CLOCK, "KVM_FEATURE_CLOCKSOURCE" },
	{ MSR_KVM_SYSTEM_TIME, "KVM_FEATURE_CLOCKSOURCE" },
	{ MSR_KVM_WALL_CLOCK_NEW, "KVM_FEATURE_CLOCKSOURCE2" },
	{ MSR_KVM_SYSTEM_TIME_NEW, "KVM_FEATURE_CLOCKSOURCE2" },
	{ MSR_KVM_ASYNC_PF_EN, "KVM_FEATURE_ASYNC_PF" },
	{ MSR_KVM_STEAL_TIME, "KVM_FEATURE_STEAL_TIME" },
	{ MSR_KVM_PV_EOI_EN, "KVM_FEATURE_PV_EOI" },
	{ MSR_KVM_POLL_CONTROL, "KVM_FEATURE_POLL_CONTROL" },
	{ MSR_KVM_ASYNC_PF_INT, "KVM_FEATURE_ASYNC_PF_INT" },
	{ MSR_KVM_ASYNC_PF_ACK, "KVM_FEATURE_ASYNC_PF_INT" },
	{ MSR_KVM_MIGRATION_CONTROL, "KVM_FEATURE_MIGRATION_CONTROL" },
};

/* arch/x86/kvm/x86.c __kvm_emulate_hypercall(): the hypercalls gated on a feature bit. */
static const struct gate hcall_gates[] = {
	{ KVM_HC_KICK_CPU, "KVM_FEATURE_PV_UNHALT" },
	{ KVM_HC_SEND_IPI, "KVM_FEATURE_PV_SEND_IPI" },
	{ KVM_HC_SCHED_YIELD, "KVM_FEATURE_PV_SCHED_YIELD" },
	{ KVM_HC_MAP_GPA_RANGE, "KVM_FEATURE_HC_MAP_GPA_RANGE" },
};

static const struct uapi_const *uapi_find(int reg, const char *canonical)
{
	const struct uapi_const *list = reg == PV_REG_EDX ? uapi_hints : uapi_features;
	size_t n = reg == PV_REG_EDX ? ARRAY_SIZE(uapi_hints) : ARRAY_SIZE(uapi_features);
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i].name, canonical))
			return &list[i];
	return NULL;
}

static const struct pv_feature *row_by_canonical(const char *canonical)
{
	size_t i;

	for (i = 0; i < PV_NR_ROWS; i++)
		if (!strcmp(pv_features[i].canonical, canonical))
			return &pv_features[i];
	return NULL;
}

static uint32_t uapi_mask(const struct uapi_const *list, size_t n)
{
	uint32_t m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		m |= 1u << list[i].value;
	return m;
}

/* STEAL_TIME -> steal-time, written independently of pv_feature_dashed(). */
static void dashed(const char *name, char *buf, size_t len)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < len; i++)
		buf[i] = name[i] == '_' ? '-' : (char)tolower((unsigned char)name[i]);
	buf[i] = '\0';
}

static void lower(const char *name, char *buf, size_t len)
{
	size_t i;

	for (i = 0; name[i] && i + 1 < len; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	buf[i] = '\0';
}

TEST(row_counts_match_uapi)
{
	EXPECT_EQ(ARRAY_SIZE(uapi_features), (size_t)PV_NR_FEATURES);
	EXPECT_EQ(ARRAY_SIZE(uapi_hints), (size_t)PV_NR_HINTS);
	EXPECT_EQ((size_t)PV_NR_FEATURES + PV_NR_HINTS, (size_t)PV_NR_ROWS);
	EXPECT_EQ(ARRAY_SIZE(pv_features), (size_t)PV_NR_ROWS);
}

/* arch/x86/include/uapi/asm/kvm_para.h: eax bits 0-7, 9-17 and 24; edx bit 0. */
TEST(bit_sets_are_the_documented_ones)
{
	uint32_t eax = 0, edx = 0;
	size_t i;
	int b;

	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];

		ASSERT_TRUE(f->reg == PV_REG_EAX || f->reg == PV_REG_EDX);
		ASSERT_GE(f->bit, 0);
		ASSERT_LT(f->bit, 32);
		if (f->reg == PV_REG_EAX)
			eax |= 1u << f->bit;
		else
			edx |= 1u << f->bit;
	}
	for (b = 0; b < 32; b++) {
		int want = b <= 7 || (b >= 9 && b <= 17) || b == 24;

		EXPECT_EQ(want, !!(eax & (1u << b)))
			TH_LOG("eax bit %d", b);
		EXPECT_EQ(b == 0, !!(edx & (1u << b)))
			TH_LOG("edx bit %d", b);
	}
}

TEST(every_row_is_its_uapi_constant)
{
	size_t i;

	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];
		const struct uapi_const *u = uapi_find(f->reg, f->canonical);

		ASSERT_NE(NULL, u) TH_LOG("%s: no such uapi constant for %s",
					  f->canonical, pv_reg_name(f->reg));
		EXPECT_EQ(u->value, (uint32_t)f->bit) TH_LOG("%s", f->canonical);
	}
}

TEST(every_uapi_constant_has_a_row)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(uapi_features); i++) {
		const struct pv_feature *f = row_by_canonical(uapi_features[i].name);

		ASSERT_NE(NULL, f) TH_LOG("%s missing", uapi_features[i].name);
		EXPECT_EQ(PV_REG_EAX, f->reg);
		EXPECT_EQ(uapi_features[i].value, (uint32_t)f->bit);
	}
	for (i = 0; i < ARRAY_SIZE(uapi_hints); i++) {
		const struct pv_feature *f = row_by_canonical(uapi_hints[i].name);

		ASSERT_NE(NULL, f) TH_LOG("%s missing", uapi_hints[i].name);
		EXPECT_EQ(PV_REG_EDX, f->reg);
		EXPECT_EQ(uapi_hints[i].value, (uint32_t)f->bit);
	}
}

TEST(canonical_is_prefix_plus_name)
{
	char want[64];
	size_t i;

	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];

		ASSERT_NE(NULL, f->name);
		ASSERT_NE(NULL, f->canonical);
		snprintf(want, sizeof(want), "%s%s",
			 f->reg == PV_REG_EDX ? "KVM_HINTS_" : "KVM_FEATURE_", f->name);
		EXPECT_STREQ(want, f->canonical);
	}
}

TEST(no_duplicate_bits_or_names)
{
	size_t i, j;

	for (i = 0; i < PV_NR_ROWS; i++) {
		for (j = i + 1; j < PV_NR_ROWS; j++) {
			const struct pv_feature *a = &pv_features[i], *b = &pv_features[j];

			EXPECT_FALSE(a->reg == b->reg && a->bit == b->bit)
				TH_LOG("%s and %s share a bit", a->name, b->name);
			EXPECT_STRNE(a->name, b->name);
			EXPECT_STRNE(a->canonical, b->canonical);
		}
	}
}

/* "the seed's order for EAX, then the hints": eax rows first, bits ascending. */
TEST(rows_in_register_then_bit_order)
{
	size_t i;

	for (i = 1; i < PV_NR_ROWS; i++) {
		const struct pv_feature *a = &pv_features[i - 1], *b = &pv_features[i];

		EXPECT_TRUE(a->reg < b->reg || (a->reg == b->reg && a->bit < b->bit))
			TH_LOG("%s before %s", a->canonical, b->canonical);
	}
}

TEST(rows_have_text)
{
	size_t i;

	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];

		ASSERT_NE(NULL, f->linux_use);
		EXPECT_NE('\0', f->linux_use[0]) TH_LOG("%s", f->name);
		EXPECT_NE('\0', f->name[0]);
		if (f->qemu)
			EXPECT_EQ(0, strncmp(f->qemu, "kvm", 3)) TH_LOG("%s", f->qemu);
	}
}

TEST(defined_masks_from_uapi)
{
	EXPECT_EQ(uapi_mask(uapi_features, ARRAY_SIZE(uapi_features)), PV_DEFINED_EAX);
	EXPECT_EQ(uapi_mask(uapi_hints, ARRAY_SIZE(uapi_hints)), PV_DEFINED_EDX);
}

TEST(msr_lists_are_terminated_and_known)
{
	size_t i, k, m;

	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];

		EXPECT_EQ(0u, f->msrs[PV_MAX_MSRS]) TH_LOG("%s", f->name);
		EXPECT_EQ(0u, f->hcalls[PV_MAX_HCALLS]) TH_LOG("%s", f->name);
		for (k = 0; k < PV_MAX_MSRS && f->msrs[k]; k++) {
			int known = 0;

			for (m = 0; m < ARRAY_SIZE(uapi_msrs); m++)
				known |= uapi_msrs[m].value == f->msrs[k];
			EXPECT_TRUE(known) TH_LOG("%s gates MSR 0x%x, not an MSR_KVM_*",
						  f->name, f->msrs[k]);
		}
		/* Nothing after the terminator. */
		for (; k < PV_MAX_MSRS; k++)
			EXPECT_EQ(0u, f->msrs[k]) TH_LOG("%s", f->name);
	}
}

static int row_gates(const uint32_t *list, size_t max, uint32_t what)
{
	size_t k;

	for (k = 0; k < max && list[k]; k++)
		if (list[k] == what)
			return 1;
	return 0;
}

TEST(each_msr_gated_by_its_feature)
{
	size_t g, i;

	/* Every MSR_KVM_* of the uapi has an entry in the table above. */
	ASSERT_EQ(ARRAY_SIZE(uapi_msrs), ARRAY_SIZE(msr_gates));
	for (g = 0; g < ARRAY_SIZE(msr_gates); g++) {
		const struct pv_feature *owner = NULL;
		int owners = 0;

		for (i = 0; i < PV_NR_ROWS; i++) {
			if (row_gates(pv_features[i].msrs, PV_MAX_MSRS, msr_gates[g].what)) {
				owner = &pv_features[i];
				owners++;
			}
		}
		EXPECT_EQ(1, owners) TH_LOG("MSR 0x%x gated by %d rows", msr_gates[g].what, owners);
		if (owner)
			EXPECT_STREQ(msr_gates[g].feature, owner->canonical);
	}
}

TEST(each_hypercall_gated_by_its_feature)
{
	size_t g, i, k;

	for (g = 0; g < ARRAY_SIZE(hcall_gates); g++) {
		const struct pv_feature *owner = NULL;
		int owners = 0;

		for (i = 0; i < PV_NR_ROWS; i++) {
			if (row_gates(pv_features[i].hcalls, PV_MAX_HCALLS, hcall_gates[g].what)) {
				owner = &pv_features[i];
				owners++;
			}
		}
		EXPECT_EQ(1, owners) TH_LOG("hypercall %u gated by %d rows",
					    hcall_gates[g].what, owners);
		if (owner)
			EXPECT_STREQ(hcall_gates[g].feature, owner->canonical);
	}
	/* And no row gates a hypercall the table above does not list. */
	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];

		for (k = 0; k < PV_MAX_HCALLS && f->hcalls[k]; k++) {
			int known = 0;

			for (g = 0; g < ARRAY_SIZE(hcall_gates); g++)
				known |= hcall_gates[g].what == f->hcalls[k];
			EXPECT_TRUE(known) TH_LOG("%s gates hypercall %u", f->name, f->hcalls[k]);
		}
	}
}

TEST(by_bit)
{
	uint32_t eax = uapi_mask(uapi_features, ARRAY_SIZE(uapi_features));
	uint32_t edx = uapi_mask(uapi_hints, ARRAY_SIZE(uapi_hints));
	size_t i;
	int b;

	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];

		EXPECT_EQ(f, pv_feature_by_bit(f->reg, f->bit));
	}
	for (b = 0; b < 32; b++) {
		int eax_defined = !!(eax & (1u << b));
		int edx_defined = !!(edx & (1u << b));

		EXPECT_EQ(eax_defined, pv_feature_by_bit(PV_REG_EAX, b) != NULL)
			TH_LOG("eax bit %d", b);
		EXPECT_EQ(edx_defined, pv_feature_by_bit(PV_REG_EDX, b) != NULL)
			TH_LOG("edx bit %d", b);
	}
	EXPECT_NULL(pv_feature_by_bit(PV_REG_EAX, -1));
	EXPECT_NULL(pv_feature_by_bit(PV_REG_EAX, 32));
}

TEST(dashed_names)
{
	char want[32], got[32], small[4];
	size_t i;

	for (i = 0; i < PV_NR_ROWS; i++) {
		dashed(pv_features[i].name, want, sizeof(want));
		EXPECT_STREQ(want, pv_feature_dashed(&pv_features[i], got, sizeof(got)));
	}
	/* A short buffer is truncated and still terminated. */
	memset(small, 'X', sizeof(small));
	pv_feature_dashed(row_by_canonical("KVM_FEATURE_STEAL_TIME"), small, sizeof(small));
	EXPECT_STREQ("ste", small);
}

/* Look @name up in @reg: exactly @want, and not "in the other register". */
static void check_lookup(struct __test_metadata *_metadata, int reg, const char *name,
			 uint32_t want)
{
	int other = -1;

	EXPECT_EQ(want, pv_feature_lookup(reg, name, &other)) TH_LOG("'%s'", name);
	EXPECT_EQ(0, other) TH_LOG("'%s'", name);
}

TEST(lookup_every_name_form)
{
	char buf[64];
	size_t i;

	for (i = 0; i < PV_NR_ROWS; i++) {
		const struct pv_feature *f = &pv_features[i];
		const struct uapi_const *u = uapi_find(f->reg, f->canonical);
		uint32_t bit;

		ASSERT_NE(NULL, u) TH_LOG("%s", f->canonical);
		bit = 1u << u->value;
		check_lookup(_metadata, f->reg, f->canonical, bit);
		check_lookup(_metadata, f->reg, f->name, bit);
		dashed(f->name, buf, sizeof(buf));
		check_lookup(_metadata, f->reg, buf, bit);
		lower(f->name, buf, sizeof(buf));
		check_lookup(_metadata, f->reg, buf, bit);
		lower(f->canonical, buf, sizeof(buf));
		check_lookup(_metadata, f->reg, buf, bit);
		dashed(f->canonical, buf, sizeof(buf));
		check_lookup(_metadata, f->reg, buf, bit);
		/* "kvmclock" names two bits; checked on its own below. */
		if (f->qemu && strcmp(f->qemu, "kvmclock"))
			check_lookup(_metadata, f->reg, f->qemu, bit);
	}
}

TEST(lookup_mixed_forms)
{
	check_lookup(_metadata, PV_REG_EAX, "Steal-Time", 1u << KVM_FEATURE_STEAL_TIME);
	check_lookup(_metadata, PV_REG_EAX, "kvm_steal_time", 1u << KVM_FEATURE_STEAL_TIME);
	check_lookup(_metadata, PV_REG_EAX, "KVM-PV-UNHALT", 1u << KVM_FEATURE_PV_UNHALT);
	check_lookup(_metadata, PV_REG_EAX, "kvm-feature-pv-eoi", 1u << KVM_FEATURE_PV_EOI);
	check_lookup(_metadata, PV_REG_EDX, "Realtime", 1u << KVM_HINTS_REALTIME);
	check_lookup(_metadata, PV_REG_EDX, "KVM_HINT_DEDICATED", 1u << KVM_HINTS_REALTIME);
}

TEST(lookup_kvmclock_names_both_clocks)
{
	check_lookup(_metadata, PV_REG_EAX, "kvmclock",
		     (1u << KVM_FEATURE_CLOCKSOURCE) | (1u << KVM_FEATURE_CLOCKSOURCE2));
	check_lookup(_metadata, PV_REG_EAX, "KVMCLOCK",
		     (1u << KVM_FEATURE_CLOCKSOURCE) | (1u << KVM_FEATURE_CLOCKSOURCE2));
	/* The bare names stay one bit each. */
	check_lookup(_metadata, PV_REG_EAX, "CLOCKSOURCE", 1u << KVM_FEATURE_CLOCKSOURCE);
	check_lookup(_metadata, PV_REG_EAX, "clocksource2", 1u << KVM_FEATURE_CLOCKSOURCE2);
}

TEST(lookup_other_register)
{
	static const char *const hints[] = {
		"REALTIME", "realtime", "KVM_HINTS_REALTIME", "kvm-hint-dedicated",
	};
	static const char *const features[] = {
		"STEAL_TIME", "steal-time", "KVM_FEATURE_STEAL_TIME", "kvm-steal-time",
		"kvmclock",
	};
	size_t i;
	int other;

	for (i = 0; i < ARRAY_SIZE(hints); i++) {
		other = 0;
		EXPECT_EQ(0u, pv_feature_lookup(PV_REG_EAX, hints[i], &other))
			TH_LOG("%s", hints[i]);
		EXPECT_EQ(1, other) TH_LOG("%s", hints[i]);
	}
	for (i = 0; i < ARRAY_SIZE(features); i++) {
		other = 0;
		EXPECT_EQ(0u, pv_feature_lookup(PV_REG_EDX, features[i], &other))
			TH_LOG("%s", features[i]);
		EXPECT_EQ(1, other) TH_LOG("%s", features[i]);
	}
	/* other_reg is optional. */
	EXPECT_EQ(0u, pv_feature_lookup(PV_REG_EAX, "REALTIME", NULL));
}

TEST(lookup_rejects_near_misses)
{
	static const char *const bad[] = {
		"", "STEAL", "STEAL_TIMEX", "STEALTIME", "KVM_FEATURE_", "KVM_HINTS_",
		"steal time", "_STEAL_TIME", "STEAL_TIME_", "kvm", "0x20", "5", "bogus",
		"KVM_HINTS_STEAL_TIME", "KVM_FEATURE_REALTIME",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		check_lookup(_metadata, PV_REG_EAX, bad[i], 0);
		check_lookup(_metadata, PV_REG_EDX, bad[i], 0);
	}
}

TEST(suggest)
{
	const char *s;

	s = pv_feature_suggest(PV_REG_EAX, "stealtime");
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("STEAL_TIME", s);
	s = pv_feature_suggest(PV_REG_EAX, "kvm-pv-unhlat");
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("PV_UNHALT", s);
	s = pv_feature_suggest(PV_REG_EDX, "realtim");
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("REALTIME", s);
	EXPECT_NULL(pv_feature_suggest(PV_REG_EAX, "xyzzyxyzzy"));
	/* A hint is not suggested for --mask, nor a feature for --hints. */
	s = pv_feature_suggest(PV_REG_EAX, "realtim");
	if (s)
		EXPECT_STRNE("REALTIME", s);
	s = pv_feature_suggest(PV_REG_EDX, "stealtime");
	if (s)
		EXPECT_STRNE("STEAL_TIME", s);
}

TEST(reg_names)
{
	EXPECT_STREQ("eax", pv_reg_name(PV_REG_EAX));
	EXPECT_STREQ("edx", pv_reg_name(PV_REG_EDX));
}

TEST_HARNESS_MAIN
